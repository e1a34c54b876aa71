from __future__ import annotations

import threading

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from quartier.core.history import HistoryIsAppendOnly
from quartier.inquiries import services
from quartier.inquiries.models import Inquiry, InquiryEvent
from quartier.inquiries.privacy import export_inquiries
from tests import factories

Status = Inquiry.Status


def test_numbers_count_up_within_a_year_and_restart_with_the_next(district_a, category):
    with time_machine.travel("2026-12-31 12:00 +01:00", tick=False):
        first = factories.make_inquiry(district_a, category)
        second = factories.make_inquiry(district_a, category)
    with time_machine.travel("2027-01-02 12:00 +01:00", tick=False):
        third = factories.make_inquiry(district_a, category)
    assert (first.number, second.number, third.number) == ("2026-0001", "2026-0002", "2027-0001")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the in-memory SQLite test database locks whole tables; SQLite serialises writers anyway",
)
@pytest.mark.django_db(transaction=True)
def test_numbers_stay_unique_under_concurrent_submissions(district_a, category):
    count = 8
    barrier = threading.Barrier(count)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            numbers.append(factories.make_inquiry(district_a, category).number)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(numbers)) == count
    assert sorted(int(number.split("-")[1]) for number in numbers) == list(range(1, count + 1))


def test_states_move_along_and_every_change_is_in_the_history(inquiry_a, staff_a):
    for target in (Status.IN_PROGRESS, Status.WAITING, Status.ANSWERED, Status.CLOSED, Status.REOPENED):
        services.change_status(inquiry=inquiry_a, to=target, by=staff_a)
    inquiry_a.refresh_from_db()
    assert inquiry_a.status == Status.REOPENED
    assert inquiry_a.closed_at is None
    changes = list(inquiry_a.events.filter(kind=InquiryEvent.Kind.STATUS).values_list("from_status", "to_status"))
    assert changes[0] == (Status.NEW, Status.IN_PROGRESS)
    assert changes[-1] == (Status.CLOSED, Status.REOPENED)


def test_impossible_transition_is_refused(inquiry_a, staff_a):
    services.change_status(inquiry=inquiry_a, to=Status.CLOSED, by=staff_a)
    with pytest.raises(ValidationError):
        services.change_status(inquiry=inquiry_a, to=Status.ANSWERED, by=staff_a)


def test_history_entries_cannot_be_changed_or_deleted(inquiry_a):
    event = inquiry_a.events.get()
    event.body = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        event.save()
    with pytest.raises(HistoryIsAppendOnly):
        event.delete()
    with pytest.raises(HistoryIsAppendOnly):
        InquiryEvent.objects.filter(pk=event.pk).update(body="x")
    with pytest.raises(HistoryIsAppendOnly):
        InquiryEvent.objects.filter(pk=event.pk).delete()


def test_reply_sets_first_response_and_is_mailed_after_commit(
    inquiry_a, staff_a, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(inquiry=inquiry_a, body="Wir reparieren die Schaukel.", by=staff_a)
    inquiry_a.refresh_from_db()
    assert inquiry_a.status == Status.ANSWERED
    assert inquiry_a.first_response_at is not None
    assert len(mail.outbox) == 1
    assert "Wir reparieren die Schaukel." in mail.outbox[0].body
    assert inquiry_a.get_private_url() in mail.outbox[0].body


def test_internal_notes_are_never_mailed(inquiry_a, staff_a, immediate_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(inquiry=inquiry_a, body="Bauhof anrufen", by=staff_a)
    assert not mail.outbox


def test_status_change_the_sender_should_know_about_is_mailed(
    inquiry_a, staff_a, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(inquiry=inquiry_a, to=Status.IN_PROGRESS, by=staff_a)
    assert len(mail.outbox) == 1
    assert "In Bearbeitung" in mail.outbox[0].body


def test_sender_reply_reopens_a_closed_inquiry(inquiry_a, staff_a):
    services.change_status(inquiry=inquiry_a, to=Status.CLOSED, by=staff_a)
    services.reply_as_sender(inquiry=inquiry_a, body="Die Schaukel ist immer noch kaputt.")
    inquiry_a.refresh_from_db()
    assert inquiry_a.status == Status.REOPENED
    assert inquiry_a.events.filter(kind=InquiryEvent.Kind.SENDER_REPLY).exists()


def test_moving_to_another_district_notifies_its_staff(
    inquiry_a, staff_a, staff_b, district_b, immediate_tasks, django_capture_on_commit_callbacks
):
    other = factories.make_category("Straßen", code="strasse")
    with django_capture_on_commit_callbacks(execute=True):
        services.move(inquiry=inquiry_a, district=district_b, category=other, by=staff_a)
    inquiry_a.refresh_from_db()
    assert (inquiry_a.district, inquiry_a.category) == (district_b, other)
    assert [message.to for message in mail.outbox] == [[staff_b.email]]
    assert inquiry_a.number in mail.outbox[0].subject
    assert inquiry_a.events.filter(kind=InquiryEvent.Kind.MOVED).exists()


def test_assignment_is_kept_in_the_history(inquiry_a, staff_a):
    assert services.assign(inquiries=[inquiry_a], assignee=staff_a, by=staff_a) == 1
    assert services.assign(inquiries=[inquiry_a], assignee=staff_a, by=staff_a) == 0
    assert inquiry_a.events.filter(kind=InquiryEvent.Kind.ASSIGNED).count() == 1


def test_publication_needs_the_senders_consent(district_a, category, staff_a):
    inquiry = factories.make_inquiry(district_a, category, public_consent=False)
    with pytest.raises(ValidationError):
        services.set_publication(inquiry=inquiry, is_public=True, public_answer="", by=staff_a)
    question = factories.make_inquiry(district_a, category, kind=Inquiry.Kind.QUESTION)
    with pytest.raises(ValidationError):
        services.set_publication(inquiry=question, is_public=True, public_answer="", by=staff_a)


def test_privacy_export_lists_the_senders_inquiries(resident, district_a, category):
    inquiry = factories.make_inquiry(district_a, category, user=resident)
    exported = export_inquiries(resident)
    assert [item["number"] for item in exported] == [inquiry.number]
