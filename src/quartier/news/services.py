"""Every change to the news: write a post, change it, a partner's proposal for their
organisation and its publication by staff; subscribe to a newsletter, confirm, change
or end a subscription. Each runs in one transaction and writes
a history row; the acting person decides which districts they may write for. A post without
districts is for the whole town: only staff who see every district write those."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from quartier.core.permissions import sees_every_district, staff_district_ids
from quartier.network.models import Organisation
from quartier.news import tasks
from quartier.news.models import (
    Campaign,
    CampaignChange,
    CampaignRecipient,
    CampaignStatus,
    Consent,
    NewsletterList,
    Post,
    PostChange,
    RecipientStatus,
    Subscription,
    SubscriptionRequest,
    Unsubscription,
    address_digest,
)
from quartier.places.models import District, FieldOfAction

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 60


def _database_features() -> Any:
    from django.db import connection

    return connection.features


# The fields whose change the history names (the relations are compared separately).
TRACKED = ["title", "slug", "teaser", "text", "image", "image_alt", "project_id", "organisation_id", "published_at"]


def _districts(*, post: Post, chosen: Iterable[District], by: Any) -> list[District]:
    """The districts ``by`` chose, all among their own, plus those of the post they do not
    work in: those are not theirs to remove."""
    chosen = list(chosen)
    if sees_every_district(by):
        return chosen
    mine = set(staff_district_ids(by))
    if any(district.pk not in mine for district in chosen):
        raise ValidationError({"districts": _("Sie können Meldungen nur für Ihre Ortsteile schreiben.")})
    kept = list(post.districts.exclude(pk__in=mine)) if post.pk else []
    if not chosen and not kept:
        raise ValidationError({"districts": _("Bitte wählen Sie mindestens einen Ihrer Ortsteile.")})
    return [*chosen, *kept]


def _relation_ids(post: Post) -> dict[str, set[int]]:
    if post.pk is None:
        return {"districts": set(), "fields_of_action": set()}
    return {
        "districts": set(post.districts.values_list("pk", flat=True)),
        "fields_of_action": set(post.fields_of_action.values_list("pk", flat=True)),
    }


def _save(
    *, post: Post, districts: Iterable[District], fields_of_action: Iterable[FieldOfAction], by: Any, changed: list[str]
) -> Post:
    in_districts = _districts(post=post, chosen=districts, by=by)
    if post.published_at is not None:
        post.proposed_at = None  # staff set its time: no longer a proposal waiting for them
    before = _relation_ids(post)
    post.full_clean(exclude=["districts", "fields_of_action"])
    post.save()
    post.districts.set(in_districts)
    post.fields_of_action.set(fields_of_action)
    after = _relation_ids(post)
    changed = [*changed, *(name for name in before if before[name] != after[name])]
    if changed:
        PostChange.objects.create(post=post, by=by, fields=", ".join(changed)[:500])
    return post


@transaction.atomic
def create_post(
    *, post: Post, districts: Iterable[District], fields_of_action: Iterable[FieldOfAction] = (), by: Any
) -> Post:
    """Write a new post (its own fields already set) for districts ``by`` works in; ``by`` is its author."""
    if post.pk is not None:
        raise ValueError("create_post takes a post that is not saved yet")
    if not by.has_perm("news.add_post"):
        raise PermissionDenied
    post.author = by
    return _save(post=post, districts=districts, fields_of_action=fields_of_action, by=by, changed=["created"])


@transaction.atomic
def update_post(
    *, post: Post, districts: Iterable[District], fields_of_action: Iterable[FieldOfAction] = (), by: Any
) -> Post:
    """Save the changed post and record which fields changed. Its districts become those
    ``by`` chose among their own plus those ``by`` does not work in, which stay."""
    stored = Post.objects.select_for_update().get(pk=post.pk)
    if not by.has_perm("news.change_post", stored):
        raise PermissionDenied
    changed = [name for name in TRACKED if getattr(stored, name) != getattr(post, name)]
    return _save(post=post, districts=districts, fields_of_action=fields_of_action, by=by, changed=changed)


# Partners of an organisation (network) propose posts; staff of its districts publish them.


@transaction.atomic
def propose_post_for_organisation(
    *,
    post: Post,
    organisation: Organisation,
    districts: Iterable[District],
    fields_of_action: Iterable[FieldOfAction] = (),
    by: Any,
) -> Post:
    """A partner proposes a post in the organisation's name for some of its districts: saved
    unpublished, whatever time it carries, until staff of those districts publish it; they
    hear of it in their notices."""
    from quartier.network.services import is_partner
    from quartier.places.notifications import tell_district_staff

    if post.pk is not None:
        raise ValueError("propose_post_for_organisation takes a post that is not saved yet")
    if not is_partner(by, organisation):
        raise PermissionDenied
    theirs = {district.pk: district for district in organisation.districts.all()}
    chosen = list(districts)
    if not chosen or any(district.pk not in theirs for district in chosen):
        raise ValidationError({"districts": _("Bitte wählen Sie mindestens einen Ortsteil Ihrer Organisation.")})
    post.organisation = organisation
    post.author = by
    post.project = None
    post.published_at = None
    post.proposed_at = timezone.now()
    post.full_clean(exclude=["districts", "fields_of_action"])
    post.save()
    post.districts.set(chosen)
    post.fields_of_action.set(fields_of_action)
    PostChange.objects.create(post=post, by=by, fields="proposed")
    for district in chosen:
        tell_district_staff(
            district=district,
            kind="post_proposal",
            heading=_("Neuer Meldungsvorschlag"),
            title=post.title,
            target=reverse("news:edit", args=[post.pk]),
        )
    return post


@transaction.atomic
def publish_post_proposal(*, post: Post, by: Any) -> Post:
    """Staff of one of the post's districts publish a partner's proposal now."""
    stored = Post.objects.select_for_update().get(pk=post.pk)
    if not by.has_perm("news.change_post", stored):
        raise PermissionDenied
    if stored.proposed_at is None or stored.published_at is not None:
        raise ValidationError(_("Diese Meldung wartet nicht auf eine Veröffentlichung."))
    stored.published_at = timezone.now()
    stored.proposed_at = None
    stored.save(update_fields=["published_at", "proposed_at", "updated_at"])
    PostChange.objects.create(post=stored, by=by, fields="published_at")
    return stored


@transaction.atomic
def decline_post_proposal(*, post: Post, by: Any) -> Post:
    """Staff of one of the post's districts decline a partner's proposal: it leaves the queue
    unpublished (the partner sees it as not published; staff may still publish it later by
    giving it a time in the form)."""
    stored = Post.objects.select_for_update().get(pk=post.pk)
    if not by.has_perm("news.change_post", stored):
        raise PermissionDenied
    if stored.proposed_at is None or stored.published_at is not None:
        raise ValidationError(_("Diese Meldung wartet nicht auf eine Veröffentlichung."))
    stored.proposed_at = None
    stored.save(update_fields=["proposed_at", "updated_at"])
    PostChange.objects.create(post=stored, by=by, fields="declined")
    return stored


# The newsletter: double opt-in, one subscription per address, unsubscribing in one step.


def _verified_address(user: Any, email: str) -> bool:
    from allauth.account.models import EmailAddress

    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def _subscribe(
    *, email: str, lists: Iterable[NewsletterList], consent_text: str, source: str, user: Any = None
) -> Subscription:
    subscription = Subscription.objects.select_for_update().filter(email=email).first()
    if subscription is None:
        subscription = Subscription.objects.create(email=email, user=user)
    else:
        if user is not None and subscription.user_id is None:
            subscription.user = user
        # A confirmed subscription is a fresh consent: mail goes to the address again.
        subscription.suspended_at, subscription.suspended_reason = None, ""
        subscription.save(update_fields=["user", "suspended_at", "suspended_reason"])
    lists = list(lists)
    subscription.lists.add(*lists)
    Consent.objects.create(
        subscription=subscription,
        text=consent_text,
        source=source[:200],
        lists=", ".join(sorted(item.name for item in lists))[:500],
    )
    transaction.on_commit(lambda: tasks.send_welcome.enqueue(subscription.pk))
    return subscription


@transaction.atomic
def request_subscription(
    *, email: str, lists: Iterable[NewsletterList], consent_text: str, source: str, by: Any = None
) -> Subscription | None:
    """Subscribe ``email`` to ``lists`` once the address confirms it. A signed-in person's own
    verified address needs no confirmation: the subscription is theirs at once (and returned).
    Otherwise a confirmation link goes to the address, whether or not it already has a
    subscription: nothing of that subscription is shown or changed before the link is used."""
    email = email.strip().lower()
    lists = list(lists)
    if not lists:
        raise ValidationError({"lists": _("Bitte wählen Sie mindestens einen Newsletter.")})
    if _verified_address(by, email):
        return _subscribe(email=email, lists=lists, consent_text=consent_text, source=source, user=by)
    pending = SubscriptionRequest.objects.create(email=email, consent_text=consent_text, source=source[:200])
    pending.lists.set(lists)
    transaction.on_commit(lambda: tasks.send_confirmation.enqueue(pending.pk))
    return None


@transaction.atomic
def confirm_subscription(*, pending: SubscriptionRequest) -> Subscription:
    """The address confirmed: its lists join the address's (new or existing) subscription, the
    consent is stored, and the request is used up."""
    locked = SubscriptionRequest.objects.select_for_update().get(pk=pending.pk)
    subscription = _subscribe(
        email=locked.email, lists=locked.lists.all(), consent_text=locked.consent_text, source=locked.source
    )
    locked.delete()
    return subscription


@transaction.atomic
def change_subscription(*, subscription: Subscription, lists: Iterable[NewsletterList]) -> Subscription | None:
    """Keep only ``lists``; none left means unsubscribed (returns None then)."""
    lists = list(lists)
    if not lists:
        unsubscribe(subscription=subscription)
        return None
    subscription.lists.set(lists)
    return subscription


@transaction.atomic
def unsubscribe(*, subscription: Subscription) -> None:
    """End the subscription: the address, its lists and consents go; only the proof that it
    unsubscribed stays (the address's digest and the time)."""
    Unsubscription.objects.create(address_digest=address_digest(subscription.email))
    # Campaign rows keep their state for the counts, not the address; pending ones are skipped.
    recipients = CampaignRecipient.objects.filter(email=subscription.email)
    recipients.filter(status=RecipientStatus.PENDING).update(status=RecipientStatus.SKIPPED)
    recipients.update(email="", subscription=None)
    Subscription.objects.filter(pk=subscription.pk).delete()


def confirmed_addresses(user: Any) -> list[str]:
    """The account's confirmed addresses (lower case): the subscriptions it manages in the profile."""
    from allauth.account.models import EmailAddress

    if not getattr(user, "is_authenticated", False):
        return []
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return sorted({address.strip().lower() for address in addresses})


@transaction.atomic
def leave_list(*, subscription: Subscription, newsletter: NewsletterList | None, by: Any) -> Subscription | None:
    """The signed-in person ends one list of a subscription to one of their confirmed addresses
    (``newsletter`` None: all of them). The last list gone, the subscription ends as by the
    link in a mail: only the proof of unsubscribing stays (returns None then)."""
    locked = Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
    if locked is None or locked.email not in confirmed_addresses(by):
        raise PermissionDenied
    if newsletter is None:
        unsubscribe(subscription=locked)
        return None
    return change_subscription(subscription=locked, lists=locked.lists.exclude(pk=newsletter.pk))


def delete_unconfirmed_requests() -> str:
    """The job: requests never confirmed are deleted after ``NEWS_UNCONFIRMED_DAYS``."""
    before = timezone.now() - timedelta(days=settings.NEWS_UNCONFIRMED_DAYS)
    deleted, _rows = SubscriptionRequest.objects.filter(created_at__lt=before).delete()
    return f"{deleted} deleted"


# Campaigns: written by staff for their district's lists and the town-wide topic lists, sent in
# batches by the worker, each recipient claimed and sent in its own transaction.


def _check_lists(*, district: District | None, lists: list[NewsletterList], by: Any) -> None:
    if not lists:
        raise ValidationError({"lists": _("Bitte wählen Sie mindestens einen Newsletter.")})
    if sees_every_district(by):
        return
    mine = staff_district_ids(by)
    if district is None or district.pk not in mine:
        raise ValidationError({"district": _("Bitte wählen Sie einen Ihrer Ortsteile.")})
    if any(item.district_id and item.district_id not in mine for item in lists):
        raise ValidationError(
            {"lists": _("Sie können nur an Newsletter Ihrer Ortsteile und an Themen-Newsletter schreiben.")}
        )


def _record(campaign: Campaign, by: Any, action: str) -> None:
    CampaignChange.objects.create(campaign=campaign, by=by, action=action[:300])


@transaction.atomic
def save_campaign(*, campaign: Campaign, lists: Iterable[NewsletterList], by: Any) -> Campaign:
    """Write a new campaign or change one not yet sending (its own fields already set) for
    lists ``by`` may write to: their districts' and the town-wide topic lists."""
    lists = list(lists)
    if campaign.pk is None:
        if not by.has_perm("news.add_campaign"):
            raise PermissionDenied
        campaign.created_by = by
        action = gettext_noop("geschrieben")
    else:
        stored = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not by.has_perm("news.change_campaign", stored):
            raise PermissionDenied
        if not stored.is_editable:
            raise ValidationError(_("Ein Rundbrief im Versand kann nicht mehr geändert werden."))
        campaign.status, campaign.scheduled_at = stored.status, stored.scheduled_at
        action = gettext_noop("geändert")
    _check_lists(district=campaign.district, lists=lists, by=by)
    campaign.full_clean(exclude=["lists"])
    campaign.save()
    campaign.lists.set(lists)
    _record(campaign, by, action)
    return campaign


def _locked_editable(campaign: Campaign, by: Any) -> Campaign:
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not by.has_perm("news.change_campaign", locked):
        raise PermissionDenied
    if not locked.is_editable:
        raise ValidationError(_("Dieser Rundbrief wird schon versendet."))
    if not locked.lists.exists():
        raise ValidationError(_("Bitte wählen Sie mindestens einen Newsletter."))
    return locked


@transaction.atomic
def schedule_campaign(*, campaign: Campaign, at: datetime, by: Any) -> Campaign:
    """Send the campaign by itself at ``at`` (the job ``start_due_campaigns`` starts it)."""
    if at <= timezone.now():
        raise ValidationError({"at": _("Bitte wählen Sie einen Zeitpunkt in der Zukunft.")})
    locked = _locked_editable(campaign, by)
    locked.status, locked.scheduled_at = CampaignStatus.SCHEDULED, at
    locked.save(update_fields=["status", "scheduled_at", "updated_at"])
    _record(locked, by, gettext_noop("geplant"))
    return locked


@transaction.atomic
def unschedule_campaign(*, campaign: Campaign, by: Any) -> Campaign:
    """Back to a draft: the planned time is dropped."""
    locked = _locked_editable(campaign, by)
    locked.status, locked.scheduled_at = CampaignStatus.DRAFT, None
    locked.save(update_fields=["status", "scheduled_at", "updated_at"])
    _record(locked, by, gettext_noop("Planung aufgehoben"))
    return locked


def _start(campaign: Campaign, by: Any, *, now: datetime | None = None) -> Campaign:
    """Freeze the content and write one pending row per address of the chosen lists' active
    subscriptions (an address on two of the lists is one subscription: one row, one mail)."""
    from quartier.news.campaigns import build_content

    now = now or timezone.now()
    campaign.content = build_content(campaign)
    campaign.status, campaign.started_at, campaign.heartbeat_at = CampaignStatus.SENDING, now, now
    campaign.save(update_fields=["content", "status", "started_at", "heartbeat_at", "updated_at"])
    subscriptions = (
        Subscription.objects.active().filter(lists__in=campaign.lists.all()).distinct().values_list("pk", "email")
    )
    CampaignRecipient.objects.bulk_create(
        (
            CampaignRecipient(campaign=campaign, subscription_id=pk, email=email)
            for pk, email in subscriptions.iterator()
        ),
        batch_size=1000,
        ignore_conflicts=True,
    )
    _record(campaign, by, gettext_noop("Versand begonnen"))
    transaction.on_commit(lambda: tasks.send_campaign_batch.enqueue(campaign.pk))
    return campaign


@transaction.atomic
def send_campaign(*, campaign: Campaign, by: Any) -> Campaign:
    """Start sending now; the worker sends in batches at ``NEWS_CAMPAIGN_MAILS_PER_MINUTE``."""
    return _start(_locked_editable(campaign, by), by)


@transaction.atomic
def send_test_mail(*, campaign: Campaign, by: Any) -> None:
    """The campaign as subscribers will get it, to ``by``'s own address only."""
    if not by.has_perm("news.change_campaign", campaign):
        raise PermissionDenied
    if not by.email:
        raise ValidationError(_("Ihr Konto hat keine E-Mail-Adresse."))
    _record(campaign, by, gettext_noop("Testmail verschickt"))
    transaction.on_commit(lambda: tasks.send_campaign_test.enqueue(campaign.pk, by.email))


def _send_one(*, recipient_id: int, email: str, token: str, mail: Any, connection: Any) -> None:
    """Claim one recipient and send its mail, all in one transaction. A worker killed before
    the commit leaves the row pending, and the next run sends it (only a mail in flight at the
    very moment of the kill can go twice); a row another worker holds is skipped (PostgreSQL:
    SKIP LOCKED), and one no longer pending (sent, or skipped after unsubscribing or a bounce)
    is left alone: the conditional update is the claim (on SQLite, without row locks, it takes
    the write lock until the commit)."""
    with transaction.atomic():
        pending = CampaignRecipient.objects.filter(pk=recipient_id, status=RecipientStatus.PENDING)
        if _database_features().has_select_for_update_skip_locked and not list(
            pending.select_for_update(skip_locked=True).values_list("pk", flat=True)
        ):
            return
        if not pending.update(status=RecipientStatus.SENT, sent_at=timezone.now()):
            return
        try:
            mail.message(email=email, token=token, connection=connection).send()
        except Exception as error:  # a refused address: recorded, the others are still sent
            logger.warning("campaign mail to recipient %s failed: %s", recipient_id, error)
            CampaignRecipient.objects.filter(pk=recipient_id).update(
                status=RecipientStatus.FAILED, error=f"{type(error).__name__}: {error}"[:300]
            )


def send_campaign_batch(*, campaign_id: int, limit: int | None = None) -> int:
    """Send up to ``limit`` (``NEWS_CAMPAIGN_BATCH_SIZE``) pending recipients at the configured
    rate; return how many are still pending. The last batch marks the campaign sent."""
    from django.core.mail import get_connection

    from quartier.news.campaigns import campaign_mail

    campaign = Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SENDING).first()
    if campaign is None or campaign.content is None:
        return 0
    limit = settings.NEWS_CAMPAIGN_BATCH_SIZE if limit is None else limit
    per_minute = settings.NEWS_CAMPAIGN_MAILS_PER_MINUTE
    interval = 60.0 / per_minute if per_minute > 0 else 0.0
    mail = campaign_mail(campaign)
    Campaign.objects.filter(pk=campaign.pk).update(heartbeat_at=timezone.now())
    rows = list(
        campaign.recipients.filter(status=RecipientStatus.PENDING)
        .order_by("pk")
        .values_list("pk", "email", "subscription__token", "subscription__suspended_at")[:limit]
    )
    connection = get_connection()
    next_at = beat_at = time.monotonic()
    with connection:
        for recipient_id, email, token, suspended_at in rows:
            if token is None or suspended_at is not None:
                # Unsubscribed, erased, bounced or complained since the campaign started.
                CampaignRecipient.objects.filter(pk=recipient_id, status=RecipientStatus.PENDING).update(
                    status=RecipientStatus.SKIPPED
                )
                continue
            if interval:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at = max(next_at, time.monotonic()) + interval
            if time.monotonic() - beat_at >= HEARTBEAT_SECONDS:  # a slow batch is not a stalled one
                Campaign.objects.filter(pk=campaign.pk).update(heartbeat_at=timezone.now())
                beat_at = time.monotonic()
            _send_one(recipient_id=recipient_id, email=email, token=token, mail=mail, connection=connection)
    pending = campaign.recipients.filter(status=RecipientStatus.PENDING).count()
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(heartbeat_at=timezone.now())
        if pending == 0:
            finished = Campaign.objects.filter(pk=campaign.pk, status=CampaignStatus.SENDING).update(
                status=CampaignStatus.SENT, finished_at=timezone.now()
            )
            if finished:
                _record(campaign, None, gettext_noop("Versand beendet"))
    return pending


