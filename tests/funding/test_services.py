"""The pipeline and its amounts, enforced in the service: every forbidden step is refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.funding.models import TRANSITIONS, Application, ApplicationStep, Status
from quartier.funding.services import create_application, move_application
from tests import factories
from tests.funding.conftest import add_plan, make_application, make_programme

pytestmark = pytest.mark.django_db

FORBIDDEN = [(before, after) for before in Status for after in Status if after not in TRANSITIONS[before]]
ALLOWED = [(before, after) for before in Status for after in TRANSITIONS[before]]


def _amount_for(application: Application, to: str) -> Decimal | None:
    if to in (Status.APPROVED, Status.FUNDS_CALLED):
        return Decimal("500.00")
    if to == Status.PARTLY_APPROVED:
        return Decimal("500.00")
    return None


@pytest.mark.parametrize(("before", "after"), FORBIDDEN)
def test_a_step_the_pipeline_does_not_allow_is_refused(before, after, district_a, staff_a):
    application = make_application(district_a, status=before)
    with pytest.raises(ValidationError, match="kann nicht in den Stand"):
        move_application(
            application=application,
            to=after,
            amount=_amount_for(application, after),
            proof_due=timezone.localdate(),
            by=staff_a,
        )
    application.refresh_from_db()
    assert application.status == before
    assert application.steps.count() == 1


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_every_step_the_pipeline_allows_is_taken_and_recorded(before, after, district_a, staff_a):
    application = make_application(district_a, status=before)
    add_plan(application)
    moved = move_application(
        application=application,
        to=after,
        amount=_amount_for(application, after),
        proof_due=timezone.localdate(),
        note="ok",
        by=staff_a,
    )
    assert moved.status == after
    step = application.steps.order_by("-pk")[0]
    assert (step.from_status, step.to_status, step.by, step.note) == (before, after, staff_a, "ok")


def test_approving_more_than_requested_needs_a_note(district_a, staff_a):
    application = make_application(district_a, status=Status.SUBMITTED, requested=Decimal("1000.00"))
    with pytest.raises(ValidationError, match="mehr als beantragt"):
        move_application(application=application, to=Status.APPROVED, amount=Decimal("1000.01"), by=staff_a)
    application.refresh_from_db()
    assert (application.status, application.approved) == (Status.SUBMITTED, None)
    moved = move_application(
        application=application, to=Status.APPROVED, amount=Decimal("1000.01"), note="Aufstockung", by=staff_a
    )
    assert moved.approved == Decimal("1000.01")


def test_a_decision_needs_its_amount_and_partly_means_less(district_a, staff_a):
    application = make_application(district_a, status=Status.SUBMITTED, requested=Decimal("1000.00"))
    with pytest.raises(ValidationError, match="bewilligten Betrag"):
        move_application(application=application, to=Status.APPROVED, by=staff_a)
    with pytest.raises(ValidationError, match="weniger als beantragt"):
        move_application(application=application, to=Status.PARTLY_APPROVED, amount=Decimal("1000.00"), by=staff_a)


def test_funds_are_called_in_instalments_never_beyond_the_approved_amount(district_a, staff_a):
    application = make_application(district_a, status=Status.APPROVED, approved=Decimal("1000.00"))
    application = move_application(
        application=application, to=Status.FUNDS_CALLED, amount=Decimal("600.00"), by=staff_a
    )
    application = move_application(
        application=application, to=Status.FUNDS_CALLED, amount=Decimal("400.00"), by=staff_a
    )
    assert application.paid == Decimal("1000.00")
    with pytest.raises(ValidationError, match="bewilligt sind nur"):
        move_application(application=application, to=Status.FUNDS_CALLED, amount=Decimal("0.01"), by=staff_a)
    application.refresh_from_db()
    assert application.paid == Decimal("1000.00")
    assert application.steps.count() == 3


def test_proof_of_use_needs_its_due_date(district_a, staff_a):
    application = make_application(district_a, status=Status.FUNDS_CALLED)
    with pytest.raises(ValidationError, match="fällig"):
        move_application(application=application, to=Status.PROOF_DUE, by=staff_a)


def test_a_step_cannot_lie_in_the_future(district_a, staff_a):
    application = make_application(district_a, status=Status.IDEA)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Zukunft"):
        move_application(application=application, to=Status.DRAFTING, on=tomorrow, by=staff_a)


def test_another_districts_staff_cannot_move_an_application(district_a, staff_b):
    application = make_application(district_a, status=Status.IDEA)
    with pytest.raises(PermissionDenied):
        move_application(application=application, to=Status.DRAFTING, by=staff_b)
    assert Application.objects.get().status == Status.IDEA


def test_create_records_the_idea_with_its_author(district_a, staff_a):
    project = factories.make_project(district_a)
    application = create_application(
        title=" Jugendraum ",
        programme=make_programme(),
        projects=[project],
        requested=Decimal("1234.56"),
        submission_deadline=timezone.localdate(),
        by=staff_a,
    )
    assert (application.title, application.status, application.requested) == (
        "Jugendraum",
        Status.IDEA,
        Decimal("1234.56"),
    )
    assert list(application.projects.all()) == [project]
    step = ApplicationStep.objects.get()
    assert (step.to_status, step.by) == (Status.IDEA, staff_a)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"submission_deadline": datetime.date(2020, 1, 1)}, "Vergangenheit"),
        ({"requested": Decimal("0")}, "über 0"),
        ({"requested": Decimal("5000.01")}, "höchstens"),
        ({"projects": []}, "mindestens ein Projekt"),
    ],
)
def test_create_refuses_bad_input_and_saves_nothing(fields, message, district_a, staff_a):
    arguments = {
        "title": "Antrag",
        "programme": make_programme(maximum_amount=Decimal("5000.00")),
        "projects": [factories.make_project(district_a)],
        "requested": Decimal("100.00"),
        "by": staff_a,
        **fields,
    }
    with pytest.raises(ValidationError, match=message):
        create_application(**arguments)
    assert not Application.objects.exists()
    assert not ApplicationStep.objects.exists()


def test_staff_cannot_apply_for_another_districts_project(district_b, staff_a):
    with pytest.raises(ValidationError, match="Ihrer Ortsteile"):
        create_application(
            title="A",
            programme=make_programme(),
            projects=[factories.make_project(district_b)],
            requested=Decimal("1"),
            by=staff_a,
        )


def test_history_steps_cannot_be_changed(district_a):
    from quartier.core.history import HistoryIsAppendOnly

    step = make_application(district_a).steps.get()
    step.note = "geändert"
    with pytest.raises(HistoryIsAppendOnly):
        step.save()
