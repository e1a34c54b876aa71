"""E-mail about bookings. Tasks take ids and look everything up again, so a mail always shows
the state after the transaction that queued it committed; links come from ``SITE_URL``."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from quartier.core.links import absolute_url

SUBJECTS = {
    "requested": _("Ihre Buchungsanfrage ist eingegangen"),
    "confirmed": _("Ihre Buchung ist bestätigt"),
    "series": _("Ihre regelmäßige Buchung ist bestätigt"),
    "declined": _("Ihre Buchungsanfrage wurde abgelehnt"),
    "cancelled": _("Ihre Buchung ist storniert"),
    "handed_over": _("Übergabe bestätigt"),
    "returned": _("Rückgabe bestätigt"),
    "pickup_reminder": _("Erinnerung: Abholung morgen"),
    "return_reminder": _("Erinnerung: Rückgabe morgen"),
    "overdue": _("Bitte geben Sie die Ausleihe zurück"),
}


@task()
def send_booking_mail(booking_id: int, kind: str) -> None:
    """Tell the person who booked what happened to their booking."""
    from quartier.resources.models import Booking

    booking = Booking.objects.select_related("resource__district", "series").filter(pk=booking_id).first()
    if booking is None or not booking.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "booking": booking,
            "resource": booking.resource,
            "kind": kind,
            "booking_url": absolute_url(booking) if booking.person_id else "",
            "resource_url": absolute_url(booking.resource),
            "series_dates": list(booking.series.bookings.order_by("start"))
            if kind == "series" and booking.series
            else [],
        }
        body = render_to_string("resources/email/booking.txt", context)
        subject = f"{SUBJECTS[kind]}: {booking.resource.name}"
    send_mail(subject, body, None, [booking.email])
