"""A new resident signs up, confirms the e-mail address from the mail, and signs in again."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from playwright.sync_api import Page, expect

from tests.e2e.helpers import log_in, submit

pytestmark = pytest.mark.browser

EMAIL = "neu@example.org"
PASSWORD = "Fachwerk-Dorffest-2025"


def test_signup_confirm_email_then_log_in_with_password(site, page: Page, mailoutbox, live_server) -> None:
    # The live server runs in a thread of this process, so the test's locmem outbox is its outbox.
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"

    page.goto("/konto/signup/")
    # The name the site shows is asked for, with a hint that a first name or pseudonym is enough.
    expect(page.get_by_label("Name, der auf der Website erscheint")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Fantasiename")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=name]", "Erika")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    submit(page)

    assert len(mailoutbox) == 1, [message.subject for message in mailoutbox]
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    match = re.search(rf"{re.escape(live_server.url)}/konto/confirm-email/\S+", message.body)
    assert match, message.body
    assert not EmailAddress.objects.filter(email=EMAIL, verified=True).exists()

    page.goto(match.group(0))
    submit(page)
    assert EmailAddress.objects.filter(email=EMAIL, verified=True).exists()

    with page.expect_navigation():
        page.locator("header form[action='/konto/logout/'] button").click()
    expect(page.locator("header")).to_contain_text("Anmelden")

    log_in(page, EMAIL, PASSWORD)
    page.goto("/konto/profil/")
    expect(page.locator("main")).to_contain_text(EMAIL)
    assert page.input_value("input[name=name]") == "Erika"
