from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from quartier.volunteering.models import OtherHours, Shift, SignUp
from quartier.volunteering.services import (
    confirmed_hours_per_year,
    decide_other_hours,
    log_other_hours,
    record_attendance,
    sign_up,
)
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _past_shift(district, **kwargs):
    call = factories.make_helper_call(district, **kwargs)
    shift = call.shifts.get()
    return call, shift


def _move_to_past(shift: Shift, days: int = 2) -> None:
    Shift.objects.filter(pk=shift.pk).update(
        start=shift.start - timedelta(days=days + 1), end=shift.end - timedelta(days=days + 1)
    )
    shift.refresh_from_db()


def test_staff_confirm_who_came_and_the_hours_in_one_list(district_a, staff_a, staff_b, resident):
    _call, shift = _past_shift(district_a)
    came = sign_up(shifts=[shift], name="R", email=resident.email, user=resident).sign_ups[0]
    away = sign_up(shifts=[shift], name="N", email="n@example.org").sign_ups[0]
    with pytest.raises(ValidationError, match="noch nicht begonnen"):
        record_attendance(shift=shift, rows=[(came, True, None)], by=staff_a)
    _move_to_past(shift)
    with pytest.raises(PermissionDenied):
        record_attendance(shift=shift, rows=[(came, True, None)], by=staff_b)
    with pytest.raises(ValidationError, match="zwischen 0 und 24"):
        record_attendance(shift=shift, rows=[(away, False, None), (came, True, Decimal(25))], by=staff_a)
    assert SignUp.objects.filter(attended__isnull=False).count() == 0  # nothing half-saved
    record_attendance(shift=shift, rows=[(came, True, None), (away, False, None)], by=staff_a)
    came.refresh_from_db()
    away.refresh_from_db()
    assert (came.attended, came.hours) == (True, Decimal("2.00"))  # the shift's length
    assert (away.attended, away.hours) == (False, Decimal(0))
    assert confirmed_hours_per_year(resident) == [(timezone.localtime(shift.start).year, Decimal("2.00"))]


def test_the_attendance_page_saves_and_refuses_hours_over_24(district_a, staff_a, staff_b):
    _call, shift = _past_shift(district_a)
    entry = sign_up(shifts=[shift], name="R", email="r@example.org").sign_ups[0]
    _move_to_past(shift)
    url = reverse("volunteering:attendance", kwargs={"pk": shift.pk})
    assert signed_in(staff_b).get(url).status_code == 403
    client = signed_in(staff_a)
    response = client.post(url, {f"came-{entry.pk}": "on", f"hours-{entry.pk}": "30"})
    assert response.status_code == 400
    assert "zwischen 0 und 24" in response.content.decode()
    response = client.post(url, {f"came-{entry.pk}": "on", f"hours-{entry.pk}": "zwei"})
    assert response.status_code == 400
    assert client.post(url, {f"came-{entry.pk}": "on", f"hours-{entry.pk}": "2,5"}).status_code == 302
    entry.refresh_from_db()
    assert entry.hours == Decimal("2.5")


def test_volunteers_log_hours_elsewhere_for_the_districts_staff_to_confirm(district_a, staff_a, staff_b, resident):
    with pytest.raises(ValidationError, match="zwischen 0 und 24"):
        log_other_hours(
            user=resident,
            district=district_a,
            activity="Tafel",
            organisation="Tafel e. V.",
            day=date(2026, 3, 1),
            hours=Decimal(25),
        )
    with pytest.raises(ValidationError, match="nach dem Einsatz"):
        log_other_hours(
            user=resident,
            district=district_a,
            activity="Tafel",
            organisation="Tafel",
            day=timezone.localdate() + timedelta(days=2),
            hours=Decimal(2),
        )
    entry = log_other_hours(
        user=resident,
        district=district_a,
        activity="Tafel",
        organisation="Tafel e. V.",
        day=date(2025, 3, 1),
        hours=Decimal(3),
    )
    assert confirmed_hours_per_year(resident) == []
    with pytest.raises(PermissionDenied):
        decide_other_hours(entry=entry, confirm=True, by=staff_b)
    assert (
        signed_in(staff_b)
        .post(reverse("volunteering:other_hours_decide", kwargs={"pk": entry.pk}), {"action": "confirm"})
        .status_code
        == 403
    )
    assert (
        signed_in(staff_a)
        .post(reverse("volunteering:other_hours_decide", kwargs={"pk": entry.pk}), {"action": "confirm"})
        .status_code
        == 302
    )
    entry.refresh_from_db()
    assert entry.status == OtherHours.Status.CONFIRMED
    assert confirmed_hours_per_year(resident) == [(2025, Decimal(3))]


def test_my_engagement_shows_confirmed_hours_per_year_and_takes_hours_given_elsewhere(district_a, resident, client):
    assert client.get(reverse("volunteering:mine")).status_code == 302  # sign in first
    OtherHours.objects.create(
        user=resident,
        district=district_a,
        activity="Tafel",
        organisation="T",
        day=date(2025, 5, 1),
        hours=Decimal("4.5"),
        status="confirmed",
    )
    me = signed_in(resident)
    response = me.get(reverse("volunteering:mine"))
    assert response.context["years"] == [(2025, Decimal("4.50"))]
    assert "2025: 4,50 Stunden" in response.content.decode()
    response = me.post(
        reverse("volunteering:mine"),
        {
            "district": district_a.pk,
            "activity": "Lesepatin",
            "organisation": "Grundschule",
            "day": "2025-06-01",
            "hours": "30",
        },
    )
    assert response.status_code == 400
    assert not OtherHours.objects.filter(activity="Lesepatin").exists()
    response = me.post(
        reverse("volunteering:mine"),
        {
            "district": district_a.pk,
            "activity": "Lesepatin",
            "organisation": "Grundschule",
            "day": "2025-06-01",
            "hours": "2",
        },
    )
    assert response.status_code == 302
    assert OtherHours.objects.get(activity="Lesepatin").status == OtherHours.Status.SUBMITTED
