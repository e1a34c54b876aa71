from __future__ import annotations

from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from tests import factories


def current_code() -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return f"{hotp_value(factories.TOTP_SECRET, counter):06d}"


def test_staff_logs_in_with_password_and_totp_and_reaches_the_cockpit(client, staff_a):
    response = client.post(reverse("account_login"), {"login": staff_a.email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get("/cockpit/").status_code == 302  # not yet signed in
    response = client.post(reverse("mfa_authenticate"), {"code": current_code()})
    assert response.status_code == 302
    assert client.get("/cockpit/").status_code == 200


def test_wrong_totp_code_keeps_staff_out(client, staff_a):
    client.post(reverse("account_login"), {"login": staff_a.email, "password": factories.PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000" if current_code() != "000000" else "111111"})
    assert response.status_code == 200
    assert client.get("/cockpit/").status_code == 302
