"""Atom feeds of the published posts: all, per district (with the town's own), per field of action."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from quartier.news.models import Post
from quartier.places.models import District, FieldOfAction

ITEMS = 30


class PostFeed(Feed):
    feed_type = Atom1Feed

    def title(self, obj: Any = None) -> str:
        return _("Aktuelles") if obj is None else _("Aktuelles: %(name)s") % {"name": obj.name}

    def link(self, obj: Any = None) -> str:
        return reverse("news:list")

    def subtitle(self, obj: Any = None) -> str:
        return _("Neuigkeiten aus den Ortsteilen")

    def posts(self, obj: Any) -> QuerySet[Post]:
        return Post.objects.published()

    def items(self, obj: Any = None) -> list[Post]:
        return list(self.posts(obj).order_by("-published_at", "-pk")[:ITEMS])

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return item.teaser

    def item_pubdate(self, item: Post) -> Any:
        return item.published_at

    def item_updateddate(self, item: Post) -> Any:
        return item.updated_at


class DistrictPostFeed(PostFeed):
    def get_object(self, request: Any, slug: str) -> District:
        return get_object_or_404(District.objects.as_choices(), slug=slug)

    def link(self, obj: Any = None) -> str:
        return reverse("news:list") + f"?district={obj.slug}"

    def posts(self, obj: Any) -> QuerySet[Post]:
        return Post.objects.published().in_district(obj)


class FieldPostFeed(PostFeed):
    def get_object(self, request: Any, slug: str) -> FieldOfAction:
        return get_object_or_404(FieldOfAction, slug=slug)

    def link(self, obj: Any = None) -> str:
        return reverse("news:list") + f"?field={obj.slug}"

    def posts(self, obj: Any) -> QuerySet[Post]:
        return Post.objects.published().filter(fields_of_action=obj)
