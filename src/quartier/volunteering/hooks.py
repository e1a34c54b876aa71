"""What the volunteering app plugs into core and events: its navigation entry (Mitmachen →
Engagement), its cockpit tile, its sections on the district, project and event pages and its
shifts in the events' iCalendar feeds (registered in ``VolunteeringConfig.ready``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quartier.core import registry
from quartier.core.permissions import sees_every_district, staff_district_ids
from quartier.events.calendar_sources import CalendarEntry, CalendarSource, FeedScope, calendar_sources
from quartier.volunteering.models import HelperCall, Shift


def _open_calls(**filters: Any) -> list[HelperCall]:
    """Published calls with a coming shift that still has free places (newest first)."""
    now = timezone.now()
    ids = (
        Shift.objects.upcoming(now)
        .with_free_places()
        .filter(call__is_published=True, **{f"call__{key}": value for key, value in filters.items()})
        .values("call_id")
    )
    return list(HelperCall.objects.filter(pk__in=ids).only("title", "pk")[:6])


def district_calls(request: Any, district: Any) -> str:
    calls = _open_calls(district=district)
    if not calls:
        return ""
    return render_to_string("volunteering/_section.html", {"calls": calls, "district": district})


def project_calls(request: Any, project: Any) -> str:
    calls = _open_calls(project=project)
    if not calls:
        return ""
    return render_to_string("volunteering/_section.html", {"calls": calls})


def event_calls(request: Any, event: Any) -> str:
    """The published calls of an event that still have coming shifts, with their free places
    (one query). The same for every visitor: nothing personal."""
    coming = Q(shifts__end__gte=timezone.now())
    calls = list(
        HelperCall.objects.public()
        .filter(event=event)
        .annotate(
            coming_shifts=Count("shifts", filter=coming),
            free_places=Sum(F("shifts__people_needed") - F("shifts__places_taken"), filter=coming),
        )
        .filter(coming_shifts__gt=0)
        .only("title", "pk")
        .order_by("pk")
    )
    if not calls:
        return ""
    return render_to_string("volunteering/_event_section.html", {"calls": calls})


FEED_SHIFTS = 1000  # a feed carries at most this many shifts, the earliest first


def shift_entries(scope: FeedScope) -> list[CalendarEntry]:
    """Every shift of a published call in the feed's scope (one query): a call belongs to a
    district, to a project (its own or its event's) and to fields of action."""
    shifts = Shift.objects.filter(call__is_published=True, end__gte=scope.since).select_related("call__district")
    if scope.district is not None:
        shifts = shifts.filter(call__district=scope.district)
    if scope.project is not None:
        shifts = shifts.filter(Q(call__project=scope.project) | Q(call__event__project=scope.project))
    if scope.field_of_action is not None:
        shifts = shifts.filter(call__fields_of_action=scope.field_of_action)
    entries = []
    for shift in shifts.order_by("start", "pk")[:FEED_SHIFTS]:
        call = shift.call
        entries.append(
            CalendarEntry(
                uid=f"shift-{shift.pk}",
                start=shift.start,
                end=shift.end,
                summary=gettext("Helfergesuch: %(title)s") % {"title": call.title},
                description=gettext("%(left)d von %(needed)d Plätzen frei")
                % {"left": shift.places_left, "needed": shift.people_needed},
                location=", ".join(part for part in (shift.place, call.district.name if call.district else "") if part),
                url=shift.get_absolute_url(),
                last_modified=call.updated_at,
            )
        )
    return entries


def shifts_lacking_people(user: Any) -> int:
    """Shifts of the staff member's districts in the next 7 days that still lack people."""
    now = timezone.now()
    shifts = Shift.objects.filter(start__gte=now, start__lt=now + timedelta(days=7), call__is_published=True).filter(
        places_taken__lt=F("people_needed")
    )
    if not sees_every_district(user):
        shifts = shifts.filter(call__district__in=staff_district_ids(user))
    return shifts.count()


def inspections_running_out(user: Any) -> int:
    from quartier.volunteering.staff_views import inspections_running_out as running_out

    return len(running_out(user))


def hours_to_confirm(user: Any) -> int:
    from quartier.volunteering.models import OtherHours

    rows = OtherHours.objects.filter(status=OtherHours.Status.SUBMITTED)
    if not sees_every_district(user):
        rows = rows.filter(district__in=staff_district_ids(user))
    return rows.count()


def load_demo(districts: dict[str, Any]) -> None:
    from quartier.volunteering.demo import load_volunteering

    load_volunteering(districts)


def register() -> None:
    from quartier.volunteering import reporting

    registry.report_sections.register(
        registry.ReportSection(name="volunteering", label=_("Engagement"), figures=reporting.figures, order=50)
    )
    register_search()
    registry.navigation.register(
        registry.NavEntry(
            name="volunteering",
            label=_("Engagement"),
            url_name="volunteering:calls",
            order=31,
            active_prefix="/mitmachen/engagement",
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="volunteering",
            label=_("Helfergesuche"),
            url_name="volunteering:cockpit",
            order=36,
            count=shifts_lacking_people,
            description=_("Schichten der nächsten 7 Tage, denen noch Leute fehlen"),
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="volunteering_inspections",
            label=_("Führungszeugnisse"),
            url_name="volunteering:inspections",
            order=37,
            count=inspections_running_out,
            description=_("Einsichtnahmen, die in den nächsten 60 Tagen ablaufen"),
        )
    )
    registry.cockpit_tiles.register(
        registry.CockpitTile(
            name="volunteering_hours",
            label=_("Stunden bestätigen"),
            url_name="volunteering:other_hours",
            order=38,
            count=hours_to_confirm,
            description=_("Von Engagierten eingetragene Stunden"),
        )
    )
    registry.district_sections.register(registry.PageSection(name="volunteering", render=district_calls, order=46))
    registry.project_sections.register(registry.PageSection(name="volunteering", render=project_calls, order=31))
    registry.event_sections.register(registry.PageSection(name="volunteering", render=event_calls, order=30))
    calendar_sources.register(CalendarSource(name="volunteering", entries=shift_entries, order=30))
    # After the projects' and events' loaders: calls belong to the demo projects.
    registry.demo_loaders.register(registry.DemoLoader(name="volunteering", load=load_demo, order=65))


def search_document(obj: HelperCall) -> registry.SearchDocument | None:
    """What the site search keeps of a helper call (``None``: nobody may find it)."""
    if not obj.is_published:
        return None
    return registry.SearchDocument(title=obj.title, body=obj.text, url=obj.get_absolute_url())


def register_search() -> None:
    registry.search_providers.register(
        registry.SearchProvider(
            name="helper_calls", label=_("Helfer·innen gesucht"), model=HelperCall, document=search_document, order=50
        )
    )
