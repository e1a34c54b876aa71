"""The staff inbox filters in place with htmx (URL and CSV export follow the filter);
without JavaScript the form loads the page. Still only the staff member's districts."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.inquiries.models import Inquiry
from tests import factories

URL = "/cockpit/anliegen/"
HTMX = {"HX-Request": "true"}


def test_htmx_filter_gets_only_the_results_with_the_filtered_export(as_user, staff_a, district_a, category):
    found = factories.make_inquiry(district_a, category, text="Hecke am Friedhof")
    other = factories.make_inquiry(district_a, category, text="Laterne", channel=Inquiry.Channel.PHONE)
    response = as_user(staff_a).get(URL, {"channel": "phone"}, headers=HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="inbox-results"')
    assert other.number in content
    assert found.number not in content
    assert "<html" not in content
    assert "/cockpit/anliegen/export.csv?channel=phone" in content
    assert "no-store" in response["Cache-Control"]
    assert "HX-Request" in response["Vary"]


def test_htmx_results_show_only_the_staff_members_districts(as_user, staff_a, district_a, district_b, category):
    mine = factories.make_inquiry(district_a, category)
    theirs = factories.make_inquiry(district_b, category)
    content = as_user(staff_a).get(URL, headers=HTMX).content.decode()
    assert mine.number in content
    assert theirs.number not in content
    assert as_user(staff_a).get(URL, {"district": district_b.pk}, headers=HTMX).status_code == 404


def test_without_htmx_the_inbox_is_the_whole_page_with_the_htmx_form(as_user, staff_a, district_a, category):
    factories.make_inquiry(district_a, category)
    content = as_user(staff_a).get(URL).content.decode()
    assert "<html" in content
    assert 'data-hx-get="/cockpit/anliegen/"' in content
    assert 'data-hx-target="#inbox-results"' in content


def test_results_take_no_more_queries_than_the_page(as_user, staff_a, district_a, category, no_page_cache):
    client = as_user(staff_a)
    for _ in range(2):
        factories.make_inquiry(district_a, category, assignee=staff_a)
    client.get(URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as page:
        client.get(URL, {"status": "open"})
    for _ in range(30):
        factories.make_inquiry(district_a, category, assignee=staff_a)
    with CaptureQueriesContext(connection) as fragment:
        client.get(URL, {"status": "open"}, headers=HTMX)
    assert len(fragment) <= len(page)
