from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo town of Freudenberg; loaded by `quartier demo`, never with DEBUG off."""

    name = "quartier.demo"
    label = "demo"
