"""Bookings in the cockpit: what to decide, today's handovers and returns, overdue items, a
booking's actions, staff bookings, and the utilisation per resource and month."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.csvexport import csv_response
from quartier.core.forms import posted
from quartier.core.links import private_page
from quartier.core.staff import staff_required
from quartier.resources.forms import CancelForm, ChecklistForm, DeclineForm, ResourceForm, StaffBookingForm
from quartier.resources.models import Booking, BookingStatus, Resource
from quartier.resources.services import (
    SeriesCollides,
    approve_booking,
    book_series,
    cancel_booking,
    decline_booking,
    hand_over,
    request_booking,
    save_resource,
    take_back,
)
from quartier.resources.utilisation import utilisation
from quartier.volunteering.models import HelperCall

LIST_LIMIT = 100


def _today_bounds() -> tuple[datetime, datetime]:
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    return start, start + timedelta(days=1)


@private_page
@staff_required
def cockpit(request: HttpRequest) -> HttpResponse:
    mine = Booking.objects.in_districts_of(request.user).select_related("resource__district")
    day_start, day_end = _today_bounds()
    context = {
        "requests": mine.filter(status=BookingStatus.REQUESTED).order_by("start")[:LIST_LIMIT],
        "handovers": mine.filter(status=BookingStatus.CONFIRMED, start__gte=day_start, start__lt=day_end)[:LIST_LIMIT],
        "returns": mine.filter(status=BookingStatus.HANDED_OVER, end__gte=day_start, end__lt=day_end)[:LIST_LIMIT],
        "overdue": mine.overdue().order_by("end")[:LIST_LIMIT],
        "upcoming": mine.filter(status=BookingStatus.CONFIRMED, start__gte=day_end).order_by("start")[:LIST_LIMIT],
        "resources": Resource.objects.managed_by(request.user).select_related("district")[:LIST_LIMIT],
    }
    return render(request, "resources/cockpit.html", context)


def _booking_for(request: HttpRequest, pk: int) -> Booking:
    booking = get_object_or_404(Booking.objects.select_related("resource__district", "person"), pk=pk)
    if not request.user.has_perm("resources.manage_bookings", booking.resource):
        # Another district's booking is not there for this staff member, not even its number.
        raise Http404
    return booking


ACTIONS = ("approve", "decline", "cancel", "handover", "return")


@private_page
@staff_required
def booking(request: HttpRequest, pk: int) -> HttpResponse:
    """A booking with its history and the forms of the next steps; each form posts its action."""
    booking = _booking_for(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        action = None
    forms = {
        # Both forms have a "reason": their own ids keep the page's ids unique (valid HTML).
        "decline": DeclineForm(posted(request) if action == "decline" else None, auto_id="decline_%s"),
        "cancel": CancelForm(posted(request) if action == "cancel" else None, auto_id="cancel_%s"),
        "handover": ChecklistForm(
            posted(request) if action == "handover" else None, resource=booking.resource, prefix="handover"
        ),
        "return": ChecklistForm(
            posted(request) if action == "return" else None,
            request.FILES if action == "return" else None,
            resource=booking.resource,
            returning=True,
            prefix="return",
        ),
    }
    if action:
        form = forms.get(action)
        try:
            if form is not None and not form.is_valid():
                raise ValidationError(_("Bitte prüfen Sie Ihre Angaben."))
            _act(action, booking, request, form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            return redirect("resources:staff_booking", pk=booking.pk)
    else:
        status = 200
    context = {
        "booking": booking,
        "history": booking.history.select_related("by"),
        "forms": forms,
        "contents": booking.resource.content_items(),
    }
    return render(request, "resources/staff_booking.html", context, status=status)


def _act(action: str, booking: Booking, request: HttpRequest, form: Any) -> None:
    by = request.user
    data = getattr(form, "cleaned_data", {})
    if action == "approve":
        approve_booking(booking=booking, by=by)
        messages.success(request, _("Die Buchung ist bestätigt."))
    elif action == "decline":
        decline_booking(booking=booking, by=by, reason=data["reason"])
        messages.success(request, _("Die Anfrage ist abgelehnt."))
    elif action == "cancel":
        cancel_booking(booking=booking, by=by, reason=data["reason"])
        messages.success(request, _("Die Buchung ist storniert."))
    elif action == "handover":
        hand_over(booking=booking, by=by, missing=form.missing(), notes=data["notes"], deposit_received=data["deposit"])
        messages.success(request, _("Die Übergabe ist eingetragen."))
    elif action == "return":
        take_back(
            booking=booking,
            by=by,
            missing=form.missing(),
            notes=data["notes"],
            damage_report=data["damage_report"],
            damage_photo=data["damage_photo"],
            deposit_returned=data["deposit"],
        )
        messages.success(request, _("Die Rückgabe ist eingetragen."))


@staff_required
def book_for(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff book on someone's behalf (phone, counter) or for the office's own use."""
    resource = get_object_or_404(Resource.objects.select_related("district"), slug=slug)
    if not request.user.has_perm("resources.manage_bookings", resource):
        raise Http404
    form = StaffBookingForm(posted(request), resource=resource)
    collisions: list[datetime] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "resource": resource,
            "by": request.user,
            "for_office": data["for_office"],
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "start": data["start"],
            "end": data["end"],
            "people": data.get("people"),
            "organisation": data.get("organisation", ""),
            "for_organisation": data["for_organisation"],
            "purpose": data["purpose"],
        }
        try:
            if data["repeat"]:
                series = book_series(
                    **common,
                    frequency=data["repeat"],
                    until=data["repeat_until"],
                    count=data["repeat_count"],
                    skip_collisions=data["skip_collisions"],
                )
            else:
                booking = request_booking(**common)
        except SeriesCollides as error:
            collisions = error.dates
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if data["repeat"]:
                count = series.bookings.count()
                messages.success(
                    request, _("Die regelmäßige Buchung ist eingetragen: %(count)d Termine.") % {"count": count}
                )
                return redirect("resources:cockpit")
            messages.success(request, _("Die Buchung ist eingetragen und bestätigt."))
            return redirect(booking.get_staff_url())
    return render(request, "resources/book_for.html", {"resource": resource, "form": form, "collisions": collisions})


