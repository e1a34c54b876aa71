"""What the events app plugs into core: its navigation entry, cockpit tile, its sections on
the district and project pages, and its demo loader (registered in ``EventsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.events.models import Event, EventDate


def district_events(request: Any, district: Any, limit: int = 6) -> str:
    dates = list(EventDate.objects.public().upcoming().filter(event__district=district).for_listing()[:limit])
    return render_to_string("events/_district_events.html", {"district": district, "dates": dates})


def project_events(request: Any, project: Any, limit: int = 10) -> str:
    dates = list(EventDate.objects.public().upcoming().filter(event__project=project).for_listing()[:limit])
    return render_to_string("events/_project_events.html", {"project": project, "dates": dates})


def unpublished_events(user: Any) -> int:
    """Events in the staff member's districts not yet published (residents' proposals among them)."""
    return Event.objects.editable_by(user).filter(is_published=False).count()


def registrations_to_confirm(user: Any) -> int:
    """Registrations waiting for the team's confirmation at the events the person may edit (one query)."""
    from quartier.events.models import Event, Registration, RegistrationStatus

    return Registration.objects.filter(
        status=RegistrationStatus.PENDING, event_date__event__in=Event.objects.editable_by(user).values("pk")
    ).count()


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.events.demo import load_events

    load_events(districts)


def register() -> None:
    from quartier.events import reporting

    registry.report_sections.register(
        registry.ReportSection(name="events", label=_("Veranstaltungen"), figures=reporting.figures, order=20)
    )
    register_search()
    registry.navigation.register(
        registry.NavEntry(name="events", label=_("Termine"), url_name="events:calendar", order=20)
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="events",
            label=_("Termine verwalten"),
            url_name="events:cockpit",
            order=20,
            count=unpublished_events,
            description=_("Noch nicht veröffentlicht"),
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="events_registrations",
            label=_("Anmeldungen"),
            url_name="events:cockpit",
            query="pending=1",
            order=21,
            count=registrations_to_confirm,
            description=_("Vom Team zu bestätigen"),
        )
    )
    registry.district_sections.register(
        registry.PageSection(name="events", render=district_events, order=20, column="side")
    )
    registry.project_sections.register(registry.PageSection(name="events", render=project_events, order=20))
    registry.demo_loaders.register(registry.DemoLoader(name="events", load=load_demo, order=60))


def search_document(obj: Event) -> registry.SearchDocument | None:
    """What the site search keeps of an event (``None``: nobody may find it)."""
    if not obj.is_published:
        return None
    return registry.SearchDocument(
        title=obj.title, body=f"{obj.summary}\n{obj.venue}\n{obj.description}", url=obj.get_absolute_url()
    )


def register_search() -> None:
    registry.search_providers.register(
        registry.SearchProvider(
            name="events", label=_("Veranstaltungen"), model=Event, document=search_document, order=20
        )
    )
