"""What the funding app plugs into core: the public programme list in the navigation, a
cockpit tile for the deadlines of the next 30 days, a project's applications on its page (for
those who may see them), the demo loader and the daily reminder job."""

from __future__ import annotations

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core import registry

TILE_DAYS = 30


def deadlines_ahead(user: Any) -> int:
    from quartier.funding.models import Application
    from quartier.funding.services import deadlines_between

    today = timezone.localdate()
    return (
        Application.objects.visible_to(user)
        .filter(deadlines_between(today, today + datetime.timedelta(days=TILE_DAYS)))
        .count()
    )


def project_applications(request: Any, project: Any) -> str:
    from quartier.funding.models import Application

    if not request.user.has_perm("funding.view_application", project):
        return ""
    applications = list(
        Application.objects.filter(projects=project).select_related("programme").order_by("-created_at", "-pk")[:20]
    )
    if not applications:
        return ""
    return render_to_string("funding/_project_applications.html", {"applications": applications})


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.funding.demo import load_funding

    load_funding(districts)


def remind() -> str:
    from quartier.funding.services import send_deadline_reminders

    return f"{send_deadline_reminders()} reminders"


def register() -> None:
    from quartier.funding import reporting

    registry.report_sections.register(
        registry.ReportSection(name="funding", label=_("Fördermittel"), figures=reporting.figures, order=70)
    )
    registry.navigation.register(
        registry.NavEntry(name="funding", label=_("Förderprogramme"), url_name="funding:programmes", order=85)
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="funding",
            label=_("Förderfristen"),
            url_name="funding:calendar",
            order=75,
            count=deadlines_ahead,
            description=_(
                "Einreichung, Mittelabruf, Verwendungsnachweis und Auflagen: Anträge mit einer Frist in den nächsten 30 Tagen"
            ),
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="funding_overview",
            label=_("Fördermittel im Jahr"),
            url_name="funding:overview",
            order=76,
            description=_("Beantragt, bewilligt, ausgezahlt und Erfolgsquote je Ortsteil und Handlungsfeld"),
        )
    )
    registry.project_sections.register(
        registry.PageSection(name="funding", render=project_applications, order=75, column="side")
    )
    registry.demo_loaders.register(registry.DemoLoader(name="funding", load=load_demo, order=90))
    registry.jobs.register(
        registry.Job(
            name="funding_reminders",
            run=remind,
            schedule="0 7 * * *",
            description=_("Erinnert an Einreichungsfristen, Mittelabrufe, Verwendungsnachweise und Auflagen"),
        )
    )
