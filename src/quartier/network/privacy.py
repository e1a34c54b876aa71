"""What the network app holds about a person: the changes they made to organisations' entries,
their memberships of round tables and the meetings they attended, the agenda items they
proposed, the action items they own, and the history entries of round tables that name them."""

from __future__ import annotations

from typing import Any

from quartier.network.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    ContactPerson,
    Membership,
    OrganisationChange,
    Partnership,
    RoundTableEntry,
)


def _addresses(user: Any) -> list[str]:
    """The account's addresses: a contact entry is the person's where it names one of them."""
    from allauth.account.models import EmailAddress

    found = {user.email.lower()} if user.email else set()
    found |= {email.lower() for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return sorted(found)


def _contact_entries(user: Any) -> Any:
    from django.db.models import Q

    condition = Q(pk__in=[])
    for address in _addresses(user):
        condition |= Q(email__iexact=address)
    return ContactPerson.objects.filter(condition)


def _partnerships(user: Any) -> Any:
    from django.db.models import Q

    condition = Q(user=user)
    for address in _addresses(user):
        condition |= Q(email__iexact=address)
    return Partnership.objects.filter(condition)


def export_network(user: Any) -> dict[str, Any]:
    changes = OrganisationChange.objects.filter(by=user).select_related("organisation").order_by("at")
    attended = Attendance.objects.filter(membership__user=user).select_related("meeting__round_table")
    return {
        "organisation_changes": [
            {"organisation": change.organisation.name, "at": change.at.isoformat(), "fields": change.fields}
            for change in changes
        ],
        "round_tables": [
            {"round_table": m.round_table.name, "member_since": m.created_at.isoformat()}
            for m in Membership.objects.filter(user=user).select_related("round_table")
        ],
        "attendance": [
            {"round_table": a.meeting.round_table.name, "meeting": a.meeting.start.isoformat()} for a in attended
        ],
        "agenda_items": [
            {"title": item.title, "note": item.note, "meeting": item.meeting.start.isoformat()}
            for item in AgendaItem.objects.filter(proposed_by=user).select_related("meeting")
        ],
        "action_items": [
            {
                "title": item.title,
                "due": item.due.isoformat(),
                "status": item.status,
                "round_table": item.round_table.name,
            }
            for item in ActionItem.objects.filter(owner_user=user).select_related("round_table")
        ],
        "contact_entries": [
            {
                "organisation": c.organisation.name,
                "name": c.name,
                "role": c.role,
                "phone": c.phone,
                "public": c.is_public,
            }
            for c in _contact_entries(user).select_related("organisation")
        ],
        "partner_roles": [
            {"organisation": p.organisation.name, "invited": p.invited_at.isoformat(), "accepted": bool(p.accepted_at)}
            for p in _partnerships(user).select_related("organisation")
        ],
        "round_table_history": [
            {"round_table": entry.round_table.name, "at": entry.at.isoformat(), "what": entry.what}
            for entry in RoundTableEntry.objects.filter(by=user).select_related("round_table")
        ],
    }


def erase_network(user: Any) -> None:
    """Contact entries and partner roles (and invitations) with one of the person's addresses go. Histories, agenda items and action items stay without the person (an action item then
    shows "gelöschtes Konto"); memberships go, and with them the attendance."""
    OrganisationChange.objects.filter(by=user).redact(by=None)
    _contact_entries(user).delete()
    _partnerships(user).delete()
    Partnership.objects.filter(invited_by=user).update(invited_by=None)
    ContactPerson.objects.filter(consent_recorded_by=user).update(consent_recorded_by=None)
    RoundTableEntry.objects.filter(by=user).redact(by=None)
    AgendaItem.objects.filter(proposed_by=user).update(proposed_by=None)
    ActionItem.objects.filter(owner_user=user).update(owner_user=None)
    Membership.objects.filter(user=user).delete()
