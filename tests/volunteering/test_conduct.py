"""The extended certificate of conduct (§ 72a SGB VIII): what is stored, who may take the shift, when it goes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from quartier.volunteering.hooks import inspections_running_out
from quartier.volunteering.models import ConductInspection, Requirement, SignUp, SignUpStatus
from quartier.volunteering.services import SignUpError, erase_expired_inspections, record_inspection, sign_up
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(db):
    return Requirement.objects.create(
        name="Erweitertes Führungszeugnis",
        slug="fuehrungszeugnis",
        what_to_bring="Ihr erweitertes Führungszeugnis",
        is_conduct_certificate=True,
    )


@pytest.fixture
def ferienspiele(district_a, certificate):
    call = factories.make_helper_call(district_a, title="Ferienspiele", shifts=2, people_needed=2)
    for shift in call.shifts.all():
        shift.requirements.add(certificate)
    return call


def _shifts(call):
    return list(call.shifts.order_by("start"))


def test_without_an_inspection_the_sign_up_is_pending_and_says_what_to_bring(ferienspiele):
    result = sign_up(shifts=_shifts(ferienspiele)[:1], name="A", email="a@example.org")
    assert result.sign_ups[0].status == SignUpStatus.PENDING
    assert any("Ihr erweitertes Führungszeugnis" in note for note in result.notes)


def test_recording_the_inspection_stores_only_date_and_entry_and_confirms_the_pending_sign_ups(
    ferienspiele, staff_a, staff_b
):
    first, second = _shifts(ferienspiele)
    entry = sign_up(shifts=[first], name="A", email="a@example.org").sign_ups[0]
    other = sign_up(shifts=[second], name="A", email="a@example.org").sign_ups[0]
    seen = timezone.localdate() - timedelta(days=30)
    with pytest.raises(PermissionDenied):
        record_inspection(sign_up=entry, certificate_date=seen, relevant_entry=False, by=staff_b)
    inspection = record_inspection(sign_up=entry, certificate_date=seen, relevant_entry=False, by=staff_a)
    assert (inspection.email, inspection.certificate_date, inspection.relevant_entry) == ("a@example.org", seen, False)
    assert {f.name for f in ConductInspection._meta.concrete_fields} == {
        "id", "email", "name", "user", "certificate_date", "relevant_entry", "district", "recorded_by", "recorded_at"
    }  # fmt: skip
    for row in (entry, other):
        row.refresh_from_db()
        assert row.status == SignUpStatus.CONFIRMED
    # With the inspection on record the next shift is taken at once.
    later = factories.make_helper_call(ferienspiele.district, start=timezone.now() + timedelta(days=5))
    later.shifts.get().requirements.add(*first.requirements.all())
    assert sign_up(shifts=list(later.shifts.all()), name="A", email="a@example.org").sign_ups[0].status == (
        SignUpStatus.CONFIRMED
    )


def test_a_relevant_entry_takes_the_person_off_and_refuses_further_sign_ups(ferienspiele, staff_a):
    first, second = _shifts(ferienspiele)
    entry = sign_up(shifts=[first], name="A", email="a@example.org").sign_ups[0]
    record_inspection(sign_up=entry, certificate_date=timezone.localdate(), relevant_entry=True, by=staff_a)
    entry.refresh_from_db()
    assert entry.status == SignUpStatus.REMOVED
    with pytest.raises(SignUpError, match="nicht übernehmen"):
        sign_up(shifts=[second], name="A", email="a@example.org")


def test_bad_certificate_dates_are_refused(ferienspiele, staff_a):
    entry = sign_up(shifts=_shifts(ferienspiele)[:1], name="A", email="a@example.org").sign_ups[0]
    with pytest.raises(ValidationError, match="Zukunft"):
        record_inspection(
            sign_up=entry, certificate_date=timezone.localdate() + timedelta(days=1), relevant_entry=False, by=staff_a
        )
    with pytest.raises(ValidationError, match="älter als 5 Jahre"):
        record_inspection(sign_up=entry, certificate_date=date(2000, 1, 1), relevant_entry=False, by=staff_a)
    assert not ConductInspection.objects.exists()


def test_an_inspection_older_than_the_setting_no_longer_counts(ferienspiele, settings):
    inspection = ConductInspection(
        email="a@example.org", name="A", certificate_date=timezone.localdate() - timedelta(days=800)
    )
    assert inspection.is_valid()
    settings.VOLUNTEERING_CONDUCT_VALID_YEARS = 2
    assert not inspection.is_valid()


def test_inspections_are_erased_when_the_activity_was_not_taken_up_or_ended_three_months_ago(ferienspiele, staff_a):
    first, _second = _shifts(ferienspiele)
    active = sign_up(shifts=[first], name="A", email="a@example.org").sign_ups[0]
    record_inspection(sign_up=active, certificate_date=timezone.localdate(), relevant_entry=False, by=staff_a)
    ConductInspection.objects.create(email="never@example.org", name="N", certificate_date=timezone.localdate())
    assert erase_expired_inspections() == 1
    assert list(ConductInspection.objects.values_list("email", flat=True)) == ["a@example.org"]
    # Two months after the shift it stays; after three it goes.
    later = first.end + timedelta(days=60)
    assert erase_expired_inspections(now=later) == 0
    assert erase_expired_inspections(now=first.end + timedelta(days=92)) == 1
    assert not ConductInspection.objects.exists()


def test_the_roster_records_an_inspection_and_staff_elsewhere_cannot(ferienspiele, staff_a, staff_b):
    entry = sign_up(shifts=_shifts(ferienspiele)[:1], name="Anna Aufsicht", email="a@example.org").sign_ups[0]
    page = signed_in(staff_a).get(reverse("volunteering:roster", kwargs={"pk": ferienspiele.pk})).content.decode()
    assert "Führungszeugnis von Anna Aufsicht gesehen" in page
    url = reverse("volunteering:inspection", kwargs={"pk": entry.pk})
    data = {"certificate_date": (timezone.localdate() - timedelta(days=3)).isoformat()}
    assert signed_in(staff_b).post(url, data).status_code == 403
    assert not ConductInspection.objects.exists()
    assert signed_in(staff_a).post(url, data).status_code == 302
    assert SignUp.objects.get(pk=entry.pk).status == SignUpStatus.CONFIRMED


def test_the_tile_lists_inspections_that_run_out_in_the_next_60_days(district_a, district_b, staff_a, coordinator):
    today = timezone.localdate()
    soon = today.replace(year=today.year - 5) + timedelta(days=30)
    ConductInspection.objects.create(email="a@example.org", name="A", certificate_date=soon, district=district_a)
    ConductInspection.objects.create(email="b@example.org", name="B", certificate_date=soon, district=district_b)
    ConductInspection.objects.create(email="c@example.org", name="C", certificate_date=today, district=district_a)
    assert inspections_running_out(staff_a) == 1
    assert inspections_running_out(coordinator) == 2
    page = signed_in(staff_a).get(reverse("volunteering:inspections")).content.decode()
    assert "a@example.org" in page
    assert "b@example.org" not in page
