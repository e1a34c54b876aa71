"""E-mail to people who register. Tasks take ids and look everything up again, so a mail
always shows the state after the transaction that queued it committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from quartier.core.links import absolute_url

SUBJECTS = {
    "confirm_email": _("Bitte bestätigen Sie Ihre Anmeldung"),
    "existing": _("Ihre Anmeldung"),
    "confirmed": _("Ihre Anmeldung ist bestätigt"),
    "pending": _("Ihre Anmeldung ist eingegangen"),
    "waiting": _("Sie stehen auf der Warteliste"),
    "moved_up": _("Sie sind nachgerückt"),
    "cancelled": _("Ihre Anmeldung ist storniert"),
    "declined": _("Ihre Anmeldung wurde abgelehnt"),
    "date_cancelled": _("Ein Termin fällt aus"),
}


@task()
def send_registration_mail(registration_id: int, kind: str) -> None:
    """Tell the person who registered what happened to their registration."""
    from quartier.events.models import Registration

    registration = Registration.objects.select_related("event_date__event__district").filter(pk=registration_id).first()
    if registration is None or not registration.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "event_date": registration.event_date,
            "event": registration.event_date.event,
            "kind": kind,
            "private_url": absolute_url(registration),
            "event_url": absolute_url(registration.event_date),
        }
        body = render_to_string("events/email/registration.txt", context)
        subject = f"{SUBJECTS[kind]}: {registration.event_date.event.title}"
    send_mail(subject, body, None, [registration.email])
