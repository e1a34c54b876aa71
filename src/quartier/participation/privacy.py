"""What the participation app holds about a person: their ideas, supports and comments."""

from __future__ import annotations

from typing import Any


def export_participation(user: Any) -> dict[str, Any]:
    from quartier.participation.models import Comment, Idea, Support

    return {
        "ideas": [
            {"title": idea.title, "text": idea.text, "status": idea.status, "created_at": idea.created_at.isoformat()}
            for idea in Idea.objects.filter(author=user)
        ],
        "supported_ideas": list(Support.objects.filter(user=user).values_list("idea__title", flat=True)),
        "comments": [
            {"idea": comment.idea.title, "text": comment.text, "created_at": comment.created_at.isoformat()}
            for comment in Comment.objects.filter(author=user, is_deleted=False).select_related("idea")
        ],
    }
