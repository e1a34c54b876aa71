"""The daily digest: one mail per person with the news of the ideas they follow."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.participation.models import Comment, Follow, Idea

# A digest run shortly after yesterday's still counts as "once a day".
MIN_GAP = timedelta(hours=20)


@dataclass
class IdeaNews:
    idea: Idea
    status_changed: bool = False
    comments: list[Comment] = field(default_factory=list)


def send_digests(*, now: Any = None) -> int:
    """Send each follower at most one digest a day; return how many mails went out."""
    now = now or timezone.now()
    sent = 0
    followers = (
        Follow.objects.values("user_id")
        .annotate(last=Max("notified_until"))
        .filter(last__lte=now - MIN_GAP)
        .values_list("user_id", flat=True)
    )
    for user_id in list(followers):
        if _send_digest(user_id=user_id, now=now):
            sent += 1
    return sent


@transaction.atomic
def _send_digest(*, user_id: int, now: Any) -> bool:
    follows = list(Follow.objects.select_for_update().filter(user_id=user_id).select_related("idea", "user"))
    if not follows:
        return False
    user = follows[0].user
    since = {follow.idea_id: follow.notified_until for follow in follows}
    news: dict[int, IdeaNews] = {}
    for follow in follows:
        idea = follow.idea
        if idea.hidden_at is None and idea.status_changed_at and idea.status_changed_at > follow.notified_until:
            news[idea.pk] = IdeaNews(idea=idea, status_changed=True)
    window = Q()
    for idea_id, moment in since.items():
        window |= Q(idea_id=idea_id, created_at__gt=moment)
    comments = (
        Comment.objects.filter(window, created_at__lte=now, is_deleted=False, hidden_at=None)
        .exclude(author_id=user_id)
        .select_related("author", "idea")
    )
    by_idea: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        by_idea[comment.idea_id].append(comment)
    for idea_id, items in by_idea.items():
        if items[0].idea.hidden_at is None:
            news.setdefault(idea_id, IdeaNews(idea=items[0].idea)).comments = items
    Follow.objects.filter(user_id=user_id).update(notified_until=now)
    if not news or not user.email or not user.is_active:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "participation/email/digest.txt",
            {"user": user, "news": list(news.values())},
        )
        subject = _("Neues zu den Ideen, denen Sie folgen")
    send_mail(subject, body, None, [user.email])
    return True
