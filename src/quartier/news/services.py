"""Every change to the news: write a post, change it, a partner's proposal for their
organisation and its publication by staff; subscribe to a newsletter, confirm, change
or end a subscription. Each runs in one transaction and writes
a history row; the acting person decides which districts they may write for. A post without
districts is for the whole town: only staff who see every district write those."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.permissions import sees_every_district, staff_district_ids
from quartier.network.models import Organisation
from quartier.news import tasks
from quartier.news.models import (
    Consent,
    NewsletterList,
    Post,
    PostChange,
    Subscription,
    SubscriptionRequest,
    Unsubscription,
    address_digest,
)
from quartier.places.models import District, FieldOfAction

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
    elif user is not None and subscription.user_id is None:
        subscription.user = user
        subscription.save(update_fields=["user"])
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