@staff_required
def resource_form(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Create a thing or room in one's districts, or change one of theirs."""
    resource = None
    if slug is not None:
        resource = get_object_or_404(Resource.objects.select_related("district"), slug=slug)
        if not request.user.has_perm("resources.manage_bookings", resource):
            raise Http404
    form = ResourceForm(posted(request), request.FILES or None, instance=resource, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_resource(resource=form.save(commit=False), by=request.user)
        except PermissionDenied:
            form.add_error("district", _("In diesem Ortsteil arbeiten Sie nicht."))
        else:
            messages.success(request, _("Gespeichert."))
            return redirect(saved)
    return render(request, "resources/resource_form.html", {"form": form, "resource": resource})


@staff_required
def utilisation_view(request: HttpRequest) -> HttpResponseBase:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2999:
        year = timezone.localdate().year
    resources = Resource.objects.managed_by(request.user).select_related("district")
    rows = utilisation(resources, year)
    if request.GET.get("format") == "csv":
        months = [date(year, month, 1).strftime("%Y-%m") for month in range(1, 13)]
        return csv_response(
            f"auslastung-{year}.csv",
            [_("Ausleihe"), _("Ortsteil"), *(f"{month} h" for month in months), *(f"{month} %" for month in months)],
            ([row.resource.name, row.resource.district.name, *row.hours, *row.shares] for row in rows),
        )
    return render(
        request,
        "resources/utilisation.html",
        {"rows": rows, "year": year, "months": [date(year, month, 1) for month in range(1, 13)]},
    )


@private_page
@staff_required
def book_for_call(request: HttpRequest, pk: int) -> HttpResponse:
    """Equipment for an existing helper call (a new call chooses it in its own form): the
    things of one's districts free from its first to its last shift."""
    from quartier.resources.occasions import extend_form, saved

    call = get_object_or_404(HelperCall.objects.select_related("district"), pk=pk)
    if not request.user.has_perm("volunteering.manage_call", call):
        raise PermissionDenied
    form = forms.Form(posted(request))
    extend_form(form, call, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved(occasion=call, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Ausrüstung wurde gespeichert."))
            return redirect("volunteering:roster", pk=call.pk)
    status = 400 if form.errors else 200
    return render(request, "resources/book_for_call.html", {"form": form, "call": call}, status=status)
