"""One support per person, also when the same person's requests arrive at the same moment.

Runs on PostgreSQL; SQLite serialises every writer and its test database is in memory
per connection, so the test would prove nothing there.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.urls import reverse

from quartier.participation.models import Support
from tests import factories
from tests.conftest import signed_in
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: concurrent connections (SQLite serialises all writers)",
)


@pytest.mark.django_db(transaction=True)
def test_parallel_support_requests_leave_one_support_and_a_correct_count(district_a, resident):
    idea = make_idea(district_a, resident)
    supporter = factories.make_user()
    other = factories.make_user()
    url = reverse("participation:idea_support", kwargs={"pk": idea.pk})
    clients = [signed_in(supporter if number < 10 else other) for number in range(14)]
    barrier = threading.Barrier(len(clients))

    def post(client):
        try:
            barrier.wait()
            return client.post(url).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        statuses = list(pool.map(post, clients))

    assert statuses == [302] * len(clients)
    assert Support.objects.filter(user=supporter).count() == 1
    idea.refresh_from_db()
    assert idea.support_count == 2 == Support.objects.count()
