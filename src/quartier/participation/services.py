"""Every change to ideas, supports and comments, each in one transaction."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.participation.models import Comment, Follow, Idea, Support
from quartier.participation.moderation import ContributionRefused, check_contribution, check_edit
from quartier.places.models import District, FieldOfAction
from quartier.places.notifications import tell_district_staff


def has_verified_email(user: Any) -> bool:
    return bool(user.is_authenticated and EmailAddress.objects.filter(user=user, verified=True).exists())


@transaction.atomic
def propose_idea(
    *,
    author: Any,
    title: str,
    text: str,
    district: District,
    field_of_action: FieldOfAction,
    latitude: float | None = None,
    longitude: float | None = None,
    image: Any = None,
    image_alt: str = "",
) -> Idea:
    """Publish a resident's idea; its author follows it.

    Raises ContributionRefused when the author has no confirmed e-mail address, is blocked,
    posts a link among their first contributions, has reached the hourly limit, or repeats
    a text they published before.
    """
    if not has_verified_email(author):
        raise ContributionRefused(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    check_contribution(user=author, text=text, kind="idea")
    idea = Idea(
        author=author,
        title=title,
        text=text,
        district=district,
        field_of_action=field_of_action,
        latitude=latitude,
        longitude=longitude,
        image=image or "",
        image_alt=image_alt,
    )
    idea.save()
    follow_idea(idea=idea, user=author)
    tell_district_staff(district=district, kind="idea", heading=_("Neue Idee"), title=title, target=idea)
    return idea


@transaction.atomic
def edit_idea(
    *,
    idea: Idea,
    by: Any,
    title: str,
    text: str,
    district: District,
    field_of_action: FieldOfAction,
    latitude: float | None = None,
    longitude: float | None = None,
    image: Any = None,
    image_alt: str = "",
) -> Idea:
    """Change an idea. Only its author may, and only until the first support or comment
    (raises PermissionDenied for anyone else, ContributionRefused after that, when the
    author is blocked, or when a new account adds a link)."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    if idea.author_id != by.pk:
        raise PermissionDenied
    if not idea.can_be_edited_by(by):
        raise ContributionRefused(
            _("Ihre Idee hat schon Unterstützung oder Kommentare und kann nicht mehr geändert werden.")
        )
    check_edit(user=by, text=text)
    idea.title, idea.text, idea.district, idea.field_of_action = title, text, district, field_of_action
    idea.latitude, idea.longitude = latitude, longitude
    # The form gives the stored file back when unchanged, False when it was cleared.
    idea.image = image or ""
    idea.image_alt = image_alt
    idea.save()
    return idea


@transaction.atomic
@transaction.atomic
def support_idea(*, idea: Idea, user: Any) -> bool:
    """Add the user's support; False when they already support the idea.

    The unique constraint decides between concurrent requests: the losing insert fails
    inside its savepoint and the count is not touched. Support, count and follow are saved
    together or not at all (a connection lost half-way leaves no support without its count).
    """
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
    except IntegrityError:
        return False
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    follow_idea(idea=idea, user=user)
    return True


@transaction.atomic
def withdraw_support(*, idea: Idea, user: Any) -> bool:
    """Take the user's support back; False when there was none."""
    deleted, _ = Support.objects.filter(idea=idea, user=user).delete()
    if not deleted:
        return False
    Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)
    return True


@transaction.atomic
def comment_on_idea(*, idea: Idea, author: Any, text: str, parent: Comment | None = None) -> Comment:
    """A resident's comment or reply (see ``post_comment``), after the contribution guards.

    Raises ContributionRefused when the idea is hidden, the author has no confirmed e-mail
    address, is blocked, posts a link among their first contributions, has reached the
    hourly limit, or repeats a text they published before.
    """
    if idea.hidden_at is not None:
        raise ContributionRefused(_("Diese Idee ist ausgeblendet und kann nicht kommentiert werden."))
    if not has_verified_email(author):
        raise ContributionRefused(_("Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse."))
    check_contribution(user=author, text=text, kind="comment")
    return post_comment(idea=idea, author=author, text=text, parent=parent)


@transaction.atomic
def post_comment(*, idea: Idea, author: Any, text: str, parent: Comment | None = None) -> Comment:
    """A comment, or a reply to a top-level comment (replies to replies attach to its parent).

    Without the contribution guards: for the demo town and trusted imports; what residents
    write goes through ``comment_on_idea``.
    """
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValueError("parent belongs to another idea")
        if parent.parent_id is not None:
            parent = parent.parent
    comment = Comment.objects.create(idea=idea, author=author, text=text, parent=parent)
    Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
    return comment


def edit_comment(*, comment: Comment, text: str) -> None:
    """Change one's comment; ContributionRefused when the author is blocked or a new account adds a link."""
    check_edit(user=comment.author_id, text=text)
    comment.text = text
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])


@transaction.atomic
def delete_comment(*, comment: Comment) -> None:
    """Remove the comment; where others replied, keep its place as "comment deleted"."""
    if comment.replies.exists():
        comment.is_deleted = True
        comment.text = ""
        comment.save(update_fields=["is_deleted", "text"])
    else:
        parent = comment.parent
        comment.delete()
        # A deleted parent kept only for its replies goes once its last reply is gone.
        if parent is not None and parent.is_deleted and not parent.replies.exists():
            parent.delete()
    Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - 1)


@transaction.atomic
def set_idea_status(*, idea: Idea, status: str, explanation: str) -> None:
    """Set the status and the explanation the public reads beside it; declining needs a reason."""
    if status == Idea.Status.DECLINED and not explanation.strip():
        raise ValidationError({"status_explanation": _("Bitte begründen Sie die Ablehnung.")})
    # Compare with the stored status: a form may already have changed the instance passed in.
    stored = Idea.objects.select_for_update().values_list("status", flat=True).get(pk=idea.pk)
    if status != stored:
        idea.status_changed_at = timezone.now()
    idea.status = status
    idea.status_explanation = explanation
    idea.save(update_fields=["status", "status_explanation", "status_changed_at", "updated_at"])


def follow_idea(*, idea: Idea, user: Any) -> None:
    Follow.objects.get_or_create(idea=idea, user=user)


def unfollow_idea(*, idea: Idea, user: Any) -> None:
    Follow.objects.filter(idea=idea, user=user).delete()
