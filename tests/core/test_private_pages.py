"""Pages behind a private link keep the token out of other sites' logs and still accept
their own forms: browsers send the Origin header that Django's CSRF check compares."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from quartier.events.models import RegistrationStatus
from quartier.events.services import register_for_event
from tests import factories

pytestmark = pytest.mark.django_db


def _post_like_a_browser(url: str, data: dict[str, str], origin: str) -> int:
    """GET the page, then POST its form with the token and the Origin a browser sends under
    the page's Referrer-Policy (``no-referrer`` makes browsers send ``Origin: null``)."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page["Referrer-Policy"] == "same-origin"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token, "the page has a form with a CSRF token"
    return client.post(url, {**data, "csrfmiddlewaretoken": token[1]}, HTTP_ORIGIN=origin).status_code


def test_visitor_replies_through_the_private_inquiry_link(district_a):
    inquiry = factories.make_inquiry(district_a)
    assert _post_like_a_browser(inquiry.get_private_url(), {"body": "Danke!"}, "http://testserver") == 302
    assert inquiry.events.filter(body="Danke!").exists()
    # What the browser sent under the old policy is refused, so the policy matters.
    assert _post_like_a_browser(inquiry.get_private_url(), {"body": "Nochmal"}, "null") == 403


def test_visitor_cancels_through_the_private_registration_link(district_a):
    event = factories.make_event(district_a, capacity=10, registration_required=True)
    registration = register_for_event(event_date=event.dates.get(), name="Paula", email="paula@example.org")
    assert _post_like_a_browser(registration.get_absolute_url(), {"action": "cancel"}, "http://testserver") == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def _routes(patterns: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def test_every_page_behind_a_private_link_is_a_private_page():
    from django.urls import get_resolver

    private = [(route, view) for route, view in _routes(get_resolver().url_patterns) if "<str:token>" in route]
    assert private
    for route, view in private:
        assert getattr(view, "private_link", False), route
