"""The public calendar, event pages, feeds and the printable notice."""

from __future__ import annotations

import json
from datetime import datetime, time
from typing import Any

import segno
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartier.core.htmx import render_page_or_fragment
from quartier.core.pagecache import cached_page
from quartier.core.pagination import keyset_paginate
from quartier.events.calendar_sources import FeedScope, entries_for
from quartier.events.feeds import FEED_PAST, build_calendar, feed_events
from quartier.events.forms import CalendarFilterForm
from quartier.events.models import Event, EventDate, EventStatus
from quartier.places.models import District, FieldOfAction, Town
from quartier.projects.models import Project

PAGE_SIZE = 25
NOTICE_LATER_DATES = 4  # a series' notice names its next dates


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_safe
@cached_page
def calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET)
    dates = EventDate.objects.public().for_listing()
    start_from = timezone.now()
    feed_url = None
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            dates = dates.filter(Q(event__title__icontains=data["q"]) | Q(event__summary__icontains=data["q"]))
        if data["district"]:
            dates = dates.filter(event__district=data["district"])
            feed_url = ("events:feed_district", data["district"].slug)
        if data["field"]:
            dates = dates.filter(event__fields_of_action=data["field"])
            feed_url = ("events:feed_field", data["field"].slug)
        if data["project"]:
            dates = dates.filter(event__project=data["project"])
            feed_url = ("events:feed_project", data["project"].slug)
        if data["target"]:
            dates = dates.filter(event__target_group=data["target"])
        if data["date"]:
            start_from = max(start_from, timezone.make_aware(datetime.combine(data["date"], time.min)))
        if data["free"]:
            dates = dates.with_free_places()
    # Cursor pages by start through the index on it: a later page neither counts nor skips the dates before it.
    page, query = keyset_paginate(request, dates.upcoming(start_from), PAGE_SIZE, ("start", "pk"))
    context = {"form": form, "page": page, "query": query, "feed": feed_url}
    return render_page_or_fragment(request, "events/calendar.html", "results", context)


def _public_event(request: HttpRequest, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("district", "project"), pk=pk)
    if not event.is_published and not request.user.has_perm("events.change_event", event):
        from django.http import Http404

        raise Http404
    return event


def json_ld(event: Event, event_date: EventDate | None, url: str) -> str:
    """schema.org Event, escaped for a <script type="application/ld+json"> data block."""
    status = event_date.effective_status if event_date else event.status
    start, end = (event_date.start, event_date.end) if event_date else (event.start, event.end)
    location: dict[str, Any] = {
        "@type": "Place",
        "name": event.venue,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.address,
            "addressLocality": event.district.name,
            "addressCountry": "DE",
        },
    }
    if event.latitude is not None:
        location["geo"] = {"@type": "GeoCoordinates", "latitude": event.latitude, "longitude": event.longitude}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(start).isoformat(),
        "endDate": timezone.localtime(end).isoformat(),
        "eventStatus": {
            EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
            EventStatus.CANCELLED: "https://schema.org/EventCancelled",
            EventStatus.POSTPONED: "https://schema.org/EventPostponed",
        }[EventStatus(status)],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": location,
        "url": url,
    }
    if event.organiser_name:
        data["organizer"] = {"@type": "Organization", "name": event.organiser_name}
    if event.cost_note:
        data["isAccessibleForFree"] = event.cost_note.lower() in {"kostenlos", "kostenfrei", "frei", "free"}
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped, as json_script does


def _event_page(request: HttpRequest, event: Event, event_date: EventDate | None) -> HttpResponse:
    upcoming = list(event.dates.filter(end__gte=timezone.now()).order_by("start")[:12])
    if event_date is None:
        event_date = upcoming[0] if upcoming else event.dates.order_by("-start").first()
    if event_date is not None:
        event_date.event = event
    for row in upcoming:
        row.event = event
    url = request.build_absolute_uri(event_date.get_absolute_url() if event_date else event.get_absolute_url())
    context = {
        "event": event,
        "event_date": event_date,
        "upcoming": upcoming,
        "fields": list(event.fields_of_action.all()),
        "json_ld": json_ld(event, event_date, url),
        "can_edit": request.user.has_perm("events.change_event", event),
    }
    return render(request, "events/event_detail.html", context)


