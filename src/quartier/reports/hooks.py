"""What the reports app plugs into core: the published reports on each district's page and a
cockpit tile for staff."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from quartier.core import registry


def district_reports(request: Any, district: Any) -> str:
    """Links to the district's published yearly reports (one query; the same for every visitor)."""
    from quartier.reports.models import YearReport

    years = list(YearReport.objects.filter(status=YearReport.Status.PUBLISHED).values_list("year", flat=True)[:5])
    return render_to_string("reports/_district_section.html", {"years": years, "district": district})


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.reports.demo import load_reports

    load_reports(districts)


def register() -> None:
    registry.demo_loaders.register(registry.DemoLoader(name="reports", load=load_demo, order=100))
    registry.district_sections.register(
        registry.PageSection(name="reports", render=district_reports, order=90, column="side")
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="reports",
            label=_("Jahresberichte"),
            url_name="reports:index",
            order=90,
            description=_("Projekte und Aktivitäten: Zahlen, Texte und Veröffentlichung"),
        )
    )