def forget_campaign_addresses(*, now: datetime | None = None) -> str:
    """The job (daily): campaigns finished more than ``NEWS_CAMPAIGN_KEEP_ADDRESSES_DAYS`` ago
    keep their recipients' states and times for the counts, not the addresses."""
    before = (now or timezone.now()) - timedelta(days=settings.NEWS_CAMPAIGN_KEEP_ADDRESSES_DAYS)
    forgotten = (
        CampaignRecipient.objects.filter(campaign__finished_at__lt=before)
        .exclude(email="")
        .update(email="", subscription=None)
    )
    return f"{forgotten} addresses forgotten"


def start_due_campaigns(*, now: datetime | None = None) -> str:
    """The job (every minute): start scheduled campaigns whose time has come, and go on with
    campaigns whose worker stopped (no batch for ``NEWS_CAMPAIGN_STALLED_MINUTES``)."""
    now = now or timezone.now()
    started = 0
    for pk in Campaign.objects.filter(status=CampaignStatus.SCHEDULED, scheduled_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            campaign = Campaign.objects.select_for_update().filter(pk=pk, status=CampaignStatus.SCHEDULED).first()
            if campaign is not None:
                _start(campaign, None, now=now)
                started += 1
    stalled = now - timedelta(minutes=settings.NEWS_CAMPAIGN_STALLED_MINUTES)
    resumed = list(
        Campaign.objects.filter(status=CampaignStatus.SENDING, heartbeat_at__lt=stalled).values_list("pk", flat=True)
    )
    for pk in resumed:
        Campaign.objects.filter(pk=pk).update(heartbeat_at=now)
        tasks.send_campaign_batch.enqueue(pk)
    return f"{started} started, {len(resumed)} resumed"


# Bounces and complaints reported by the mail provider (django-anymail's tracking webhooks).


@transaction.atomic
def suspend_address(*, email: str, reason: str) -> int:
    """Stop mail to ``email`` after a hard bounce or a complaint: its subscription is suspended
    (until the address confirms a subscription again) and pending campaign mail to it is
    skipped. Returns the number of subscriptions suspended."""
    email = email.strip().lower()
    suspended = Subscription.objects.filter(email=email, suspended_at__isnull=True).update(
        suspended_at=timezone.now(), suspended_reason=reason[:20]
    )
    CampaignRecipient.objects.filter(email=email, status=RecipientStatus.PENDING).update(status=RecipientStatus.SKIPPED)
    return suspended
