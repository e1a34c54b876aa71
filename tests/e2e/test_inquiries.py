"""An inquiry in the browser: sent in two steps, followed on the private page, answered in the inbox;
every step passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from quartier.inquiries.models import Category, Inquiry
from tests.e2e.helpers import log_in, totp_code
from tests.e2e.test_accessibility import Walk

pytestmark = pytest.mark.browser


def test_send_follow_and_answer_an_inquiry(
    site, district_a, staff_a, page: Page, new_context, live_server, settings
) -> None:
    settings.PRIVATE_MEDIA_ROOT = settings.DATA_DIR / "e2e-private"
    Category.objects.create(name="Spielplätze", code="spielplatz")
    walk = Walk(page, live_server.url)
    walk.visit("/anliegen/")
    page.get_by_role("link", name="Anliegen senden").first.click()
    page.get_by_role("button", name="Weiter zur Prüfung").click()
    walk.check("/anliegen/neu/ (with errors)")
    page.get_by_label("Hinweis auf ein Problem").check()
    page.get_by_label("Thema").select_option(label="Spielplätze")
    page.get_by_label("Ortsteil").select_option(label=district_a.name)
    page.get_by_label("Ihr Anliegen").fill("Die Schaukel ist kaputt.")
    page.get_by_label("Ihre E-Mail-Adresse").fill("paula@example.org")
    page.get_by_label("Ich bin mit der Verarbeitung meiner Angaben einverstanden.").check()
    page.get_by_role("button", name="Weiter zur Prüfung").click()
    walk.check("/anliegen/neu/ (checked)")
    page.get_by_role("button", name="Anliegen senden").click()
    inquiry = Inquiry.objects.get()
    assert inquiry.number in page.content()
    walk.check("/anliegen/gesendet/")
    page.get_by_role("link", name="Stand Ihres Anliegens ansehen").click()
    walk.check("/anliegen/verlauf/…")

    staff = new_context().new_page()
    staff_walk = Walk(staff, live_server.url)
    log_in(staff, staff_a.email)
    staff.fill("input[name=code]", totp_code())
    staff.locator("main form button[type=submit]").first.click()
    staff_walk.visit("/cockpit/anliegen/")
    staff_walk.visit(inquiry.get_absolute_url())
    staff.get_by_label("Antwort an die absendende Person").fill("Wir reparieren sie diese Woche.")
    staff.get_by_role("button", name="Antwort senden").click()  # in place (htmx)
    expect(staff.locator("#inquiry-body").get_by_role("status")).to_contain_text("Die Antwort wurde gespeichert")
    staff_walk.check(f"{inquiry.get_absolute_url()} (after replying)")
    staff_walk.visit("/cockpit/anliegen/erfassen/")
    staff_walk.visit("/cockpit/")

    page.reload()
    assert "Wir reparieren sie diese Woche." in page.content()
    walk.assert_clean()
    staff_walk.assert_clean()
