"""Moderation steps and the guards every new contribution passes. Each step is one
transaction and writes one entry to the append-only history."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.search import remove_ids
from quartier.participation.models import Block, Comment, Idea, ModerationEntry, Report
from quartier.places.notifications import tell_district_staff

# A person's first contributions may not contain links (spam accounts post links first).
LINK_FREE_CONTRIBUTIONS = 3
IDEAS_PER_HOUR = 3
COMMENTS_PER_HOUR = 10
# What makes a link in Markdown or to a reader's eye: a scheme, "www.", an inline link
# `[x](…)`, a reference link `[x][1]` or its definition `[1]: …`, an autolink `<…:…>`, an
# HTML anchor, or a bare domain under a common top-level domain.
LINK = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\.|\]\(|\]\[|^ {0,3}\[[^\]]+\]:|<[a-z][a-z0-9+.-]*:|<a\s|mailto:"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|biz|de|eu|ru|io|xyz|top|shop|online|site|click|link)\b",
    re.IGNORECASE | re.MULTILINE,
)


class ContributionRefused(Exception):
    """The contribution may not be posted; the message says why, for the person. ``field`` is
    "text" when the text itself is the reason, ``None`` when the person is (a block, a limit):
    then the message belongs above the form, not on a field."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def contains_link(text: str) -> bool:
    return bool(LINK.search(text))


def check_not_blocked(user: Any) -> None:
    """Raise ContributionRefused for a blocked person (any contribution, new or changed)."""
    if Block.objects.filter(user=user).exists():
        raise ContributionRefused(_("Ihr Konto ist für Beiträge gesperrt."))


def check_links(*, user: Any, text: str, extra: int = 0) -> None:
    """Refuse links among a person's first contributions. `extra` corrects the count of their
    contributions: the events they proposed (another app's), or -1 when the text changes a
    contribution that is already counted."""
    if not contains_link(text):
        return
    count = Idea.objects.filter(author=user).count() + Comment.objects.filter(author=user).count() + extra
    if count < LINK_FREE_CONTRIBUTIONS:
        raise ContributionRefused(_("In Ihren ersten Beiträgen sind noch keine Links möglich."), field="text")


def check_edit(*, user: Any, text: str) -> None:
    """The guards for changing one's own idea or comment: not blocked, no link while new."""
    check_not_blocked(user)
    check_links(user=user, text=text, extra=-1)


def check_contribution(*, user: Any, text: str, kind: str) -> None:
    """Raise ContributionRefused when a blocked, hurried, link-posting new or repeating
    person tries to post an idea (kind "idea") or a comment (kind "comment")."""
    check_not_blocked(user)
    ideas = Idea.objects.filter(author=user)
    comments = Comment.objects.filter(author=user)
    check_links(user=user, text=text)
    hour_ago = timezone.now() - timedelta(hours=1)
    recent, limit = (ideas, IDEAS_PER_HOUR) if kind == "idea" else (comments, COMMENTS_PER_HOUR)
    if recent.filter(created_at__gte=hour_ago).count() >= limit:
        raise ContributionRefused(_("Sie haben in der letzten Stunde schon viel geschrieben. Bitte warten Sie etwas."))
    text = text.strip()
    if text and (ideas.filter(text=text).exists() or comments.filter(text=text, is_deleted=False).exists()):
        raise ContributionRefused(_("Diesen Text haben Sie schon einmal veröffentlicht."), field="text")


@transaction.atomic
def report(*, reporter: Any, reason: str, idea: Idea | None = None, comment: Comment | None = None) -> Report:
    """Report an idea or a comment to the moderation; the district's staff are told."""
    created = Report.objects.create(reporter=reporter, reason=reason, idea=idea, comment=comment)
    about = idea or comment.idea  # type: ignore[union-attr]
    tell_district_staff(
        district=about.district,
        kind="report",
        heading=_("Neue Meldung eines Inhalts"),
        title=about.title if idea else _("Kommentar zu „%(title)s“") % {"title": about.title},
        target=reverse("participation:moderation"),
    )
    return created


@transaction.atomic
def hide(*, moderator: Any, reason: str, idea: Idea | None = None, comment: Comment | None = None) -> None:
    """Hide an idea or a comment with a public reason, and close its open reports."""
    now = timezone.now()
    target: Idea | Comment = idea or comment  # type: ignore[assignment]
    target.hidden_at = now
    target.hidden_reason = reason
    target.save(update_fields=["hidden_at", "hidden_reason"])
    Report.objects.filter(idea=idea, comment=comment, resolved_at=None).update(resolved_at=now)
    ModerationEntry.objects.create(
        action=ModerationEntry.Action.HIDE,
        idea=idea,
        comment=comment,
        person_id=target.author_id,
        moderator=moderator,
        reason=reason,
    )


@transaction.atomic
def restore(*, moderator: Any, idea: Idea | None = None, comment: Comment | None = None) -> None:
    target: Idea | Comment = idea or comment  # type: ignore[assignment]
    target.hidden_at = None
    target.hidden_reason = ""
    target.save(update_fields=["hidden_at", "hidden_reason"])
    ModerationEntry.objects.create(
        action=ModerationEntry.Action.RESTORE,
        idea=idea,
        comment=comment,
        person_id=target.author_id,
        moderator=moderator,
    )


@transaction.atomic
def dismiss(*, moderator: Any, reports: list[Report]) -> None:
    """Close reports that need no action."""
    now = timezone.now()
    for item in reports:
        Report.objects.filter(pk=item.pk).update(resolved_at=now)
        ModerationEntry.objects.create(
            action=ModerationEntry.Action.DISMISS,
            idea_id=item.idea_id,
            comment_id=item.comment_id,
            moderator=moderator,
            reason=item.reason,
        )


@transaction.atomic
def block(*, moderator: Any, person: Any, reason: str) -> None:
    """Block the person from contributing and hide everything they wrote, in every district,
    at once: only coordinators (and administrators) may."""
    if not moderator.has_perm("participation.block_person"):
        raise PermissionDenied
    Block.objects.update_or_create(user=person, defaults={"reason": reason, "blocked_by": moderator})
    now = timezone.now()
    hidden_ideas = list(Idea.objects.filter(author=person, hidden_at=None).values_list("pk", flat=True))
    for model in (Idea, Comment):
        model.objects.filter(author=person, hidden_at=None).update(hidden_at=now, hidden_reason=reason)
    remove_ids(Idea, hidden_ideas)  # update() skips the signal that keeps the site search in step
    Report.objects.filter(resolved_at=None, idea__author=person).update(resolved_at=now)
    Report.objects.filter(resolved_at=None, comment__author=person).update(resolved_at=now)
    ModerationEntry.objects.create(
        action=ModerationEntry.Action.BLOCK, person=person, moderator=moderator, reason=reason
    )
