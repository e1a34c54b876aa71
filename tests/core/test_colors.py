from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from quartier.core.colors import contrast_ratio, validate_readable_on_white


def test_black_on_white_has_maximum_contrast():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_dark_colour_is_accepted():
    validate_readable_on_white("#1a4f8b")


@pytest.mark.parametrize("value", ["#ffff00", "#cccccc", "#8fbc8f"])
def test_light_colour_is_refused(value):
    with pytest.raises(ValidationError, match="zu hell"):
        validate_readable_on_white(value)


@pytest.mark.parametrize("value", ["red", "#12345", "123456", "#gggggg", ""])
def test_malformed_colour_is_refused(value):
    with pytest.raises(ValidationError, match="Format"):
        validate_readable_on_white(value)
