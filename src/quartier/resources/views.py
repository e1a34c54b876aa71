"""The public pages: the list of things and rooms, a resource's page with its availability
calendar and busy-times feed, and the booking pages of the person who booked."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartier.core.forms import posted
from quartier.core.htmx import render_page_or_fragment
from quartier.core.links import private_page
from quartier.core.pagecache import cached_page
from quartier.core.pagination import keyset_paginate
from quartier.core.ratelimit import take
from quartier.network.services import partner_organisations
from quartier.resources.availability import period
from quartier.resources.feeds import busy_calendar
from quartier.resources.forms import BookingForm, CalendarForm, CancelForm, ResourceFilterForm
from quartier.resources.models import BookableBy, Booking, BookingStatus, Resource
from quartier.resources.services import cancel_booking, request_booking

PAGE_SIZE = 24
BOOKINGS_PER_HOUR = 10  # requests of one resident, whether they succeed or not


@require_safe
@cached_page
def resource_list(request: HttpRequest) -> HttpResponse:
    form = ResourceFilterForm(request.GET)
    resources = Resource.objects.public().select_related("district")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            resources = resources.filter(Q(name__icontains=data["q"]) | Q(summary__icontains=data["q"]))
        if data["district"]:
            resources = resources.filter(district=data["district"])
        if data["kind"]:
            resources = resources.filter(kind=data["kind"])
        if data["free_from"] and data["free_until"]:
            resources = resources.free_between(data["free_from"], data["free_until"])
    page, query = keyset_paginate(request, resources, PAGE_SIZE, ("name", "pk"))
    context = {"form": form, "page": page, "query": query}
    return render_page_or_fragment(request, "resources/list.html", "results", context)


def _public_resource(slug: str) -> Resource:
    return get_object_or_404(Resource.objects.public().select_related("district", "organisation"), slug=slug)


@require_safe
@cached_page
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _public_resource(slug)
    view, day = CalendarForm(request.GET).period(timezone.localdate())
    context = {
        "resource": resource,
        "calendar": period(resource, view, day),
        "bookable": resource.bookable_by != BookableBy.STAFF,
    }
    return render_page_or_fragment(request, "resources/detail.html", "calendar", context)


@require_safe
def feed(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _public_resource(slug)
    body = busy_calendar(resource, base_url=request.build_absolute_uri("/"), host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="belegung-{resource.slug}.ics"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@login_required
def book(request: HttpRequest, slug: str) -> HttpResponse:
    resource = _public_resource(slug)
    if resource.bookable_by == BookableBy.STAFF:
        messages.info(request, _("Diese Ausleihe bucht nur das Quartiersbüro. Bitte fragen Sie dort an."))
        return redirect(resource)
    organisations = partner_organisations(request.user)
    has_organisations = organisations.exists()
    if resource.bookable_by == BookableBy.ORGANISATIONS and not has_organisations:
        messages.info(
            request,
            _(
                "Diese Ausleihe buchen nur Vereine und Organisationen, im Namen der Organisation durch ihre Partner im Netzwerk. "
                "Bitte fragen Sie Ihre Organisation oder das Quartiersbüro."
            ),
        )
        return redirect(resource)
    form = BookingForm(posted(request), resource=resource, organisations=organisations if has_organisations else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not take(request, scope="booking", limit=BOOKINGS_PER_HOUR, key=f"user:{request.user.pk}"):
            form.add_error(
                None,
                _(
                    "Sie haben in der letzten Stunde schon viele Buchungen angefragt. Bitte versuchen Sie es später noch einmal."
                ),
            )
            return render(request, "resources/book.html", {"resource": resource, "form": form}, status=429)
        try:
            booking = request_booking(
                resource=resource,
                by=request.user,
                start=data["start"],
                end=data["end"],
                people=data.get("people"),
                for_organisation=data.get("for_organisation"),
                purpose=data["purpose"],
                phone=data["phone"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if booking.status == BookingStatus.CONFIRMED:
                messages.success(request, _("Ihre Buchung ist bestätigt. Sie bekommen eine E-Mail."))
            else:
                messages.success(request, _("Ihre Anfrage ist eingegangen. Das Quartiersbüro meldet sich per E-Mail."))
            return redirect(booking)
    return render(request, "resources/book.html", {"resource": resource, "form": form})


@private_page
@login_required
@require_safe
def my_bookings(request: HttpRequest) -> HttpResponse:
    bookings = (
        Booking.objects.filter(person_id=request.user.pk).select_related("resource__district").order_by("-start")[:200]
    )
    return render(request, "resources/my_bookings.html", {"bookings": bookings})


@private_page
@login_required
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's own booking: its state, and cancelling while it is not handed over."""
    booking = get_object_or_404(Booking.objects.select_related("resource__district", "for_organisation"), pk=pk)
    if booking.person_id != request.user.pk:
        raise Http404
    form = CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            cancel_booking(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ihre Buchung ist storniert."))
            return redirect(booking)
    return render(request, "resources/booking_detail.html", {"booking": booking, "form": form})
