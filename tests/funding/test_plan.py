"""The cost and financing plan: German amounts, balancing before submission, actual spending
and flagged overruns, editing through the service with history, the formset page without
JavaScript, who may see it, and a constant number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.funding.finance import plan_figures
from quartier.funding.forms import EuroField, PlanLineForm, parse_euros
from quartier.funding.models import FinanceChange, PlanLine, Status
from quartier.funding.services import LineInput, move_application, save_finance_plan
from tests.conftest import signed_in
from tests.funding.conftest import add_plan, make_application

pytestmark = pytest.mark.django_db

Cat = PlanLine.Category


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1.234,50", "1234.50"),
        ("1234,50", "1234.50"),
        ("1234.50", "1234.50"),
        ("1.234", "1234.00"),
        ("1.234.567,89", "1234567.89"),
        ("1 234,50 €", "1234.50"),
        ("0,5", "0.50"),
        ("12.5", "12.50"),
    ],
)
def test_german_amounts_are_accepted(typed, amount):
    assert EuroField().clean(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("-5", "nicht negativ"), ("1,234", "auf den Cent"), ("zwölf", "Betrag in Euro"), ("1.23.4", "Betrag in Euro")],
)
def test_odd_amounts_get_a_clear_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        EuroField().clean(typed)


def test_the_application_form_takes_german_thousands(staff_a, district_a):
    """The project refused "1.234,50" before; now every amount field of funding takes it."""
    from quartier.funding.models import Application
    from tests import factories
    from tests.funding.conftest import make_programme

    project = factories.make_project(district_a)
    response = signed_in(staff_a).post(
        "/cockpit/foerdermittel/neu/",
        {
            "title": "Jugendraum",
            "programme": make_programme().pk,
            "projects": [project.pk],
            "requested": "1.234,50",
            "own_contribution": "2.000",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.requested, application.own_contribution) == (Decimal("1234.50"), Decimal("2000.00"))


def test_parse_leaves_plain_numbers_alone():
    assert parse_euros("1234") == "1234"
    assert parse_euros("-1.234,5") == "-1234.5"


def _lines(*rows: tuple[str, str, str]) -> list[LineInput]:
    return [LineInput(category=c, description="x", planned=Decimal(p), actual=Decimal(a)) for c, p, a in rows]


def test_submission_is_refused_until_the_plan_balances_to_the_cent(staff_a, district_a):
    application = make_application(district_a, status=Status.DRAFTING)
    with pytest.raises(ValidationError, match="mindestens eine Kostenzeile"):
        move_application(application=application, to=Status.SUBMITTED, by=staff_a)
    save_finance_plan(
        application=application,
        lines=_lines((Cat.STAFF, "1000.00", "0"), (Cat.MATERIAL, "234.50", "0"), (Cat.GRANT, "1234.49", "0")),
        by=staff_a,
    )
    with pytest.raises(ValidationError) as refused:
        move_application(application=application, to=Status.SUBMITTED, by=staff_a)
    assert refused.value.messages == [
        "Der Kosten- und Finanzierungsplan ist nicht ausgeglichen: Kosten 1.234,50 €, Finanzierung 1.234,49 €. "
        "Es fehlen 0,01 € Finanzierung."
    ]
    application.refresh_from_db()
    assert application.status == Status.DRAFTING
    assert application.steps.count() == 1
    save_finance_plan(
        application=application,
        lines=_lines((Cat.STAFF, "1000.00", "0"), (Cat.MATERIAL, "234.50", "0"), (Cat.GRANT, "1234.51", "0")),
        by=staff_a,
    )
    with pytest.raises(ValidationError, match="übersteigt die Kosten um 0,01 €"):
        move_application(application=application, to=Status.SUBMITTED, by=staff_a)
    PlanLine.objects.filter(category=Cat.GRANT).update(planned=Decimal("1234.50"))
    assert move_application(application=application, to=Status.SUBMITTED, by=staff_a).status == Status.SUBMITTED


def test_the_step_form_shows_the_difference(staff_a, district_a):
    application = make_application(district_a, status=Status.DRAFTING)
    add_plan(application, cost="500.00", financing="400.00")
    response = signed_in(staff_a).post(application.get_absolute_url(), {"to": Status.SUBMITTED.value})
    assert response.status_code == 200
    assert "Es fehlen 100,00 € Finanzierung" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFTING


def test_overruns_beyond_the_setting_and_spending_without_a_plan_are_flagged(settings):
    settings.FUNDING_LINE_OVERRUN_PERCENT = 20
    lines = [
        PlanLine(category=Cat.MATERIAL, planned=Decimal("1000.00"), actual=Decimal("1200.00")),
        PlanLine(category=Cat.FEES, planned=Decimal("1000.00"), actual=Decimal("1200.01")),
        PlanLine(category=Cat.STAFF, planned=Decimal("0.00"), actual=Decimal("5.00")),
        PlanLine(category=Cat.INVESTMENT, planned=Decimal("0.00"), actual=Decimal("0.00")),
        PlanLine(category=Cat.GRANT, planned=Decimal("100.00"), actual=Decimal("900.00")),
    ]
    figures = plan_figures(lines)
    assert [row.flagged for row in figures.lines] == [False, True, True, False, False]
    assert "20,0 %" in figures.costs[1].flag
    assert figures.costs[2].flag == "Ausgaben ohne Planansatz"
    settings.FUNDING_LINE_OVERRUN_PERCENT = 10
    assert plan_figures(lines).costs[0].flagged


def test_the_service_saves_lines_and_writes_history(staff_a, district_a):
    application = make_application(district_a, status=Status.APPROVED)
    save_finance_plan(
        application=application,
        lines=_lines((Cat.MATERIAL, "100.00", "130.00"), (Cat.GRANT, "100.00", "100.00")),
        by=staff_a,
    )
    material = application.plan_lines.get(category=Cat.MATERIAL)
    save_finance_plan(
        application=application,
        lines=[
            LineInput(
                pk=material.pk,
                category=Cat.MATERIAL,
                description="Farbe",
                planned=Decimal("100.00"),
                actual=Decimal("90.00"),
            )
        ],
        by=staff_a,
    )
    assert list(application.plan_lines.values_list("pk", "description", "actual")) == [
        (material.pk, "Farbe", Decimal("90.00"))
    ]
    changes = list(FinanceChange.objects.filter(application=application).order_by("pk"))
    assert [change.by for change in changes] == [staff_a, staff_a]
    assert "Ist 130,00 €" in changes[0].summary


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (_lines((Cat.MATERIAL, "-1.00", "0")), "nicht negativ"),
        (_lines((Cat.MATERIAL, "1.00", "-1.00")), "nicht negativ"),
        (_lines(("gold", "1.00", "0")), "Art der Zeile"),
        (_lines((Cat.MATERIAL, "1.001", "0")), "auf den Cent"),
        (_lines((Cat.MATERIAL, "10", "0"), (Cat.MATERIAL, "10", "5")), "erst nach der Bewilligung"),
    ],
)
def test_bad_lines_are_refused_and_nothing_is_half_saved(lines, message, staff_a, district_a):
    application = make_application(district_a, status=Status.DRAFTING)
    add_plan(application)
    before = list(application.plan_lines.values_list("pk", "planned"))
    with pytest.raises(ValidationError, match=message):
        save_finance_plan(application=application, lines=lines, by=staff_a)
    assert list(application.plan_lines.values_list("pk", "planned")) == before
    assert not FinanceChange.objects.exists()


def test_a_line_of_another_application_is_refused(staff_a, district_a):
    ours = make_application(district_a, status=Status.DRAFTING)
    other = make_application(district_a, status=Status.DRAFTING)
    add_plan(other)
    foreign = other.plan_lines.first()
    assert foreign is not None
    with pytest.raises(ValidationError, match="gehört nicht zu diesem Antrag"):
        save_finance_plan(
            application=ours,
            lines=[LineInput(pk=foreign.pk, category=Cat.MATERIAL, description="", planned=Decimal("1"))],
            by=staff_a,
        )
    foreign.refresh_from_db()
    assert foreign.application_id == other.pk


def test_the_plan_is_closed_while_submitted_and_after_the_proof(staff_a, district_a):
    for status in (Status.SUBMITTED, Status.PROOF_SUBMITTED, Status.CLOSED, Status.DECLINED):
        application = make_application(district_a, status=status)
        with pytest.raises(ValidationError, match="nicht mehr geändert"):
            save_finance_plan(application=application, lines=_lines((Cat.MATERIAL, "1", "0")), by=staff_a)


def test_staff_of_another_district_may_not_change_the_plan(staff_b, district_a):
    application = make_application(district_a, status=Status.DRAFTING)
    with pytest.raises(PermissionDenied):
        save_finance_plan(application=application, lines=[], by=staff_b)


def test_the_funded_period_must_not_end_before_it_starts(staff_a, district_a):
    import datetime

    application = make_application(district_a, status=Status.APPROVED)
    with pytest.raises(ValidationError, match="endet vor seinem Beginn"):
        save_finance_plan(
            application=application,
            lines=[],
            funded_from=datetime.date(2026, 5, 1),
            funded_until=datetime.date(2026, 4, 1),
            by=staff_a,
        )


def _management(total: int, initial: int) -> dict[str, Any]:
    return {
        "form-TOTAL_FORMS": str(total),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "200",
    }


def test_staff_edit_the_plan_with_the_formset_without_javascript(staff_a, district_a):
    application = make_application(district_a, status=Status.APPROVED)
    client = signed_in(staff_a)
    url = f"/cockpit/foerdermittel/{application.pk}/finanzplan/"
    page = client.get(url).content.decode()
    assert 'name="form-0-category"' in page
    assert 'name="form-TOTAL_FORMS"' in page
    data = {
        **_management(3, 0),
        "funded_from": "2026-01-01",
        "funded_until": "2026-12-31",
        "form-0-category": "material",
        "form-0-description": "Bastelmaterial",
        "form-0-planned": "1.234,50",
        "form-0-actual": "1.600,00",
        "form-1-category": "grant",
        "form-1-planned": "1.234,50",
        "form-1-actual": "1.234,50",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    lines = list(application.plan_lines.order_by("position"))
    assert [(line.category, line.planned, line.actual) for line in lines] == [
        ("material", Decimal("1234.50"), Decimal("1600.00")),
        ("grant", Decimal("1234.50"), Decimal("1234.50")),
    ]
    page = client.get(url).content.decode()
    assert "Überschreitung:" in page
    assert "1.600,00" in page
    # Remove the grant line, change the first.
    data = {
        **_management(5, 2),
        "funded_from": "2026-01-01",
        "funded_until": "2026-12-31",
        "form-0-line": str(lines[0].pk),
        "form-0-category": "material",
        "form-0-planned": "1.234,50",
        "form-0-actual": "1.000",
        "form-1-line": str(lines[1].pk),
        "form-1-category": "grant",
        "form-1-planned": "1.234,50",
        "form-1-actual": "0",
        "form-1-DELETE": "on",
    }
    assert client.post(url, data).status_code == 302
    assert list(application.plan_lines.values_list("pk", "actual")) == [(lines[0].pk, Decimal("1000.00"))]


def test_a_bad_row_in_the_formset_keeps_everything_and_says_why(staff_a, district_a):
    application = make_application(district_a, status=Status.DRAFTING)
    add_plan(application)
    client = signed_in(staff_a)
    url = f"/cockpit/foerdermittel/{application.pk}/finanzplan/"
    data = {
        **_management(2, 0),
        "form-0-category": "material",
        "form-0-description": "Bleibt stehen",
        "form-0-planned": "-5",
        "form-1-category": "grant",
        "form-1-planned": "10",
    }
    response = client.post(url, data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Beträge können nicht negativ sein." in content
    assert 'value="Bleibt stehen"' in content
    assert application.plan_lines.count() == 2
    assert not FinanceChange.objects.exists()


def test_actual_spending_before_approval_is_not_taken_from_the_form(staff_a, district_a):
    application = make_application(district_a, status=Status.DRAFTING)
    form = PlanLineForm(
        data={"category": "material", "planned": "10", "actual": "99"}, plan_open=True, actual_open=False
    )
    assert form.is_valid()
    assert form.cleaned_data["actual"] is None
    client = signed_in(staff_a)
    data = {**_management(1, 0), "form-0-category": "material", "form-0-planned": "10", "form-0-actual": "99"}
    assert client.post(f"/cockpit/foerdermittel/{application.pk}/finanzplan/", data).status_code == 302
    assert list(application.plan_lines.values_list("actual", flat=True)) == [Decimal("0.00")]


def test_staff_of_another_district_cannot_reach_the_plan_by_guessing(staff_b, district_a):
    application = make_application(district_a, status=Status.DRAFTING)
    add_plan(application)
    client = signed_in(staff_b)
    url = f"/cockpit/foerdermittel/{application.pk}/finanzplan/"
    assert client.get(url).status_code == 404
    assert client.post(url, {**_management(1, 0), "form-0-category": "material"}).status_code == 404
    assert application.plan_lines.count() == 2


def test_coordinators_see_and_partners_read_the_plan(coordinator, district_a):
    from tests.funding.test_partners import _partner
    from tests.network.conftest import make_organisation

    ours = make_organisation(district_a)
    application = make_application(district_a, status=Status.DRAFTING, organisation=ours)
    add_plan(application)
    url = f"/cockpit/foerdermittel/{application.pk}/finanzplan/"
    assert 'name="form-0-category"' in signed_in(coordinator).get(url).content.decode()
    partner = signed_in(_partner(ours))
    page = partner.get(url)
    assert page.status_code == 200
    assert "form-0-category" not in page.content.decode()
    assert partner.post(url, {**_management(0, 0)}).status_code == 302
    assert application.plan_lines.count() == 2
    other_partner = signed_in(_partner(make_organisation(district_a)))
    assert other_partner.get(url).status_code == 404


def _count(client: Any, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_plan_page_keeps_its_query_count(staff_a, district_a, django_assert_max_num_queries):
    application = make_application(district_a, status=Status.APPROVED)
    add_plan(application)
    client = signed_in(staff_a)
    url = f"/cockpit/foerdermittel/{application.pk}/finanzplan/"
    few = _count(client, url)
    save_finance_plan(
        application=application,
        lines=_lines(*[(Cat.MATERIAL, "10.00", "12.50")] * 60, (Cat.GRANT, "600.00", "0")),
        by=type(staff_a).objects.get(pk=staff_a.pk),  # the request marked the fixture's object
    )
    cache.clear()
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
