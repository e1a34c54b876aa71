"""Resources and bookings for the tests: ``make_resource`` and ``book`` (straight rows for
setting a scene; the rules are tested through the services)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from itertools import count
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from quartier.places.models import District
from quartier.resources.models import Booking, BookingStatus, Kind, Resource

_numbers = count(1)


def make_resource(district: District, **fields: Any) -> Resource:
    number = next(_numbers)
    values: dict[str, Any] = {
        "name": f"Spielekiste {number}",
        "slug": f"spielekiste-{number}",
        "summary": "Spiele für Feste",
        "kind": Kind.THING,
        "requires_approval": False,
        "min_minutes": 60,
        "max_minutes": 3 * 24 * 60,
        "max_days_ahead": 180,
    }
    values.update(fields)
    return Resource.objects.create(district=district, **values)


def book(
    resource: Resource, start: datetime, end: datetime, status: str = BookingStatus.CONFIRMED, **fields: Any
) -> Booking:
    blocked_start, blocked_end = resource.blocked_period(start, end)
    return Booking.objects.create(
        resource=resource,
        start=start,
        end=end,
        blocked_start=blocked_start,
        blocked_end=blocked_end,
        status=status,
        **fields,
    )


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """Today plus ``days``, at ``hour``:``minute`` local time."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def confirm_email(user: Any) -> Any:
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


@pytest.fixture
def resource(district_a) -> Resource:
    return make_resource(district_a, contents="Carrom-Brett\nRiesen-Mikado\nSchwungtuch")


@pytest.fixture
def confirmed_resident(resident):
    return confirm_email(resident)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run e-mail tasks at once (after commit), so tests can read mail.outbox."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
