from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from quartier.core import registry
from quartier.volunteering.services import cancel_sign_up, send_reminders, sign_up
from tests import factories

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def test_the_day_before_each_shift_its_helpers_get_one_reminder_with_place_contact_and_link(
    district_a, django_capture_on_commit_callbacks
):
    tomorrow = factories.make_helper_call(
        district_a, start=_at(1, 10), contact_name="Frau Markt", contact_phone="0271 5", cancel_hours=0
    )  # cancelling stays open until the start, whatever the time of day the test runs
    later = factories.make_helper_call(district_a, start=_at(3, 10))
    entry = sign_up(shifts=list(tomorrow.shifts.all()), name="A", email="a@example.org").sign_ups[0]
    gone = sign_up(shifts=list(tomorrow.shifts.all()), name="B", email="b@example.org").sign_ups[0]
    cancel_sign_up(sign_up=gone, notify=False)
    sign_up(shifts=list(tomorrow.shifts.all()), name="V", email="v@example.org", email_confirmed=False)
    sign_up(shifts=list(later.shifts.all()), name="C", email="c@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1
    assert [message.to for message in mail.outbox] == [["a@example.org"]]
    body = mail.outbox[0].body
    assert "Marktplatz" in body
    assert "Frau Markt, 0271 5" in body
    assert entry.get_absolute_url() in body
    assert send_reminders() == 0  # once only


def test_the_reminder_job_is_registered_with_the_worker():
    job = registry.jobs.get("remind_shift_helpers")
    assert job.schedule == "0 9 * * *"


def test_each_shift_has_an_ics_entry_and_the_call_a_feed(client, district_a):
    call = factories.make_helper_call(district_a, shifts=2, title="Frühlingsmarkt")
    factories.make_helper_call(district_a, title="Entwurf", is_published=False)
    first = call.shifts.order_by("start").first()
    response = client.get(reverse("volunteering:feed_shift", kwargs={"pk": call.pk, "shift_pk": first.pk}))
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["summary"]) == "Frühlingsmarkt"
    assert events[0].decoded("dtstart") == first.start
    assert "Marktplatz" in str(events[0]["location"])
    feed = Calendar.from_ical(client.get(reverse("volunteering:feed_call", kwargs={"pk": call.pk})).content)
    assert len(feed.walk("VEVENT")) == 2
    everything = Calendar.from_ical(client.get(reverse("volunteering:feed_all")).content)
    assert {str(event["summary"]) for event in everything.walk("VEVENT")} == {"Frühlingsmarkt"}
