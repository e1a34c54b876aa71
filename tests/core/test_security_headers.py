from __future__ import annotations

import re

import pytest
from django.test import override_settings


@pytest.fixture
def home(client, town):
    return client.get("/")


def test_content_security_policy_forbids_inline_and_foreign_scripts(home):
    policy = home.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_contain_no_inline_script(home):
    html = home.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_every_asset_comes_from_the_site_itself(home):
    html = home.content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http://", "https://", "//")), url


def test_strict_referrer_policy_and_no_framing(home):
    assert home.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert home.headers["X-Frame-Options"] == "DENY"


@override_settings(SECURE_HSTS_SECONDS=31536000)
def test_hsts_behind_https(client, town):
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_cookie_flags(settings):
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
