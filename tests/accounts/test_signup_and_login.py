from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from quartier.accounts.models import User
from tests import factories


def test_signup_sends_a_verification_email_and_login_waits_for_it(client, town):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "neu@example.org",
            "name": "Erika",
            "password1": "ein-langes-passwort",
            "password2": "ein-langes-passwort",
        },
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/konto/confirm-email/\S+", str(mail.outbox[0].body))
    assert link
    user = User.objects.get(email="neu@example.org")
    assert user.name == "Erika"
    assert not EmailAddress.objects.get(user=user).verified
    confirm_path = urlsplit(link.group(0)).path
    client.post(confirm_path)
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.parametrize(
    ("password", "message"),
    [("kurz1234", "zu kurz"), ("1234567890123", "komplett numerisch"), ("password123", "zu üblich")],
)
def test_weak_passwords_are_refused_with_a_message(client, town, password, message):
    response = client.post(
        reverse("account_signup"),
        {"email": "neu@example.org", "name": "Erika", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="neu@example.org"' in response.content.decode()  # what was typed stays


def test_signup_answers_the_same_for_a_known_address(client, town, resident):
    known = client.post(
        reverse("account_signup"),
        {
            "email": resident.email,
            "name": "Rita",
            "password1": "ein-langes-passwort",
            "password2": "ein-langes-passwort",
        },
    )
    unknown = client.post(
        reverse("account_signup"),
        {
            "email": "fremd@example.org",
            "name": "Fritz",
            "password1": "ein-langes-passwort",
            "password2": "ein-langes-passwort",
        },
    )
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, town, resident):
    known = client.post(reverse("account_reset_password"), {"email": resident.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "fremd@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_login_failure_message_does_not_reveal_whether_the_address_exists(client, town, resident):
    wrong_password = client.post(reverse("account_login"), {"login": resident.email, "password": "falsch-falsch"})
    unknown = client.post(reverse("account_login"), {"login": "fremd@example.org", "password": "falsch-falsch"})
    pattern = re.compile(r'<div class="kern-alert[^"]*"[^>]*>.*?</div>\s*</div>', re.S)
    assert pattern.findall(wrong_password.content.decode()) == pattern.findall(unknown.content.decode())


def test_repeated_wrong_passwords_are_throttled(client, town, resident, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}}
    for _ in range(5):
        client.post(reverse("account_login"), {"login": resident.email, "password": "falsch-falsch"})
    response = client.post(reverse("account_login"), {"login": resident.email, "password": factories.PASSWORD})
    assert response.status_code == 429 or "_auth_user_id" not in client.session


def test_login_gives_a_new_session_id_and_logout_ends_it(client, town, resident):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("account_login"), {"login": resident.email, "password": factories.PASSWORD})
    assert "_auth_user_id" in client.session
    assert client.session.session_key != before
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_signup_mail_is_branded_with_the_town_and_says_sie(client, town, settings):
    settings.SITE_URL = "https://quartier.example.org"
    client.post(
        reverse("account_signup"),
        {
            "email": "neu@example.org",
            "name": "Erika",
            "password1": "ein-langes-passwort",
            "password2": "ein-langes-passwort",
        },
    )
    [message] = mail.outbox
    assert message.subject == "[Freudenberg] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    assert "Quartiersmanagement Freudenberg" in message.body
    assert "Bitte bestätigen Sie Ihre Adresse" in message.body
    assert re.search(r"https://quartier\.example\.org/konto/confirm-email/\S+", str(message.body))
    assert "example.com" not in message.body
    assert "testserver" not in message.body
