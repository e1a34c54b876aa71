"""Telling a district's staff what is new there: residents' requests, reports of content, event
proposals, ideas. Apps call :func:`tell_district_staff` inside the service that creates the
item; each staff member gets one e-mail per item at once, or everything in one daily summary
(``User.staff_mail``: "each" or "daily", chosen in the profile)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from quartier.core.links import absolute_url
from quartier.places.models import District, StaffNotice

# Notices older than this are deleted by the summary job; the cockpit shows what is open.
KEEP_NOTICES = timedelta(days=30)
EACH, DAILY = "each", "daily"  # the values of accounts.StaffMail (places imports only core)


_silenced: ContextVar[bool] = ContextVar("staff_notices_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """Nothing made inside is news for staff (the demo town's data: no notices, no mail)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def is_silenced() -> bool:
    """Inside :func:`silenced`: other mail to staff about what is made (a step of a funding
    application in the demo town) stays unsent too."""
    return _silenced.get()


def tell_district_staff(*, district: District, kind: str, heading: Any, title: str, target: Any) -> StaffNotice | None:
    """Record that ``target`` (an object with ``get_absolute_url`` or a path) is new in the
    district; staff who want every item by e-mail get it once the transaction commits."""
    if _silenced.get():
        return None
    with translation.override(settings.LANGUAGE_CODE):
        heading = str(heading)
    path = target if isinstance(target, str) else target.get_absolute_url()
    notice = StaffNotice.objects.create(district=district, kind=kind, heading=heading, title=title[:300], path=path)
    transaction.on_commit(lambda: mail_staff_notice.enqueue(notice.pk))
    return notice


@task()
def mail_staff_notice(notice_id: int) -> int:
    """One e-mail about one new item to each of the district's staff who want one per item."""
    notice = StaffNotice.objects.select_related("district").filter(pk=notice_id).first()
    if notice is None:
        return 0
    recipients = notice.district.staff.filter(is_active=True, staff_mail=EACH).exclude(email="")
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{notice.heading}: {notice.title}"
        body = render_to_string("places/email/staff_notice.txt", {"notice": notice, "url": absolute_url(notice.path)})
    messages = [(subject, body, None, [email]) for email in recipients.values_list("email", flat=True)]
    return send_mass_mail(messages) if messages else 0


def _by_district(notices: list[StaffNotice]) -> list[tuple[str, list[tuple[StaffNotice, str]]]]:
    groups: dict[str, list[tuple[StaffNotice, str]]] = {}
    for notice in notices:
        groups.setdefault(notice.district.name, []).append((notice, absolute_url(notice.path)))
    return sorted(groups.items())


def send_staff_summaries(*, now: datetime | None = None) -> int:
    """The daily summary for staff who chose it: what came in since their last summary, in
    their districts. Returns how many mails went out."""
    now = now or timezone.now()
    sent = 0
    people = get_user_model().objects.filter(is_active=True, staff_mail=DAILY, staffed_districts__isnull=False)
    for person in people.distinct():
        since = person.staff_summary_until or now - timedelta(days=1)
        notices = list(
            StaffNotice.objects.filter(
                district__in=person.staffed_districts.all(), created_at__gt=since, created_at__lte=now
            ).select_related("district")
        )
        person.staff_summary_until = now
        person.save(update_fields=["staff_summary_until"])
        if not notices or not person.email:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            body = render_to_string(
                "places/email/staff_summary.txt",
                {"person": person, "districts": _by_district(notices)},
            )
            subject = _("Neues in Ihren Ortsteilen: %(count)d Eingänge") % {"count": len(notices)}
        send_mail(subject, body, None, [person.email])
        sent += 1
    StaffNotice.objects.filter(created_at__lt=now - KEEP_NOTICES).delete()
    return sent
