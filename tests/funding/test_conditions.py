"""Conditions of approval, reminders of every funding deadline (exactly once), the calendar of
deadlines with its private feed, and the mail on each step of the pipeline."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from quartier.funding.models import ApplicationChange, Condition, FeedToken, Reminder, Status
from quartier.funding.services import (
    add_condition,
    fulfil_condition,
    move_application,
    renew_feed_token,
    reopen_condition,
    send_deadline_reminders,
)
from quartier.network.models import Partnership
from tests import factories
from tests.conftest import signed_in
from tests.funding.conftest import make_application, make_programme
from tests.network.conftest import make_organisation

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _today() -> datetime.date:
    return timezone.localdate()


# Conditions


def test_a_condition_with_its_date_is_kept_with_history_fulfilled_and_reopened(staff_a, district_a):
    application = make_application(district_a, status=Status.APPROVED)
    condition = add_condition(application=application, text=" Schild aufstellen ", due=_today() + 30 * DAY, by=staff_a)
    assert condition.text == "Schild aufstellen"
    fulfil_condition(condition=condition, by=staff_a)
    condition.refresh_from_db()
    assert condition.fulfilled_on == _today()
    with pytest.raises(ValidationError, match="bereits"):
        fulfil_condition(condition=condition, by=staff_a)
    reopen_condition(condition=condition, by=staff_a)
    assert Condition.objects.open().count() == 1
    assert list(ApplicationChange.objects.values_list("action", flat=True)) == [
        "condition_added",
        "condition_fulfilled",
        "condition_reopened",
    ]


@pytest.mark.parametrize(
    ("status", "fields", "message"),
    [
        (Status.APPROVED, {"text": "Schild", "due": None}, "bis wann"),
        (Status.APPROVED, {"text": "  ", "due": datetime.date(2030, 1, 1)}, "beschreiben"),
        (Status.SUBMITTED, {"text": "Schild", "due": datetime.date(2030, 1, 1)}, "erst mit der Bewilligung"),
    ],
)
def test_a_condition_without_a_date_or_before_the_approval_is_refused(staff_a, district_a, status, fields, message):
    application = make_application(district_a, status=status)
    with pytest.raises(ValidationError, match=message):
        add_condition(application=application, by=staff_a, **fields)
    assert not Condition.objects.exists()
    assert not ApplicationChange.objects.exists()


def test_the_responsible_person_must_work_on_the_application(staff_a, staff_b, district_a):
    application = make_application(district_a, status=Status.APPROVED)
    with pytest.raises(ValidationError, match="Ortsteilen des Antrags"):
        add_condition(application=application, text="Schild", due=_today(), responsible=staff_b, by=staff_a)


def test_the_form_without_a_date_shows_the_message_and_keeps_the_text(staff_a, district_a):
    application = make_application(district_a, status=Status.APPROVED)
    response = signed_in(staff_a).post(
        f"/cockpit/foerdermittel/{application.pk}/auflagen/",
        {"condition-text": "Pressemitteilung", "condition-due": ""},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "bis wann die Auflage erfüllt sein muss" in content
    assert "Pressemitteilung" in content
    assert not Condition.objects.exists()


def test_staff_mark_a_condition_fulfilled_on_the_page_other_districts_cannot(staff_a, staff_b, district_a):
    application = make_application(district_a, status=Status.APPROVED)
    condition = add_condition(application=application, text="Schild", due=_today(), by=staff_a)
    url = f"/cockpit/foerdermittel/{application.pk}/auflagen/{condition.pk}/"
    assert signed_in(staff_b).post(url, {"action": "fulfil"}).status_code == 404
    assert signed_in(staff_a).post(url, {"action": "fulfil"}).status_code == 302
    condition.refresh_from_db()
    assert condition.fulfilled_on == _today()


# Reminders


def test_every_kind_of_deadline_is_reminded_once_to_the_responsible_staff(
    staff_a, district_a, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.FUNDING_REMINDER_DAYS = [14]
    today = _today()
    day = today + 14 * DAY
    colleague = factories.make_user(email="kollegin@example.org")
    district_a.staff.add(colleague)
    make_application(district_a, title="Einreichen", submission_deadline=day)
    make_application(district_a, title="Abrufen", status=Status.APPROVED, fund_call_due=day)
    make_application(district_a, title="Nachweisen", status=Status.FUNDS_CALLED, proof_due=day)
    approved = make_application(district_a, title="Auflagen", status=Status.APPROVED)
    add_condition(application=approved, text="Schild aufstellen", due=day, responsible=colleague, by=staff_a)
    add_condition(application=approved, text="Erfüllt", due=day, by=staff_a)
    fulfil_condition(condition=Condition.objects.get(text="Erfüllt"), by=staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(today=today) == 4
    bodies: dict[tuple[str, ...], list[str]] = {tuple(mail.to): [] for mail in mailoutbox}
    for mail in mailoutbox:
        bodies[tuple(mail.to)].append(mail.body)
    condition_mail = [body for body in bodies[(colleague.email,)] if "Schild aufstellen" in body]
    assert len(condition_mail) == 1  # the responsible person alone, not the whole district
    assert not any("Schild aufstellen" in body for body in bodies.get((staff_a.email,), []))
    assert any("Mittel abzurufen" in body for body in bodies[(staff_a.email,)])
    assert all(settings.SITE_URL in mail.body for mail in mailoutbox)
    # The job runs again (a second worker, a restart): nothing goes twice.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders(today=today) == 0
    assert not mailoutbox
    assert Reminder.objects.count() == 4


def test_the_reminder_job_is_registered():
    from quartier.core import registry

    assert registry.jobs.get("funding_reminders").run is not None


# The cockpit tile


def test_the_tile_counts_fund_calls_and_conditions_too(staff_a, staff_b, district_a):
    from quartier.funding.hooks import deadlines_ahead

    make_application(district_a, status=Status.APPROVED, fund_call_due=_today() + 5 * DAY)
    approved = make_application(district_a, status=Status.APPROVED)
    add_condition(application=approved, text="A", due=_today() + 3 * DAY, by=staff_a)
    add_condition(application=approved, text="B", due=_today() + 4 * DAY, by=staff_a)
    later = make_application(district_a, status=Status.APPROVED)
    add_condition(application=later, text="C", due=_today() + 40 * DAY, by=staff_a)
    assert deadlines_ahead(staff_a) == 2
    assert deadlines_ahead(staff_b) == 0


# The calendar and its feed


def _world(district_a, district_b, staff_a):
    today = _today()
    mine = make_application(district_a, title="Jugendraum", submission_deadline=today + 10 * DAY)
    approved = make_application(
        district_a,
        title="Dorffest",
        status=Status.FUNDS_CALLED,
        proof_due=today + 60 * DAY,
        fund_call_due=today + 20 * DAY,
    )
    add_condition(application=approved, text="Logo auf dem Plakat", due=today - 2 * DAY, by=staff_a)
    make_application(district_b, title="Fremder Antrag", submission_deadline=today + 5 * DAY)
    make_programme(name="Heimat-Scheck", deadline_kind="fixed", deadline=today + 30 * DAY, public=True)
    return mine, approved


def test_the_calendar_lists_what_the_person_may_see_in_date_order(staff_a, district_a, district_b):
    _world(district_a, district_b, staff_a)
    content = signed_in(staff_a).get("/cockpit/foerdermittel/fristen/").content.decode()
    rows = content.split("<tbody")[1].split("</tbody>")[0].split("<tr ")[1:]
    expected = [
        ("Logo auf dem Plakat", "Auflage"),
        ("Jugendraum", "Einreichungsfrist"),
        ("Dorffest", "Mittelabruf"),
        ("Heimat-Scheck", "Frist des Förderprogramms"),
        ("Dorffest", "Verwendungsnachweis"),
    ]
    assert len(rows) == len(expected)
    for row, (title, kind) in zip(rows, expected, strict=True):
        assert title in row
        assert kind in row
    assert "überfällig" in rows[0]
    assert "überfällig" not in rows[1]
    assert "Fremder Antrag" not in content


def test_the_calendar_keeps_its_query_count(staff_a, district_a, district_b, django_assert_max_num_queries):
    _world(district_a, district_b, staff_a)
    actor = type(staff_a).objects.get(pk=staff_a.pk)  # signing in marks staff_a as a request's user
    client = signed_in(staff_a)
    cache.clear()
    with django_assert_max_num_queries(30) as small:
        assert client.get("/cockpit/foerdermittel/fristen/").status_code == 200
    for number in range(30):
        application = make_application(
            district_a, title=f"Antrag {number}", status=Status.APPROVED, fund_call_due=_today() + number * DAY
        )
        add_condition(application=application, text=f"Auflage {number}", due=_today() + number * DAY, by=actor)
        make_programme(deadline_kind="fixed", deadline=_today() + number * DAY, public=True)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/cockpit/foerdermittel/fristen/")
    assert "Auflage 29" in response.content.decode()


def test_the_private_feed_shows_the_persons_deadlines_and_can_be_revoked(client, staff_a, district_a, district_b):
    _world(district_a, district_b, staff_a)
    staff = signed_in(staff_a)
    assert staff.post("/cockpit/foerdermittel/fristen/abo/", {"action": "renew"}).status_code == 302
    token = FeedToken.objects.get(user=staff_a)
    url = f"/foerdermittel/fristen/{token.token}.ics"
    assert url in staff.get("/cockpit/foerdermittel/fristen/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    summaries = sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert "Auflage: Logo auf dem Plakat" in summaries
    assert "Einreichungsfrist: Jugendraum" in summaries
    assert not any("Fremder Antrag" in summary for summary in summaries)
    # A new address replaces the old one; revoking ends it.
    staff.post("/cockpit/foerdermittel/fristen/abo/", {"action": "renew"})
    assert client.get(url).status_code == 404
    new_url = FeedToken.objects.get(user=staff_a).get_absolute_url()
    assert client.get(new_url).status_code == 200
    staff.post("/cockpit/foerdermittel/fristen/abo/", {"action": "revoke"})
    assert client.get(new_url).status_code == 404
    assert client.get("/foerdermittel/fristen/geraten.ics").status_code == 404


def test_a_feed_stops_when_the_staff_role_ends_and_residents_get_none(staff_a, resident, district_a):
    token = renew_feed_token(user=staff_a)
    district_a.staff.remove(staff_a)
    assert signed_in(resident).get(token.get_absolute_url()).status_code == 404
    with pytest.raises(Exception):  # noqa: B017, PT011
        renew_feed_token(user=resident)
    assert signed_in(resident).post("/cockpit/foerdermittel/fristen/abo/", {"action": "renew"}).status_code == 403
    assert not FeedToken.objects.filter(user=resident).exists()


# Mail on the steps of the pipeline


def test_a_step_mails_the_responsible_staff_and_the_applicants_partners_with_their_links(
    staff_a, staff_b, district_a, mailoutbox, settings, django_capture_on_commit_callbacks
):
    colleague = factories.make_user(email="kollege@example.org")
    district_a.staff.add(colleague)
    organisation = make_organisation(district_a)
    partner = factories.make_user(email="partner@example.org")
    Partnership.objects.create(organisation=organisation, email=partner.email, user=partner, accepted_at=timezone.now())
    pending = factories.make_user(email="eingeladen@example.org")
    Partnership.objects.create(organisation=organisation, email=pending.email, user=pending)
    application = make_application(district_a, status=Status.SUBMITTED, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        move_application(application=application, to=Status.APPROVED, amount=Decimal("900.00"), by=staff_a)
    to = {mail.to[0]: mail for mail in mailoutbox}
    assert set(to) == {colleague.email, partner.email}  # not the one who acted, not another district
    assert f"{settings.SITE_URL}/cockpit/foerdermittel/{application.pk}/" in to[colleague.email].body
    assert f"{settings.SITE_URL}/foerdermittel/meine-antraege/{application.pk}/" in to[partner.email].body
    assert "bewilligt" in to[partner.email].subject


def test_a_refused_step_sends_nothing(staff_a, district_a, mailoutbox, django_capture_on_commit_callbacks):
    colleague = factories.make_user()
    district_a.staff.add(colleague)
    application = make_application(district_a, status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        move_application(application=application, to=Status.APPROVED, by=staff_a)
    assert not mailoutbox


def test_a_fund_call_date_in_the_past_is_refused(staff_a, district_a):
    application = make_application(district_a, status=Status.SUBMITTED)
    with pytest.raises(ValidationError, match="Vergangenheit"):
        move_application(
            application=application, to=Status.APPROVED, amount=Decimal("900"), fund_call_due=_today() - DAY, by=staff_a
        )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


# Personal data


def test_the_export_names_what_the_person_did_and_the_erasure_unlinks_it(staff_a, district_a):
    from django.core.files.base import ContentFile

    from quartier.funding.models import Document
    from quartier.funding.privacy import erase_funding, export_funding
    from quartier.funding.services import add_document
    from tests.funding.conftest import pdf_bytes

    application = make_application(district_a, status=Status.APPROVED, title="Jugendraum")
    add_document(
        application=application, kind="approval", title="Bescheid", upload=ContentFile(pdf_bytes(), "b.pdf"), by=staff_a
    )
    add_condition(application=application, text="Schild", due=_today(), responsible=staff_a, by=staff_a)
    renew_feed_token(user=staff_a)
    data = export_funding(staff_a)
    assert data["funding_documents_uploaded"][0]["title"] == "Bescheid"
    assert data["funding_conditions_responsible"][0]["condition"] == "Schild"
    assert len(data["funding_application_changes"]) == 2
    assert len(data["funding_deadline_feed"]) == 1
    erase_funding(staff_a)
    assert Document.objects.get().uploaded_by is None
    assert Condition.objects.get().responsible is None
    assert not ApplicationChange.objects.filter(by=staff_a).exists()
    assert not FeedToken.objects.exists()
