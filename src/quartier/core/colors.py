"""Colour contrast after WCAG 2.1, so a town's theme colour never makes text unreadable."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def relative_luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_readable_on_white(value: str) -> None:
    """A theme colour carries white text (navigation, buttons): it needs 4.5:1 against white."""
    if not HEX_COLOR.match(value or ""):
        raise ValidationError(_("Bitte geben Sie eine Farbe im Format #1a5f8e an."))
    if contrast_ratio(value, "#ffffff") < 4.5:
        raise ValidationError(
            _(
                "Diese Farbe ist zu hell: weiße Schrift darauf wäre schwer lesbar. Bitte wählen Sie eine dunklere Farbe (too light for white text)."
            )
        )
