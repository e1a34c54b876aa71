"""Steps the browser tests share: submitting a form, signing in, a TOTP code, a link from a mail."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.mail import EmailMessage
from playwright.sync_api import Page

from tests import factories


def totp_code() -> str:
    """A valid code for the staff personas, never one about to expire (allauth allows no drift).

    Computed with allauth's own HOTP helpers: pyotp refuses the personas' 80-bit secret.
    """
    period = mfa_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < 3:
        time.sleep(remaining + 0.1)
    return format_hotp_value(hotp_value(factories.TOTP_SECRET, int(time.time()) // period))


def submit(page: Page) -> None:
    """Press the main form's first submit button and wait for the next page."""
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()


def log_in(page: Page, email: str, password: str = factories.PASSWORD, *, next_url: str = "") -> None:
    """Sign in through the login form; stops at the second-factor form when there is one."""
    page.goto(f"/konto/login/?next={next_url}" if next_url else "/konto/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    submit(page)


def link_in_mail(outbox: Sequence[EmailMessage], to: str, path: str, *, subject: str = "") -> str:
    """The address in the newest mail to `to` (whose subject contains `subject`) that leads to a
    page under `path` on the site; fails, listing the mails, when there is none."""
    pattern = re.compile(rf"{re.escape(settings.SITE_URL.rstrip('/'))}{re.escape(path)}\S*")
    for message in reversed(outbox):
        if to in message.to and subject in message.subject:
            match = pattern.search(str(message.body))
            if match:
                return match.group(0)
    raise AssertionError(f"no mail to {to} ({subject!r}) links to {path}: {[(m.to, m.subject) for m in outbox]}")


def sign_in_staff(page: Page, email: str) -> None:
    """Sign in on the login page the browser is on (or is sent to), with password and TOTP code."""
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", factories.PASSWORD)
    submit(page)
    page.fill("input[name=code]", totp_code())
    submit(page)
