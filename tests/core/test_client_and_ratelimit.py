"""One client address behind the reverse proxy and one rate limiter for every limit."""

from __future__ import annotations

import pytest
import time_machine
from allauth.account.adapter import get_adapter
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.urls import reverse

from quartier.core.client import client_address
from quartier.core.ratelimit import take
from tests import factories

PROXY = "10.0.0.2"


def request_from(remote: str = PROXY, forwarded: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_a_trusted_proxy_a_forged_forwarded_header_changes_nothing(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_address_the_proxy_saw_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert client_address(request_from(PROXY, "1.2.3.4, 198.51.100.1")) == "198.51.100.1"
    assert client_address(request_from(PROXY, "198.51.100.2")) == "198.51.100.2"


def test_a_header_shorter_than_the_proxy_chain_or_garbage_falls_back_safely(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(PROXY, "198.51.100.1")) == PROXY
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(PROXY, "<script>")) == "unknown"


def test_ipv6_addresses_count_per_network():
    one = client_address(request_from("2001:db8:1:2::1"))
    other = client_address(request_from("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::/64"


def test_the_limit_counts_per_scope_and_client(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = request_from("203.0.113.7")
    assert [take(request, scope="a", limit=2) for _ in range(3)] == [True, True, False]
    assert take(request, scope="b", limit=2)
    assert take(request_from("203.0.113.8"), scope="a", limit=2)


def test_the_budget_comes_back_in_the_next_period():
    request = request_from("203.0.113.7")
    with time_machine.travel("2026-03-02 10:00:00+00:00", tick=False) as clock:
        assert take(request, scope="a", limit=1, period=3600)
        assert not take(request, scope="a", limit=1, period=3600)
        clock.shift(3600)
        assert take(request, scope="a", limit=1, period=3600)


def test_two_clients_behind_the_proxy_get_separate_budgets(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first = request_from(PROXY, "198.51.100.1")
    second = request_from(PROXY, "198.51.100.2")
    assert take(first, scope="a", limit=1)
    assert not take(first, scope="a", limit=1)
    assert take(second, scope="a", limit=1)


def test_without_the_setting_everyone_behind_the_proxy_shares_one_budget(settings):
    # What happened before TRUSTED_PROXY_COUNT was read: the reason to set it.
    settings.TRUSTED_PROXY_COUNT = 0
    assert take(request_from(PROXY, "198.51.100.1"), scope="a", limit=1)
    assert not take(request_from(PROXY, "198.51.100.2"), scope="a", limit=1)


def login(client, email: str, password: str, forwarded: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_allauth_asks_the_same_function_for_the_client_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = request_from(PROXY, "1.2.3.4, 198.51.100.1")
    assert get_adapter(request).get_client_ip(request) == "198.51.100.1"
    settings.TRUSTED_PROXY_COUNT = 0
    assert get_adapter(request).get_client_ip(request) == PROXY


@pytest.mark.django_db
def test_wrong_passwords_for_one_account_do_not_lock_out_another(client, settings, town):
    settings.TRUSTED_PROXY_COUNT = 1
    factories.make_user("opfer@example.org")
    factories.make_user("nachbar@example.org")
    for _ in range(6):
        login(client, "opfer@example.org", "falsch-falsch-falsch", "198.51.100.1")
    locked = login(client, "opfer@example.org", factories.PASSWORD, "198.51.100.1")
    assert locked.status_code == 200
    assert "Anmeldeversuche" in locked.content.decode()
    # Another resident behind the same proxy, and even one at the attacker's own address:
    for forwarded in ("198.51.100.2", "198.51.100.1"):
        response = login(Client(), "nachbar@example.org", factories.PASSWORD, forwarded)
        assert response.status_code == 302, forwarded
