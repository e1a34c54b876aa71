"""What the events app holds about a person: their registrations and proposals."""

from __future__ import annotations

from typing import Any

from django.db.models import Q


def export_registrations(user: Any) -> dict[str, Any]:
    from quartier.events.models import Event, Registration

    registrations = Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email)).select_related(
        "event_date__event"
    )
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
                "created_at": registration.created_at.isoformat(),
            }
            for registration in registrations
        ],
        "proposed_events": [
            {"title": event.title, "start": event.start.isoformat(), "published": event.is_published}
            for event in Event.objects.filter(proposed_by=user)
        ],
    }
