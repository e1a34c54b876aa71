"""Every Django form renders with KERN's field markup and an error summary on top."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.http import HttpRequest, QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

SELECT_TEMPLATE = "django/forms/widgets/select.html"


def render_select(widget: dict[str, Any]) -> SafeString:
    """Django's select widget, written in Python: a template per option made a select of
    sixty districts cost more than the rest of its page."""
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        rendered = format_html_join(
            "", '<option value="{}"{}>{}</option>', ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options)
        )
        parts.append(
            format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered) if group_name else rendered
        )
    return format_html(
        '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), SafeString("".join(parts))
    )


class KernFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        if template_name == SELECT_TEMPLATE:
            return render_select(context["widget"])
        return super().render(template_name, context, request)


def posted(request: HttpRequest) -> QueryDict | None:
    """Form data for a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None
