"""Never over capacity: real concurrent requests, each thread with its own connection.

Runs on PostgreSQL (CI runs the suite there too); SQLite serialises every writer anyway
and its test database is in memory per connection, so the test would prove nothing there.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from quartier.events.models import Registration, RegistrationStatus
from quartier.events.services import cancel_registration, register_for_event
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: row locks and concurrent connections (SQLite serialises all writers)",
)


def _in_own_connection(function, *args):
    try:
        return function(*args)
    finally:
        connections.close_all()


@pytest.fixture
def no_mail(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_registrations_for_50_places_never_overbook(district_a, no_mail):
    event = factories.make_event(district_a, registration_required=True, capacity=50, max_party_size=1)
    event_date = event.dates.get()
    barrier = threading.Barrier(20)

    def register(number: int) -> str:
        if number < 20:
            barrier.wait()  # the first twenty start at exactly the same moment
        return register_for_event(event_date=event_date, name=f"Person {number}", email=f"p{number}@example.org").status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda n: _in_own_connection(register, n), range(200)))

    assert statuses.count(RegistrationStatus.CONFIRMED) == 50
    assert statuses.count(RegistrationStatus.WAITING) == 150
    event_date.refresh_from_db()
    assert event_date.places_taken == 50
    positions = sorted(
        position or 0
        for position in Registration.objects.filter(status=RegistrationStatus.WAITING).values_list(
            "waiting_position", flat=True
        )
    )
    assert positions == list(range(1, 151))

    confirmed = list(Registration.objects.filter(status=RegistrationStatus.CONFIRMED)[:10])
    with ThreadPoolExecutor(max_workers=10) as pool:
        moved = list(pool.map(lambda r: _in_own_connection(lambda: cancel_registration(registration=r)), confirmed))

    assert sum(len(m) for m in moved) == 10
    assert Registration.objects.filter(status=RegistrationStatus.CONFIRMED).count() == 50
    event_date.refresh_from_db()
    assert event_date.places_taken == 50
    positions = sorted(
        position or 0
        for position in Registration.objects.filter(status=RegistrationStatus.WAITING).values_list(
            "waiting_position", flat=True
        )
    )
    assert positions == list(range(1, 141))
