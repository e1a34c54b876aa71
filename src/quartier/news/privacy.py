"""What the news app holds about a person: the posts they wrote and their changes to posts."""

from __future__ import annotations

from typing import Any

from quartier.news.models import Post, PostChange


def export_news(user: Any) -> dict[str, Any]:
    posts = Post.objects.filter(author=user).order_by("created_at", "pk")
    changes = PostChange.objects.filter(by=user).select_related("post").order_by("at", "pk")
    return {
        "posts_written": [{"title": post.title, "created_at": post.created_at.isoformat()} for post in posts],
        "post_changes": [
            {"post": change.post.title, "at": change.at.isoformat(), "fields": change.fields} for change in changes
        ],
    }


def erase_news(user: Any) -> None:
    """The posts stay (they are the town's news) and the history stays; neither names the person."""
    Post.objects.filter(author=user).update(author=None)
    PostChange.objects.filter(by=user).redact(by=None)
