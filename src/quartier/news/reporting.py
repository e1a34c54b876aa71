"""News' part of the yearly report: posts published and the newsletter's reach (subscriptions
at the year's end)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from quartier.core.registry import Figure
from quartier.core.reporting import both_years, year_start
from quartier.news.models import Post, Subscription


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    subscriptions = Subscription.objects.active()
    if district is not None:
        subscriptions = subscriptions.filter(lists__district=district)
    if field_of_action is not None:
        subscriptions = subscriptions.filter(lists__field_of_action=field_of_action)
    reach = subscriptions.aggregate(
        this=Count("pk", filter=Q(created_at__lt=year_start(year + 1)), distinct=True),
        previous=Count("pk", filter=Q(created_at__lt=year_start(year)), distinct=True),
    )
    result: list[Figure] = []
    if field_of_action is None:
        posts = Post.objects.filter(published_at__isnull=False)
        if district is not None:
            posts = posts.filter(districts=district)
        published = both_years(posts, "published_at", year, posts=lambda q: Count("pk", filter=q, distinct=True))
        result.append(Figure(_("Meldungen veröffentlicht"), *published["posts"]))
    result.append(Figure(_("Newsletter-Abonnements zum Jahresende"), reach["this"], reach["previous"]))
    return result
