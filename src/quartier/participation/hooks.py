"""What the participation app plugs into core: its navigation entry, cockpit tiles, its
section on the district page and its demo loader (registered in
``ParticipationConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.core.permissions import is_administrator, is_coordinator, staff_district_ids
from quartier.participation.models import Idea, Report


def district_ideas(request: Any, district: Any, limit: int = 6) -> str:
    ideas = list(
        Idea.objects.visible()
        .filter(district=district)
        .exclude(status=Idea.Status.DECLINED)
        .order_by("-support_count", "-pk")
        .only("title", "status", "support_count", "comment_count")[:limit]
    )
    return render_to_string("participation/_district_ideas.html", {"district": district, "ideas": ideas})


def _sees_all(user: Any) -> bool:
    return bool(is_coordinator(user) or is_administrator(user))


def new_ideas(user: Any) -> int:
    """Ideas in the staff member's districts that nobody has looked at yet."""
    ideas = Idea.objects.filter(status=Idea.Status.PROPOSED)
    if not _sees_all(user):
        ideas = ideas.filter(district__in=staff_district_ids(user))
    return ideas.count()


def open_reports(user: Any) -> int:
    """Reports of ideas and comments in the staff member's districts that await a decision."""
    reports = Report.objects.filter(resolved_at=None)
    if not _sees_all(user):
        mine = staff_district_ids(user)
        reports = reports.filter(Q(idea__district__in=mine) | Q(comment__idea__district__in=mine))
    return reports.count()


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.participation.demo import load_participation

    load_participation(districts)


def register() -> None:
    from quartier.participation import reporting

    registry.report_sections.register(
        registry.ReportSection(
            name="participation", label=_("Ideen und Beteiligung"), figures=reporting.figures, order=30
        )
    )
    register_search()
    registry.navigation.register(
        registry.NavEntry(
            name="participation",
            label=_("Mitmachen"),
            url_name="participation:ideas",
            order=30,
            active_prefix="/mitmachen",
        )
    )
    for tile in [
        registry.CockpitTile(
            name="ideas",
            label=_("Ideen bearbeiten"),
            url_name="participation:cockpit",
            order=30,
            count=new_ideas,
            description=_("Neu eingereicht"),
        ),
        registry.CockpitTile(
            name="moderation",
            label=_("Moderation"),
            url_name="participation:moderation",
            order=31,
            count=open_reports,
            description=_("Offene Meldungen"),
        ),
    ]:
        registry.cockpit_tiles.register(tile)
    registry.district_sections.register(registry.PageSection(name="ideas", render=district_ideas, order=45))
    # After the projects' loader: an accepted demo idea becomes one of its projects.
    registry.demo_loaders.register(registry.DemoLoader(name="participation", load=load_demo, order=55))


def search_document(obj: Idea) -> registry.SearchDocument | None:
    """What the site search keeps of an idea (``None``: nobody may find it)."""
    if obj.hidden_at is not None:
        return None
    return registry.SearchDocument(title=obj.title, body=obj.text, url=obj.get_absolute_url())


def register_search() -> None:
    registry.search_providers.register(
        registry.SearchProvider(name="ideas", label=_("Ideen"), model=Idea, document=search_document, order=40)
    )
