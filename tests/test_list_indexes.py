"""Every long list's query is answered through an index of its sort and filters.

The test requests each list as a visitor or staff member would, takes the list's own query
from what the page ran, and asks the database for its plan: on SQLite `EXPLAIN QUERY PLAN`
must name one of the list's indexes and sort nothing in a temporary B-tree; on PostgreSQL
(DATABASE_URL), with sequential scans switched off (tiny tables would otherwise be read
whole), `EXPLAIN` must read the table through one of its own indexes, never whole. A change
that drops an index or rewrites a query past it fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.events.models import EventDate
from quartier.inquiries.models import Inquiry
from quartier.participation.models import Idea
from tests import factories
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db


def index_names(model: type[Any], *column_sets: tuple[str, ...], named: tuple[str, ...] = ()) -> set[str]:
    """The names of the model's indexes whose leading columns are one of the given sets
    (partial indexes are named, as introspection does not tell their condition)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    names = {
        name
        for name, info in constraints.items()
        if info["index"] and any(tuple(info["columns"][: len(columns)]) == columns for columns in column_sets)
    }
    names |= {name for name in named if name in constraints}
    assert names, f"{table} has no index on any of {column_sets} {named}"
    return names


def list_query(run: Callable[[], Any], table: str) -> str:
    """The SQL of the page's list query: the one that selects from the table with ORDER BY … LIMIT."""
    with CaptureQueriesContext(connection) as queries:
        response = run()
    assert response.status_code == 200
    found = [
        query["sql"]
        for query in queries.captured_queries
        if f'FROM "{table}"' in query["sql"] and "ORDER BY" in query["sql"] and "LIMIT" in query["sql"]
    ]
    assert found, f"the page ran no list query on {table}"
    return found[0]


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
            try:
                cursor.execute(f"EXPLAIN {sql}")
                return "\n".join(row[0] for row in cursor.fetchall())
            finally:
                cursor.execute("RESET enable_seqscan")
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def assert_uses(sql: str, table: str, indexes: set[str], *, may_sort: bool = False) -> None:
    shown = plan(sql)
    if connection.vendor == "postgresql":
        # PostgreSQL's planner weighs the indexes by statistics, which tiny tables do not have:
        # it must read the table through one of its indexes (not the primary key, not whole).
        assert f"Seq Scan on {table}" not in shown, shown
        with connection.cursor() as cursor:
            own = [
                name
                for name, info in connection.introspection.get_constraints(cursor, table).items()
                if info["index"] and not info["primary_key"]
            ]
        assert any(f" {name} " in f"{shown} " or f" {name}\n" in f"{shown}\n" for name in own), shown
        return
    assert any(name in shown for name in indexes), f"none of {sorted(indexes)} in the plan:\n{shown}\n{sql}"
    assert may_sort or "TEMP B-TREE" not in shown, f"the list is sorted row by row:\n{shown}"
    assert f"SCAN {table}\n" not in shown + "\n", f"the table is read whole:\n{shown}"


@pytest.fixture
def inquiries(district_a, district_b):
    category = factories.make_category("Spielplätze", code="spielplatz")
    for number in range(6):
        for district in (district_a, district_b):
            factories.make_inquiry(district, category, is_public=number % 2 == 0)
    return category


@pytest.mark.parametrize(
    ("query", "columns"),
    [
        # Newest first over the staff member's districts: walk created_at, filter the districts.
        ("", [("created_at",)]),
        # One status over several districts: the index finds just those rows, and they are sorted.
        ("?status=new", [("district_id", "status", "created_at")]),
        ("?district=alchen", [("district_id", "created_at", "id")]),
        ("?district=alchen&status=new", [("district_id", "status", "created_at"), ("district_id", "created_at", "id")]),
    ],
)
def test_staff_inbox_uses_its_indexes(as_user, staff_a, district_b, inquiries, query, columns):
    district_b.staff.add(staff_a)  # two districts: the filter of the list is an IN
    client = as_user(staff_a)
    sql = list_query(lambda: client.get(f"/cockpit/anliegen/{query}"), "inquiries_inquiry")
    assert_uses(sql, "inquiries_inquiry", index_names(Inquiry, *columns), may_sort=query == "?status=new")


@pytest.mark.parametrize(
    ("query", "columns"),
    [
        ("", "inquiry_public_created"),
        ("?district=alchen", "inquiry_district_public"),
    ],
)
def test_public_inquiries_use_their_indexes(client, inquiries, query, columns):
    sql = list_query(lambda: client.get(f"/anliegen/{query}"), "inquiries_inquiry")
    assert_uses(sql, "inquiries_inquiry", index_names(Inquiry, named=(columns,)))


def test_open311_requests_use_an_index_on_created_at(client, inquiries):
    sql = list_query(lambda: client.get("/open311/v2/requests.json"), "inquiries_inquiry")
    assert_uses(sql, "inquiries_inquiry", index_names(Inquiry, ("created_at",), named=("inquiry_public_created",)))


def test_calendar_uses_the_index_on_start(client, district_a):
    for _ in range(5):
        factories.make_event(district_a)
    sql = list_query(lambda: client.get("/termine/"), "events_eventdate")
    assert_uses(sql, "events_eventdate", index_names(EventDate, ("start",)))


@pytest.mark.parametrize(
    ("sort", "columns"),
    [("new", ("created_at", "id")), ("supported", ("support_count", "id")), ("discussed", ("comment_count", "id"))],
)
def test_idea_list_uses_the_index_of_its_sort(client, district_a, resident, sort, columns):
    for number in range(5):
        make_idea(district_a, resident, title=f"Idee {number}", support_count=number)
    sql = list_query(lambda: client.get(f"/mitmachen/ideen/?sort={sort}"), "participation_idea")
    assert_uses(sql, "participation_idea", index_names(Idea, columns))
