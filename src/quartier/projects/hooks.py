"""What the projects app plugs into core: its navigation entry, cockpit tile, its section on
the district page and its demo loader (registered in ``ProjectsConfig.ready``). The project
page renders the sections other apps register in ``registry.project_sections``."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.projects.models import Project


def district_projects(request: Any, district: Any, limit: int = 6) -> str:
    projects = list(
        Project.objects.in_district(district)
        .exclude(status=Project.Status.DONE)
        .order_by("-start", "title")
        .only("title", "slug", "status")[:limit]
    )
    return render_to_string("projects/_district_projects.html", {"district": district, "projects": projects})


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.projects.demo import load_projects

    load_projects(districts)


def register() -> None:
    registry.navigation.register(
        registry.NavEntry(name="projects", label=_("Projekte"), url_name="projects:list", order=50)
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(name="projects", label=_("Projekte verwalten"), url_name="projects:cockpit", order=50)
    )
    registry.district_sections.register(
        registry.PageSection(name="projects", render=district_projects, order=50, column="side")
    )
    registry.demo_loaders.register(registry.DemoLoader(name="projects", load=load_demo, order=50))
