"""Every staff URL against every role: each gets exactly what its role allows.

The URL configuration is walked, so a new staff URL fails this test until its row
in EXPECTED says who may use it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import signed_in

STAFF_PREFIXES = ("cockpit/",)
LOGIN = "login"
# url name -> expected outcome per persona, for objects of district A.
EXPECTED: dict[str, dict[str, Any]] = {
    "places:cockpit": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 200,
        "coordinator": 200,
        "administrator": 200,
    },
    "places:district_edit": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
    "places:contact_point_edit": {
        "anonymous": LOGIN,
        "resident": 403,
        "staff_a": 200,
        "staff_b": 403,
        "coordinator": 200,
        "administrator": 200,
    },
}


def _walk(patterns: list, prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append((f"{namespace}{pattern.name}", route))
    return found


def staff_url_names() -> set[str]:
    return {name for name, route in _walk(get_resolver().url_patterns) if route.startswith(STAFF_PREFIXES)}


def test_every_staff_url_has_an_expectation():
    assert staff_url_names() == set(EXPECTED)


def _url_for(name: str, district_a) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    kwargs = {
        "places:cockpit": {},
        "places:district_edit": {"slug": district_a.slug},
        "places:contact_point_edit": {"pk": district_a.contact_point_id},
    }[name]
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def personas(resident, staff_a, staff_b, coordinator, administrator) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    return {
        "anonymous": Client(),
        "resident": signed_in(resident, second_factor=False),
        "staff_a": signed_in(staff_a),
        "staff_b": signed_in(staff_b),
        "coordinator": signed_in(coordinator),
        "administrator": signed_in(administrator),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_exactly_what_it_may(name, personas, district_a):
    url = _url_for(name, district_a)
    for persona, expected in EXPECTED[name].items():
        response = personas[persona].get(url)
        if expected == LOGIN:
            assert response.status_code == 302, (persona, url)
            assert "/konto/login/" in response.url, (persona, url)
        else:
            assert response.status_code == expected, (persona, url, response.status_code)


def test_django_admin_is_for_administrators_only(personas):
    assert personas["administrator"].get("/verwaltung/").status_code == 200
    assert personas["coordinator"].get("/verwaltung/").status_code == 403
    assert personas["resident"].get("/verwaltung/").status_code == 403
    response = personas["anonymous"].get("/verwaltung/")
    assert response.status_code == 302
    assert "/konto/login/" in response.url


def test_admin_without_second_factor_is_sent_to_confirm_it(administrator):
    response = signed_in(administrator, second_factor=False).get("/verwaltung/")
    assert response.status_code == 302
    assert "/konto/2fa/reauthenticate/" in response.url
