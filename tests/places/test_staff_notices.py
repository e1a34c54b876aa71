"""District staff hear of new inquiries, reports, event proposals and ideas in their
districts: one e-mail per item, or one summary a day, as each chose in the profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from quartier.accounts.adapter import AccountAdapter
from quartier.core import registry
from quartier.events.services import propose_event
from quartier.participation import moderation
from quartier.participation.services import propose_idea
from quartier.places.models import StaffNotice
from quartier.places.notifications import send_staff_summaries
from tests import factories
from tests.participation.conftest import field_of_action

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _immediate(settings):
    settings.SITE_URL = "https://quartier.example.org"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _everything_new_in(district, resident):
    """A new inquiry, idea, report of that idea and event proposal in the district."""
    from quartier.events.models import Event

    factories.make_inquiry(district)
    idea = propose_idea(
        author=resident, title="Bänke am Bach", text="Zwei Bänke.", district=district, field_of_action=field_of_action()
    )
    moderation.report(reporter=factories.make_user(), reason="Werbung", idea=idea)
    start = timezone.now() + timedelta(days=3)
    proposal = Event(
        title="Flohmarkt",
        summary="Kurz.",
        venue="Schulhof",
        district=district,
        start=start,
        end=start + timedelta(hours=2),
    )
    propose_event(event=proposal, proposer=resident)


def _to(person) -> list:
    return [message for message in mail.outbox if message.to == [person.email]]


def test_staff_get_one_mail_per_new_item_in_their_districts_only(
    django_capture_on_commit_callbacks, district_a, staff_a, staff_b, resident
):
    with django_capture_on_commit_callbacks(execute=True):
        _everything_new_in(district_a, resident)
    subjects = [message.subject for message in _to(staff_a)]
    assert len(subjects) == 4
    for heading in ("Neues Anliegen", "Neue Idee", "Neue Meldung eines Inhalts", "Neuer Terminvorschlag"):
        assert any(subject.startswith(heading) for subject in subjects), heading
    assert all("https://quartier.example.org/" in message.body for message in _to(staff_a))
    assert not _to(staff_b)


def test_staff_who_chose_the_daily_summary_get_one_mail_a_day(
    django_capture_on_commit_callbacks, district_a, district_b, staff_a, staff_b, resident
):
    staff_a.staff_mail = "daily"
    staff_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        _everything_new_in(district_a, resident)
        _everything_new_in(district_b, factories.make_user())
    assert not _to(staff_a)  # nothing at once
    assert len(_to(staff_b)) == 4  # who chose one mail per item still gets them
    with time_machine.travel(timezone.now() + timedelta(hours=20)):
        assert send_staff_summaries() == 1
        assert send_staff_summaries() == 0  # the same items never twice
    [summary] = _to(staff_a)
    assert "Alchen" in summary.body
    assert "Bühl" not in summary.body
    assert summary.body.count("https://quartier.example.org/") == 4
    assert "staff_summaries" in registry.jobs
    assert registry.jobs.get("staff_summaries").schedule == "0 7 * * *"


def test_old_notices_are_deleted_by_the_summary_job(district_a, resident):
    factories.make_inquiry(district_a)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        send_staff_summaries()
    assert not StaffNotice.objects.exists()


def test_staff_choose_in_their_profile_residents_are_not_asked(as_user, staff_a, resident):
    page = as_user(staff_a).get("/konto/profil/").content.decode()
    assert 'name="staff_mail"' in page
    as_user(staff_a).post("/konto/profil/", {"name": staff_a.name, "staff_mail": "daily"})
    staff_a.refresh_from_db()
    assert staff_a.staff_mail == "daily"
    assert 'name="staff_mail"' not in as_user(resident).get("/konto/profil/").content.decode()


def test_staff_land_in_the_cockpit_after_signing_in_residents_on_their_profile(staff_a, coordinator, resident):
    request = RequestFactory().get("/")
    for person, landing in ((staff_a, "/cockpit/"), (coordinator, "/cockpit/"), (resident, "/konto/profil/")):
        request.user = person
        assert AccountAdapter(request).get_login_redirect_url(request) == landing


def test_what_came_in_waits_in_the_cockpit_of_the_districts_staff(as_user, district_a, staff_a, staff_b, resident):
    _everything_new_in(district_a, resident)
    mine = as_user(staff_a).get("/cockpit/").content.decode()
    for tile in ("Offene Anliegen", "Neu eingereicht", "Offene Meldungen", "Noch nicht veröffentlicht"):
        assert f"{tile}: <strong>1</strong>" in mine, tile
    theirs = as_user(staff_b).get("/cockpit/").content.decode()
    assert "Offene Anliegen: <strong>0</strong>" in theirs
