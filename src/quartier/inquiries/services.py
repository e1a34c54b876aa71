"""Every change of an inquiry's state: each runs in one transaction and writes its history entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.accounts.models import User
from quartier.inquiries import notifications
from quartier.inquiries.models import (
    ApiKey,
    Category,
    Inquiry,
    InquiryEvent,
    ReferenceCounter,
)
from quartier.places.models import District
from quartier.places.notifications import tell_district_staff

Status = Inquiry.Status

TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.IN_PROGRESS, Status.WAITING, Status.ANSWERED, Status.CLOSED},
    Status.IN_PROGRESS: {Status.WAITING, Status.ANSWERED, Status.CLOSED},
    Status.WAITING: {Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED},
    Status.ANSWERED: {Status.IN_PROGRESS, Status.CLOSED, Status.REOPENED},
    Status.CLOSED: {Status.REOPENED},
    Status.REOPENED: {Status.IN_PROGRESS, Status.WAITING, Status.ANSWERED, Status.CLOSED},
}
# Changes of state the sender hears about by e-mail (an answer comes with its own mail).
SENDER_NOTIFIED = {Status.IN_PROGRESS, Status.WAITING, Status.CLOSED, Status.REOPENED}


def allowed_transitions(inquiry: Inquiry) -> list[tuple[str, Any]]:
    targets = TRANSITIONS[inquiry.status]
    return [(value, label) for value, label in Status.choices if value in targets]


def next_number(year: int) -> str:
    """The next reference number of the year, e.g. 2026-0042; unique also under concurrent requests.

    The counter row is created if missing (a concurrent creator is ignored), then
    incremented in place: the UPDATE locks the row until the transaction ends.
    """
    with transaction.atomic():
        ReferenceCounter.objects.bulk_create([ReferenceCounter(year=year, last=0)], ignore_conflicts=True)
        ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
        last = ReferenceCounter.objects.values_list("last", flat=True).get(year=year)
    return f"{year}-{last:04d}"


def _on_commit_mail(inquiry: Inquiry, template: str, event: InquiryEvent | None = None) -> None:
    if inquiry.email and not inquiry.anonymised_at:
        event_id = event.pk if event else None
        transaction.on_commit(lambda: notifications.send_sender_mail.enqueue(inquiry.pk, template, event_id))


def _event(inquiry: Inquiry, kind: str, *, by: User | None = None, **fields: Any) -> InquiryEvent:
    return InquiryEvent.objects.create(inquiry=inquiry, kind=kind, author=by, **fields)


@dataclass(kw_only=True)
class NewInquiry:
    kind: str
    category: Category
    district: District
    text: str
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    public_consent: bool = False
    photo: ContentFile | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def submit_inquiry(
    *,
    data: NewInquiry,
    channel: str = Inquiry.Channel.WEB,
    user: User | None = None,
    recorded_by: User | None = None,
    api_key: ApiKey | None = None,
) -> Inquiry:
    """File an inquiry with a fresh reference number; the sender gets a confirmation with their private link."""
    now = timezone.now()
    inquiry = Inquiry(
        number=next_number(timezone.localtime(now).year),
        kind=data.kind,
        category=data.category,
        district=data.district,
        text=data.text,
        name=data.name,
        email=data.email,
        phone=data.phone,
        address=data.address,
        latitude=data.latitude,
        longitude=data.longitude,
        public_consent=data.public_consent,
        user=user if user and user.is_authenticated else None,
        channel=channel,
        recorded_by=recorded_by,
        api_key=api_key,
        consent_at=now,
        created_at=now,
    )
    if data.photo is not None:
        inquiry.photo.save(data.photo.name or "photo", data.photo, save=False)
        inquiry.photo_type = (inquiry.photo.name or "").rsplit(".", 1)[-1]
    inquiry.save()
    _event(inquiry, InquiryEvent.Kind.CREATED, by=recorded_by, to_status=inquiry.status, data={"channel": channel})
    _on_commit_mail(inquiry, "confirmation")
    tell_district_staff(
        district=inquiry.district,
        kind="inquiry",
        heading=_("Neues Anliegen"),
        title=f"{inquiry.number} ({inquiry.category.name})",
        target=inquiry,
    )
    return inquiry


def _locked(inquiry: Inquiry) -> Inquiry:
    return Inquiry.objects.select_for_update().select_related("district", "category").get(pk=inquiry.pk)


@transaction.atomic
def change_status(*, inquiry: Inquiry, to: str, by: User | None, notify: bool = True) -> Inquiry:
    """Move the inquiry along new → in progress → waiting → answered → closed (or reopen it)."""
    inquiry = _locked(inquiry)
    if to not in TRANSITIONS[inquiry.status]:
        raise ValidationError(_("Dieser Statuswechsel ist nicht möglich."), code="transition")
    before = inquiry.status
    inquiry.status = to
    fields = ["status", "updated_at"]
    if to == Status.CLOSED:
        inquiry.closed_at = timezone.now()
        fields.append("closed_at")
    elif before == Status.CLOSED:
        inquiry.closed_at = None
        fields.append("closed_at")
    inquiry.save(update_fields=fields)
    event = _event(inquiry, InquiryEvent.Kind.STATUS, by=by, from_status=before, to_status=to)
    if notify and to in SENDER_NOTIFIED:
        _on_commit_mail(inquiry, "status", event)
    return inquiry


@transaction.atomic
def assign(*, inquiries: list[Inquiry], assignee: User | None, by: User) -> int:
    """Give inquiries to a colleague (or to nobody); unchanged ones get no history entry."""
    changed = 0
    for inquiry in Inquiry.objects.select_for_update().filter(pk__in=[i.pk for i in inquiries]):
        if inquiry.assignee_id == (assignee.pk if assignee else None):
            continue
        inquiry.assignee = assignee
        inquiry.save(update_fields=["assignee", "updated_at"])
        _event(
            inquiry,
            InquiryEvent.Kind.ASSIGNED,
            by=by,
            data={"assignee": assignee.public_name if assignee else ""},
        )
        changed += 1
    return changed


def add_note(*, inquiry: Inquiry, body: str, by: User) -> InquiryEvent:
    """An internal note: staff only, never shown or sent to the sender."""
    return _event(inquiry, InquiryEvent.Kind.NOTE, by=by, body=body)


@transaction.atomic
def reply(*, inquiry: Inquiry, body: str, by: User, status: str = Status.ANSWERED) -> InquiryEvent:
    """Answer the sender: kept in the history, shown on the private page and e-mailed."""
    inquiry = _locked(inquiry)
    event = _event(inquiry, InquiryEvent.Kind.REPLY, by=by, body=body)
    if inquiry.first_response_at is None:
        inquiry.first_response_at = event.created_at
        inquiry.save(update_fields=["first_response_at", "updated_at"])
    if status != inquiry.status and status in TRANSITIONS[inquiry.status]:
        change_status(inquiry=inquiry, to=status, by=by, notify=False)
    _on_commit_mail(inquiry, "reply", event)
    return event


@transaction.atomic
def reply_as_sender(*, inquiry: Inquiry, body: str) -> InquiryEvent:
    """The sender answers on their private page; a closed or answered inquiry opens again."""
    inquiry = _locked(inquiry)
    event = _event(inquiry, InquiryEvent.Kind.SENDER_REPLY, body=body)
    if inquiry.status in {Status.CLOSED, Status.ANSWERED}:
        change_status(inquiry=inquiry, to=Status.REOPENED, by=None, notify=False)
    elif inquiry.status == Status.WAITING:
        change_status(inquiry=inquiry, to=Status.IN_PROGRESS, by=None, notify=False)
    return event


@transaction.atomic
def move(*, inquiry: Inquiry, district: District, category: Category, by: User) -> Inquiry:
    """Hand the inquiry to another district or category; the new district's staff hear of it."""
    inquiry = _locked(inquiry)
    before = {"district": inquiry.district.name, "category": inquiry.category.name}
    if inquiry.district_id == district.pk and inquiry.category_id == category.pk:
        return inquiry
    district_changed = inquiry.district_id != district.pk
    inquiry.district = district
    inquiry.category = category
    inquiry.save(update_fields=["district", "category", "updated_at"])
    _event(
        inquiry,
        InquiryEvent.Kind.MOVED,
        by=by,
        data={"from": before, "to": {"district": district.name, "category": category.name}},
    )
    if district_changed:
        inquiry_id = inquiry.pk
        transaction.on_commit(lambda: notifications.notify_district_staff.enqueue(inquiry_id))
    return inquiry


