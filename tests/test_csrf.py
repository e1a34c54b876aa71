"""Every state-changing URL refuses a POST without a CSRF token."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import signed_in


@pytest.fixture
def csrf_client_factory():
    def make(user=None):  # type: ignore[no-untyped-def]
        client = signed_in(user) if user else Client()
        client.handler.enforce_csrf_checks = True
        return client

    return make


def state_changing_urls(district_a) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        reverse("places:district_edit", kwargs={"slug": district_a.slug}),
        reverse("places:contact_point_edit", kwargs={"pk": district_a.contact_point_id}),
        reverse("accounts:profile"),
        reverse("accounts:delete"),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_logout"),
        reverse("account_reset_password"),
        reverse("account_change_password"),
        reverse("account_email"),
        reverse("mfa_activate_totp"),
        reverse("set_language"),
    ]


def test_posts_without_csrf_token_are_refused(csrf_client_factory, coordinator, district_a):
    client = csrf_client_factory(coordinator)
    for url in state_changing_urls(district_a):
        response = client.post(url, {"portrait": "x", "name": "x", "confirm": "on", "language": "en"})
        assert response.status_code == 403, url
    coordinator.refresh_from_db()
    assert coordinator.is_active


def test_anonymous_posts_without_csrf_token_are_refused(csrf_client_factory, district_a):
    client = csrf_client_factory()
    for url in (reverse("account_login"), reverse("account_signup"), reverse("account_reset_password")):
        assert client.post(url, {"login": "a@example.org", "password": "x"}).status_code == 403, url
