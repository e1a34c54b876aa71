"""Never more helpers than needed: real concurrent sign-ups, each thread with its own connection.

Runs on PostgreSQL (CI runs the suite there too); SQLite serialises every writer anyway
and its test database is in memory per connection, so the test would prove nothing there.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from quartier.volunteering.models import HOLDS_PLACES, SignUp
from quartier.volunteering.services import SignUpError, sign_up
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
def test_100_concurrent_sign_ups_for_a_shift_that_needs_5_give_exactly_5(district_a, no_mail):
    call = factories.make_helper_call(district_a, people_needed=5)
    shift = call.shifts.get()
    barrier = threading.Barrier(20)

    def take(number: int) -> str:
        if number < 20:
            barrier.wait()  # the first twenty start at exactly the same moment
        # Every fifth request is a repeat of an earlier person: one person never holds the shift twice.
        person = number - number % 5 if number % 5 == 4 else number
        try:
            result = sign_up(shifts=[shift], name=f"Person {person}", email=f"p{person}@example.org")
        except SignUpError:
            return "refused"
        return result.sign_ups[0].status

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(lambda n: _in_own_connection(take, n), range(100)))

    assert "refused" in outcomes  # the full shift refused the rest with a message, not an error
    holding = SignUp.objects.filter(shift=shift, status__in=HOLDS_PLACES)
    assert holding.count() == 5
    assert len(set(holding.values_list("email", flat=True))) == 5
    shift.refresh_from_db()
    assert shift.places_taken == 5
