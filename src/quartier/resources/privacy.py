"""What the resources app holds about a person (their bookings, also those staff made for one
of the account's confirmed addresses) and how it goes when they delete their account: open
requests and confirmed bookings are cancelled, and every booking stays, without the person,
for the utilisation figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext

from quartier.accounts.privacy import confirmed_emails
from quartier.resources.models import Booking, BookingHistory, BookingSeries, BookingStatus


def _bookings(user: Any) -> QuerySet[Booking]:
    return Booking.objects.alias(email_lower=Lower("email")).filter(
        Q(person=user) | Q(email_lower__in=confirmed_emails(user))
    )


def export_bookings(user: Any) -> dict[str, Any]:
    return {
        "bookings": [
            {
                "resource": booking.resource.name,
                "start": booking.start.isoformat(),
                "end": booking.end.isoformat(),
                "status": booking.status,
                "name": booking.name,
                "email": booking.email,
                "phone": booking.phone,
                "organisation": booking.organisation,
                "in_name_of": booking.for_organisation.name if booking.for_organisation else "",
                "purpose": booking.purpose,
                "people": booking.people,
                "decision_note": booking.decision_note,
                "created_at": booking.created_at.isoformat(),
            }
            for booking in _bookings(user).select_related("resource", "for_organisation")
        ]
    }


def erase_bookings(user: Any) -> None:
    """Free the periods the person still holds (cancelled, so others can book them), then
    clear what identifies them on every booking and its history; the rows stay."""
    bookings = _bookings(user)
    pks = list(bookings.values_list("pk", flat=True))
    still_open = Booking.objects.filter(pk__in=pks, status__in=(BookingStatus.REQUESTED, BookingStatus.CONFIRMED))
    freed = list(still_open.values_list("pk", flat=True))
    still_open.update(status=BookingStatus.CANCELLED)
    BookingHistory.objects.bulk_create(
        BookingHistory(booking_id=pk, status=BookingStatus.CANCELLED, note=gettext("Konto gelöscht")) for pk in freed
    )
    Booking.objects.filter(pk__in=pks).update(
        person=None, name="", email="", phone="", organisation="", purpose="", decision_note=""
    )
    BookingHistory.objects.filter(booking__in=pks).redact(note="")
    Booking.objects.filter(booked_by=user).update(booked_by=None)
    BookingSeries.objects.filter(created_by=user).update(created_by=None)
    BookingHistory.objects.filter(by=user).redact(by=None)
