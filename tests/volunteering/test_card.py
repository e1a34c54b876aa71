from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from quartier.volunteering.models import OtherHours, VolunteerProfile
from quartier.volunteering.services import card_progress, card_progress_from, card_qualifiers
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def test_two_years_in_a_row_with_200_hours_qualify_and_the_older_figures_are_a_setting_away(settings):
    totals = {2025: Decimal(210), 2026: Decimal(200)}
    assert card_progress_from(totals, birth_year=None, today=TODAY).qualifies
    # The last counting year may be last year; a gap breaks the run.
    assert card_progress_from({2024: Decimal(300), 2025: Decimal(300)}, birth_year=None, today=TODAY).qualifies
    assert not card_progress_from({2023: Decimal(300), 2025: Decimal(300)}, birth_year=None, today=TODAY).qualifies
    assert not card_progress_from({2026: Decimal(400)}, birth_year=None, today=TODAY).qualifies
    settings.VOLUNTEERING_CARD_HOURS_PER_YEAR = 250
    settings.VOLUNTEERING_CARD_HOURS_PER_WEEK = 5
    assert not card_progress_from(totals, birth_year=None, today=TODAY).qualifies
    assert card_progress_from({2025: Decimal(260), 2026: Decimal(250)}, birth_year=None, today=TODAY).qualifies


def test_the_weekly_average_counts_too(settings):
    settings.VOLUNTEERING_CARD_HOURS_PER_YEAR = 250
    settings.VOLUNTEERING_CARD_HOURS_PER_WEEK = 4
    assert card_progress_from({2025: Decimal(208), 2026: Decimal(208)}, birth_year=None, today=TODAY).qualifies
    assert not card_progress_from({2025: Decimal(207), 2026: Decimal(208)}, birth_year=None, today=TODAY).qualifies


def test_young_people_need_one_year():
    totals = {2026: Decimal(200)}
    young = card_progress_from(totals, birth_year=2008, today=TODAY)  # at most 18
    assert (young.young, young.years_needed, young.qualifies) == (True, 1, True)
    older = card_progress_from(totals, birth_year=2006, today=TODAY)  # perhaps 20 already
    assert (older.young, older.qualifies) == (False, False)


def _hours(user, district, year, hours):
    """``hours`` confirmed hours given in ``year``, 10 a day (at most 24 a day are allowed)."""
    OtherHours.objects.bulk_create(
        OtherHours(
            user=user,
            district=district,
            activity="Lesepatin",
            organisation="Bücherei",
            day=date(year, 1, 1) + timedelta(days=day + (200 if district.slug == "buehl" else 0)),
            hours=10,
            status=OtherHours.Status.CONFIRMED,
        )
        for day in range(hours // 10)
    )


def test_staff_list_those_who_qualify_with_hours_their_districts_confirmed(
    district_a, district_b, staff_a, staff_b, django_assert_max_num_queries
):
    year = timezone.localdate().year
    people = []
    for n in range(5):
        person = factories.make_user(f"v{n}@example.org", name=f"Vera {n}")
        _hours(person, district_a, year - 1, 150)
        _hours(person, district_b, year - 1, 60)  # several organisations add up
        _hours(person, district_a, year, 210)
        people.append(person)
    short = factories.make_user("short@example.org", name="Knapp")
    _hours(short, district_a, year - 1, 100)
    _hours(short, district_a, year, 210)
    young = factories.make_user("young@example.org", name="Jung")
    VolunteerProfile.objects.create(user=young, birth_year=year - 16)
    _hours(young, district_a, year, 200)
    assert card_progress(young).qualifies
    assert not card_progress(short).qualifies
    assert {p.email for p, _progress in card_qualifiers(by=staff_a)} == {*(p.email for p in people), young.email}
    assert {p.email for p, _progress in card_qualifiers(by=staff_b)} == {p.email for p in people}
    client = signed_in(staff_a)
    cache.clear()
    with django_assert_max_num_queries(20):
        page = client.get(reverse("volunteering:card_list")).content.decode()
    assert "v4@example.org" in page
    assert "young@example.org" in page
    assert "short@example.org" not in page
    assert "young@example.org" not in signed_in(staff_b).get(reverse("volunteering:card_list")).content.decode()


def test_mein_engagement_shows_the_progress(resident, district_a):
    _hours(resident, district_a, timezone.localdate().year, 50)
    page = signed_in(resident).get(reverse("volunteering:mine")).content.decode()
    assert "Ehrenamtskarte NRW" in page
    assert "50 von 200 Stunden" in page
