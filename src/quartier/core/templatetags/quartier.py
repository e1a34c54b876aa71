"""Template helpers every app uses; loaded as a builtin, so no {% load %} is needed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.forms.boundfield import BoundWidget
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from quartier.core import registry
from quartier.core.links import absolute_url
from quartier.core.markdown import render_markdown

register = template.Library()

_PAGE_SECTIONS = {
    "district": registry.district_sections,
    "project": registry.project_sections,
    "event": registry.event_sections,
    "cockpit": registry.cockpit_sections,
    "home": registry.home_sections,
    "profile": registry.profile_sections,
}


@register.simple_tag(takes_context=True)
def page_sections(context: template.Context, page: str, obj: Any, column: str | None = None) -> list[SafeString]:
    """The sections apps registered for a page, rendered for ``obj`` and in their order:
    ``{% page_sections "district" district column="side" as sections %}``. A section that
    renders nothing is left out; plain text from a section is escaped."""
    request = context.get("request")
    rendered = []
    for section in _PAGE_SECTIONS[page]:
        if column is not None and section.column != column:
            continue
        html = section.render(request, obj)
        if html:
            rendered.append(conditional_escape(html))
    return rendered


@register.simple_tag(takes_context=True)
def occasion_sections(context: template.Context, occasion: Any) -> list[SafeString]:
    """What the occasion hooks show staff about an occasion (a room booked for an event):
    ``{% occasion_sections event as sections %}``, on staff pages only."""
    request = context.get("request")
    rendered = []
    for hook in registry.occasion_hooks:
        html = hook.render(request, occasion) if hook.render is not None else None
        if html:
            rendered.append(conditional_escape(html))
    return rendered


@register.filter
def machine_datetime(value: datetime | None) -> str:
    """A moment for a <time datetime> attribute, in the site's time zone to the second:
    HTML allows at most three digits of a second, Django's "c" format writes six."""
    if value is None:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


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
def kern_widget(field):
    """Render a bound field's widget with KERN's classes (and its error state)."""
    css = _WIDGET_CLASSES.get(field.widget_type, "kern-form-input__input")
    if field.errors:
        css += f" {css}--error"
    return field.as_widget(attrs={"class": css})


@register.filter
def kern_choices(field):
    """The radios or checkboxes of a choice group, each with KERN's class (and its error state):
    Django's own subwidgets carry only the widget's attributes, so they looked like the browser's."""
    css = _WIDGET_CLASSES[field.widget_type]
    if field.errors:
        css += f" {css}--error"
    id_ = field.field.widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_, "class": css} if id_ else {"class": css})
    return [
        BoundWidget(field.field.widget, widget, field.form.renderer)
        for widget in field.field.widget.subwidgets(field.html_name, field.value(), attrs=attrs)
    ]


@register.filter
def is_choice_group(field) -> bool:
    return field.widget_type in {"radioselect", "checkboxselectmultiple"}


@register.filter
def map_data(places, tiles: str) -> dict:
    """The JSON a map needs: the tile URL and a marker per place (each with `map_marker()`)."""
    outline = getattr(places, "outline", None)
    if hasattr(places, "map_marker"):
        places = [places]
    return {"tiles": tiles, "markers": [place.map_marker() for place in places], "outline": outline}


@register.filter(name="absolute_url")
def absolute_url_filter(target) -> str:
    """``{{ idea|absolute_url }}``: the object's (or path's) address on ``SITE_URL``, for e-mails."""
    return absolute_url(target)
