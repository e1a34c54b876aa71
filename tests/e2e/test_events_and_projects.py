"""The calendar, event, registration, notice and project pages, and their cockpit pages,
with real content: axe-core's WCAG 2.1 AA rules, nothing from another host, no CSP error."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from quartier.events.services import Participant, register_for_event
from quartier.places.models import FieldOfAction
from quartier.projects.models import ProjectUpdate
from tests import factories
from tests.e2e.helpers import log_in, submit, totp_code
from tests.e2e.test_accessibility import Walk

pytestmark = pytest.mark.browser


@pytest.fixture
def activities(site, district_a):
    youth, _ = FieldOfAction.objects.get_or_create(slug="jugend", defaults={"name": "Jugend"})
    project = factories.make_project(district_a, title="Ferienspiele", slug="ferienspiele", description="Für **alle**.")
    project.fields_of_action.add(youth)
    ProjectUpdate.objects.create(
        project=project, date=timezone.localdate(), title="Anmeldung offen", body="Los geht's."
    )
    full = factories.make_event(
        district_a,
        title="Waldtag",
        project=project,
        registration_required=True,
        capacity=2,
        asks_participant_details=True,
        max_party_size=2,
        step_free=True,
    )
    full.fields_of_action.add(youth)
    register_for_event(
        event_date=full.dates.get(),
        name="Familie Schmidt",
        email="schmidt@example.org",
        party_size=2,
        participants=[Participant("Lina", 7), Participant("Paul", 9)],
    )
    register_for_event(event_date=full.dates.get(), name="Familie Braun", email="braun@example.org")
    factories.make_event(
        district_a, title="Spieleabend", rrule="FREQ=WEEKLY;COUNT=4", registration_required=True, capacity=10
    )
    factories.make_event(district_a, title="Markt", status="cancelled", status_reason="Sturmwarnung.")
    return full


def _csp_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    return errors


def test_visitor_event_and_project_pages_pass_axe(activities, page: Page, live_server) -> None:
    csp = _csp_errors(page)
    walk = Walk(page, live_server.url)
    walk.breadth_first("/termine/")
    event_date = activities.dates.get()
    for path in (
        activities.get_absolute_url(),
        f"/termine/{activities.pk}/{event_date.pk}/aushang/",
        "/termine/vorschlagen/",
    ):
        if path not in walk.visited:
            walk.visit(path)
    walk.breadth_first("/projekte/")
    register = f"/termine/{activities.pk}/{event_date.pk}/anmelden/"
    walk.visit(register)
    page.locator("#register-button").click()  # in place (htmx)
    expect(page.locator("#registration-section [role=alert]")).to_be_focused()
    walk.check(f"{register} (with errors)")
    assert "/projekte/ferienspiele/" in walk.visited, walk.visited
    walk.assert_clean()
    assert csp == []


def test_staff_event_pages_pass_axe(activities, staff_a, page: Page, live_server) -> None:
    walk = Walk(page, live_server.url)
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    walk.breadth_first("/cockpit/termine/")
    event_date = activities.dates.get()
    for path in (
        "/cockpit/termine/neu/",
        f"/cockpit/termine/datum/{event_date.pk}/teilnehmende/",
        "/cockpit/projekte/",
    ):
        assert path in walk.visited, walk.visited
    walk.breadth_first("/cockpit/projekte/")
    page.goto("/cockpit/termine/neu/")
    submit(page)
    walk.check("/cockpit/termine/neu/ (with errors)")
    walk.assert_clean()
