"""Ausleihe with real content: the list with filters, a resource with busy times in its month
and week, the booking form (and its errors), one's own bookings, and the cockpit with a
request, a booking handed over (its return form with the checklist), a staff booking's form
with errors and the utilisation. axe-core's WCAG 2.1 AA rules, nothing from another host,
valid HTML."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from quartier.resources.models import BookingStatus, Kind
from tests.e2e.helpers import log_in, submit, totp_code
from tests.e2e.test_accessibility import Walk, expected_400
from tests.resources.conftest import at, book, make_resource

pytestmark = pytest.mark.browser


@pytest.fixture
def lending(site, district_a, resident) -> dict[str, Any]:
    kiste = make_resource(
        district_a,
        name="Spielekiste",
        slug="spielekiste",
        contents="Carrom-Brett\nRiesen-Mikado\nSchwungtuch",
        conditions="Bitte vollständig zurückgeben.",
        deposit="50 €",
        requires_approval=True,
    )
    room = make_resource(
        district_a, name="Jugendraum", slug="jugendraum", kind=Kind.ROOM, capacity=20, accessibility="Stufenlos."
    )
    requested = book(kiste, at(3, 10), at(4, 12), status=BookingStatus.REQUESTED, person=resident, name="Rita")
    handed = book(kiste, at(-2, 10), at(1, 12), status=BookingStatus.HANDED_OVER, person=resident, name="Rita")
    book(room, at(1, 18), at(1, 21), name="Jugendgruppe")
    book(room, at(2, 0), at(5, 0), name="Freizeit")
    return {"kiste": kiste, "room": room, "requested": requested, "handed": handed}


def test_resource_pages_pass_axe(lending, resident, staff_a, page: Page, live_server) -> None:
    walk = Walk(page, live_server.url)
    walk.visit("/ausleihe/")
    walk.visit("/ausleihe/?kind=room&district=alchen")
    walk.visit("/ausleihe/?free_from=kaputt")
    room = lending["room"]
    walk.visit(room.get_absolute_url())
    walk.visit(f"{room.get_absolute_url()}?view=week&date={at(1, 0).date().isoformat()}")

    log_in(page, resident.email)
    walk.visit(room.get_absolute_url() + "buchen/")
    page.fill("input[name=purpose]", "Spieleabend")
    page.fill("input[name=people]", "30")
    submit(page)
    walk.check(f"{room.get_absolute_url()}buchen/ (with errors)")
    walk.visit("/ausleihe/meine-buchungen/")
    walk.visit(lending["requested"].get_absolute_url())
    with page.expect_navigation():
        page.locator("header form[action='/konto/logout/'] button").click()

    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.visit("/cockpit/ausleihe/")
    walk.visit(lending["requested"].get_staff_url())
    walk.visit(lending["handed"].get_staff_url())
    walk.visit(f"/cockpit/ausleihe/{lending['kiste'].slug}/buchen/")
    submit(page)
    walk.check(f"/cockpit/ausleihe/{lending['kiste'].slug}/buchen/ (with errors)")
    walk.visit(lending["requested"].get_staff_url())
    with page.expect_navigation():
        page.locator("form:has(input[value=decline]) button[type=submit]").click()
    walk.check(f"{lending['requested'].get_staff_url()} (decline without reason)")
    expected_400(walk)
    walk.visit("/cockpit/ausleihe/auslastung/")
    walk.visit(f"/cockpit/ausleihe/{lending['room'].slug}/bearbeiten/")
    walk.visit("/cockpit/ausleihe/neu/")
    submit(page)
    walk.check("/cockpit/ausleihe/neu/ (with errors)")
    walk.assert_clean()
