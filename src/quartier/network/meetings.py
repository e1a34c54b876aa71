"""Every change to round tables: the network itself, its members, its meetings with agenda,
attendance, minutes, numbered decisions and action items, and the reminders before an action
item is due. Each runs in one transaction, writes a history entry and queues its mail after
the commit. Staff of the round table's districts (and coordinators) run its meetings; members
propose agenda items until the deadline and owners mark their action items done."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core import registry
from quartier.network.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Membership,
    Organisation,
    RoundTable,
    RoundTableEntry,
)
from quartier.network.services import staff_districts
from quartier.places.models import District

# Owners hear of an action item this many days before it is due (and on the day, if later).
REMINDER_DAYS = 3


def can_manage(user: Any, round_table: RoundTable) -> bool:
    return bool(user.has_perm("network.manage_round_table", round_table))


def is_member(user: Any, round_table: RoundTable) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(round_table=round_table, user=user).exists()


def may_read(user: Any, round_table: RoundTable) -> bool:
    """Members, the districts' staff and coordinators; everyone where the minutes are public."""
    return round_table.publishes_minutes or can_manage(user, round_table) or is_member(user, round_table)


def _require_manager(user: Any, round_table: RoundTable) -> None:
    if not can_manage(user, round_table):
        raise PermissionDenied


def _log(round_table: RoundTable, by: Any, what: str) -> None:
    RoundTableEntry.objects.create(round_table=round_table, by=by, what=what[:300])


@transaction.atomic
def save_round_table(*, round_table: RoundTable, districts: Iterable[District], by: Any) -> RoundTable:
    """Create or change a round table in districts ``by`` works in (others already on it stay)."""
    creating = round_table.pk is None
    if creating:
        if not by.has_perm("network.add_organisation"):
            raise PermissionDenied
    else:
        _require_manager(by, RoundTable.objects.get(pk=round_table.pk))
    chosen = list(districts)
    mine = staff_districts(by)
    if any(district.pk not in mine for district in chosen):
        raise ValidationError({"districts": _("Sie können Netzwerke nur in Ihren Ortsteilen anlegen.")})
    kept = [] if creating else list(round_table.districts.exclude(pk__in=mine))
    if not chosen and not kept:
        raise ValidationError({"districts": _("Bitte wählen Sie mindestens einen Ortsteil.")})
    round_table.full_clean(exclude=["districts"])
    round_table.save()
    round_table.districts.set([*chosen, *kept])
    _log(round_table, by, "created" if creating else "changed")
    return round_table


@transaction.atomic
def add_member(
    *, round_table: RoundTable, by: Any, user: Any = None, organisation: Organisation | None = None
) -> Membership:
    """Add a person or an organisation (not both) to the round table."""
    _require_manager(by, round_table)
    if (user is None) == (organisation is None):
        raise ValidationError(_("Bitte wählen Sie eine Person oder eine Organisation."))
    if Membership.objects.filter(round_table=round_table, user=user, organisation=organisation).exists():
        raise ValidationError(_("Dieses Mitglied gehört schon zum Netzwerk."))
    membership = Membership.objects.create(round_table=round_table, user=user, organisation=organisation)
    _log(round_table, by, f"member added: {membership.pk}")
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: Any) -> None:
    round_table = membership.round_table
    _require_manager(by, round_table)
    _log(round_table, by, f"member removed: {membership.pk}")
    membership.delete()


@transaction.atomic
def save_meeting(*, meeting: Meeting, by: Any, data: dict[str, Any] | None = None) -> Meeting:
    """Schedule a meeting or change its date, place and deadline. The occasion hooks follow in
    the same transaction (a room booked for the meeting moves with it, or the change is
    refused as a whole); ``data``: the staff form's cleaned data."""
    _require_manager(by, meeting.round_table)
    meeting.full_clean(exclude=["round_table"])
    if meeting.end <= meeting.start:
        raise ValidationError({"end": _("Das Ende muss nach dem Beginn liegen.")})
    if meeting.agenda_deadline and meeting.agenda_deadline > meeting.start:
        raise ValidationError({"agenda_deadline": _("Die Frist für Vorschläge muss vor dem Beginn liegen.")})
    creating = meeting.pk is None
    meeting.save()
    _log(meeting.round_table, by, f"meeting {'scheduled' if creating else 'changed'}: {meeting.pk}")
    registry.occasion_saved(meeting, data=data, by=by)
    return meeting


def invitation_addresses(meeting: Meeting) -> list[str]:
    """The e-mail addresses of the members: people's accounts and organisations' public addresses."""
    addresses: list[str] = []
    for membership in meeting.round_table.memberships.select_related("user", "organisation"):
        address = membership.user.email if membership.user_id else membership.organisation.email  # type: ignore[union-attr]
        if address and address not in addresses:
            addresses.append(address)
    return addresses


@transaction.atomic
def send_invitation(*, meeting: Meeting, by: Any) -> int:
    """E-mail the members an invitation with the meeting as an ``.ics`` (after the commit)."""
    from quartier.network.tasks import send_meeting_invitation

    _require_manager(by, meeting.round_table)
    addresses = invitation_addresses(meeting)
    if not addresses:
        raise ValidationError(_("Das Netzwerk hat noch keine Mitglieder mit E-Mail-Adresse."))
    meeting.invited_at = timezone.now()
    meeting.save(update_fields=["invited_at"])
    _log(meeting.round_table, by, f"invitation sent: {meeting.pk}")
    transaction.on_commit(lambda: send_meeting_invitation.enqueue(meeting.pk, addresses))
    return len(addresses)


