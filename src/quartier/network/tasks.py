"""E-mail of round tables. Tasks take ids and look everything up again, so a mail always shows
the state after the transaction that queued it committed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from icalendar import Calendar
from icalendar import Event as VEvent

from quartier.core.links import absolute_url


def meeting_ics(meeting: Any) -> bytes:
    """The meeting (with its round table) as an iCalendar file (RFC 5545) with one VEVENT."""
    calendar = Calendar()
    calendar.add("prodid", "-//Quartier//Netzwerk//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    vevent = VEvent()
    vevent.add("uid", f"meeting-{meeting.pk}@{settings.SITE_URL.split('://')[-1].strip('/')}")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(meeting.start))
    vevent.add("dtend", timezone.localtime(meeting.end))
    vevent.add("summary", meeting.round_table.name)
    vevent.add("location", meeting.place)
    vevent.add("url", absolute_url(meeting))
    calendar.add_component(vevent)
    calendar.add_missing_timezones()
    return calendar.to_ical()


@task()
def send_meeting_invitation(meeting_id: int, addresses: list[str]) -> None:
    """One invitation per address, with the meeting as an .ics attachment."""
    from quartier.network.models import Meeting

    meeting = Meeting.objects.select_related("round_table").filter(pk=meeting_id).first()
    if meeting is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "network/email/invitation.txt", {"meeting": meeting, "meeting_url": absolute_url(meeting)}
        )
        when = formats.date_format(timezone.localtime(meeting.start), "DATETIME_FORMAT")
        subject = _("Einladung: %(name)s am %(when)s") % {"name": meeting.round_table.name, "when": when}
    ics = meeting_ics(meeting)
    for address in addresses:
        message = EmailMessage(subject, body, None, [address])
        message.attach("einladung.ics", ics, "text/calendar")
        message.send()


@task()
def send_action_item_reminder(item_id: int) -> None:
    """Tell the owner (the person, or the organisation's public address) an item is due soon."""
    from quartier.network.models import ActionItem

    item = (
        ActionItem.objects.select_related("round_table", "owner_user", "owner_organisation", "meeting")
        .filter(pk=item_id, status=ActionItem.Status.OPEN)
        .first()
    )
    if item is None:
        return
    address = (
        item.owner_user.email if item.owner_user else (item.owner_organisation.email if item.owner_organisation else "")
    )
    if not address:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("network/email/reminder.txt", {"item": item, "meeting_url": absolute_url(item.meeting)})
        subject = _("Erinnerung: Aufgabe fällig am %(due)s") % {"due": formats.date_format(item.due, "DATE_FORMAT")}
    EmailMessage(subject, body, None, [address]).send()


@task()
def send_partner_invitation(partnership_id: int) -> None:
    """The invitation to become a partner of an organisation, with the private link."""
    from quartier.network.models import Partnership

    partnership = Partnership.objects.select_related("organisation").filter(pk=partnership_id).first()
    if partnership is None or partnership.accepted_at is not None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "network/email/partner_invitation.txt",
            {"organisation": partnership.organisation, "url": absolute_url(partnership)},
        )
        subject = _("Einladung: Eintrag von %(name)s pflegen") % {"name": partnership.organisation.name}
    EmailMessage(subject, body, None, [partnership.email]).send()
