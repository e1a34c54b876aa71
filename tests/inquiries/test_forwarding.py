"""Forwarding services: the forward, the department's answer, reminders, redaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from quartier.core.history import HistoryIsAppendOnly
from quartier.core.images import clean_image
from quartier.inquiries import forwarding, services
from quartier.inquiries.departments import Department, Forward
from quartier.inquiries.models import Inquiry, InquiryEvent
from tests import factories
from tests.images import image_bytes

State = Forward.State
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def bauhof(db, category):
    department = Department.objects.create(name="Bauhof", email="bauhof@example.org", response_days=3)
    department.categories.add(category)
    return department


def forward(inquiry, department, by, **fields):
    return forwarding.forward_inquiry(
        inquiry=inquiry,
        department=department,
        note=fields.get("note", "Bitte ansehen."),
        include_contact=fields.get("include_contact", False),
        by=by,
    )


def test_forward_is_in_the_history_with_the_contact_choice_and_mails_the_private_link(
    immediate_tasks, inquiry_a, bauhof, staff_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = forward(inquiry_a, bauhof, staff_a, include_contact=True)
    event = inquiry_a.events.get(kind=InquiryEvent.Kind.FORWARDED)
    assert event.author == staff_a
    assert event.body == "Bitte ansehen."
    assert event.data == {"forward": sent.pk, "department": "Bauhof", "include_contact": True}
    [message] = mail.outbox
    assert message.to == ["bauhof@example.org"]
    assert sent.get_private_url() in message.body
    assert message.body.count("http") == 1
    # The mail names nobody: the sender shows, if at all, on the linked page.
    assert "Paula" not in message.body
    assert "paula@example.org" not in message.body


def test_due_day_counts_the_departments_working_days():
    friday = datetime(2026, 3, 6, 10, tzinfo=BERLIN)
    # Three working days after a Friday: Mon, Tue, Wed; due at the start of Thursday.
    assert timezone.localtime(forwarding.forward_due(friday, 3)).replace(tzinfo=None) == datetime(2026, 3, 12, 0, 0)


def test_a_closed_inquiry_cannot_be_forwarded(inquiry_a, bauhof, staff_a):
    services.change_status(inquiry=inquiry_a, to=Inquiry.Status.CLOSED, by=staff_a)
    with pytest.raises(ValidationError, match="abgeschlossenes Anliegen"):
        forward(inquiry_a, bauhof, staff_a)
    assert not Forward.objects.exists()


def test_an_open_forward_to_the_same_department_is_not_sent_twice(inquiry_a, bauhof, staff_a):
    forward(inquiry_a, bauhof, staff_a)
    with pytest.raises(ValidationError, match="liegt schon bei Bauhof"):
        forward(inquiry_a, bauhof, staff_a)
    assert Forward.objects.count() == 1


def test_answers_are_history_entries_and_done_ends_the_forward(inquiry_a, bauhof, staff_a):
    sent = forward(inquiry_a, bauhof, staff_a)
    forwarding.answer_forward(forward=sent, state=State.IN_PROGRESS, answer="Wir schauen es uns an.")
    photo = clean_image(ContentFile(image_bytes(exif=True), name="fertig.jpg"))
    forwarding.answer_forward(forward=sent, state=State.DONE, answer="Repariert.", photo=photo)
    sent.refresh_from_db()
    assert sent.state == State.DONE
    assert sent.finished_at
    assert sent.answered_at < sent.finished_at
    assert sent.answer == "Repariert."
    assert sent.photo.name.startswith("forwards/")
    answers = inquiry_a.events.filter(kind=InquiryEvent.Kind.DEPARTMENT_ANSWER)
    assert [(e.data["state"], e.body, e.author) for e in answers] == [
        ("in_progress", "Wir schauen es uns an.", None),
        ("done", "Repariert.", None),
    ]
    with pytest.raises(HistoryIsAppendOnly):
        answers.first().delete()


def test_answering_a_finished_forward_again_is_refused_and_changes_nothing(inquiry_a, bauhof, staff_a):
    sent = forward(inquiry_a, bauhof, staff_a)
    forwarding.answer_forward(forward=sent, state=State.DONE, answer="Erledigt.")
    with pytest.raises(ValidationError, match="schon abgeschlossen"):
        forwarding.answer_forward(forward=sent, state=State.IN_PROGRESS, answer="Doch nicht.")
    sent.refresh_from_db()
    assert (sent.state, sent.answer) == (State.DONE, "Erledigt.")
    assert inquiry_a.events.filter(kind=InquiryEvent.Kind.DEPARTMENT_ANSWER).count() == 1


def test_not_responsible_needs_a_reason_and_returns_the_inquiry_with_a_flag(inquiry_a, bauhof, staff_a):
    sent = forward(inquiry_a, bauhof, staff_a)
    with pytest.raises(ValidationError, match="Grund"):
        forwarding.answer_forward(forward=sent, state=State.NOT_RESPONSIBLE, answer="  ")
    forwarding.answer_forward(forward=sent, state=State.NOT_RESPONSIBLE, answer="Das macht der Kreis.")
    inquiry_a.refresh_from_db()
    assert inquiry_a.returned_by_department
    # Forwarding again (to the right office) takes the flag away.
    county = Department.objects.create(name="Kreis", email="kreis@example.org")
    forward(inquiry_a, county, staff_a)
    inquiry_a.refresh_from_db()
    assert not inquiry_a.returned_by_department


def test_overdue_forwards_are_reminded_once(
    immediate_tasks, inquiry_a, bauhof, staff_a, django_capture_on_commit_callbacks
):
    sent = forward(inquiry_a, bauhof, staff_a)
    mail.outbox.clear()
    assert forwarding.remind_overdue_forwards(now=sent.due_at - timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert forwarding.remind_overdue_forwards(now=sent.due_at + timedelta(minutes=1)) == 1
    assert forwarding.remind_overdue_forwards(now=sent.due_at + timedelta(days=3)) == 0
    [message] = mail.outbox
    assert "Erinnerung" in message.subject
    assert sent.get_private_url() in message.body
    assert inquiry_a.events.filter(kind=InquiryEvent.Kind.DEPARTMENT_REMINDED).count() == 1


def test_finished_forwards_are_not_reminded(inquiry_a, bauhof, staff_a):
    sent = forward(inquiry_a, bauhof, staff_a)
    forwarding.answer_forward(forward=sent, state=State.DONE, answer="Erledigt.")
    assert forwarding.remind_overdue_forwards(now=sent.due_at + timedelta(days=1)) == 0


def test_the_reminder_is_a_registered_job():
    from quartier.core import registry

    assert "remind_departments" in registry.jobs
    assert "redact_forwards" in registry.jobs


def test_forwards_of_anonymised_inquiries_lose_their_texts_photo_and_link(settings, inquiry_a, bauhof, staff_a):
    sent = forward(inquiry_a, bauhof, staff_a, note="Frau Privat bitte anrufen.")
    photo = clean_image(ContentFile(image_bytes(), name="x.jpg"))
    forwarding.answer_forward(forward=sent, state=State.DONE, answer="Erledigt.", photo=photo)
    services.change_status(inquiry=inquiry_a, to=Inquiry.Status.CLOSED, by=staff_a)
    Inquiry.objects.filter(pk=inquiry_a.pk).update(closed_at=timezone.now() - timedelta(days=1000))
    services.anonymise_expired()
    assert forwarding.redact_forwards_of_anonymised() == 1
    sent.refresh_from_db()
    assert (sent.note, sent.answer, sent.photo.name, sent.token) == ("", "", "", f"redacted-{sent.pk}")
    assert forwarding.redact_forwards_of_anonymised() == 0


def test_the_category_suggests_its_usual_department(category, bauhof):
    Department.objects.create(name="Anderes Amt", email="amt@example.org")
    assert Department.objects.suggested_for(category) == bauhof
    bauhof.is_active = False
    bauhof.save(update_fields=["is_active"])
    assert Department.objects.suggested_for(category) is None
    assert Department.objects.suggested_for(factories.make_category(unique=True)) is None
