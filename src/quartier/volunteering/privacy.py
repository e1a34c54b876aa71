"""What the volunteering app holds about a person (their sign-ups, also those made as a visitor
with one of the account's confirmed addresses) and how it goes when they delete their account:
the sign-ups stay, without the person, so a shift's figures and the hours given stay true."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext

from quartier.accounts.privacy import confirmed_emails
from quartier.volunteering.models import (
    ACTIVE_STATUSES,
    CallHistory,
    ConductInspection,
    HelperCall,
    OtherHours,
    SignUp,
    VolunteerProfile,
    new_token,
)
from quartier.volunteering.services import cancel_sign_up


def _sign_ups(user: Any) -> QuerySet[SignUp]:
    return SignUp.objects.alias(email_lower=Lower("email")).filter(
        Q(user=user) | Q(email_lower__in=confirmed_emails(user))
    )


def _inspections(user: Any) -> QuerySet[ConductInspection]:
    return ConductInspection.objects.alias(email_lower=Lower("email")).filter(
        Q(user=user) | Q(email_lower__in=confirmed_emails(user))
    )


def export_volunteering(user: Any) -> dict[str, Any]:
    return {
        "shift_sign_ups": [
            {
                "call": entry.shift.call.title,
                "start": entry.shift.start.isoformat(),
                "end": entry.shift.end.isoformat(),
                "place": entry.shift.place,
                "name": entry.name,
                "email": entry.email,
                "phone": entry.phone,
                "status": entry.status,
                "attended": entry.attended,
                "hours": str(entry.hours) if entry.hours is not None else None,
                "created_at": entry.created_at.isoformat(),
            }
            for entry in _sign_ups(user).select_related("shift__call")
        ],
        "helper_calls_created": [
            {"title": call.title, "created_at": call.created_at.isoformat()}
            for call in HelperCall.objects.filter(created_by=user)
        ],
        "hours_given_elsewhere": [
            {
                "activity": row.activity,
                "organisation": row.organisation,
                "day": row.day.isoformat(),
                "hours": str(row.hours),
                "status": row.status,
            }
            for row in OtherHours.objects.filter(user=user)
        ],
        "certificate_of_conduct_inspections": [
            {
                "certificate_date": row.certificate_date.isoformat(),
                "relevant_entry": row.relevant_entry,
                "recorded_at": row.recorded_at.isoformat(),
            }
            for row in _inspections(user)
        ],
        "volunteer_profile": [
            {
                "skills": row.skills,
                "fields_of_action": [field.name for field in row.fields_of_action.all()],
                "districts": [district.name for district in row.districts.all()],
                "weekday_mornings": row.weekday_mornings,
                "weekday_afternoons": row.weekday_afternoons,
                "weekday_evenings": row.weekday_evenings,
                "weekends": row.weekends,
                "may_ask": row.may_ask,
                "birth_year": row.birth_year,
                "updated_at": row.updated_at.isoformat(),
            }
            for row in VolunteerProfile.objects.filter(user=user)
        ],
        "helper_call_history": [
            {"call": entry.call.title, "kind": entry.kind, "at": entry.created_at.isoformat()}
            for entry in CallHistory.objects.filter(actor=user).select_related("call")
        ],
    }


def erase_volunteering(user: Any) -> None:
    """Free the places of the person's coming shifts (without the deadline: they are leaving),
    then clear what identifies them on every sign-up, keeping the rows for the figures."""
    _inspections(user).delete()
    VolunteerProfile.objects.filter(user=user).delete()
    ConductInspection.objects.filter(recorded_by=user).update(recorded_by=None)
    now = timezone.now()
    for entry in _sign_ups(user).filter(status__in=ACTIVE_STATUSES, shift__start__gt=now).select_related("shift__call"):
        cancel_sign_up(sign_up=entry, notify=False, leaving=True)
    for entry in _sign_ups(user):
        entry.user = None
        entry.name = gettext("Gelöschtes Konto")
        entry.email = entry.phone = ""
        entry.token = new_token()  # the private link stops working
        entry.save(update_fields=["user", "name", "email", "phone", "token", "updated_at"])
    # The calls they created stay (they are the district's); the history keeps its entries,
    # which name no one: their actor is the anonymised account.
    HelperCall.objects.filter(created_by=user).update(created_by=None)
    # Hours given elsewhere stay in the statistics without the person; what they typed may name them.
    OtherHours.objects.filter(user=user).update(user=None, activity=gettext("Gelöschtes Konto"), organisation="")
    OtherHours.objects.filter(decided_by=user).update(decided_by=None)
