from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from quartier.network.sections import render_organisation_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_sections(context: template.Context, organisation: Any) -> list[SafeString]:
    """``{% organisation_sections organisation as sections %}``: what apps show of the organisation."""
    return render_organisation_sections(context.get("request"), organisation)
