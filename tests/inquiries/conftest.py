"""Inquiry tests: photos in a temporary directory, tasks run at once, one category ready."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def immediate_tasks(settings):
    """Run django-tasks at once (after commit), so that mail.outbox shows what the worker would send."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def category(db):
    return factories.make_category("Spielplätze", code="spielplatz")


@pytest.fixture
def inquiry_a(district_a, category):
    return factories.make_inquiry(district_a, category)
