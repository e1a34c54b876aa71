from __future__ import annotations

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.events.services import register_for_event
from tests import factories


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_event_page_carries_schema_org_event_json_ld(client, district_a):
    event = factories.make_event(district_a, title="Herbstmarkt </script><script>alert(1)</script>", address="Markt 1")
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    data = _json_ld(html)
    assert data["@type"] == "Event"
    assert data["name"].startswith("Herbstmarkt")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"]["addressLocality"] == "Alchen"
    assert "<script>alert(1)</script>" not in html


def test_json_ld_is_a_data_block_the_csp_allows(client, district_a):
    # The strict CSP forbids inline scripts; a JSON-LD data block is not executed, so it
    # needs no 'unsafe-inline' and the policy stays as it is.
    event = factories.make_event(district_a)
    response = client.get(event.get_absolute_url())
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [attrs for attrs in scripts if "src=" not in attrs]
    assert inline == [' type="application/ld+json"']


def test_cancelled_event_shows_status_and_reason(client, district_a):
    event = factories.make_event(district_a, status="cancelled", status_reason="Der Saal ist gesperrt.")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Der Saal ist gesperrt." in html
    assert _json_ld(html)["eventStatus"] == "https://schema.org/EventCancelled"


def test_event_page_has_add_to_calendar_and_notice_links(client, district_a):
    event = factories.make_event(district_a)
    event_date = event.dates.get()
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/termine/{event.pk}/kalender.ics"' in html
    assert f'href="/termine/{event.pk}/{event_date.pk}/aushang/"' in html


def test_unpublished_proposal_is_404_for_visitors(client, district_a):
    event = factories.make_event(district_a, is_published=False)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_event_page_query_count_does_not_grow(client, district_a, no_page_cache, django_assert_num_queries):
    event = factories.make_event(district_a, registration_required=True, capacity=500, rrule="FREQ=WEEKLY;COUNT=30")
    event_date = event.dates.first()
    for number in range(3):
        register_for_event(event_date=event_date, name="x", email=f"{number}@example.org")
    client.get(event.get_absolute_url())  # warm the per-process caches (town, layout)
    with CaptureQueriesContext(connection) as few:
        assert client.get(event.get_absolute_url()).status_code == 200
    for number in range(3, 60):
        register_for_event(event_date=event_date, name="x", email=f"{number}@example.org")
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(event.get_absolute_url()).status_code == 200


def test_notice_is_a_print_page_with_a_qr_code(client, district_a):
    event = factories.make_event(district_a, title="Herbstmarkt", summary="Stände, Kuchen, Musik.")
    event_date = event.dates.get()
    html = client.get(f"/termine/{event.pk}/{event_date.pk}/aushang/").content.decode()
    assert "Herbstmarkt" in html
    assert "Stände, Kuchen, Musik." in html
    assert 'src="data:image/svg+xml' in html
    assert "events/notice.css" in html


def test_a_postponed_event_says_verschoben_everywhere(client, as_user, staff_a, district_a):
    from quartier.events.models import EventStatus

    event = factories.make_event(district_a, title="Januar-Werkstatt")
    event.status = EventStatus.POSTPONED
    event.status_reason = "Neuer Termin folgt."
    event.save()
    pages = {
        "event page": client.get(event.dates.get().get_absolute_url()),
        "district page": client.get(district_a.get_absolute_url()),
        "calendar": client.get("/termine/"),
        "cockpit": as_user(staff_a).get("/cockpit/termine/"),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert "Januar-Werkstatt" in html, name
        assert "verschoben" in html, name
        assert "findet statt" not in html, name


def test_the_short_text_is_not_shown_twice(client, district_a):
    event = factories.make_event(
        district_a, summary="Spiele für alle Generationen.", description="Spiele für alle  Generationen."
    )
    html = client.get(event.dates.get().get_absolute_url()).content.decode()
    main = re.sub(r"<script.*?</script>", "", html.split("<main", 1)[1], flags=re.S)
    assert main.count("Spiele für alle") == 1  # the lead, not the description again
    project = factories.make_project(
        district_a, summary="Ein Bücherschrank.", description="Ein Bücherschrank.\n\nMit Bank."
    )
    assert "Mit Bank." in client.get(project.get_absolute_url()).content.decode()
