"""Pages with a person's data and every CSV are kept by no cache (issue: trust, item 14)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.core.cache import cache
from django.urls import reverse

from quartier.events.services import register_for_event
from quartier.surveys.services import submit_survey
from tests import factories
from tests.surveys.conftest import make_survey


def assert_private(response: Any) -> None:
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def csv_rows(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def test_registration_link_and_participant_list_and_its_csv_are_private(client, as_user, staff_a, district_a):
    event = factories.make_event(district_a, registration_required=True, capacity=10)
    event_date = event.dates.get()
    registration = register_for_event(event_date=event_date, name="-Anna", email="=1+1@example.org", phone="+49 271")
    assert_private(client.get(registration.get_absolute_url()))
    staff = as_user(staff_a)
    assert_private(staff.get(f"/cockpit/termine/datum/{event_date.pk}/teilnehmende/"))
    response = staff.get(f"/cockpit/termine/datum/{event_date.pk}/teilnehmende.csv")
    assert_private(response)
    rows = csv_rows(response)
    assert rows[0][:3] == ["Status", "Warteliste", "Name"]
    # Every column is neutralised, the e-mail address and the phone number included.
    assert rows[1][2:5] == ["'-Anna", "'=1+1@example.org", "'+49 271"]


def test_inquiry_follow_up_inbox_detail_and_export_are_private(client, as_user, staff_a, district_a):
    category = factories.make_category("=Spielplätze")
    inquiry = factories.make_inquiry(district_a, category)
    assert_private(client.get(inquiry.get_private_url()))
    staff = as_user(staff_a)
    assert_private(staff.get(reverse("inquiries:inbox")))
    assert_private(staff.get(inquiry.get_absolute_url()))
    response = staff.get(reverse("inquiries:export"))
    assert_private(response)
    rows = csv_rows(response)
    assert rows[0][:4] == ["Nummer", "Eingegangen am", "Art", "Kategorie"]
    assert rows[1][0] == inquiry.number
    assert rows[1][3] == "'=Spielplätze"


def test_survey_csv_is_private_and_neutralised(as_user, staff_a, district_a):
    survey = make_survey(district_a)
    submit_survey(survey=survey, user=None, answers=[(survey.questions.get(position=4), [], "@SUMME(A1)")])
    response = as_user(staff_a).get(reverse("surveys:csv", kwargs={"pk": survey.pk}))
    assert_private(response)
    rows = csv_rows(response)
    assert rows[0][0] == "Antwort Nr."
    assert rows[1][4] == "'@SUMME(A1)"


def test_the_calendar_file_of_an_unpublished_event_is_never_publicly_cacheable(client, as_user, staff_a, district_a):
    event = factories.make_event(district_a, is_published=False)
    response = as_user(staff_a).get(f"/termine/{event.pk}/kalender.ics")
    assert_private(response)
    assert client.get(f"/termine/{event.pk}/kalender.ics").status_code == 404
    event.is_published = True
    event.save(update_fields=["is_published"])
    cache.clear()
    public = client.get(f"/termine/{event.pk}/kalender.ics")
    assert public["Cache-Control"] == "public, max-age=900"


def test_a_shift_sign_up_link_the_roster_its_csv_and_the_inspections_are_private(client, as_user, staff_a, district_a):
    from quartier.volunteering.services import sign_up

    call = factories.make_helper_call(district_a)
    entry = sign_up(shifts=list(call.shifts.all()), name="-Anna", email="anna@example.org", phone="+49 271").sign_ups[0]
    assert_private(client.get(entry.get_absolute_url()))
    staff = as_user(staff_a)
    assert_private(staff.get(reverse("volunteering:roster", kwargs={"pk": call.pk})))
    assert_private(staff.get(reverse("volunteering:inspections")))
    response = staff.get(reverse("volunteering:roster_csv", kwargs={"pk": call.pk}))
    assert_private(response)
    rows = csv_rows(response)
    assert rows[1][3] == "'-Anna"
    assert rows[1][5] == "'+49 271"
