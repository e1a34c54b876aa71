"""Never double-booked: real concurrent requests, each thread with its own connection.

Runs on PostgreSQL (CI runs the suite there too); SQLite serialises every writer anyway and
its test database is in memory per connection, so the test would prove nothing there. The
rule itself is tested on every database in test_booking_services.py.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from quartier.resources.models import Booking, BookingStatus
from quartier.resources.services import request_booking
from tests import factories
from tests.resources.conftest import at, confirm_email, make_resource

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: row locks and concurrent connections (SQLite serialises all writers)",
)

REQUESTS = 50


@pytest.fixture
def no_mail(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.django_db(transaction=True)
def test_50_concurrent_requests_for_one_slot_confirm_exactly_one(district_a, no_mail):
    resource = make_resource(district_a, requires_approval=False, buffer_after=30)
    people = [confirm_email(factories.make_user(f"p{number}@example.org")) for number in range(REQUESTS)]
    barrier = threading.Barrier(REQUESTS)
    start, end = at(2, 10), at(2, 12)

    def request(person) -> str:
        try:
            barrier.wait()  # all start at the same moment
            return request_booking(resource=resource, by=person, start=start, end=end, purpose="Fest").status
        except ValidationError as error:
            return "not free" if "nicht mehr frei" in " ".join(error.messages) else f"refused: {error.messages}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        outcomes = list(pool.map(request, people))

    assert outcomes.count(BookingStatus.CONFIRMED) == 1, outcomes
    assert outcomes.count("not free") == REQUESTS - 1, outcomes
    assert Booking.objects.filter(resource=resource).count() == 1
    assert Booking.objects.get(resource=resource).history.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_overlapping_holding_bookings_on_its_own(district_a):
    """The exclusion constraint: rows written past the services still never overlap."""
    from django.db import IntegrityError

    from tests.resources.conftest import book

    resource = make_resource(district_a)
    book(resource, at(2, 10), at(2, 12))
    book(resource, at(2, 11), at(2, 13), status=BookingStatus.REQUESTED)  # a request holds nothing
    book(resource, at(2, 12), at(2, 14))  # back to back is no overlap
    with pytest.raises(IntegrityError):
        book(resource, at(2, 11), at(2, 13), status=BookingStatus.HANDED_OVER)
