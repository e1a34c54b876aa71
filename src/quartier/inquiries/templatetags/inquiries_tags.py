"""Sections other apps' pages show without importing this app: {% load inquiries_tags %}."""

from __future__ import annotations

from typing import Any

from django import template

from quartier.inquiries.figures import district_figures
from quartier.inquiries.models import Inquiry

register = template.Library()


@register.inclusion_tag("inquiries/_cockpit_section.html")
def inquiry_cockpit_section(districts: Any) -> dict[str, Any]:
    """The cockpit's table: open and overdue inquiries and median response times per district."""
    return {"figures": district_figures(list(districts))}


@register.inclusion_tag("inquiries/_district_section.html")
def inquiry_district_section(district: Any) -> dict[str, Any]:
    """On a district's page: how to reach its contact point, and its public reports (one query)."""
    recent = list(
        Inquiry.objects.public().filter(district=district).select_related("category").order_by("-created_at")[:3]
    )
    return {"district": district, "recent": recent}
