"""What the news app holds about a person: the posts they wrote, their changes to posts, and their
newsletter subscriptions with the consents (by their account or any of its addresses)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from quartier.news.models import (
    Campaign,
    CampaignChange,
    CampaignRecipient,
    Post,
    PostChange,
    RecipientStatus,
    Subscription,
    SubscriptionRequest,
)


def _addresses(user: Any) -> set[str]:
    from allauth.account.models import EmailAddress

    addresses = {address.lower() for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    if user.email:
        addresses.add(user.email.lower())
    return addresses


def _subscriptions(user: Any) -> Any:
    return Subscription.objects.filter(Q(user=user) | Q(email__in=_addresses(user)))


def export_news(user: Any) -> dict[str, Any]:
    posts = Post.objects.filter(author=user).order_by("created_at", "pk")
    changes = PostChange.objects.filter(by=user).select_related("post").order_by("at", "pk")
    subscriptions = _subscriptions(user).prefetch_related("lists", "consents").order_by("pk")
    pending = SubscriptionRequest.objects.filter(email__in=_addresses(user)).prefetch_related("lists").order_by("pk")
    campaigns = Campaign.objects.filter(created_by=user).order_by("created_at", "pk")
    campaign_changes = CampaignChange.objects.filter(by=user).select_related("campaign").order_by("at", "pk")
    received = CampaignRecipient.objects.filter(email__in=_addresses(user)).select_related("campaign").order_by("pk")
    return {
        "posts_written": [{"title": post.title, "created_at": post.created_at.isoformat()} for post in posts],
        "post_changes": [
            {"post": change.post.title, "at": change.at.isoformat(), "fields": change.fields} for change in changes
        ],
        "newsletter_subscriptions": [
            {
                "email": subscription.email,
                "lists": [item.name for item in subscription.lists.all()],
                "consents": [
                    {
                        "at": consent.at.isoformat(),
                        "text": consent.text,
                        "where": consent.source,
                        "lists": consent.lists,
                    }
                    for consent in subscription.consents.all()
                ],
            }
            for subscription in subscriptions
        ],
        "newsletter_requests_unconfirmed": [
            {"email": item.email, "at": item.created_at.isoformat(), "lists": [lst.name for lst in item.lists.all()]}
            for item in pending
        ],
        "campaigns_written": [
            {"subject": campaign.subject, "created_at": campaign.created_at.isoformat()} for campaign in campaigns
        ],
        "campaign_changes": [
            {"campaign": change.campaign.subject, "at": change.at.isoformat(), "action": change.action}
            for change in campaign_changes
        ],
        "campaigns_received": [
            {
                "campaign": row.campaign.subject,
                "email": row.email,
                "status": row.status,
                "sent_at": row.sent_at.isoformat() if row.sent_at else None,
            }
            for row in received
        ],
    }


def erase_news(user: Any) -> None:
    """The posts stay (they are the town's news) and the history stays; neither names the person.
    Subscriptions (with their consents) and unconfirmed requests to the person's addresses go.
    Campaigns stay without their author; the rows of campaign mail to the person's addresses
    lose the address and keep their state, so the campaign's counts stay right."""
    Post.objects.filter(author=user).update(author=None)
    PostChange.objects.filter(by=user).redact(by=None)
    Campaign.objects.filter(created_by=user).update(created_by=None)
    CampaignChange.objects.filter(by=user).redact(by=None)
    addresses = _addresses(user)
    recipients = CampaignRecipient.objects.filter(email__in=addresses)
    recipients.filter(status=RecipientStatus.PENDING).update(status=RecipientStatus.SKIPPED)
    recipients.update(email="", subscription=None)
    _subscriptions(user).delete()
    SubscriptionRequest.objects.filter(email__in=addresses).delete()
