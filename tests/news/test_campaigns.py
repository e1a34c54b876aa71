"""Campaigns: staff write them for their districts' lists and the town-wide topics, preview and
print them, send a test mail to themselves, send now or at a time; the worker sends in batches,
each recipient claimed and sent once even across a killed worker; bounces and complaints stop
mail to an address."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.news import services
from quartier.news.campaigns import build_content, render_mail
from quartier.news.models import (
    Campaign,
    CampaignChange,
    CampaignRecipient,
    CampaignStatus,
    NewsletterList,
    RecipientStatus,
    Subscription,
)
from tests import factories
from tests.conftest import signed_in
from tests.news.conftest import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_sending(settings):
    settings.NEWS_CAMPAIGN_MAILS_PER_MINUTE = 0
    settings.NEWS_CAMPAIGN_BATCH_SIZE = 3
    settings.SITE_URL = "https://quartier.example.org"


@pytest.fixture
def list_b(district_b) -> NewsletterList:
    return NewsletterList.objects.create(name="Ortsteilbrief Bühl", slug="ortsteilbrief-buehl", district=district_b)


def subscriber(email: str, *lists: NewsletterList) -> Subscription:
    subscription = Subscription.objects.create(email=email)
    subscription.lists.set(lists)
    return subscription


def fresh(user: Any) -> Any:
    """The user as a service gets it (signing a client in marks the object as a session's)."""
    return type(user).objects.get(pk=user.pk)


def make_campaign(by: Any, district: Any, *lists: NewsletterList, **fields: Any) -> Campaign:
    by = fresh(by)
    defaults = {"subject": "Ortsteilbrief Dezember", "text": "Liebe Nachbarn,\n\nes gibt **Neues**."}
    return services.save_campaign(campaign=Campaign(district=district, **{**defaults, **fields}), lists=lists, by=by)


def send_all(campaign: Campaign, by: Any, capture: Any) -> None:
    with capture(execute=True):
        services.send_campaign(campaign=campaign, by=fresh(by))


# Writing, with the rules on lists and districts.


def test_staff_write_a_campaign_through_the_form(staff_a, district_a, newsletter, family_list):
    response = signed_in(staff_a).post(
        "/cockpit/rundbriefe/neu/",
        {
            "subject": "Ortsteilbrief Dezember",
            "district": district_a.pk,
            "lists": [newsletter.pk, family_list.pk],
            "text": "Hallo",
            "with_posts": "on",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cockpit/rundbriefe/{campaign.pk}/"
    assert set(campaign.lists.all()) == {newsletter, family_list}
    assert campaign.created_by == staff_a
    assert (campaign.with_posts, campaign.with_events, campaign.with_calls) == (True, False, False)
    assert CampaignChange.objects.filter(campaign=campaign, by=staff_a, action="geschrieben").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": "", "lists": "mine"}, "Bitte geben Sie einen Betreff an."),
        ({"subject": "Brief", "lists": []}, "Bitte wählen Sie mindestens einen Newsletter."),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(staff_a, district_a, newsletter, data, message):
    lists = [newsletter.pk] if data["lists"] == "mine" else data["lists"]
    response = signed_in(staff_a).post(
        "/cockpit/rundbriefe/neu/", {**data, "lists": lists, "district": district_a.pk, "text": "Hallo"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Campaign.objects.exists()


def test_staff_cannot_write_to_another_districts_list(staff_a, district_a, district_b, newsletter, list_b):
    client = signed_in(staff_a)
    for data in [
        {"subject": "Brief", "district": district_a.pk, "lists": [list_b.pk]},
        {"subject": "Brief", "district": district_b.pk, "lists": [newsletter.pk]},
    ]:
        assert client.post("/cockpit/rundbriefe/neu/", data).status_code == 400
    assert not Campaign.objects.exists()
    # The service refuses it too, whatever way in.
    with pytest.raises(ValidationError):
        make_campaign(staff_a, district_a, newsletter, list_b)
    with pytest.raises(ValidationError):
        make_campaign(staff_a, district_b, newsletter)
    assert not Campaign.objects.exists()


def test_staff_of_another_district_neither_see_nor_send_a_campaign(
    staff_a, staff_b, coordinator, district_a, newsletter, list_b, family_list, django_capture_on_commit_callbacks
):
    campaign = make_campaign(staff_a, district_a, newsletter, family_list)
    both = make_campaign(coordinator, None, newsletter, list_b, subject="An Alchen und Bühl")
    subscriber("nachbar@example.org", newsletter)
    outsider = signed_in(staff_b)
    for target in (campaign, both):
        base = f"/cockpit/rundbriefe/{target.pk}/"
        for path in ["", "bearbeiten/", "vorschau/", "aushang.pdf"]:
            assert outsider.get(base + path).status_code == 403, path
        for path in ["senden/", "testmail/", "planen/", "planung-aufheben/"]:
            assert outsider.post(base + path, {"at": "2099-01-01T10:00"}).status_code == 403, path
    # Staff of A do not see the coordinator's campaign that also goes to Bühl's list.
    assert signed_in(staff_a).get(f"/cockpit/rundbriefe/{both.pk}/").status_code == 403
    listing = outsider.get("/cockpit/rundbriefe/").content.decode()
    assert campaign.subject not in listing
    assert both.subject not in listing
    own = signed_in(staff_a).get("/cockpit/rundbriefe/").content.decode()
    assert campaign.subject in own
    assert both.subject not in own
    assert signed_in(coordinator).get(f"/cockpit/rundbriefe/{campaign.pk}/").status_code == 200
    with pytest.raises(PermissionDenied):
        services.send_campaign(campaign=campaign, by=fresh(staff_b))
    assert not mail.outbox
    assert not CampaignRecipient.objects.exists()
    # Residents and visitors get nowhere near it.
    assert signed_in(factories.make_user("r@example.org")).get(f"/cockpit/rundbriefe/{campaign.pk}/").status_code in (
        302,
        403,
    )


def test_a_time_in_the_past_is_refused(staff_a, district_a, newsletter):
    campaign = make_campaign(staff_a, district_a, newsletter)
    response = signed_in(staff_a).post(f"/cockpit/rundbriefe/{campaign.pk}/planen/", {"at": "2020-01-01T10:00"})
    assert response.status_code == 400
    assert "Zeitpunkt in der Zukunft" in response.content.decode()
    with pytest.raises(ValidationError):
        services.schedule_campaign(campaign=campaign, at=timezone.now() - timedelta(minutes=1), by=fresh(staff_a))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert campaign.scheduled_at is None


# The mail.


def test_the_mail_has_both_parts_absolute_links_and_one_click_unsubscribe(
    staff_a, district_a, district_b, newsletter, django_capture_on_commit_callbacks
):
    make_post(district_a, title="Dorffest in Alchen", slug="dorffest")
    make_post(district_b, title="Nur in Bühl", slug="buehl")
    event = factories.make_event(district_a, title="Laternenumzug", is_published=True)
    factories.make_helper_call(district_a, title="Hilfe beim Umzug")
    subscription = subscriber("nachbar@example.org", newsletter)
    campaign = make_campaign(
        staff_a, district_a, newsletter, text="Siehe [die Termine](/termine/) und [mehr](https://example.com/)."
    )
    send_all(campaign, staff_a, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["nachbar@example.org"]
    assert message.subject == "Ortsteilbrief Dezember"
    assert isinstance(message, EmailMultiAlternatives)
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert isinstance(html, str)
    assert '<html lang="de">' in html
    assert "<h1" in html
    assert "<h2" in html
    assert "<h3" in html
    assert "<img" not in html
    for text in ("Dorffest in Alchen", "Laternenumzug", "Hilfe beim Umzug"):
        assert text in html
        assert text in message.body
    assert "Nur in Bühl" not in html
    links = re.findall(r'href="([^"]+)"', html)
    assert links
    assert all(link.startswith(("https://quartier.example.org/", "https://example.com/")) for link in links)
    assert 'href="https://quartier.example.org/termine/"' in html
    assert f"https://quartier.example.org/termine/{event.pk}/" in message.body
    unsubscribe = f"https://quartier.example.org/aktuelles/newsletter/abmelden/{subscription.token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body
    assert unsubscribe in html
    assert "%%" not in str(message.body) + html


def test_an_address_on_two_chosen_lists_gets_one_mail_and_suspended_ones_none(
    staff_a, district_a, newsletter, family_list, django_capture_on_commit_callbacks
):
    subscriber("beide@example.org", newsletter, family_list)
    subscriber("familie@example.org", family_list)
    subscriber("alchen@example.org", newsletter)
    subscriber("anderes@example.org", NewsletterList.objects.create(name="Sport", slug="sport"))
    Subscription.objects.filter(email="alchen@example.org").update(
        suspended_at=timezone.now(), suspended_reason="bounce"
    )
    campaign = make_campaign(staff_a, district_a, newsletter, family_list)
    send_all(campaign, staff_a, django_capture_on_commit_callbacks)
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "beide@example.org",
        "familie@example.org",
    ]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert campaign.finished_at is not None
    assert set(campaign.recipients.values_list("status", flat=True)) == {RecipientStatus.SENT}
    assert all(campaign.recipients.values_list("sent_at", flat=True))


def test_the_content_is_frozen_when_sending_starts(staff_a, district_a, newsletter, django_capture_on_commit_callbacks):
    make_post(district_a, title="Vorher", slug="vorher")
    campaign = make_campaign(staff_a, district_a, newsletter)
    with django_capture_on_commit_callbacks(execute=False):
        services.send_campaign(campaign=campaign, by=staff_a)
    make_post(district_a, title="Nachher", slug="nachher")
    campaign.refresh_from_db()
    assert isinstance(campaign.content, dict)
    _html, text = render_mail(campaign.content)
    assert "Vorher" in text
    assert "Nachher" not in text
    assert "Nachher" in render_mail(build_content(campaign))[1]


def test_a_test_mail_goes_to_the_staff_member_only(staff_a, district_a, newsletter, django_capture_on_commit_callbacks):
    subscriber("nachbar@example.org", newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(staff_a).post(f"/cockpit/rundbriefe/{campaign.pk}/testmail/")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [staff_a.email]
    assert message.subject == "[Test] Ortsteilbrief Dezember"
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert not campaign.recipients.exists()


def test_preview_and_printed_copy(staff_a, district_a, newsletter):
    campaign = make_campaign(staff_a, district_a, newsletter, text="Absatz\n\n" * 200)
    client = signed_in(staff_a)
    preview = client.get(f"/cockpit/rundbriefe/{campaign.pk}/vorschau/")
    assert preview.status_code == 200
    assert "Ortsteilbrief Dezember" in preview.content.decode()
    assert "script-src" not in preview["Content-Security-Policy"]
    assert "default-src 'none'" in preview["Content-Security-Policy"]
    pdf = client.get(f"/cockpit/rundbriefe/{campaign.pk}/aushang.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf.content.count(b"/Type /Page\n") >= 2  # a long text flows onto more pages


# Sending in batches, exactly once.


class KilledWorker(EmailBackend):
    """The locmem backend, but the process dies (SystemExit) before delivering mail number ``kill_at``."""

    kill_at = 0
    delivered = 0

    def send_messages(self, messages: Any) -> int:
        for _message in messages:
            KilledWorker.delivered += 1
            if KilledWorker.delivered == KilledWorker.kill_at:
                raise SystemExit("killed")
        return super().send_messages(messages)


def test_a_worker_killed_in_the_middle_sends_every_remaining_recipient_exactly_once(
    staff_a, district_a, newsletter, settings, django_capture_on_commit_callbacks
):
    addresses = [f"person{number}@example.org" for number in range(10)]
    for address in addresses:
        subscriber(address, newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    with django_capture_on_commit_callbacks(execute=False):  # the worker runs the batches below
        services.send_campaign(campaign=campaign, by=staff_a)
    settings.EMAIL_BACKEND = "tests.news.test_campaigns.KilledWorker"
    KilledWorker.kill_at, KilledWorker.delivered = 5, 0
    # The worker dies inside its second batch, on the fifth mail.
    assert services.send_campaign_batch(campaign_id=campaign.pk) == 7
    with pytest.raises(SystemExit):
        services.send_campaign_batch(campaign_id=campaign.pk)
    assert len(mail.outbox) == 4
    assert campaign.recipients.filter(status=RecipientStatus.SENT).count() == 4
    # Started again: the job finds the campaign stalled and the worker sends the rest.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    later = timezone.now() + timedelta(minutes=settings.NEWS_CAMPAIGN_STALLED_MINUTES + 1)
    assert services.start_due_campaigns(now=later) == "0 started, 1 resumed"
    sent = Counter(address for message in mail.outbox for address in message.to)
    assert sent == Counter(addresses)  # each address exactly once
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert campaign.recipients.filter(status=RecipientStatus.SENT).count() == 10


def test_a_recipient_claimed_by_another_worker_is_not_sent_again(
    staff_a, district_a, newsletter, django_capture_on_commit_callbacks
):
    from quartier.news.campaigns import campaign_mail

    subscription = subscriber("a@example.org", newsletter)
    subscriber("b@example.org", newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    with django_capture_on_commit_callbacks(execute=False):
        services.send_campaign(campaign=campaign, by=fresh(staff_a))
    first = campaign.recipients.get(email="a@example.org")
    # Another worker sent it after this one read its batch: the claim finds it taken.
    CampaignRecipient.objects.filter(pk=first.pk).update(status=RecipientStatus.SENT, sent_at=timezone.now())
    mail_ = campaign_mail(Campaign.objects.get(pk=campaign.pk))
    services._send_one(recipient_id=first.pk, email=first.email, token=subscription.token, mail=mail_, connection=None)
    assert not mail.outbox
    assert services.send_campaign_batch(campaign_id=campaign.pk) == 0
    assert [message.to for message in mail.outbox] == [["b@example.org"]]


def test_the_rate_spaces_the_mails_and_a_batch_stops_at_its_size(
    staff_a, district_a, newsletter, settings, monkeypatch, django_capture_on_commit_callbacks
):
    for number in range(5):
        subscriber(f"p{number}@example.org", newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    with django_capture_on_commit_callbacks(execute=False):
        services.send_campaign(campaign=campaign, by=staff_a)
    settings.NEWS_CAMPAIGN_MAILS_PER_MINUTE = 30  # one mail every two seconds
    clock = {"now": 0.0}
    monkeypatch.setattr(services.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(services.time, "sleep", lambda seconds: clock.update(now=clock["now"] + seconds))
    assert services.send_campaign_batch(campaign_id=campaign.pk) == 2
    assert len(mail.outbox) == 3
    assert clock["now"] == pytest.approx(4.0)  # three mails: waits of 0, 2 and 2 seconds
    # A slow batch (a mail a minute) tells it is alive while it runs, so the job that takes up
    # stalled campaigns does not start a second one: at its start, after a minute, at its end.
    settings.NEWS_CAMPAIGN_MAILS_PER_MINUTE = 1
    with CaptureQueriesContext(connection) as queries:
        assert services.send_campaign_batch(campaign_id=campaign.pk) == 0
    beats = [query for query in queries if query["sql"].startswith('UPDATE "news_campaign" SET "heartbeat_at"')]
    assert len(beats) == 3


def test_a_refused_address_is_recorded_and_the_others_are_sent(
    staff_a, district_a, newsletter, settings, django_capture_on_commit_callbacks
):
    subscriber("ok@example.org", newsletter)
    subscriber("kaputt@example.org", newsletter)
    settings.EMAIL_BACKEND = "tests.news.test_campaigns.RefusingBackend"
    campaign = make_campaign(staff_a, district_a, newsletter)
    send_all(campaign, staff_a, django_capture_on_commit_callbacks)
    failed = campaign.recipients.get(status=RecipientStatus.FAILED)
    assert failed.email == "kaputt@example.org"
    assert "abgelehnt" in failed.error
    assert [message.to for message in mail.outbox] == [["ok@example.org"]]
    page = signed_in(staff_a).get(f"/cockpit/rundbriefe/{campaign.pk}/").content.decode()
    assert "1 von 2 versendet" in page
    assert "kaputt@example.org" in page


class RefusingBackend(EmailBackend):
    def send_messages(self, messages: Any) -> int:
        for message in messages:
            if "kaputt" in message.to[0]:
                raise OSError("Adresse abgelehnt")
        return super().send_messages(messages)


def test_a_scheduled_campaign_starts_by_itself(
    staff_a, district_a, newsletter, settings, django_capture_on_commit_callbacks
):
    subscriber("nachbar@example.org", newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    response = signed_in(staff_a).post(f"/cockpit/rundbriefe/{campaign.pk}/planen/", {"at": "2099-01-01T10:00"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SCHEDULED
    assert services.start_due_campaigns() == "0 started, 0 resumed"
    assert not mail.outbox
    assert campaign.scheduled_at
    with django_capture_on_commit_callbacks(execute=True):
        assert services.start_due_campaigns(now=campaign.scheduled_at + timedelta(minutes=1)) == "1 started, 0 resumed"
    assert [message.to for message in mail.outbox] == [["nachbar@example.org"]]
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    # A campaign sending cannot be changed, scheduled or sent again.
    with pytest.raises(ValidationError):
        services.send_campaign(campaign=campaign, by=fresh(staff_a))
    assert signed_in(staff_a).get(f"/cockpit/rundbriefe/{campaign.pk}/bearbeiten/").status_code == 302


def test_unscheduling_makes_a_draft_again(staff_a, district_a, newsletter):
    campaign = make_campaign(staff_a, district_a, newsletter)
    services.schedule_campaign(campaign=campaign, at=timezone.now() + timedelta(days=1), by=staff_a)
    signed_in(staff_a).post(f"/cockpit/rundbriefe/{campaign.pk}/planung-aufheben/")
    campaign.refresh_from_db()
    assert (campaign.status, campaign.scheduled_at) == (CampaignStatus.DRAFT, None)


# Bounces and complaints.


def tracking(event_type: str, recipient: str) -> None:
    from anymail.signals import AnymailTrackingEvent, tracking

    tracking.send(
        sender=object, event=AnymailTrackingEvent(event_type=event_type, recipient=recipient), esp_name="Test"
    )


def test_a_hard_bounce_or_complaint_stops_mail_to_the_address(
    staff_a, district_a, newsletter, django_capture_on_commit_callbacks
):
    for address in ("hart@example.org", "beschwerde@example.org", "weich@example.org"):
        subscriber(address, newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    with django_capture_on_commit_callbacks(execute=False):
        services.send_campaign(campaign=campaign, by=staff_a)
    tracking("bounced", "Hart@Example.org")
    tracking("complained", "beschwerde@example.org")
    tracking("deferred", "weich@example.org")  # a soft bounce: the provider tries again
    suspended = dict(Subscription.objects.filter(suspended_at__isnull=False).values_list("email", "suspended_reason"))
    assert suspended == {"hart@example.org": "bounce", "beschwerde@example.org": "complaint"}
    services.send_campaign_batch(campaign_id=campaign.pk)
    assert [message.to for message in mail.outbox] == [["weich@example.org"]]
    assert campaign.recipients.filter(status=RecipientStatus.SKIPPED).count() == 2
    # Confirming a subscription again (double opt-in) lifts the suspension.
    from quartier.news.models import SubscriptionRequest

    pending = SubscriptionRequest.objects.create(email="hart@example.org", consent_text="Ja", source="Web")
    pending.lists.set([newsletter])
    services.confirm_subscription(pending=pending)
    assert Subscription.objects.get(email="hart@example.org").suspended_at is None


urlpatterns: list[Any] = []  # this module as a URL configuration: the site's, with Postmark's webhook


def test_only_the_providers_webhook_is_offered():
    from quartier.news.bounces import tracking_urlpatterns

    assert tracking_urlpatterns("django.core.mail.backends.smtp.EmailBackend") == []
    assert [str(p.pattern) for p in tracking_urlpatterns("anymail.backends.postmark.EmailBackend")] == [
        "postmark/tracking/"
    ]
    assert tracking_urlpatterns("anymail.backends.test.EmailBackend") == []


def test_the_provider_webhook_needs_its_secret(client, newsletter, settings):
    import base64

    from django.urls import clear_url_caches, include, path

    from quartier import urls
    from quartier.news.bounces import tracking_urlpatterns

    urlpatterns[:] = [
        path("anymail/", include((tracking_urlpatterns("anymail.backends.postmark.EmailBackend"), "anymail"))),
        *urls.urlpatterns,
    ]
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    subscriber("hart@example.org", newsletter)
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:geheim"}
    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "ID": 1,
        "Email": "hart@example.org",
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "BouncedAt": "2026-11-30T05:00:00Z",
    }
    url = "/anymail/postmark/tracking/"
    wrong = base64.b64encode(b"hook:falsch").decode()
    assert client.post(url, payload, content_type="application/json").status_code == 400
    assert (
        client.post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Basic {wrong}").status_code
        == 400
    )
    assert Subscription.objects.get().suspended_at is None
    right = base64.b64encode(b"hook:geheim").decode()
    response = client.post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Basic {right}")
    assert response.status_code == 200
    assert Subscription.objects.get().suspended_reason == "bounce"
    clear_url_caches()


# Personal data: unsubscribing keeps the counts, not the address.


def test_unsubscribing_blanks_the_address_in_campaign_rows(
    staff_a, district_a, newsletter, django_capture_on_commit_callbacks
):
    subscription = subscriber("nachbar@example.org", newsletter)
    subscriber("andere@example.org", newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    send_all(campaign, staff_a, django_capture_on_commit_callbacks)
    services.unsubscribe(subscription=subscription)
    assert not CampaignRecipient.objects.filter(email="nachbar@example.org").exists()
    assert campaign.recipients.filter(status=RecipientStatus.SENT).count() == 2


# Query counts stay the same as campaigns and recipients grow.


def _grow(by: Any, district: Any, newsletter: NewsletterList, campaigns: int, recipients: int) -> None:
    start = Subscription.objects.count()
    for number in range(recipients):
        subscriber(f"q{start + number}@example.org", newsletter)
    for _number in range(campaigns):
        campaign = make_campaign(by, district, newsletter)
        services.send_campaign(campaign=campaign, by=fresh(by))
        CampaignRecipient.objects.filter(campaign=campaign, email__endswith="1@example.org").update(
            status=RecipientStatus.FAILED, error="abgelehnt"
        )


@pytest.mark.parametrize("path", ["list", "detail"])
def test_query_counts_stay_constant(
    staff_a, district_a, newsletter, path, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    client = signed_in(staff_a)

    def url() -> str:
        if path == "list":
            return "/cockpit/rundbriefe/"
        return f"/cockpit/rundbriefe/{Campaign.objects.order_by('-pk').first().pk}/"  # type: ignore[union-attr]

    with django_capture_on_commit_callbacks(execute=False):
        _grow(staff_a, district_a, newsletter, campaigns=2, recipients=3)
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=False):
        _grow(staff_a, district_a, newsletter, campaigns=8, recipients=40)
    cache.clear()
    with django_assert_max_num_queries(len(small)):
        response = client.get(url())
    assert response.status_code == 200


def test_with_plain_smtp_staff_suspend_a_bouncing_address_by_hand(newsletter):
    from io import StringIO

    from django.core.management import call_command

    subscriber("hart@example.org", newsletter)
    out = StringIO()
    call_command("newsletter_bounce", "Hart@example.org", "niemand@example.org", stdout=out)
    assert "hart@example.org: suspended" in out.getvalue().lower()
    assert "niemand@example.org: no active subscription" in out.getvalue()
    assert Subscription.objects.get().suspended_reason == "bounce"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_the_row_the_first_holds_and_nobody_sends_twice(
    district_a, staff_a, newsletter, settings
):
    import threading

    from django.db import connections, transaction

    for number in range(4):
        subscriber(f"w{number}@example.org", newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # batches run below
    services.send_campaign(campaign=campaign, by=fresh(staff_a))
    first = campaign.recipients.order_by("pk").first()
    assert first is not None
    holding, release = threading.Event(), threading.Event()

    def first_worker() -> None:
        # Worker one is in the middle of sending the first recipient: its row is locked.
        try:
            with transaction.atomic():
                list(CampaignRecipient.objects.select_for_update().filter(pk=first.pk))
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_worker)
    thread.start()
    holding.wait(10)
    assert services.send_campaign_batch(campaign_id=campaign.pk, limit=10) == 1  # skipped, not waited for
    release.set()
    thread.join()
    assert first.email not in [address for message in mail.outbox for address in message.to]
    assert services.send_campaign_batch(campaign_id=campaign.pk) == 0
    assert Counter(address for message in mail.outbox for address in message.to) == Counter(
        f"w{number}@example.org" for number in range(4)
    )


def test_the_addresses_of_a_finished_campaign_are_forgotten_after_the_days_kept(
    staff_a, district_a, newsletter, settings, django_capture_on_commit_callbacks
):
    subscriber("nachbar@example.org", newsletter)
    campaign = make_campaign(staff_a, district_a, newsletter)
    send_all(campaign, staff_a, django_capture_on_commit_callbacks)
    campaign.refresh_from_db()
    assert campaign.finished_at
    days = settings.NEWS_CAMPAIGN_KEEP_ADDRESSES_DAYS
    assert services.forget_campaign_addresses(now=campaign.finished_at + timedelta(days=days - 1)) == (
        "0 addresses forgotten"
    )
    assert services.forget_campaign_addresses(now=campaign.finished_at + timedelta(days=days + 1)) == (
        "1 addresses forgotten"
    )
    assert list(campaign.recipients.values_list("email", "status")) == [("", RecipientStatus.SENT)]
    assert Subscription.objects.filter(email="nachbar@example.org").exists()  # the subscription stays
