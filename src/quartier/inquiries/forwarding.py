"""Handing an inquiry to a department and getting its answer back: every change runs in one
transaction, writes its entry in the inquiry's history and sends its mail on commit."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from quartier.accounts.models import User
from quartier.core.links import absolute_url
from quartier.inquiries.deadlines import add_working_days
from quartier.inquiries.departments import Department, Forward
from quartier.inquiries.models import Inquiry, InquiryEvent

State = Forward.State


def forward_due(sent_at: datetime, working_days: int) -> datetime:
    """The start of the day after the department's last working day for an answer."""
    last_day = add_working_days(timezone.localtime(sent_at).date(), working_days)
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


def _mail_on_commit(forward: Forward, template: str) -> None:
    forward_id = forward.pk
    transaction.on_commit(lambda: send_department_mail.enqueue(forward_id, template))


@transaction.atomic
def forward_inquiry(*, inquiry: Inquiry, department: Department, note: str, include_contact: bool, by: User) -> Forward:
    """Hand the inquiry to a department with a note; it gets an e-mail with its private link.
    The sender's name and contact go along only when staff choose so (recorded in the history)."""
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.is_closed:
        raise ValidationError(
            _("Ein abgeschlossenes Anliegen kann nicht weitergeleitet werden. Öffnen Sie es zuerst wieder."),
            code="closed",
        )
    if not department.is_active:
        raise ValidationError(_("Diese Fachstelle ist nicht mehr aktiv."), code="inactive")
    if inquiry.forwards.open().filter(department=department).exists():
        raise ValidationError(
            _("Das Anliegen liegt schon bei %(department)s und ist dort noch nicht erledigt."),
            code="duplicate",
            params={"department": department.name},
        )
    now = timezone.now()
    forward = Forward.objects.create(
        inquiry=inquiry,
        department=department,
        note=note,
        include_contact=include_contact,
        sent_at=now,
        due_at=forward_due(now, department.response_days),
    )
    if inquiry.returned_by_department:
        inquiry.returned_by_department = False
        inquiry.save(update_fields=["returned_by_department", "updated_at"])
    InquiryEvent.objects.create(
        inquiry=inquiry,
        kind=InquiryEvent.Kind.FORWARDED,
        author=by,
        body=note,
        data={"forward": forward.pk, "department": department.name, "include_contact": include_contact},
    )
    _mail_on_commit(forward, "forward")
    return forward


@transaction.atomic
def answer_forward(*, forward: Forward, state: str, answer: str, photo: ContentFile | None = None) -> Forward:
    """The department's answer through its link. "Done" and "not responsible" end the forward;
    "not responsible" needs a reason and returns the inquiry to the inbox with a flag."""
    forward = Forward.objects.select_for_update().select_related("inquiry", "department").get(pk=forward.pk)
    if not forward.is_open:
        raise ValidationError(
            _(
                "Diese Weiterleitung ist schon abgeschlossen (%(state)s). Ihre Eingabe wurde nicht gespeichert; "
                "bitte wenden Sie sich direkt an die Anlaufstelle."
            ),
            code="finished",
            params={"state": forward.get_state_display()},
        )
    if state not in State.values or state == State.SENT:
        raise ValidationError(_("Bitte wählen Sie einen Stand."), code="state")
    if state == State.NOT_RESPONSIBLE and not answer.strip():
        raise ValidationError(_("Bitte nennen Sie einen Grund, warum Sie nicht zuständig sind."), code="reason")
    now = timezone.now()
    forward.state = state
    fields = ["state"]
    if answer.strip():
        forward.answer = answer
        fields.append("answer")
    if photo is not None:
        if forward.photo:
            old, storage = forward.photo.name or "", forward.photo.storage
            transaction.on_commit(lambda: storage.delete(old))
        forward.photo.save(photo.name or "photo.jpg", photo, save=False)
        fields.append("photo")
    if forward.answered_at is None:
        forward.answered_at = now
        fields.append("answered_at")
    if state in Forward.FINAL_STATES:
        forward.finished_at = now
        fields.append("finished_at")
    forward.save(update_fields=fields)
    inquiry = forward.inquiry
    InquiryEvent.objects.create(
        inquiry=inquiry,
        kind=InquiryEvent.Kind.DEPARTMENT_ANSWER,
        body=answer,
        data={
            "forward": forward.pk,
            "department": forward.department.name,
            "state": state,
            "photo": photo is not None,
        },
    )
    if state == State.NOT_RESPONSIBLE:
        Inquiry.objects.filter(pk=inquiry.pk).update(returned_by_department=True, updated_at=now)
    return forward


@transaction.atomic
def remind_overdue_forwards(*, now: datetime | None = None) -> int:
    """Remind each department once of a forward it has not finished by the expected day."""
    now = now or timezone.now()
    due = list(
        Forward.objects.overdue(now)
        .filter(reminded_at__isnull=True, inquiry__closed_at__isnull=True)
        .select_for_update()
        .select_related("department")
    )
    for forward in due:
        forward.reminded_at = now
        forward.save(update_fields=["reminded_at"])
        InquiryEvent.objects.create(
            inquiry_id=forward.inquiry_id,
            kind=InquiryEvent.Kind.DEPARTMENT_REMINDED,
            data={"forward": forward.pk, "department": forward.department.name},
        )
        _mail_on_commit(forward, "reminder")
    return len(due)


@transaction.atomic
def redact_forwards_of_anonymised() -> int:
    """When an inquiry's personal data is removed at the end of the retention period, its forwards
    lose the note, the answer and the photo too, and their links stop working."""
    forwards = list(
        Forward.objects.select_for_update()
        .filter(inquiry__anonymised_at__isnull=False)
        .exclude(token__startswith="redacted-")  # noqa: S106 - a marker, not a secret
    )
    for forward in forwards:
        if forward.photo:
            forward.photo.delete(save=False)
        forward.note = forward.answer = ""
        forward.photo = ""
        forward.token = f"redacted-{forward.pk}"
        forward.save(update_fields=["note", "answer", "photo", "token"])
    return len(forwards)


SUBJECTS = {
    "forward": _("Anliegen %(number)s: Bitte um Bearbeitung"),
    "reminder": _("Erinnerung: Anliegen %(number)s wartet auf Ihre Antwort"),
}


@task()
def send_department_mail(forward_id: int, template: str) -> None:
    """E-mail the department its private link. The mail names no sender: who the sender is shows,
    if at all, only on the linked page."""
    forward = (
        Forward.objects.select_related("inquiry__category", "inquiry__district", "department")
        .filter(pk=forward_id)
        .first()
    )
    if forward is None or not forward.is_open:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"inquiries/email/department_{template}.txt",
            {"forward": forward, "inquiry": forward.inquiry, "url": absolute_url(forward.get_private_url())},
        )
        subject = str(SUBJECTS[template]) % {"number": forward.inquiry.number}
    send_mail(subject, body, None, [forward.department.email])
