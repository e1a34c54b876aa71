"""The moderation queue and the moderation steps, for staff of the district."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from quartier.accounts.models import User
from quartier.core.forms import posted
from quartier.core.permissions import is_administrator, is_coordinator, staff_district_ids
from quartier.core.staff import staff_required
from quartier.participation import moderation
from quartier.participation.forms import BulkModerationForm, ReasonForm
from quartier.participation.models import Block, Comment, Idea, ModerationEntry, Report


def _sees_all(user: Any) -> bool:
    return bool(is_coordinator(user) or is_administrator(user))


def _in_my_districts(user: Any, idea_path: str) -> Q:
    """Rows whose idea (reached through idea_path) is in the user's districts."""
    if _sees_all(user):
        return Q()
    return Q(**{f"{idea_path}__district__in": staff_district_ids(user)})


def _open_reports(user: Any) -> Any:
    return (
        Report.objects.filter(resolved_at=None)
        .filter(_in_my_districts(user, "idea") | _in_my_districts(user, "comment__idea"))
        .select_related("idea__district", "comment__idea__district", "reporter", "comment__author", "idea__author")
    )


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    reports = list(_open_reports(request.user)[:200])
    form = BulkModerationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        chosen = {int(pk) for pk in request.POST.getlist("report") if pk.isdigit()}
        selected = [item for item in reports if item.pk in chosen]
        if form.cleaned_data["action"] == "hide":
            for item in selected:
                moderation.hide(
                    moderator=request.user, reason=form.cleaned_data["reason"], idea=item.idea, comment=item.comment
                )
        else:
            moderation.dismiss(moderator=request.user, reports=selected)
        messages.success(request, _("%(count)d Meldungen bearbeitet.") % {"count": len(selected)})
        return redirect("participation:moderation")
    return render(request, "participation/moderation_queue.html", {"reports": reports, "form": form})


@staff_required
def history(request: HttpRequest) -> HttpResponse:
    entries = ModerationEntry.objects.select_related("idea", "comment", "person", "moderator")
    if not _sees_all(request.user):
        entries = entries.filter(
            _in_my_districts(request.user, "idea")
            | _in_my_districts(request.user, "comment__idea")
            | Q(moderator=request.user)
        )
    return render(request, "participation/moderation_history.html", {"entries": entries[:300]})


def _target(request: HttpRequest, kind: str, pk: int) -> tuple[Idea, Comment | None]:
    if kind not in {"idee", "kommentar"}:
        raise Http404
    if kind == "idee":
        idea = get_object_or_404(Idea.objects.select_related("district", "author"), pk=pk)
        comment = None
    else:
        comment = get_object_or_404(Comment.objects.select_related("idea__district", "author"), pk=pk)
        idea = comment.idea
    if not request.user.has_perm("participation.moderate", idea):
        raise PermissionDenied
    return idea, comment


@staff_required
def moderate(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Hide (with a public reason) or restore one idea or comment, straight from its page."""
    idea, comment = _target(request, kind, pk)
    target: Idea | Comment = comment or idea
    form = ReasonForm(posted(request) if request.POST.get("action") != "restore" else None)
    if request.method == "POST":
        if request.POST.get("action") == "restore" and target.hidden_at:
            moderation.restore(moderator=request.user, idea=None if comment else idea, comment=comment)
            messages.success(request, _("Der Beitrag ist wieder sichtbar."))
            return redirect(idea)
        if form.is_valid():
            moderation.hide(
                moderator=request.user,
                reason=form.cleaned_data["reason"],
                idea=None if comment else idea,
                comment=comment,
            )
            messages.success(request, _("Der Beitrag ist ausgeblendet."))
            return redirect(idea)
    context = {
        "idea": idea,
        "comment": comment,
        "target": target,
        "form": form,
        "can_block": request.user.has_perm("participation.block_person"),
    }
    return render(request, "participation/moderate.html", context)


@staff_required
def block_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Block a person town-wide: a coordinator's act, since it hides their contributions in
    every district."""
    if not request.user.has_perm("participation.block_person"):
        raise PermissionDenied
    person = get_object_or_404(User, pk=pk)
    form = ReasonForm(posted(request))
    if form.is_valid():
        moderation.block(moderator=request.user, person=person, reason=form.cleaned_data["reason"])
        messages.success(request, _("Die Person ist gesperrt, alle ihre Beiträge sind ausgeblendet."))
        return redirect("participation:moderation")
    blocked = Block.objects.filter(user=person).first()
    return render(request, "participation/block.html", {"person": person, "form": form, "blocked": blocked})
