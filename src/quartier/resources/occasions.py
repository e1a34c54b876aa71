"""Rooms and equipment booked for occasions: a room for an event's dates or for a round table's
meeting, equipment (a thing) for a helper call's shifts.

Registered as an occasion hook (``core.registry.occasion_hooks``): the occasion's staff form
gets a choice of the resources free at its time, saving the occasion books them through
``services.book_for_occasion`` in the same transaction (moving it moves the bookings, or the
change is refused with the taken dates; cancelling it frees them), and the occasion's staff
page shows what is booked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from quartier.core.registry import OccasionHook
from quartier.events.models import Event, EventStatus
from quartier.network.models import Meeting
from quartier.resources.models import Kind, Resource
from quartier.resources.services import book_for_occasion, free_for_occasion, occasion_bookings
from quartier.volunteering.models import HelperCall


@dataclass
class Occasion:
    kind: str  # the resource kind it books
    field: str  # its field in the occasion's form
    label: str
    help_text: str
    links: dict[str, Any]  # how its bookings point at it
    date_field: str | None  # the bookings' link to the occasion's dates, if it has several
    purpose: str
    people: int | None = None

    def periods(self, occasion: Any) -> dict[int | None, tuple[datetime, datetime]]:
        """The periods to book, from the stored occasion (one query)."""
        if isinstance(occasion, Event):
            if occasion.pk is None or occasion.status != EventStatus.SCHEDULED:
                return {}
            return {
                row.pk: (row.start, row.end)
                for row in occasion.dates.filter(status=EventStatus.SCHEDULED).order_by("start")
            }
        if isinstance(occasion, Meeting):
            return {None: (occasion.start, occasion.end)} if occasion.pk else {}
        if occasion.pk is None:
            return {}
        span = occasion.shifts.aggregate(start=Min("start"), end=Max("end"))
        return {None: (span["start"], span["end"])} if span["start"] else {}


def occasion_of(obj: Any) -> Occasion | None:
    if isinstance(obj, Event):
        return Occasion(
            kind=Kind.ROOM,
            field="room",
            label=_("Raum buchen"),
            help_text=_(
                "Angeboten werden die Räume Ihrer Ortsteile, die an allen Terminen frei sind (bei einer neuen "
                "Veranstaltung alle). Beim Speichern wird jeder Termin gebucht; ist der Raum an einem Termin "
                "belegt, wird nichts gespeichert. Verlegen verlegt die Buchung, Absagen gibt den Raum frei."
            ),
            links={"event": obj} if obj.pk else {},
            date_field="event_date",
            purpose=obj.title,
            people=obj.capacity,
        )
    if isinstance(obj, Meeting):
        return Occasion(
            kind=Kind.ROOM,
            field="room",
            label=_("Raum buchen"),
            help_text=_(
                "Angeboten werden die Räume Ihrer Ortsteile, die zur Zeit der Sitzung frei sind. "
                "Verlegen verlegt die Buchung."
            ),
            links={"meeting": obj} if obj.pk else {},
            date_field=None,
            purpose=obj.round_table.name if obj.round_table_id else "",
        )
    if isinstance(obj, HelperCall):
        return Occasion(
            kind=Kind.THING,
            field="equipment",
            label=_("Ausrüstung buchen"),
            help_text=_(
                "Ein Gegenstand Ihrer Ortsteile für die Zeit von der ersten bis zur letzten Schicht "
                "(angeboten werden die dann freien). Ändern sich die Schichten, wandert die Buchung mit."
            ),
            links={"helper_call": obj} if obj.pk else {},
            date_field=None,
            purpose=obj.title,
        )
    return None


def _current(occasion: Occasion) -> Resource | None:
    if not occasion.links:
        return None
    bookings = occasion_bookings(occasion.links)
    return bookings[0].resource if bookings else None


def resource_field(obj: Any, user: Any) -> tuple[str, forms.ModelChoiceField, Resource | None] | None:
    """The occasion's choice of a resource free at its time, and the one booked now."""
    occasion = occasion_of(obj)
    if occasion is None:
        return None
    current = _current(occasion)
    periods = list(occasion.periods(obj).values()) if occasion.links else []
    queryset = free_for_occasion(kind=occasion.kind, user=user, periods=periods, links=occasion.links, keep=current)
    field = forms.ModelChoiceField(
        queryset=queryset,
        required=False,
        label=occasion.label,
        help_text=occasion.help_text,
        empty_label=_("keiner"),
    )
    return occasion.field, field, current


def extend_form(form: forms.BaseForm, obj: Any, user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        return
    found = resource_field(obj, user)
    if found is None:
        return
    name, field, current = found
    form.fields[name] = field
    if current is not None:
        form.initial[name] = current.pk


def saved(*, occasion: Any, data: dict[str, Any] | None, by: Any) -> None:
    """Book, move or free the occasion's resource (see ``services.book_for_occasion``)."""
    found = occasion_of(occasion)
    if found is None:
        return
    chosen = data is not None and found.field in data
    resource = data[found.field] if chosen and data is not None else _current(found)
    if resource is None and not chosen:
        return
    book_for_occasion(
        links=found.links,
        resource=resource,
        periods=found.periods(occasion),
        by=by,
        purpose=found.purpose,
        people=found.people,
        field=found.field if chosen else None,
        date_field=found.date_field,
        # The site itself (a series' new dates at night) books what is free and refuses nothing.
        skip_taken=by is None,
    )


def render(request: Any, obj: Any) -> str:
    """What is booked for the occasion, for its staff page (one query)."""
    occasion = occasion_of(obj)
    if occasion is None or not occasion.links:
        return ""
    bookings = occasion_bookings(occasion.links)
    context = {"bookings": bookings, "label": occasion.label, "call": obj if isinstance(obj, HelperCall) else None}
    return render_to_string("resources/_occasion_bookings.html", context)


hook = OccasionHook(name="resources", extend_form=extend_form, saved=saved, render=render, order=70)
