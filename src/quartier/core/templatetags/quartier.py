"""Template helpers every app uses; loaded as a builtin, so no {% load %} is needed."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from quartier.core.links import absolute_url
from quartier.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    return render_markdown(text)


_WIDGET_CLASSES = {
    "checkbox": "kern-form-check__checkbox",
    "radioselect": "kern-form-check__radio",
    "checkboxselectmultiple": "kern-form-check__checkbox",
    "select": "kern-form-input__select",
    "selectmultiple": "kern-form-input__select",
}


@register.filter
def kern_widget(field):  # type: ignore[no-untyped-def]
    """Render a bound field's widget with KERN's classes (and its error state)."""
    css = _WIDGET_CLASSES.get(field.widget_type, "kern-form-input__input")
    if field.errors:
        css += f" {css}--error"
    return field.as_widget(attrs={"class": css})


@register.filter
def is_choice_group(field) -> bool:  # type: ignore[no-untyped-def]
    return field.widget_type in {"radioselect", "checkboxselectmultiple"}


@register.filter
def map_data(places, tiles: str) -> dict:  # type: ignore[no-untyped-def]
    """The JSON a map needs: the tile URL and a marker per place (each with `map_marker()`)."""
    outline = getattr(places, "outline", None)
    if hasattr(places, "map_marker"):
        places = [places]
    return {"tiles": tiles, "markers": [place.map_marker() for place in places], "outline": outline}


@register.filter(name="absolute_url")
def absolute_url_filter(target) -> str:  # type: ignore[no-untyped-def]
    """``{{ idea|absolute_url }}``: the object's (or path's) address on ``SITE_URL``, for e-mails."""
    return absolute_url(target)