@transaction.atomic
def set_publication(*, inquiry: Inquiry, is_public: bool, public_answer: str, by: User) -> Inquiry:
    """Show a suggestion or problem report publicly, only where the sender agreed."""
    inquiry = _locked(inquiry)
    if is_public and not inquiry.can_be_public:
        raise ValidationError(
            _("Nur Anregungen und Hinweise, deren Veröffentlichung erlaubt wurde, können öffentlich werden."),
            code="no_consent",
        )
    inquiry.is_public = is_public
    inquiry.public_answer = public_answer
    inquiry.save(update_fields=["is_public", "public_answer", "updated_at"])
    _event(inquiry, InquiryEvent.Kind.PUBLISHED, by=by, data={"is_public": is_public})
    return inquiry


@transaction.atomic
def anonymise_expired(*, now: datetime | None = None) -> int:
    """Remove the personal data of inquiries closed longer ago than the retention period.

    Kind, category, district, channel, status and every date stay, so the figures of
    the yearly report do not change. A public inquiry keeps its approved text.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.INQUIRY_RETENTION_DAYS)
    expired = list(
        Inquiry.objects.select_for_update().filter(
            status=Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
        )
    )
    for inquiry in expired:
        if inquiry.photo:
            inquiry.photo.delete(save=False)
        inquiry.name = inquiry.email = inquiry.phone = inquiry.photo_type = ""
        inquiry.photo = ""
        inquiry.user = None
        inquiry.token = f"anonymised-{inquiry.pk}"  # the private link stops working
        if not inquiry.is_public:
            inquiry.text = ""
            inquiry.address = ""
            inquiry.latitude = inquiry.longitude = None
        inquiry.anonymised_at = now or timezone.now()
        inquiry.save(
            update_fields=[
                "name",
                "email",
                "phone",
                "photo",
                "photo_type",
                "user",
                "token",
                "text",
                "address",
                "latitude",
                "longitude",
                "anonymised_at",
            ]
        )
        InquiryEvent.objects.filter(inquiry=inquiry).redact_for_retention()
        _event(inquiry, InquiryEvent.Kind.ANONYMISED)
    return len(expired)
