"""The newsletter: double opt-in without an account, one subscription per address that a second
request never reveals, managing and one-click unsubscribing through private links (RFC 8058),
the consent kept, only the proof of unsubscribing left, unconfirmed requests cleaned up."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from quartier.news.models import Consent, Subscription, SubscriptionRequest, Unsubscription, address_digest
from quartier.news.services import delete_unconfirmed_requests
from tests.accounts.test_erasure import text_columns_containing
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
URL = "/aktuelles/newsletter/"
ADDRESS = "nachbar@example.org"


def link_in(message) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found
    return urlsplit(found.group(0)).path


def without_tokens(response) -> str:
    """The page without what differs on every response (nonces, CSRF tokens)."""
    return re.sub(r'(nonce|value|content)="[A-Za-z0-9+/=_-]{20,}"', "", response.content.decode())


def subscribe(client, lists, email=ADDRESS, capture=None):
    data = {"email": email, "lists": [item.pk for item in lists], "consent": "on"}
    with capture(execute=True):
        return client.post(URL, data)


def test_a_visitor_subscribes_by_double_opt_in(client, newsletter, django_capture_on_commit_callbacks, settings):
    response = subscribe(
        client, [newsletter], email="  Nachbar@Example.org ", capture=django_capture_on_commit_callbacks
    )
    assert "Bitte prüfen Sie Ihre E-Mails" in response.content.decode()
    assert not Subscription.objects.exists()
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    # The first mail to an address not yet confirmed quotes nothing the visitor typed.
    assert "nachbar" not in message.body.lower()
    assert message.body.count(settings.SITE_URL) == 1
    confirm_url = link_in(message)
    page = client.get(confirm_url)
    assert "Ortsteilbrief Alchen" in page.content.decode()
    assert not Subscription.objects.exists()  # opening the link (a mail scanner) confirms nothing
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url)
    subscription = Subscription.objects.get()
    assert response["Location"] == subscription.get_absolute_url()
    assert list(subscription.lists.all()) == [newsletter]
    consent = Consent.objects.get()
    assert "per E-Mail erhalten" in consent.text
    assert consent.source.endswith(URL)
    assert consent.lists == "Ortsteilbrief Alchen"
    assert not SubscriptionRequest.objects.exists()
    assert client.post(confirm_url).status_code == 404  # used up


def test_every_mail_to_a_subscriber_offers_one_click_unsubscribe(
    client, newsletter, django_capture_on_commit_callbacks, settings
):
    subscribe(client, [newsletter], capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mail.outbox[0]))
    welcome = mail.outbox[1]
    subscription = Subscription.objects.get()
    unsubscribe_url = settings.SITE_URL.rstrip("/") + subscription.get_unsubscribe_url()
    assert welcome.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
    assert welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in welcome.body
    assert settings.SITE_URL.rstrip("/") + subscription.get_absolute_url() in welcome.body
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in welcome.message().as_string()


def test_subscribing_an_address_that_has_a_subscription_answers_as_new_and_hands_nothing_over(
    client, newsletter, family_list, django_capture_on_commit_callbacks
):
    existing = Subscription.objects.create(email=ADDRESS)
    existing.lists.set([newsletter])
    stranger = Client()
    first = subscribe(client, [family_list], email="neu@example.org", capture=django_capture_on_commit_callbacks)
    second = subscribe(stranger, [family_list], capture=django_capture_on_commit_callbacks)
    assert second.status_code == first.status_code == 200
    assert without_tokens(second) == without_tokens(first)
    assert existing.token not in second.content.decode()
    message = mail.outbox[-1]
    assert message.to == [ADDRESS]
    assert existing.token not in message.body
    assert list(existing.lists.all()) == [newsletter]  # nothing changes before the address confirms
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(message))
    assert Subscription.objects.filter(email=ADDRESS).count() == 1  # one subscription per address
    assert set(existing.lists.all()) == {newsletter, family_list}


def test_one_click_unsubscribe_works_without_a_csrf_token_and_keeps_only_the_proof(newsletter):
    subscription = Subscription.objects.create(email=ADDRESS)
    subscription.lists.set([newsletter])
    Consent.objects.create(subscription=subscription, text="Ja", source="Web", lists="Ortsteilbrief")
    client = Client(enforce_csrf_checks=True)
    url = subscription.get_unsubscribe_url()
    assert "Abbestellen" in client.get(url).content.decode()
    assert Subscription.objects.exists()  # opening the link alone changes nothing
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert not Consent.objects.exists()
    assert list(Unsubscription.objects.values_list("address_digest", flat=True)) == [address_digest(ADDRESS)]
    assert text_columns_containing(ADDRESS) == []
    assert client.post(url).status_code == 200  # a second click (or the mail program again) is fine


def test_the_private_page_changes_the_lists_and_none_left_unsubscribes(client, newsletter, family_list):
    subscription = Subscription.objects.create(email=ADDRESS)
    subscription.lists.set([newsletter, family_list])
    url = subscription.get_absolute_url()
    assert client.post(url, {"lists": [family_list.pk]}).status_code == 302
    assert list(subscription.lists.all()) == [family_list]
    assert "Sie sind abgemeldet" in client.post(url, {}).content.decode()
    assert not Subscription.objects.exists()
    assert client.get(url).status_code == 404


def test_bad_input_gets_clear_messages_and_keeps_what_was_typed(client, newsletter):
    response = client.post(URL, {"email": "nachbar@example"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Bitte wählen Sie mindestens einen Newsletter." in content
    assert "Bitte stimmen Sie zu" in content
    assert 'value="nachbar@example"' in content
    assert not SubscriptionRequest.objects.exists()


def test_requests_for_one_address_are_limited(client, newsletter, django_capture_on_commit_callbacks, settings):
    settings.NEWS_SUBSCRIBE_RATE_LIMIT = 2
    for _ in range(2):
        subscribe(client, [newsletter], capture=django_capture_on_commit_callbacks)
    response = subscribe(Client(), [newsletter], capture=django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert "zu viele Anmeldungen" in response.content.decode()
    assert f'value="{ADDRESS}"' in response.content.decode()
    assert len(mail.outbox) == 2


def test_a_signed_in_resident_subscribes_their_verified_address_at_once(
    resident, newsletter, django_capture_on_commit_callbacks
):
    client = signed_in(resident)
    response = subscribe(client, [newsletter], email=resident.email, capture=django_capture_on_commit_callbacks)
    subscription = Subscription.objects.get()
    assert subscription.user == resident
    assert response["Location"] == subscription.get_absolute_url()
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    # Another address typed while signed in still needs its own confirmation.
    subscribe(client, [newsletter], email="andere@example.org", capture=django_capture_on_commit_callbacks)
    assert SubscriptionRequest.objects.get().email == "andere@example.org"


def test_unconfirmed_requests_are_deleted_after_a_week(newsletter):
    old = SubscriptionRequest.objects.create(email="alt@example.org", consent_text="Ja", source="Web")
    SubscriptionRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    SubscriptionRequest.objects.create(email="neu@example.org", consent_text="Ja", source="Web")
    delete_unconfirmed_requests()
    assert list(SubscriptionRequest.objects.values_list("email", flat=True)) == ["neu@example.org"]
