from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quartier.volunteering.hooks import district_calls, shifts_lacking_people
from quartier.volunteering.models import CallHistory, HelperCall, SignUp, SignUpStatus
from quartier.volunteering.services import remove_sign_up, sign_up
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _pattern_post(district, **overrides):
    data = {
        "call-title": "Frühlingsmarkt",
        "call-text": "Kuchenstand",
        "call-district": district.pk,
        "call-contact_name": "Frau Markt",
        "call-cancel_hours": 24,
        "call-is_published": "on",
        "pattern-first_day": "2031-04-05",
        "pattern-days": 2,
        "pattern-first_start": "09:00",
        "pattern-shifts_per_day": 3,
        "pattern-hours": "3",
        "pattern-people_needed": 4,
        "pattern-place": "Marktplatz",
    }
    return {**data, **overrides}


def test_staff_create_a_call_with_its_shift_pattern_in_one_form(district_a, staff_a):
    client = signed_in(staff_a)
    response = client.post(reverse("volunteering:create"), _pattern_post(district_a))
    call = HelperCall.objects.get()
    assert response.status_code == 302
    assert call.shifts.count() == 6
    assert call.created_by == staff_a


def test_staff_cannot_create_a_call_for_another_district(district_a, district_b, staff_b):
    response = signed_in(staff_b).post(reverse("volunteering:create"), _pattern_post(district_a))
    assert response.status_code == 400
    assert "nur Gesuche für Ihre Ortsteile" in response.content.decode()
    assert not HelperCall.objects.exists()


def test_a_pattern_running_past_midnight_is_refused(district_a, staff_a):
    response = signed_in(staff_a).post(
        reverse("volunteering:create"), _pattern_post(district_a, **{"pattern-first_start": "20:00"})
    )
    assert response.status_code == 400
    assert "am selben Tag enden" in response.content.decode()
    assert not HelperCall.objects.exists()


def test_shift_form_refuses_an_end_before_the_start_and_fewer_people_than_signed_up(district_a, staff_a):
    call = factories.make_helper_call(district_a, people_needed=3)
    shift = call.shifts.get()
    sign_up(shifts=[shift], name="A", email="a@example.org")
    sign_up(shifts=[shift], name="B", email="b@example.org")
    client = signed_in(staff_a)
    url = reverse("volunteering:shift_edit", kwargs={"pk": shift.pk})
    start = timezone.localtime(shift.start)
    data = {"start": f"{start:%Y-%m-%dT%H:%M}", "end": f"{start - timedelta(hours=1):%Y-%m-%dT%H:%M}", "place": "X"}
    response = client.post(url, {**data, "people_needed": 3})
    assert response.status_code == 400
    assert "Eine Schicht muss nach ihrem Beginn enden." in response.content.decode()
    data["end"] = f"{start + timedelta(hours=1):%Y-%m-%dT%H:%M}"
    response = client.post(url, {**data, "people_needed": 1})
    assert response.status_code == 400
    assert "Es sind schon 2 Personen eingetragen" in response.content.decode()
    shift.refresh_from_db()
    assert (shift.people_needed, shift.place) == (3, "Marktplatz")


def test_roster_print_view_and_formula_safe_csv(district_a, staff_a):
    call = factories.make_helper_call(district_a)
    sign_up(shifts=list(call.shifts.all()), name="=HYPERLINK(1)", email="a@example.org", phone="0271 1")
    client = signed_in(staff_a)
    page = client.get(reverse("volunteering:roster", kwargs={"pk": call.pk}) + "?druck=1")
    assert "=HYPERLINK(1)" in page.content.decode()
    response = client.get(reverse("volunteering:roster_csv", kwargs={"pk": call.pk}))
    body = response.getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body
    assert "a@example.org" in body


