"""The district page's project section, rendered by this app so places need not know it."""

from __future__ import annotations

from typing import Any

from django import template

from quartier.places.models import District
from quartier.projects.models import Project

register = template.Library()


@register.inclusion_tag("projects/_district_projects.html")
def district_projects(district: District, limit: int = 6) -> dict[str, Any]:
    projects = list(
        Project.objects.in_district(district)
        .exclude(status=Project.Status.DONE)
        .order_by("-start", "title")
        .only("title", "slug", "status")[:limit]
    )
    return {"district": district, "projects": projects}
