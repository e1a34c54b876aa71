"""Whole pages from the cache (core/pagecache.py): served again while nothing changed, never
staler than one request after any write, never one visitor's page for another."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quartier.core import pagecache
from quartier.core.pagecache import CSRF_PLACEHOLDER, data_version, watched_tables
from quartier.places.models import District
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_write_to_a_watched_table_advances_the_version(district_a):
    before = data_version()
    district_a.name = "Alchen-Nord"
    district_a.save()
    after_save = data_version()
    assert after_save > before
    District.objects.filter(pk=district_a.pk).update(population=1234)  # no signals: the database sees it
    after_update = data_version()
    assert after_update > after_save
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {District._meta.db_table} SET population = 99")  # noqa: S608 - a test's own SQL
    assert data_version() > after_update
    District.objects.filter(pk=district_a.pk).delete()
    assert data_version() > after_update


def test_bookkeeping_tables_do_not_advance_it(db):
    assert Session._meta.db_table not in watched_tables()
    before = data_version()
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now())
    assert data_version() == before


def test_every_watched_table_has_its_trigger(db):
    tables = set(connection.introspection.table_names())
    watched = [table for table in watched_tables() if table in tables]
    assert len(watched) > 80  # every app's tables, many-to-many included
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name = 'qdv_changed'"
            )
            with_trigger = {row[0] for row in cursor.fetchall()}
        else:
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'qdv_%'")
            with_trigger = {row[0] for row in cursor.fetchall()}
    assert set(watched) <= with_trigger


def test_a_page_is_served_again_with_one_query_and_shows_an_edit_at_once(
    client, district_a, django_assert_max_num_queries
):
    first = client.get("/ortsteile/")
    assert first.status_code == 200
    assert "Alchen" in first.content.decode()
    with django_assert_max_num_queries(1):  # the data version, nothing else
        again = client.get("/ortsteile/")
    assert again.page_cache == "hit"
    assert _without_tokens(again) == _without_tokens(first)
    district_a.name = "Alchen am Bach"
    district_a.save()
    assert "Alchen am Bach" in client.get("/ortsteile/").content.decode()


def test_a_bulk_update_shows_on_the_next_request(client, district_a):
    client.get("/ortsteile/")
    District.objects.filter(pk=district_a.pk).update(name="Alchen-Süd")  # no signals, no updated_at
    assert "Alchen-Süd" in client.get("/ortsteile/").content.decode()


def test_pages_turn_over_with_the_time_bucket(client, district_a):
    client.get("/ortsteile/")
    assert client.get("/ortsteile/").page_cache == "hit"
    later = pagecache.time.time() + 3600
    with mock.patch.object(pagecache.time, "time", return_value=later):
        assert client.get("/ortsteile/").page_cache == "miss"  # rendered again, not served


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _token(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the page has a form with a CSRF token"
    return match.group(1)


def test_forms_on_a_cached_page_carry_the_visitors_own_token(district_a):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get("/ortsteile/")
    page_two = second.get("/ortsteile/")  # from the cache
    assert CSRF_PLACEHOLDER not in page_one.content.decode()
    assert CSRF_PLACEHOLDER not in page_two.content.decode()
    assert "csrftoken" in page_two.cookies  # the visitor gets the cookie the token belongs to
    # The token works: the language switch in the header accepts it, and not the other visitor's.
    accepted = second.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": _token(page_two)})
    assert accepted.status_code == 302
    third = Client(enforce_csrf_checks=True)
    third.get("/ortsteile/")
    refused = third.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


def test_each_language_has_its_own_page(client, district_a):
    german = client.get("/ortsteile/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/ortsteile/").content.decode()
    assert 'lang="de"' in german
    assert 'lang="en"' in english


def test_a_signed_in_visitor_is_never_served_an_anonymous_page(client, district_a, resident, as_user):
    client.get("/ortsteile/")
    anonymous_page = client.get("/ortsteile/").content.decode()  # now from the cache
    assert reverse("account_logout") not in anonymous_page
    assert reverse("account_logout") in as_user(resident).get("/ortsteile/").content.decode()


def test_htmx_requests_and_pending_messages_are_rendered_for_themselves(client, district_a):
    client.get("/ortsteile/")
    assert not hasattr(client.get("/ortsteile/", headers={"HX-Request": "true"}), "page_cache")
    client.cookies["messages"] = "anything"
    assert not hasattr(client.get("/ortsteile/"), "page_cache")


def test_staff_pages_are_cached_per_person_and_never_shown_to_another(
    district_a, district_b, staff_a, staff_b, as_user
):
    inquiry_a = factories.make_inquiry(district=district_a, text="Die Laterne in Alchen ist dunkel.")
    inquiry_b = factories.make_inquiry(district=district_b, text="Die Bank in Bühl ist zerbrochen.")
    anna, bernd = as_user(staff_a), as_user(staff_b)
    url = reverse("inquiries:inbox")
    for expected in ("miss", "hit"):  # rendered, then from the cache
        response_a, response_b = anna.get(url), bernd.get(url)
        assert response_a.page_cache == response_b.page_cache == expected
        page_a, page_b = response_a.content.decode(), response_b.content.decode()
        assert inquiry_a.text in page_a
        assert inquiry_b.text not in page_a
        assert inquiry_b.text in page_b
        assert inquiry_a.text not in page_b
    assert anna.get(url)["Cache-Control"].startswith("max-age=0")  # browsers still keep nothing


def test_the_inbox_shows_a_new_inquiry_on_the_next_request(district_a, staff_a, as_user):
    anna = as_user(staff_a)
    url = reverse("inquiries:inbox")
    anna.get(url)
    inquiry = factories.make_inquiry(district=district_a, text="Neu gemeldet: ein Schlagloch.")
    assert inquiry.text in anna.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_version_advances_again_after_the_commit(town):
    """On PostgreSQL the statement's own advance is not enough (a reader could render the old
    data under the new number before the commit): the commit advances it once more."""
    with transaction.atomic():
        factories.make_district("Oberheuslingen", slug="oberheuslingen")
        inside = data_version()
    assert data_version() > inside or connection.vendor == "sqlite"
    if connection.vendor == "sqlite":  # one writer at a time: the write and its number commit together
        assert data_version() == inside


def test_the_api_answers_from_the_cache_with_its_validators(client, district_a):
    first = client.get("/api/v1/districts")
    second = client.get("/api/v1/districts")
    assert second.page_cache == "hit"
    assert second.json() == first.json()
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]  # restored from what the view had set
    assert client.get("/api/v1/districts", headers={"If-None-Match": first["ETag"]}).status_code == 304
    district_a.name = "Alchen-West"
    district_a.save()
    assert "Alchen-West" in client.get("/api/v1/districts").content.decode()


def test_the_api_documentation_pages_are_not_stored(town):
    client = Client(enforce_csrf_checks=True)
    first = client.get(reverse("opendata:api_docs"))
    page = client.get(reverse("opendata:api_docs"))
    assert getattr(page, "page_cache", None) is None
    assert int(page["Content-Length"]) == len(page.content)  # a browser waits for what is announced
    assert CSRF_PLACEHOLDER not in page.content.decode()
    switched = client.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": _token(first)})
    assert switched.status_code == 302  # the language form on it works


def test_every_answer_announces_its_true_length(client, district_a):
    for _ in range(2):
        page = client.get("/ortsteile/")
        assert int(page["Content-Length"]) == len(page.content)
    assert len(CSRF_PLACEHOLDER) == len(_token(page))


def test_open311_polling_clients_get_304_from_the_cache(client, district_a):
    factories.make_inquiry(district_a, is_public=True)
    url = "/open311/v2/requests.json"
    first = client.get(url)
    assert client.get(url).page_cache == "hit"
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_a_persons_cached_districts_follow_a_change_at_once(district_a, staff_a, as_user):
    """The districts a person works in come from the cache under the data version (one lookup
    instead of a query per request); taking them off a district closes its records at once."""
    inquiry = factories.make_inquiry(district=district_a)
    anna = as_user(staff_a)
    url = reverse("inquiries:detail", args=[inquiry.pk])
    assert anna.get(url).status_code == 200
    assert anna.get(url).status_code == 200  # the districts from the cache now
    district_a.staff.remove(staff_a)
    assert anna.get(url).status_code in (403, 404)
    assert anna.get(reverse("inquiries:inbox")).status_code in (302, 403)


def test_installations_sharing_a_cache_keep_apart_by_prefix():
    import os
    import subprocess
    import sys

    env = {**os.environ, "QUARTIER_CACHE_PREFIX": "freudenberg", "DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    printed = subprocess.run(
        [sys.executable, "-c", "from quartier import settings; print(settings.CACHES['default']['KEY_PREFIX'])"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout.strip() == "freudenberg"
