"""Sections other apps' pages show (district page, project page), rendered by this app."""

from __future__ import annotations

from typing import Any

from django import template

from quartier.participation.models import Idea
from quartier.places.models import District
from quartier.projects.models import Project

register = template.Library()


@register.inclusion_tag("participation/_district_ideas.html")
def district_ideas(district: District, limit: int = 6) -> dict[str, Any]:
    ideas = list(
        Idea.objects.visible()
        .filter(district=district)
        .exclude(status=Idea.Status.DECLINED)
        .order_by("-support_count", "-pk")
        .only("title", "status", "support_count", "comment_count")[:limit]
    )
    return {"district": district, "ideas": ideas}


@register.inclusion_tag("participation/_project_ideas.html")
def project_ideas(project: Project) -> dict[str, Any]:
    ideas = list(Idea.objects.visible().filter(project=project).only("title", "support_count", "project_id"))
    return {"project": project, "ideas": ideas}
