"""Staff sign in with password and TOTP code and reach their cockpit."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in, submit, totp_code

pytestmark = pytest.mark.browser


def test_staff_signs_in_with_totp_and_sees_own_district_in_cockpit(
    site, staff_a, district_a, district_b, page: Page
) -> None:
    log_in(page, staff_a.email, next_url="/cockpit/")

    assert "/konto/2fa/authenticate/" in page.url
    code = page.locator("input[name=code]")
    expect(code).to_be_visible()
    code.fill(totp_code())
    submit(page)

    assert page.url.endswith("/cockpit/"), page.url
    cockpit = page.locator("main")
    expect(cockpit.get_by_role("heading", level=1)).to_have_text("Cockpit")
    my_districts = cockpit.get_by_role("table", name="Meine Ortsteile")
    expect(my_districts).to_contain_text(district_a.name)
    expect(my_districts).not_to_contain_text(district_b.name)
    expect(cockpit.get_by_role("table", name="Anliegen und Antwortzeiten je Ortsteil")).not_to_contain_text(
        district_b.name
    )
