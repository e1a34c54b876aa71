"""Events in the cockpit: create and edit, dates, participants, attendance, proposals."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.csvexport import csv_response
from quartier.core.forms import posted
from quartier.core.links import private_page
from quartier.core.staff import staff_required
from quartier.events.forms import AttendanceForm, DateChangeForm, EventForm, RegistrationForm
from quartier.events.models import Event, EventDate, Registration, RegistrationStatus
from quartier.events.services import (
    RegistrationError,
    approve_registration,
    cancel_registration,
    change_date,
    create_event,
    decline_registration,
    publish_proposal,
    record_attendance,
    register_for_event,
    update_event,
)


def _event_for(request: HttpRequest, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("district"), pk=pk)
    if not request.user.has_perm("events.change_event", event):
        raise PermissionDenied
    return event


def _date_for(request: HttpRequest, pk: int) -> EventDate:
    event_date = get_object_or_404(EventDate.objects.select_related("event", "event__district"), pk=pk)
    if not request.user.has_perm("events.manage_registrations", event_date.event):
        raise PermissionDenied
    return event_date


@staff_required
def event_cockpit(request: HttpRequest) -> HttpResponse:
    mine = Event.objects.editable_by(request.user).select_related("district")
    dates = EventDate.objects.filter(event__in=mine.values("pk"), end__gte=timezone.now() - timedelta(days=30))
    # ?pending=1 (the cockpit's tile): only the dates with registrations the team has to confirm,
    # however long ago their date began.
    pending = request.GET.get("pending") == "1"
    if pending:
        dates = EventDate.objects.filter(
            event__in=mine.values("pk"),
            pk__in=Registration.objects.filter(status=RegistrationStatus.PENDING).values("event_date"),
        )
    dates = dates.for_listing().order_by("start")[:100]
    proposals = mine.filter(is_published=False).order_by("start")
    context = {"dates": dates, "proposals": proposals, "pending": pending}
    return render(request, "events/cockpit_list.html", context)


@staff_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("events.add_event"):
        raise PermissionDenied
    form = EventForm(posted(request), request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_event(
                event=form.save(commit=False),
                fields_of_action=form.cleaned_data["fields_of_action"],
                by=request.user,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Veranstaltung wurde angelegt."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@staff_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    form = EventForm(posted(request), request.FILES or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = update_event(
                event=form.save(commit=False),
                fields_of_action=form.cleaned_data["fields_of_action"],
                by=request.user,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Veranstaltung wurde gespeichert."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@staff_required
@require_POST
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    publish_proposal(event=event)
    messages.success(request, _("Der Vorschlag ist veröffentlicht."))
    return redirect("events:cockpit")


@staff_required
def event_dates(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    dates = list(event.dates.order_by("start"))
    for row in dates:
        row.event = event
    return render(request, "events/cockpit_dates.html", {"event": event, "dates": dates})


@staff_required
def date_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event_date = _date_for(request, pk)
    form = DateChangeForm(posted(request), instance=event_date)
    if request.method == "POST" and form.is_valid():
        try:
            change_date(
                event_date=event_date,
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["status_reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Termin wurde gespeichert."))
            return redirect("events:cockpit_dates", pk=event_date.event_id)
    return render(request, "events/date_form.html", {"form": form, "event_date": event_date})


@staff_required
@private_page
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    event_date = _date_for(request, pk)
    registrations = list(event_date.registrations.select_related("registered_by").order_by("created_at", "pk"))
    register_form = RegistrationForm(None, event=event_date.event, staff=True)
    attendance_form = AttendanceForm(initial={"attended": event_date.attended})
    context = {
        "event_date": event_date,
        "event": event_date.event,
        "confirmed": [
            r for r in registrations if r.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING)
        ],
        "waiting": sorted(
            (r for r in registrations if r.status == RegistrationStatus.WAITING), key=lambda r: r.waiting_position or 0
        ),
        "other": [
            r
            for r in registrations
            if r.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING, RegistrationStatus.WAITING)
        ],
        "register_form": register_form,
        "attendance_form": attendance_form,
    }
    return render(request, "events/participants.html", context)


@staff_required
def participants_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    event_date = _date_for(request, pk)
    header = [
        _("Status"),
        _("Warteliste"),
        _("Name"),
        _("E-Mail"),
        _("Telefon"),
        _("Personen"),
        _("Teilnehmende"),
        _("Angemeldet am"),
    ]
    registrations = event_date.registrations.exclude(status=RegistrationStatus.UNCONFIRMED).order_by(
        "status", "waiting_position", "created_at"
    )
    rows = (
        [
            registration.get_status_display(),
            registration.waiting_position or "",
            registration.name,
            registration.email,
            registration.phone,
            registration.party_size,
            ", ".join(
                f"{person.get('first_name', '')} ({person.get('age', '')})" for person in registration.participants
            ),
            timezone.localtime(registration.created_at).strftime("%d.%m.%Y %H:%M"),
        ]
        for registration in registrations
    )
    return csv_response(f"teilnehmende-{event_date.pk}.csv", header, rows)


@staff_required
def register_on_behalf(request: HttpRequest, pk: int) -> HttpResponse:
    event_date = _date_for(request, pk)
    form = RegistrationForm(posted(request), event=event_date.event, staff=True)
    if request.method == "POST" and form.is_valid():
        try:
            register_for_event(
                event_date=event_date,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                party_size=form.cleaned_data["party_size"],
                participants=form.participants(),
                registered_by=request.user,
            )
        except RegistrationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Die Anmeldung wurde eingetragen."))
            return redirect("events:participants", pk=event_date.pk)
    return render(request, "events/register_on_behalf.html", {"form": form, "event_date": event_date})


@staff_required
@require_POST
def registration_action(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("event_date__event"), pk=pk)
    if not request.user.has_perm("events.manage_registrations", registration.event_date.event):
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "approve":
        approve_registration(registration=registration)
    elif action == "decline":
        decline_registration(registration=registration)
    elif action == "cancel":
        cancel_registration(registration=registration)
    messages.success(request, _("Die Anmeldung wurde geändert."))
    return redirect("events:participants", pk=registration.event_date_id)


@staff_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event_date = _date_for(request, pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        record_attendance(event_date=event_date, attended=form.cleaned_data["attended"])
        messages.success(request, _("Die Teilnahme wurde eingetragen."))
    else:
        messages.error(request, _("Bitte geben Sie eine Zahl ab 0 ein."))
    return redirect("events:participants", pk=event_date.pk)
