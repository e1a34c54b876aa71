"""Signed-in residents manage their newsletters in the profile: the subscriptions of the
account's confirmed addresses, ending one list or all, subscribing to more without a
confirmation mail (the consent stored as always), and a fixed number of queries."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.news.models import Consent, NewsletterList, Subscription, SubscriptionRequest, Unsubscription
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
PROFILE = "/konto/profil/"
SUBSCRIBE = "/aktuelles/newsletter/konto/abonnieren/"
UNSUBSCRIBE = "/aktuelles/newsletter/konto/abbestellen/"


def subscription_of(email: str, *lists: NewsletterList) -> Subscription:
    subscription = Subscription.objects.create(email=email)
    subscription.lists.set(lists)
    return subscription


def test_the_profile_lists_the_subscriptions_of_the_confirmed_addresses_only(resident, newsletter, family_list):
    EmailAddress.objects.create(user=resident, email="Zweite@Example.org", verified=True)
    EmailAddress.objects.create(user=resident, email="ungeprueft@example.org", verified=False)
    subscription_of(resident.email, newsletter)
    subscription_of("zweite@example.org", family_list)
    subscription_of("ungeprueft@example.org", family_list)
    subscription_of("fremd@example.org", newsletter)
    html = signed_in(resident).get(PROFILE).content.decode()
    assert "Meine Newsletter" in html
    assert f"An {resident.email}" in html
    assert "An zweite@example.org" in html
    assert "„Ortsteilbrief Alchen“ abbestellen" in html
    assert "„Familie“ abbestellen" in html
    assert "ungeprueft@example.org" not in html.split("Meine Newsletter")[1]
    assert "fremd@example.org" not in html


def test_a_resident_ends_one_list_then_the_last_one(resident, newsletter, family_list):
    subscription = subscription_of(resident.email, newsletter, family_list)
    client = signed_in(resident)
    response = client.post(UNSUBSCRIBE, {"subscription": subscription.pk, "list": newsletter.pk})
    assert response.status_code == 302
    assert list(subscription.lists.all()) == [family_list]
    client.post(UNSUBSCRIBE, {"subscription": subscription.pk, "list": family_list.pk})
    assert not Subscription.objects.exists()
    assert Unsubscription.objects.count() == 1  # only the proof stays
    assert "Sie haben noch keinen Newsletter abonniert." in client.get(PROFILE).content.decode()


def test_a_resident_ends_all_lists_of_an_address_at_once(resident, newsletter, family_list):
    subscription = subscription_of(resident.email, newsletter, family_list)
    signed_in(resident).post(UNSUBSCRIBE, {"subscription": subscription.pk})
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert Unsubscription.objects.count() == 1


@pytest.mark.parametrize("verified", [True, False])
def test_another_address_subscription_cannot_be_ended_by_guessing_its_number(resident, newsletter, verified):
    other = factories.make_user("andere@example.org")
    EmailAddress.objects.filter(user=other).update(verified=verified)
    subscription = subscription_of(other.email, newsletter)
    if not verified:  # the resident added the address but never confirmed it
        EmailAddress.objects.filter(user=other).delete()
        EmailAddress.objects.create(user=resident, email=other.email, verified=False)
    client = signed_in(resident)
    assert client.post(UNSUBSCRIBE, {"subscription": subscription.pk}).status_code == 404
    assert client.post(UNSUBSCRIBE, {"subscription": subscription.pk, "list": newsletter.pk}).status_code == 404
    assert client.post(UNSUBSCRIBE, {"subscription": "99999999999999999999999"}).status_code == 404
    assert list(subscription.lists.all()) == [newsletter]
    assert not Unsubscription.objects.exists()


def test_signing_in_is_needed(client, newsletter):
    subscription = subscription_of("nachbar@example.org", newsletter)
    assert client.post(UNSUBSCRIBE, {"subscription": subscription.pk}).status_code == 302
    assert client.get(SUBSCRIBE).status_code == 302
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_a_resident_subscribes_a_confirmed_address_at_once_with_the_consent_stored(
    resident, newsletter, family_list, django_capture_on_commit_callbacks
):
    subscription_of(resident.email, newsletter)
    client = signed_in(resident)
    html = client.get(PROFILE).content.decode()
    form = html.split("Weitere Newsletter abonnieren")[1]
    assert "Familie" in form
    assert "Ortsteilbrief Alchen" not in form  # already subscribed: not offered again
    data = {"newsletter-email": resident.email, "newsletter-lists": [family_list.pk], "newsletter-consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, data)
    assert response.status_code == 302
    assert response["Location"] == PROFILE
    subscription = Subscription.objects.get(email=resident.email)
    assert set(subscription.lists.all()) == {newsletter, family_list}
    consent = Consent.objects.get(subscription=subscription)
    assert consent.lists == "Familie"
    assert consent.source.endswith(PROFILE)
    assert "Newsletter" in consent.text
    assert not SubscriptionRequest.objects.exists()  # no double opt-in for a confirmed address
    assert [message.to for message in mail.outbox] == [[resident.email]]  # the welcome, no confirmation link
    assert "Weitere Newsletter abonnieren" not in client.get(PROFILE).content.decode()  # nothing more to offer


@pytest.mark.parametrize(
    "change",
    [
        {"newsletter-consent": ""},
        {"newsletter-lists": []},
        {"newsletter-email": "fremd@example.org"},  # "Bitte wählen Sie eine Ihrer bestätigten E-Mail-Adressen."
        {"newsletter-lists": ["99999999999999999999999"]},
    ],
)
def test_bad_input_saves_nothing_and_says_why(resident, newsletter, change):
    data = {"newsletter-email": resident.email, "newsletter-lists": [newsletter.pk], "newsletter-consent": "on"}
    response = signed_in(resident).post(SUBSCRIBE, {**data, **change})
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Eingaben" in response.content.decode()
    assert not Subscription.objects.exists()
    assert not SubscriptionRequest.objects.exists()


def test_an_unconfirmed_address_cannot_subscribe_from_the_profile(resident, newsletter):
    EmailAddress.objects.filter(user=resident).update(verified=False)
    client = signed_in(resident)
    assert "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in client.get(PROFILE).content.decode()
    data = {"newsletter-email": resident.email, "newsletter-lists": [newsletter.pk], "newsletter-consent": "on"}
    assert client.post(SUBSCRIBE, data).status_code == 400
    assert not Subscription.objects.exists()


def _grow(resident, count: int) -> None:
    start = NewsletterList.objects.count()
    lists = NewsletterList.objects.bulk_create(
        NewsletterList(name=f"Liste {n}", slug=f"liste-{n}") for n in range(start, start + count)
    )
    for number in range(2):
        email = f"weitere{start + number}@example.org"
        EmailAddress.objects.create(user=resident, email=email, verified=True)
        subscription_of(email, *lists[: count // 2])


def test_the_profile_takes_a_fixed_number_of_queries_however_many_subscriptions(
    resident, django_assert_max_num_queries
):
    client = signed_in(resident)
    _grow(resident, 4)
    client.get(PROFILE)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(PROFILE).status_code == 200
    _grow(resident, 80)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(PROFILE)
    assert response.content.decode().count("abbestellen</span>") > 80
