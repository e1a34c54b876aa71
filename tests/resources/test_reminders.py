"""The daily job: reminders the day before pick-up and return, one notice when overdue; each once."""

from __future__ import annotations

from django.core import mail

from quartier.core import registry
from quartier.resources.models import BookingStatus
from quartier.resources.services import send_reminders
from tests.resources.conftest import at, book


def test_reminds_of_tomorrows_pickups_and_returns_and_overdue_items_once(
    resource, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://quartier.example.org"
    pickup = book(resource, at(1, 10), at(1, 12), email="abholen@example.org", name="Abholerin")
    giving_back = book(resource, at(-2, 10), at(1, 9), status=BookingStatus.HANDED_OVER, email="zurueck@example.org")
    book(resource, at(-5, 10), at(-4, 10), status=BookingStatus.HANDED_OVER, email="ueberfaellig@example.org")
    book(resource, at(3, 10), at(3, 12), email="spaeter@example.org")
    book(resource, at(1, 14), at(1, 16), status=BookingStatus.REQUESTED, email="angefragt@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 3
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"abholen@example.org", "zurueck@example.org", "ueberfaellig@example.org"}
    assert "Abholung morgen" in sent["abholen@example.org"].subject
    assert "Rückgabe morgen" in sent["zurueck@example.org"].subject
    assert "zurück" in sent["ueberfaellig@example.org"].subject
    assert "https://quartier.example.org" + resource.get_absolute_url() in sent["abholen@example.org"].body
    assert "Abholerin" in sent["abholen@example.org"].body

    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 0
    assert len(mail.outbox) == 3
    pickup.refresh_from_db()
    giving_back.refresh_from_db()
    assert pickup.pickup_reminded
    assert giving_back.return_reminded


def test_the_job_is_registered_for_the_worker():
    job = registry.jobs.get("booking_reminders")
    assert job.schedule == "0 9 * * *"