@require_safe
@cached_page
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_page(request, _public_event(request, pk), None)


@require_safe
def date_detail(request: HttpRequest, pk: int, date_pk: int) -> HttpResponse:
    event = _public_event(request, pk)
    event_date = get_object_or_404(EventDate, pk=date_pk, event=event)
    return _event_page(request, event, event_date)


def _ics_response(
    events: list[Event],
    request: HttpRequest,
    name: str,
    filename: str,
    *,
    public: bool = True,
    scope: dict[str, Any] | None = None,
) -> HttpResponse:
    """The feed of ``events``; with a ``scope`` (the feed's district, project or field of
    action, or none for all) the registered calendar sources add their entries in it."""
    entries = entries_for(FeedScope(since=timezone.now() - FEED_PAST, **scope)) if scope is not None else []
    body = build_calendar(
        events, name=name, base_url=base_url(request), host=request.get_host().split(":")[0], entries=entries
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    # An unpublished event is seen by its staff only: no shared cache may keep it for others.
    response["Cache-Control"] = "public, max-age=900" if public else "private, no-store"
    return response


@require_safe
def feed_all(request: HttpRequest) -> HttpResponse:
    return _ics_response(feed_events(), request, _("Alle Termine"), "termine", scope={})


@require_safe
def feed_district(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(District, slug=slug)
    events = feed_events(Event.objects.published().filter(district=district))
    name = _("Termine in %(name)s") % {"name": district.name}
    return _ics_response(events, request, name, f"termine-{slug}", scope={"district": district})


@require_safe
def feed_project(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(Project, slug=slug)
    events = feed_events(Event.objects.published().filter(project=project))
    name = _("Termine: %(name)s") % {"name": project.title}
    return _ics_response(events, request, name, f"termine-{slug}", scope={"project": project})


@require_safe
def feed_field(request: HttpRequest, slug: str) -> HttpResponse:
    field = get_object_or_404(FieldOfAction, slug=slug)
    events = feed_events(Event.objects.published().filter(fields_of_action=field))
    name = _("Termine: %(name)s") % {"name": field.name}
    return _ics_response(events, request, name, f"termine-{slug}", scope={"field_of_action": field})


@require_safe
def feed_event(request: HttpRequest, pk: int) -> HttpResponse:
    event = _public_event(request, pk)
    events = list(Event.objects.filter(pk=event.pk).select_related("district").prefetch_related("dates"))
    return _ics_response(events, request, event.title, f"termin-{pk}", public=event.is_published)


@require_safe
def notice(request: HttpRequest, pk: int, date_pk: int) -> HttpResponse:
    """The printable A4 notice (Aushang) for shop windows, with a QR code to the page."""
    event = _public_event(request, pk)
    event_date = get_object_or_404(EventDate, pk=date_pk, event=event)
    event_date.event = event
    url = request.build_absolute_uri(event_date.get_absolute_url())
    qr = segno.make(url, error="m")
    context = {"event": event, "event_date": event_date, "url": url, "qr": qr.svg_data_uri(scale=6, border=2)}
    return render(request, "events/notice.html", context)


@require_safe
def notice_pdf(request: HttpRequest, pk: int, date_pk: int) -> HttpResponse:
    """The same notice as an A4 PDF file, for shops that print from a file rather than a browser."""
    event = _public_event(request, pk)
    event_date = get_object_or_404(EventDate, pk=date_pk, event=event)
    event_date.event = event
    later_dates: list[EventDate] = []
    if event.is_series:
        later_dates = list(
            event.dates.filter(start__gt=event_date.start).exclude(status=EventStatus.CANCELLED)[:NOTICE_LATER_DATES]
        )
    # Imported here: reportlab costs every web worker ~12 MB, and only this view needs it.
    from quartier.events.notice_pdf import NoticeData, render_notice

    town = Town.load()
    data = NoticeData(
        event_date=event_date,
        url=request.build_absolute_uri(event_date.get_absolute_url()),
        town_name=town.name if town else "",
        later_dates=later_dates,
    )
    response = HttpResponse(render_notice(data), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aushang-{event.pk}-{event_date.pk}.pdf"'
    return response
