"""Every change to the news: write a post, change it. Each runs in one transaction and writes
a history row; the acting person decides which districts they may write for. A post without
districts is for the whole town: only staff who see every district write those."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.core.permissions import sees_every_district, staff_district_ids
from quartier.news.models import Post, PostChange
from quartier.places.models import District
from quartier.projects.models import FieldOfAction

# The fields whose change the history names (the relations are compared separately).
TRACKED = ["title", "slug", "teaser", "text", "image", "image_alt", "project_id", "published_at"]


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
