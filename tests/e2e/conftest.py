"""Browser tests: one system Chromium for all of them, a fresh context per test.

Chromium is the distribution's, never a downloaded one. Without it the browser tests
skip on a developer's machine but fail on CI, where a skip would hide them.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from quartier.accounts.models import User
from quartier.core.models import LegalPage
from quartier.places.models import District, Town

CHROMIUM = Path(os.environ.get("QUARTIER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


# Package scope: Chromium starts with the first browser test and stops after the last,
# so that the tests that run after them find neither its event loop nor the variable below.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"No Chromium at {CHROMIUM}: install Debian's chromium package or set QUARTIER_CHROMIUM."
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # Playwright's sync API keeps an asyncio loop running in this thread for as long as
    # it lives, and Django refuses ORM calls from a thread with a running loop. The test
    # code around it is synchronous, so that guard protects nothing here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # allauth keeps rate limits and already used TOTP codes in the cache; a test must
    # not inherit them from the one before.
    cache.clear()


@pytest.fixture
def new_context(browser: Browser, live_server: Any, settings: Any) -> Iterator[Callable[..., BrowserContext]]:
    """Opens browser contexts on the live server, in German; all close after the test.
    Links in the mails the test sends lead to the live server too."""
    settings.SITE_URL = live_server.url
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, locale="de-DE", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture
def site(transactional_db: None, town: Town, district_a: District, district_b: District, staff_a: User) -> Town:
    """The town with two districts, their contact points, staff and legal pages, filled in as a town would."""
    town.intro = "Willkommen beim **Quartiersmanagement**. Wir stärken das Miteinander in unseren Ortsteilen."
    town.contact_email = "rathaus@example.org"
    town.contact_phone = "02734 43-0"
    town.save()
    for district in (district_a, district_b):
        district.portrait = f"{district.name} ist ein lebendiges Dorf mit **Dorfgemeinschaftshaus** und Vereinen."
        district.save(update_fields=["portrait"])
        contact_point = district.contact_point
        assert contact_point is not None
        contact_point.phone = "02734 43-120"
        contact_point.email = "buero@example.org"
        contact_point.office_hours = "- Montag bis Freitag: 9 bis 12 Uhr\n- Donnerstag: 14 bis 17 Uhr"
        contact_point.notes = "Der Eingang ist stufenlos."
        contact_point.save()
    _restore_legal_pages()
    return town


def _restore_legal_pages() -> None:
    # A transactional test empties every table when it ends, the pages the data
    # migration created included, and every footer links to them.
    migration = importlib.import_module("quartier.core.migrations.0002_default_legal_pages")
    for kind, (title, body) in migration.PAGES.items():
        LegalPage.objects.get_or_create(kind=kind, defaults={"title": title, "body": body})
