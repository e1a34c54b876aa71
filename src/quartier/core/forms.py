"""Every Django form renders with KERN's field markup and an error summary on top."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class KernFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
