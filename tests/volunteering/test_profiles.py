from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from quartier.core.privacy import collect_personal_data
from quartier.volunteering.models import CallHistory, Shift, SignUp, VolunteerProfile
from quartier.volunteering.services import (
    SignUpError,
    invite_volunteers,
    matching_volunteers,
    save_profile,
    sign_up,
)
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _weekday_morning_call(district, **fields):
    day = timezone.localdate() + timedelta(days=2)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    start = timezone.make_aware(datetime(day.year, day.month, day.day, 9, 0))
    return factories.make_helper_call(district, start=start, **fields)


def _profile(email, *, districts, may_ask=True, skills="", mornings=True, weekends=False, birth_year=None):
    user = factories.make_user(email, name=email.split("@")[0].title())
    availability = [name for name, on in (("weekday_mornings", mornings), ("weekends", weekends)) if on]
    return save_profile(
        user=user,
        skills=skills,
        fields_of_action=[],
        districts=districts,
        availability=availability,
        may_ask=may_ask,
        birth_year=birth_year,
    )


def test_matching_lists_only_who_consented_fits_the_district_the_time_and_the_skill(
    district_a, district_b, staff_a, staff_b
):
    call = _weekday_morning_call(district_a)
    fits = _profile("fits@example.org", districts=[district_a], skills="Backen, Aufbau")
    _profile("no-consent@example.org", districts=[district_a], may_ask=False)
    _profile("elsewhere@example.org", districts=[district_b])
    _profile("weekends@example.org", districts=[district_a], mornings=False, weekends=True)
    inactive = _profile("gone@example.org", districts=[district_a])
    inactive.user.is_active = False
    inactive.user.save(update_fields=["is_active"])
    baker = _profile("baker@example.org", districts=[district_a], skills="Kuchen backen")
    assert {p.pk for p in matching_volunteers(call=call, by=staff_a)} == {fits.pk, baker.pk}
    assert [p.pk for p in matching_volunteers(call=call, by=staff_a, skill="aufbau")] == [fits.pk]
    with pytest.raises(PermissionDenied):
        matching_volunteers(call=call, by=staff_b)


def test_invitations_go_by_mail_with_the_calls_address_only_to_matching_volunteers(
    district_a, district_b, staff_a, staff_b, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://quartier.example.de"
    call = _weekday_morning_call(district_a)
    fits = _profile("fits@example.org", districts=[district_a])
    no_consent = _profile("no-consent@example.org", districts=[district_a], may_ask=False)
    with pytest.raises(PermissionDenied):
        invite_volunteers(call=call, profile_ids=[fits.pk], by=staff_b)
    with pytest.raises(ValidationError):
        invite_volunteers(call=call, profile_ids=[no_consent.pk], by=staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        count = invite_volunteers(call=call, profile_ids=[fits.pk, no_consent.pk], by=staff_a)
    assert count == 1
    assert [message.to for message in mail.outbox] == [["fits@example.org"]]
    assert f"https://quartier.example.de{call.get_absolute_url()}" in mail.outbox[0].body
    assert "https://quartier.example.de" + reverse("volunteering:profile") in mail.outbox[0].body
    assert CallHistory.objects.filter(call=call, kind=CallHistory.Kind.INVITED, actor=staff_a).count() == 1


def test_the_birth_year_of_the_profile_answers_a_minimum_age(district_a):
    call = factories.make_helper_call(district_a)
    shift = call.shifts.get()
    Shift.objects.filter(pk=shift.pk).update(min_age=16)
    year = timezone.localdate(shift.start).year
    young = _profile("young@example.org", districts=[], birth_year=year - 16)  # perhaps 15 still
    old = _profile("old@example.org", districts=[], birth_year=year - 17)
    with pytest.raises(SignUpError, match="mindestens 16 Jahre alt"):
        sign_up(shifts=[shift], name="Y", email=young.user.email, user=young.user)
    sign_up(shifts=[shift], name="O", email=old.user.email, user=old.user)
    assert SignUp.objects.get().user == old.user


def test_a_resident_keeps_changes_exports_and_deletes_the_profile(district_a, resident):
    client = signed_in(resident)
    url = reverse("volunteering:profile")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "skills": "Erste Hilfe",
            "districts": [district_a.pk],
            "availability": ["weekends"],
            "may_ask": "on",
            "birth_year": "1990",
        },
    )
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(user=resident)
    assert (profile.skills, profile.weekends, profile.weekday_mornings, profile.may_ask) == (
        "Erste Hilfe",
        True,
        False,
        True,
    )
    assert list(profile.districts.all()) == [district_a]
    assert client.get(url).context["form"]["availability"].value() == ["weekends"]
    assert collect_personal_data(resident)["volunteering"]["volunteer_profile"][0]["skills"] == "Erste Hilfe"
    assert client.post(url, {"birth_year": "1800"}).status_code == 400
    client.post(url, {"action": "delete"})
    assert not VolunteerProfile.objects.exists()


def test_the_matching_page_lists_and_invites_within_a_bounded_number_of_queries(
    district_a, staff_a, staff_b, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    call = _weekday_morning_call(district_a)
    profiles = [_profile(f"v{n}@example.org", districts=[district_a], skills="Aufbau") for n in range(8)]
    hidden = _profile("hidden@example.org", districts=[district_a], may_ask=False, skills="Aufbau")
    url = reverse("volunteering:matching", kwargs={"pk": call.pk})
    client = signed_in(staff_a)
    cache.clear()
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert all(p.user.public_name in page for p in profiles)
    assert hidden.user.public_name not in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))  # the filter and the invitation form both have a "skill"
    assert signed_in(staff_b).get(url).status_code in {403, 404}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"profiles": [hidden.pk]}).status_code == 400  # not offered: refused
        response = client.post(url, {"profiles": [profiles[0].pk]})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[profiles[0].user.email]]
