"""Every Django form renders with KERN's field markup and an error summary on top."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, QueryDict


class KernFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def posted(request: HttpRequest) -> QueryDict | None:
    """Form data for a POST (even an empty one, so it is validated), None otherwise."""
    return request.POST if request.method == "POST" else None