@transaction.atomic
def propose_agenda_item(*, meeting: Meeting, title: str, note: str = "", by: Any) -> AgendaItem:
    """A member (or the districts' staff) proposes a topic until the meeting's deadline."""
    round_table = meeting.round_table
    if not (is_member(by, round_table) or can_manage(by, round_table)):
        raise PermissionDenied
    if timezone.now() > meeting.proposals_until and not can_manage(by, round_table):
        raise ValidationError(_("Die Frist für Vorschläge zur Tagesordnung ist abgelaufen."))
    if not title.strip():
        raise ValidationError({"title": _("Bitte nennen Sie ein Thema.")})
    item = AgendaItem.objects.create(meeting=meeting, title=title.strip(), note=note.strip(), proposed_by=by)
    _log(round_table, by, f"agenda item proposed: {meeting.pk}")
    return item


@transaction.atomic
def record_minutes(*, meeting: Meeting, minutes: str, attendees: Iterable[Membership], by: Any) -> Meeting:
    """Write the minutes and who attended (members of this round table only)."""
    _require_manager(by, meeting.round_table)
    attendees = list(attendees)
    if any(membership.round_table_id != meeting.round_table_id for membership in attendees):
        raise ValidationError(_("Anwesend sein können nur Mitglieder dieses Netzwerks."))
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes"])
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(Attendance(meeting=meeting, membership=membership) for membership in attendees)
    _log(meeting.round_table, by, f"minutes recorded: {meeting.pk}")
    return meeting


@transaction.atomic
def record_decision(*, meeting: Meeting, text: str, by: Any) -> Decision:
    """Record a decision under the round table's next number."""
    round_table = meeting.round_table
    _require_manager(by, round_table)
    if not text.strip():
        raise ValidationError({"text": _("Bitte schreiben Sie den Beschluss auf.")})
    # One number at a time: the row lock makes a second decision wait for the first one's number.
    RoundTable.objects.select_for_update().filter(pk=round_table.pk).first()
    number = (Decision.objects.filter(round_table=round_table).aggregate(Max("number"))["number__max"] or 0) + 1
    decision = Decision.objects.create(round_table=round_table, meeting=meeting, number=number, text=text.strip())
    _log(round_table, by, f"decision {number} recorded")
    return decision


@transaction.atomic
def add_action_item(
    *,
    meeting: Meeting,
    title: str,
    due: date,
    by: Any,
    owner_user: Any = None,
    owner_organisation: Organisation | None = None,
) -> ActionItem:
    """An action item with one owner: a person or an organisation that is a member."""
    round_table = meeting.round_table
    _require_manager(by, round_table)
    if (owner_user is None) == (owner_organisation is None):
        raise ValidationError(_("Bitte wählen Sie genau eine zuständige Person oder Organisation."))
    members = Membership.objects.filter(round_table=round_table)
    if owner_user is not None and not members.filter(user=owner_user).exists():
        raise ValidationError(_("Zuständig sein können nur Mitglieder dieses Netzwerks."))
    if owner_organisation is not None and not members.filter(organisation=owner_organisation).exists():
        raise ValidationError(_("Zuständig sein können nur Mitglieder dieses Netzwerks."))
    if not title.strip():
        raise ValidationError({"title": _("Bitte beschreiben Sie die Aufgabe.")})
    item = ActionItem.objects.create(
        round_table=round_table,
        meeting=meeting,
        title=title.strip(),
        due=due,
        owner_user=owner_user,
        owner_organisation=owner_organisation,
    )
    _log(round_table, by, f"action item added: {item.pk}")
    return item


@transaction.atomic
def set_action_item_status(*, item: ActionItem, status: str, by: Any) -> ActionItem:
    """The owner (a person) or the districts' staff mark an item done or open again."""
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Unbekannter Stand."))
    if not (item.owner_user_id == getattr(by, "pk", None) or can_manage(by, item.round_table)):
        raise PermissionDenied
    item.status = status
    item.save(update_fields=["status"])
    _log(item.round_table, by, f"action item {item.pk}: {status}")
    return item


def open_items_of(user: Any) -> Any:
    """A person's open action items across their round tables ("Meine Aufgaben")."""
    return (
        ActionItem.objects.filter(status=ActionItem.Status.OPEN, owner_user=user)
        .select_related("round_table", "meeting", "owner_organisation", "owner_user")
        .order_by("due", "pk")
    )


def send_action_item_reminders(today: date | None = None) -> int:
    """Remind the owners of open items due within ``REMINDER_DAYS`` (once per due date)."""
    from quartier.network.tasks import send_action_item_reminder

    today = today or timezone.localdate()
    due = ActionItem.objects.filter(
        status=ActionItem.Status.OPEN, due__gte=today, due__lte=today + timedelta(days=REMINDER_DAYS)
    ).exclude(reminded_for=F("due"))
    sent = 0
    for item in due.select_related("owner_user", "owner_organisation"):
        with transaction.atomic():
            claimed = ActionItem.objects.filter(pk=item.pk).exclude(reminded_for=item.due).update(reminded_for=item.due)
            if claimed:
                transaction.on_commit(partial(send_action_item_reminder.enqueue, item.pk))
                sent += 1
    return sent
