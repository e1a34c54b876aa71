"""E-mail to newsletter subscribers. Tasks take ids and look everything up again, so a mail
always shows the state after the transaction that queued it committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from quartier.core.links import absolute_url


def unsubscribe_headers(subscription: object) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers, so mail programs offer unsubscribing themselves: every
    mail to a subscriber carries them."""
    url = absolute_url(subscription.get_unsubscribe_url())  # type: ignore[attr-defined]
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@task()
def send_confirmation(request_id: int) -> None:
    """The double opt-in mail: only the link, nothing the visitor typed (the address may not be theirs)."""
    from quartier.news.models import SubscriptionRequest

    pending = SubscriptionRequest.objects.filter(pk=request_id).first()
    if pending is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("news/email/confirm.txt", {"confirm_url": absolute_url(pending)})
        subject = _("Bitte bestätigen Sie Ihr Newsletter-Abonnement")
    EmailMessage(subject, body, None, [pending.email]).send()


@task()
def send_welcome(subscription_id: int) -> None:
    """After a confirmed subscription: its lists, the private link to manage it, one-click unsubscribe."""
    from quartier.news.models import Subscription

    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "lists": list(subscription.lists.order_by("name")),
            "manage_url": absolute_url(subscription),
            "unsubscribe_url": absolute_url(subscription.get_unsubscribe_url()),
        }
        body = render_to_string("news/email/welcome.txt", context)
        subject = _("Ihr Newsletter-Abonnement")
    EmailMessage(subject, body, None, [subscription.email], headers=unsubscribe_headers(subscription)).send()


@task()
def send_campaign_batch(campaign_id: int) -> None:
    """One batch of a campaign; the next batch is queued while recipients are pending."""
    from quartier.news.services import send_campaign_batch as send_batch

    if send_batch(campaign_id=campaign_id) > 0:
        send_campaign_batch.enqueue(campaign_id)


@task()
def send_campaign_test(campaign_id: int, address: str) -> None:
    """The test mail of a campaign to the staff member who asked for it."""
    from quartier.news.campaigns import trial_message
    from quartier.news.models import Campaign

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is not None:
        trial_message(campaign=campaign, to=address).send()
