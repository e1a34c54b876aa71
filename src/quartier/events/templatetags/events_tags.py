"""Sections other apps' pages show (district page, project page), rendered by this app."""

from __future__ import annotations

from typing import Any

from django import template

from quartier.events.models import EventDate
from quartier.places.models import District
from quartier.projects.models import Project

register = template.Library()


@register.inclusion_tag("events/_district_events.html")
def district_events(district: District, limit: int = 6) -> dict[str, Any]:
    dates = list(EventDate.objects.public().upcoming().filter(event__district=district).for_listing()[:limit])
    return {"district": district, "dates": dates}


@register.inclusion_tag("events/_project_events.html")
def project_events(project: Project, limit: int = 10) -> dict[str, Any]:
    dates = list(EventDate.objects.public().upcoming().filter(event__project=project).for_listing()[:limit])
    return {"project": project, "dates": dates}
