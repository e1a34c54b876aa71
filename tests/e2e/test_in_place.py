"""htmx in a real browser: list filters update in place and keep the URL, support switches
in place, nothing breaks the Content-Security-Policy, and without JavaScript the same forms
load whole pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from quartier.events.models import Registration, RegistrationStatus
from quartier.inquiries.models import Inquiry
from quartier.participation.models import Idea, Support
from tests import factories
from tests.e2e.helpers import log_in, submit, totp_code
from tests.e2e.test_accessibility import Walk
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.browser


@pytest.fixture
def ideas(site, district_a, district_b, resident):
    make_idea(district_a, resident, title="Bücherschrank am Dorfplatz")
    return make_idea(district_b, resident, title="Spielplatz am Bach")


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    return errors


def test_ideas_filter_in_place_and_keep_the_url(page: Page, live_server, ideas):
    errors = _console_errors(page)
    walk = Walk(page, live_server.url)
    page.goto("/mitmachen/ideen/")
    page.evaluate("window.stillTheSamePage = true")
    results = page.locator("#idea-results")
    expect(results).to_contain_text("Bücherschrank am Dorfplatz")

    page.select_option("select[name=district]", "buehl")
    expect(page).to_have_url("/mitmachen/ideen/?q=&district=buehl&field=&status=&sort=new", timeout=5000)
    expect(results).to_contain_text("Spielplatz am Bach")
    expect(results).not_to_contain_text("Bücherschrank am Dorfplatz")
    assert page.evaluate("window.stillTheSamePage") is True  # no page load: htmx swapped the list
    walk.check("ideas filtered in place")

    page.go_back()  # the browser keeps no copy: going back loads the unfiltered page
    expect(page.locator("#idea-results")).to_contain_text("Bücherschrank am Dorfplatz")
    assert walk.problems == []
    assert errors == []


def test_support_switches_in_place(page: Page, live_server, ideas, resident):
    errors = _console_errors(page)
    walk = Walk(page, live_server.url)
    log_in(page, resident.email)
    idea: Idea = ideas
    page.goto(idea.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")

    page.locator("#support-button").click()
    aside = page.locator("#idea-aside")
    expect(aside).to_contain_text("Unterstützung zurücknehmen")
    expect(aside).to_contain_text("1 Person")
    expect(page.locator("#support-button")).to_be_focused()  # keyboard users stay where they were
    assert page.evaluate("window.stillTheSamePage") is True
    assert Support.objects.filter(idea=idea, user=resident).exists()
    walk.check("idea supported in place")

    page.locator("#support-button").click()
    expect(aside).to_contain_text("Idee unterstützen")
    assert not Support.objects.exists()
    assert walk.problems == []
    assert errors == []


def test_without_javascript_the_filter_loads_the_page(new_context, ideas):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/mitmachen/ideen/")
    page.select_option("select[name=district]", "buehl")
    with page.expect_navigation():
        page.locator("form.filter-form button[type=submit]").click()
    assert "district=buehl" in page.url
    expect(page.locator("#idea-results")).not_to_contain_text("Bücherschrank am Dorfplatz")


def test_staff_inbox_filters_in_place(page: Page, live_server, site, district_a, staff_a):
    errors = _console_errors(page)
    walk = Walk(page, live_server.url)
    category = factories.make_category("Spielplätze", code="spielplatz")
    by_phone = factories.make_inquiry(district_a, category, text="Laterne", channel=Inquiry.Channel.PHONE)
    online = factories.make_inquiry(district_a, category, text="Hecke am Friedhof")
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    page.goto("/cockpit/anliegen/")
    page.evaluate("window.stillTheSamePage = true")

    page.select_option("select[name=channel]", "phone")
    results = page.locator("#inbox-results")
    expect(results).not_to_contain_text(online.number)
    expect(results).to_contain_text(by_phone.number)
    assert "channel=phone" in page.url
    assert page.evaluate("window.stillTheSamePage") is True
    expect(results.get_by_role("link", name="Als CSV herunterladen")).to_have_attribute(
        "href", re.compile(r"channel=phone")
    )
    walk.check("inbox filtered in place")
    assert walk.problems == []
    assert errors == []


def test_inquiry_status_and_assignment_change_in_place(page: Page, live_server, site, district_a, staff_a):
    errors = _console_errors(page)
    walk = Walk(page, live_server.url)
    inquiry = factories.make_inquiry(district_a, factories.make_category("Spielplätze", code="spielplatz"))
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    page.goto(inquiry.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")

    page.select_option("select[name=status-status]", "in_progress")
    page.locator("#inquiry-status-button").focus()
    page.keyboard.press("Enter")
    body = page.locator("#inquiry-body")
    expect(body.get_by_role("status")).to_have_text("Der Status wurde geändert.")
    expect(page.locator("#inquiry-status-button")).to_be_focused()  # keyboard users stay where they were
    assert page.evaluate("window.stillTheSamePage") is True
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.IN_PROGRESS
    walk.check("inquiry status changed in place")

    page.select_option("select[name=assign-assignee]", str(staff_a.pk))
    page.locator("#inquiry-assign-button").click()
    expect(body.get_by_role("status")).to_have_text("Die Zuständigkeit wurde gespeichert.")
    assert page.evaluate("window.stillTheSamePage") is True
    inquiry.refresh_from_db()
    assert inquiry.assignee == staff_a
    assert walk.problems == []
    assert errors == []


def test_without_javascript_an_inquiry_action_loads_the_page(new_context, live_server, site, district_a, staff_a):
    inquiry = factories.make_inquiry(district_a, factories.make_category("Spielplätze", code="spielplatz"))
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, staff_a.email)
    page.fill("input[name=code]", totp_code())
    submit(page)
    page.goto(inquiry.get_absolute_url())
    page.select_option("select[name=status-status]", "in_progress")
    with page.expect_navigation():
        page.locator("#inquiry-status-button").click()
    expect(page.locator(".messages")).to_contain_text("Der Status wurde geändert.")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.IN_PROGRESS


def test_registering_and_cancelling_in_place(page: Page, live_server, site, district_a, resident):
    errors = _console_errors(page)
    walk = Walk(page, live_server.url)
    event = factories.make_event(district_a, registration_required=True, capacity=5)
    event_date = event.dates.get()
    log_in(page, resident.email)
    page.goto(f"/termine/{event.pk}/{event_date.pk}/anmelden/")
    page.evaluate("window.stillTheSamePage = true")

    page.locator("#register-button").click()
    section = page.locator("#registration-section")
    message = section.get_by_role("status")
    expect(message).to_have_text("Sie sind angemeldet.")
    expect(message).to_be_focused()  # the result takes the focus the vanished button had
    assert page.evaluate("window.stillTheSamePage") is True
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    walk.check("registered in place")

    page.locator("#cancel-registration-button").click()
    expect(section.get_by_role("status")).to_have_text("Ihre Anmeldung ist storniert.")
    expect(section.get_by_role("status")).to_be_focused()
    assert page.evaluate("window.stillTheSamePage") is True
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    walk.check("registration cancelled in place")
    assert walk.problems == []
    assert errors == []


def test_without_javascript_registering_loads_the_registration_page(
    new_context, live_server, site, district_a, resident
):
    event = factories.make_event(district_a, registration_required=True, capacity=5)
    event_date = event.dates.get()
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, resident.email)
    page.goto(f"/termine/{event.pk}/{event_date.pk}/anmelden/")
    with page.expect_navigation():
        page.locator("#register-button").click()
    registration = Registration.objects.get()
    assert page.url.endswith(registration.get_absolute_url())
    expect(page.locator(".messages")).to_contain_text("Sie sind angemeldet.")
