"""What the projects app plugs into core: its navigation entry, cockpit tile, its section on
the district page and its demo loaders (registered in ``ProjectsConfig.ready``). The project
page renders the sections other apps register in ``registry.project_sections``.

Into participation (below it), projects plugs what links an idea to its project: the
project's link beside the idea (``participation.extensions.idea_links``), the "turn into a
project" section on the idea's cockpit page (``idea_staff_sections``), and on the project's
page the ideas it came from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.participation import extensions
from quartier.participation.models import Idea
from quartier.projects.models import Project, ProjectIdea


def district_projects(request: Any, district: Any, limit: int = 6) -> str:
    projects = list(
        Project.objects.in_district(district)
        .exclude(status=Project.Status.DONE)
        .order_by("-start", "title")
        .only("title", "slug", "status")[:limit]
    )
    return render_to_string("projects/_district_projects.html", {"district": district, "projects": projects})


def project_ideas(request: Any, project: Any) -> str:
    ideas = list(Idea.objects.visible().filter(project_link__project=project).only("title", "support_count"))
    return render_to_string("projects/_project_ideas.html", {"project": project, "ideas": ideas})


def idea_project_links(ideas: Sequence[Idea]) -> dict[int, list[extensions.IdeaLink]]:
    """The project each idea became, for a list of ideas in one query."""
    links = ProjectIdea.objects.filter(idea__in=[idea.pk for idea in ideas]).select_related("project")
    return {
        link.idea_id: [
            extensions.IdeaLink(label=_("Projekt"), text=link.project.title, url=link.project.get_absolute_url())
        ]
        for link in links.only("idea_id", "project__title", "project__slug")
    }


def idea_project_section(request: Any, idea: Idea) -> str:
    """On the idea's cockpit page: its project, or the button that turns it into one."""
    link = ProjectIdea.objects.filter(idea=idea).select_related("project").first()
    return render_to_string(
        "projects/_idea_project.html", {"idea": idea, "project": link.project if link else None}, request=request
    )


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.projects.demo import load_projects

    load_projects(districts)


def load_demo_idea_projects(districts: dict[str, Any]) -> None:
    from quartier.projects.demo import load_idea_projects

    load_idea_projects(districts)


def register() -> None:
    from quartier.projects import reporting

    registry.report_sections.register(
        registry.ReportSection(name="projects", label=_("Projekte"), figures=reporting.figures, order=10)
    )
    register_search()
    registry.navigation.register(
        registry.NavEntry(name="projects", label=_("Projekte"), url_name="projects:list", order=50)
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(name="projects", label=_("Projekte verwalten"), url_name="projects:cockpit", order=50)
    )
    registry.district_sections.register(
        registry.PageSection(name="projects", render=district_projects, order=50, column="side")
    )
    registry.project_sections.register(registry.PageSection(name="ideas", render=project_ideas, order=30))
    registry.demo_loaders.register(registry.DemoLoader(name="projects", load=load_demo, order=50))
    # After participation's loader (55), which proposes the ideas.
    registry.demo_loaders.register(registry.DemoLoader(name="idea_projects", load=load_demo_idea_projects, order=56))
    extensions.idea_links.register(extensions.IdeaLinkSource(name="project", links=idea_project_links, order=10))
    extensions.idea_staff_sections.register(registry.PageSection(name="project", render=idea_project_section, order=10))


def search_document(obj: Project) -> registry.SearchDocument | None:
    """What the site search keeps of a project (``None``: nobody may find it)."""
    return registry.SearchDocument(
        title=obj.title, body=f"{obj.summary}\n{obj.description}", url=obj.get_absolute_url()
    )


def register_search() -> None:
    registry.search_providers.register(
        registry.SearchProvider(name="projects", label=_("Projekte"), model=Project, document=search_document, order=30)
    )