def test_staff_of_another_district_cannot_act_on_a_sign_up_by_guessing_its_number(district_a, staff_a, staff_b):
    call = factories.make_helper_call(district_a)
    entry = sign_up(shifts=list(call.shifts.all()), name="A", email="a@example.org").sign_ups[0]
    url = reverse("volunteering:sign_up_action", kwargs={"pk": entry.pk})
    assert signed_in(staff_b).post(url, {"action": "remove"}).status_code == 403
    assert signed_in(staff_b).post(reverse("volunteering:copy", kwargs={"pk": call.pk})).status_code == 403
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.CONFIRMED
    assert HelperCall.objects.count() == 1
    assert signed_in(staff_a).post(url, {"action": "remove"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.REMOVED


def test_staff_sign_someone_up_on_their_behalf(district_a, staff_a):
    call = factories.make_helper_call(district_a)
    shift = call.shifts.get()
    response = signed_in(staff_a).post(
        reverse("volunteering:on_behalf", kwargs={"pk": call.pk}),
        {"shifts": [shift.pk], "name": "Otto Telefon", "email": "otto@example.org"},
    )
    assert response.status_code == 302
    entry = SignUp.objects.get()
    assert (entry.name, entry.registered_by, entry.status) == ("Otto Telefon", staff_a, SignUpStatus.CONFIRMED)


def test_the_cockpit_list_shows_only_the_staff_members_districts(district_a, district_b, staff_b, coordinator):
    factories.make_helper_call(district_a, title="Markt in Alchen")
    factories.make_helper_call(district_b, title="Café in Bühl")
    page = signed_in(staff_b).get(reverse("volunteering:cockpit")).content.decode()
    assert "Café in Bühl" in page
    assert "Markt in Alchen" not in page
    page = signed_in(coordinator).get(reverse("volunteering:cockpit")).content.decode()
    assert "Café in Bühl" in page
    assert "Markt in Alchen" in page


def test_the_tile_counts_shifts_of_the_next_7_days_that_lack_people(district_a, district_b, staff_a, coordinator):
    soon = factories.make_helper_call(district_a, shifts=2, people_needed=1)
    factories.make_helper_call(district_a, start=timezone.now() + timedelta(days=9))
    factories.make_helper_call(district_b)
    sign_up(shifts=[soon.shifts.order_by("start").first()], name="A", email="a@example.org")
    assert shifts_lacking_people(staff_a) == 1
    assert shifts_lacking_people(coordinator) == 2


def test_the_district_page_section_lists_open_calls_only(district_a, rf):
    assert district_calls(rf.get("/"), district_a) == ""
    factories.make_helper_call(district_a, title="Café international")
    factories.make_helper_call(district_a, title="Entwurf", is_published=False)
    html = district_calls(rf.get("/"), district_a)
    assert "Café international" in html
    assert "Entwurf" not in html


def test_a_message_to_all_helpers_of_a_call_goes_through_the_worker_with_the_calls_link(
    district_a, staff_a, staff_b, django_capture_on_commit_callbacks
):
    call = factories.make_helper_call(district_a, shifts=2)
    first, second = call.shifts.order_by("start")
    sign_up(shifts=[first, second], name="A", email="a@example.org")
    sign_up(shifts=[second], name="B", email="b@example.org")
    gone = sign_up(shifts=[first], name="C", email="c@example.org").sign_ups[0]
    remove_sign_up(sign_up=gone, by=staff_a)
    mail.outbox.clear()
    url = reverse("volunteering:message", kwargs={"pk": call.pk})
    data = {"subject": "Treffpunkt", "body": "Wir treffen uns am Zelt."}
    assert signed_in(staff_b).post(url, data).status_code == 403
    response = signed_in(staff_a).post(url, {"subject": "", "body": ""})
    assert response.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert signed_in(staff_a).post(url, data).status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "Wir treffen uns am Zelt." in mail.outbox[0].body
    assert call.get_absolute_url() in mail.outbox[0].body
    assert CallHistory.objects.filter(call=call, kind=CallHistory.Kind.MESSAGED, actor=staff_a).exists()


def test_staff_of_the_district_publish_a_call_and_take_it_back(district_a, staff_a, staff_b, resident, client):
    call = factories.make_helper_call(district_a, is_published=False)
    url = reverse("volunteering:publish", kwargs={"pk": call.pk})
    assert signed_in(staff_b).post(url, {"published": "1"}).status_code == 403
    assert signed_in(resident).post(url, {"published": "1"}).status_code == 403
    call.refresh_from_db()
    assert not call.is_published
    assert client.get(call.get_absolute_url()).status_code == 404
    assert signed_in(staff_a).post(url, {"published": "1"}).status_code == 302
    call.refresh_from_db()
    assert call.is_published
    assert client.get(call.get_absolute_url()).status_code == 200
    assert signed_in(staff_a).post(url, {"published": "0"}).status_code == 302
    call.refresh_from_db()
    assert not call.is_published
    kinds = list(call.history.values_list("kind", flat=True))
    assert kinds == [CallHistory.Kind.PUBLISHED, CallHistory.Kind.UNPUBLISHED]
