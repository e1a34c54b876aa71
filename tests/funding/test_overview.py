"""The year's figures: requested, approved, paid and the success rate by district and field of action."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from quartier.funding.models import ApplicationStep, Status
from quartier.funding.overview import year_figures
from quartier.places.models import FieldOfAction
from tests.conftest import signed_in
from tests.funding.conftest import make_application

pytestmark = pytest.mark.django_db


def _submitted(application, on: datetime.date):
    ApplicationStep.objects.create(application=application, to_status=Status.SUBMITTED, on=on)
    return application


def test_the_year_counts_what_was_submitted_in_it_by_district_and_field(coordinator, district_a, district_b):
    year = timezone.localdate().year
    youth = FieldOfAction.objects.get(slug="jugend")
    won = _submitted(
        make_application(
            district_a,
            status=Status.FUNDS_CALLED,
            requested=Decimal("1000.00"),
            approved=Decimal("800.00"),
            paid=Decimal("400.00"),
        ),
        datetime.date(year, 2, 1),
    )
    won.projects.get().fields_of_action.set([youth])
    _submitted(
        make_application(district_b, status=Status.DECLINED, requested=Decimal("500.00"), approved=Decimal("0.00")),
        datetime.date(year, 3, 1),
    )
    _submitted(
        make_application(district_b, status=Status.SUBMITTED, requested=Decimal("250.00")), datetime.date(year, 4, 1)
    )
    _submitted(make_application(district_a, status=Status.APPROVED), datetime.date(year - 1, 4, 1))
    make_application(district_a, status=Status.DRAFTING)

    figures = year_figures(year, coordinator)
    total = figures["total"]
    assert (total.submitted, total.decided, total.won) == (3, 2, 1)
    assert (total.requested, total.approved, total.paid) == (Decimal("1750.00"), Decimal("800.00"), Decimal("400.00"))
    assert total.success_rate == 50
    by_district = {row.label: (row.submitted, row.requested, row.success_rate) for row in figures["districts"]}
    assert by_district == {
        district_a.name: (1, Decimal("1000.00"), 100),
        district_b.name: (2, Decimal("750.00"), 0),
    }
    assert [(row.label, row.approved) for row in figures["fields"]] == [(youth.name, Decimal("800.00"))]


def test_district_staff_see_the_figures_of_their_districts_only(staff_a, district_a, district_b):
    year = timezone.localdate().year
    _submitted(make_application(district_a, requested=Decimal("100.00")), datetime.date(year, 1, 2))
    _submitted(make_application(district_b, requested=Decimal("900.00")), datetime.date(year, 1, 2))
    assert year_figures(year, staff_a)["total"].requested == Decimal("100.00")


def test_the_overview_page_keeps_its_query_count(coordinator, district_a, django_assert_max_num_queries):
    year = timezone.localdate().year
    for _n in range(30):
        _submitted(make_application(district_a), datetime.date(year, 1, 2))
    client = signed_in(coordinator)
    cache.clear()
    with django_assert_max_num_queries(14):
        response = client.get(f"/cockpit/foerdermittel/uebersicht/?year={year}")
    assert response.status_code == 200
    assert "30" in response.content.decode()
    assert client.get("/cockpit/foerdermittel/uebersicht/?year=nonsense").status_code == 200
