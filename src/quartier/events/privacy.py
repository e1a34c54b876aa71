"""What the events app holds about a person (registrations, also those made as a visitor with
one of the account's confirmed addresses; proposals; events naming them as organiser) and
how it goes when they delete their account."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext

from quartier.accounts.privacy import confirmed_emails
from quartier.events.models import ACTIVE_STATUSES, Event, Registration, new_token
from quartier.events.services import cancel_registration


def _registrations(user: Any) -> QuerySet[Registration]:
    return Registration.objects.alias(email_lower=Lower("email")).filter(
        Q(user=user) | Q(email_lower__in=confirmed_emails(user))
    )


def _organised_events(user: Any) -> QuerySet[Event]:
    return Event.objects.alias(organiser_email_lower=Lower("organiser_email")).filter(
        Q(proposed_by=user) | Q(organiser_email_lower__in=confirmed_emails(user))
    )


def export_registrations(user: Any) -> dict[str, Any]:
    return {
        "registrations": [
            {
                "event": registration.event_date.event.title,
                "start": registration.event_date.start.isoformat(),
                "name": registration.name,
                "email": registration.email,
                "phone": registration.phone,
                "party_size": registration.party_size,
                "participants": registration.participants,
                "status": registration.status,
                "waiting_position": registration.waiting_position,
                "created_at": registration.created_at.isoformat(),
            }
            for registration in _registrations(user).select_related("event_date__event")
        ],
        "proposed_events": [
            {"title": event.title, "start": event.start.isoformat(), "published": event.is_published}
            for event in Event.objects.filter(proposed_by=user)
        ],
        "events_naming_you_as_organiser": [
            {
                "title": event.title,
                "organiser_name": event.organiser_name,
                "organiser_email": event.organiser_email,
                "organiser_phone": event.organiser_phone,
            }
            for event in _organised_events(user)
        ],
    }


def erase_registrations(user: Any) -> None:
    """Cancel the person's active registrations through the cancellation service (the waiting
    list moves up), then clear what identifies them on every registration, keeping the row
    for the date's figures; delete their unpublished proposals and remove them as organiser."""
    for registration in _registrations(user).filter(status__in=ACTIVE_STATUSES):
        cancel_registration(registration=registration, notify=False)
    for registration in _registrations(user):
        registration.user = None
        registration.name = gettext("Gelöschtes Konto")
        registration.email = registration.phone = ""
        registration.participants = []
        registration.token = new_token()  # the private link stops working
        registration.save(update_fields=["user", "name", "email", "phone", "participants", "token", "updated_at"])
    Event.objects.filter(proposed_by=user, is_published=False).delete()
    _organised_events(user).update(proposed_by=None, organiser_name="", organiser_email="", organiser_phone="")
