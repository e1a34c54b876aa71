"""What the resources app plugs into core: its navigation entry, cockpit tiles, its section
on the district page and on an organisation's page (network's ``organisation_sections``), its
demo loader and the reminder job (registered in ``ResourcesConfig.ready``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.network.sections import organisation_sections
from quartier.resources.models import Booking, BookingStatus, Resource


def district_resources(request: Any, district: Any, limit: int = 8) -> str:
    resources = list(
        Resource.objects.public().filter(district=district).only("name", "slug", "summary", "kind")[:limit]
    )
    if not resources:
        return ""
    return render_to_string("resources/_district_resources.html", {"district": district, "resources": resources})


RESOURCES_SHOWN = 10


def organisation_resources(request: Any, organisation: Any, limit: int = RESOURCES_SHOWN) -> str:
    """What the organisation lends (the youth club's caravan), on its page (one query)."""
    resources = list(
        Resource.objects.public()
        .filter(organisation=organisation)
        .order_by("name", "pk")
        .only("name", "slug", "summary", "kind")[: limit + 1]
    )
    if not resources:
        return ""
    context = {"organisation": organisation, "resources": resources[:limit], "more": len(resources) > limit}
    return render_to_string("resources/_organisation_resources.html", context)


def requests_to_decide(user: Any) -> int:
    return Booking.objects.in_districts_of(user).filter(status=BookingStatus.REQUESTED).count()


def handovers_today(user: Any) -> int:
    start = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    end = start + timedelta(days=1)
    return (
        Booking.objects.in_districts_of(user)
        .filter(
            Q(status=BookingStatus.CONFIRMED, start__gte=start, start__lt=end)
            | Q(status=BookingStatus.HANDED_OVER, end__gte=start, end__lt=end)
        )
        .count()
    )


def overdue_items(user: Any) -> int:
    return Booking.objects.in_districts_of(user).overdue().count()


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.resources.demo import load_resources

    load_resources(districts)


def send_reminders() -> str:
    from quartier.resources.services import send_reminders as send

    return f"{send()} reminders sent"


def register() -> None:
    from quartier.resources import reporting

    registry.report_sections.register(
        registry.ReportSection(name="resources", label=_("Ausleihe und Räume"), figures=reporting.figures, order=60)
    )
    register_search()
    from quartier.resources.occasions import hook

    # Rooms for events and meetings, equipment for helper calls (see resources/occasions.py).
    registry.occasion_hooks.register(hook)
    registry.navigation.register(
        registry.NavEntry(name="resources", label=_("Ausleihe"), url_name="resources:list", order=70)
    )
    for name, label, count, description, order in (
        ("resources_requests", _("Buchungsanfragen"), requests_to_decide, _("Zu entscheiden"), 70),
        ("resources_today", _("Übergaben heute"), handovers_today, _("Übergaben und Rückgaben heute"), 71),
        ("resources_overdue", _("Überfällige Ausleihen"), overdue_items, _("Nicht zurückgegeben"), 72),
    ):
        registry.cockpit_tiles.register(
            registry.CockpitTile(
                name=name, label=label, url_name="resources:cockpit", order=order, count=count, description=description
            )
        )
    registry.district_sections.register(
        registry.PageSection(name="resources", render=district_resources, order=70, column="side")
    )
    registry.demo_loaders.register(registry.DemoLoader(name="resources", load=load_demo, order=80))
    organisation_sections.register(registry.PageSection(name="resources", render=organisation_resources, order=40))
    registry.jobs.register(
        registry.Job(
            name="booking_reminders",
            run=send_reminders,
            schedule="0 9 * * *",
            description=_("An Abholung und Rückgabe erinnern, überfällige Ausleihen melden"),
        )
    )


def search_document(obj: Resource) -> registry.SearchDocument | None:
    """What the site search keeps of a resource (``None``: nobody may find it)."""
    if not obj.is_active:
        return None
    return registry.SearchDocument(title=obj.name, body=f"{obj.summary}\n{obj.description}", url=obj.get_absolute_url())


def register_search() -> None:
    registry.search_providers.register(
        registry.SearchProvider(
            name="resources", label=_("Ausleihe und Räume"), model=Resource, document=search_document, order=70
        )
    )
