"""What the surveys app plugs into core: its cockpit tile and its demo loader (registered in
``SurveysConfig.ready``). Surveys are reached through "Mitmachen", participation's entry."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from quartier.core import registry


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.surveys.demo import load_survey

    load_survey(districts)


def register() -> None:
    from quartier.surveys import reporting

    registry.report_sections.register(
        registry.ReportSection(name="surveys", label=_("Umfragen"), figures=reporting.figures, order=35)
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(name="surveys", label=_("Umfragen verwalten"), url_name="surveys:cockpit", order=35)
    )
    registry.demo_loaders.register(registry.DemoLoader(name="surveys", load=load_demo, order=57))
