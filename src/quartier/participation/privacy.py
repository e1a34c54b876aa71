"""What the participation app holds about a person (ideas, supports, follows, comments,
reports, a block) and how it goes when they delete their account: what they wrote stays,
signed "Gelöschtes Konto"; supports, follows and settled reports go."""

from __future__ import annotations

from typing import Any


def export_participation(user: Any) -> dict[str, Any]:
    from quartier.participation.models import Block, Comment, Follow, Idea, Report, Support

    block = Block.objects.filter(user=user).first()
    return {
        "ideas": [
            {"title": idea.title, "text": idea.text, "status": idea.status, "created_at": idea.created_at.isoformat()}
            for idea in Idea.objects.filter(author=user)
        ],
        "supported_ideas": list(Support.objects.filter(user=user).values_list("idea__title", flat=True)),
        "followed_ideas": list(Follow.objects.filter(user=user).values_list("idea__title", flat=True)),
        "comments": [
            {"idea": comment.idea.title, "text": comment.text, "created_at": comment.created_at.isoformat()}
            for comment in Comment.objects.filter(author=user, is_deleted=False).select_related("idea")
        ],
        "reports": [
            {
                "idea": report.idea.title if report.idea else report.comment.idea.title,  # type: ignore[union-attr]
                "comment": report.comment.text if report.comment else None,
                "reason": report.reason,
                "created_at": report.created_at.isoformat(),
                "resolved": report.resolved_at is not None,
            }
            for report in Report.objects.filter(reporter=user).select_related("idea", "comment__idea")
        ],
        "blocked": {"reason": block.reason, "since": block.created_at.isoformat()} if block else None,
    }


def erase_participation(user: Any) -> None:
    """Take back supports (through the service: the count stored on the idea follows),
    remove follows, settled reports and a block. Ideas, comments, open reports and the
    moderation history stay; the account shows as "Gelöschtes Konto" on them."""
    from quartier.participation.models import Block, Follow, Report, Support
    from quartier.participation.services import withdraw_support

    for support in Support.objects.filter(user=user).select_related("idea"):
        withdraw_support(idea=support.idea, user=user)
    Follow.objects.filter(user=user).delete()
    Report.objects.filter(reporter=user, resolved_at__isnull=False).delete()
    Block.objects.filter(user=user).delete()
