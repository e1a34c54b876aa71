"""Public pages of ideas: list, page, propose, edit, support, comments."""

from __future__ import annotations

import hashlib
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import reselect, reswap, retarget

from quartier.accounts.models import User
from quartier.core.forms import posted
from quartier.core.htmx import render_page_or_fragment, wants_fragment
from quartier.core.images import image_response
from quartier.core.pagecache import cached_page
from quartier.core.pagination import capped_count, keyset_paginate, paginate
from quartier.participation import moderation, services
from quartier.participation.extensions import attach_links
from quartier.participation.forms import SORTS, CommentForm, IdeaFilterForm, IdeaForm, ReportForm
from quartier.participation.models import Comment, Follow, Idea, Support
from quartier.participation.moderation import ContributionRefused
from quartier.participation.services import has_verified_email

PAGE_SIZE = 20
COMMENTS_PER_PAGE = 50


def _needs_verified_email(request: HttpRequest) -> HttpResponse:
    response = render(request, "participation/verify_email.html", status=403)
    if wants_fragment(request):
        # htmx swaps no error responses: show the notice in place of the page's content.
        response.status_code = 200
        reselect(retarget(reswap(response, "outerHTML"), "#main"), "#main")
    return response


@require_safe
@cached_page
def idea_list(request: HttpRequest) -> HttpResponse:
    form = IdeaFilterForm(request.GET)
    ideas = Idea.objects.visible().for_listing()
    order = SORTS["new"]
    if form.is_valid():
        data = form.cleaned_data
        ideas = ideas.search(data["q"])
        if data["district"]:
            ideas = ideas.filter(district=data["district"])
        if data["field"]:
            ideas = ideas.filter(field_of_action=data["field"])
        if data["status"]:
            ideas = ideas.filter(status=data["status"])
        order = SORTS.get(data["sort"], order)
    # Cursor pages in the chosen sort and a count up to 1,000: ten thousand ideas are neither
    # counted nor skipped on every request.
    page, query = keyset_paginate(request, ideas, PAGE_SIZE, order)
    # The map shows the ideas of this page that have a place; the list beside it shows all of them.
    markers = [idea.map_marker() for idea in page if idea.has_point()]
    context = {
        "form": form,
        "page": page,
        "query": query,
        "count": capped_count(ideas),
        "map_data": _map_data(markers),
    }
    return render_page_or_fragment(request, "participation/idea_list.html", "results", context)


def _map_data(markers: list[dict[str, Any]]) -> dict[str, Any]:
    return {"tiles": settings.MAP_TILE_URL, "markers": markers, "outline": None}


@require_safe
@cached_page
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea.objects.for_listing(), pk=pk)
    return _render_idea(request, idea, CommentForm())


@require_safe
def idea_image(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An idea's image, only while the idea is visible (moderators still see it to decide).
    Shared caches keep it five minutes at most, so hiding an idea takes its image down too."""
    idea = get_object_or_404(Idea.objects.select_related("district"), pk=pk)
    if not idea.image or (idea.hidden_at and not request.user.has_perm("participation.moderate", idea)):
        raise Http404
    cache_control = "private, no-store" if idea.hidden_at else "public, max-age=300"
    return image_response(idea.image, cache_control=cache_control)


def _render_idea(request: HttpRequest, idea: Idea, comment_form: CommentForm, status: int = 200) -> HttpResponse:
    attach_links([idea])
    top_level = idea.comments.filter(parent=None).select_related("author")
    page, query = paginate(request, top_level, COMMENTS_PER_PAGE)
    parents = list(page)
    replies: dict[int, list[Comment]] = {comment.pk: [] for comment in parents}
    for reply in Comment.objects.filter(parent__in=[c.pk for c in parents]).select_related("author"):
        replies[reply.parent_id].append(reply)  # type: ignore[index]
    user = request.user
    for comment in parents:
        comment.reply_list = replies[comment.pk]
        for shown in [comment, *comment.reply_list]:
            shown.editable = shown.can_be_edited_by(user)
    context = {
        "idea": idea,
        "comments": parents,
        "thread_key": None if user.is_authenticated else _thread_key(parents),
        "page": page,
        "query": query,
        "comment_form": comment_form,
        "supports": user.is_authenticated and Support.objects.filter(idea=idea, user=user).exists(),
        "follows": user.is_authenticated and Follow.objects.filter(idea=idea, user=user).exists(),
        "can_edit": idea.can_be_edited_by(user),
        "can_moderate": user.has_perm("participation.moderate", idea),
        "map_data": _map_data([idea.map_marker()] if idea.has_point() and not idea.hidden_at else []),
    }
    return render(request, "participation/idea_detail.html", context, status=status)


def _thread_key(parents: list[Comment]) -> str:
    """What a signed-out visitor's view of these comments depends on (text, state, author's
    shown name), so an edit, a hidden or deleted comment or a new reply changes the key."""
    shown = [part for comment in parents for part in (comment, *getattr(comment, "reply_list", []))]
    parts = [
        (c.pk, c.text, c.is_deleted, c.hidden_at, c.hidden_reason, c.edited_at, c.author.public_name) for c in shown
    ]
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@login_required
def idea_create(request: HttpRequest) -> HttpResponse:
    if not has_verified_email(request.user):
        return _needs_verified_email(request)
    form = IdeaForm(posted(request), request.FILES or None)
    if form.is_valid():
        try:
            idea = services.propose_idea(author=request.user, **form.cleaned_data)
        except ContributionRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, _("Danke! Ihre Idee ist jetzt öffentlich."))
            return redirect(idea)
    return render(request, "participation/idea_form.html", {"form": form, "idea": None})


@login_required
def idea_edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea, pk=pk)
    if idea.author_id != request.user.pk:
        raise PermissionDenied
    if not idea.can_be_edited_by(request.user):
        messages.info(
            request, _("Ihre Idee hat schon Unterstützung oder Kommentare und kann nicht mehr geändert werden.")
        )
        return redirect(idea)
    form = IdeaForm(posted(request), request.FILES or None, instance=idea)
    if form.is_valid():
        try:
            idea = services.edit_idea(idea=idea, by=request.user, **form.cleaned_data)
        except ContributionRefused as refusal:
            # Shown on the form, so that what the person typed is not lost.
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, _("Ihre Änderungen sind gespeichert."))
            return redirect(idea)
    return render(request, "participation/idea_form.html", {"form": form, "idea": idea})


@require_POST
@login_required
def idea_support(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea.objects.visible(), pk=pk)
    if not has_verified_email(request.user):
        return _needs_verified_email(request)
    if request.POST.get("action") == "withdraw":
        if services.withdraw_support(idea=idea, user=request.user):
            messages.success(request, _("Sie unterstützen diese Idee nicht mehr."))
    elif services.support_idea(idea=idea, user=request.user):
        messages.success(request, _("Danke für Ihre Unterstützung!"))
    return _idea_aside_or_redirect(request, idea)


@require_POST
@login_required
def idea_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Authors and supporters follow an idea (news at most once a day) or stop following it."""
    idea = get_object_or_404(Idea, pk=pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow_idea(idea=idea, user=request.user)
        messages.success(request, _("Sie bekommen keine Nachrichten mehr zu dieser Idee."))
    elif idea.author_id == request.user.pk or idea.supports.filter(user=cast(User, request.user)).exists():
        services.follow_idea(idea=idea, user=request.user)
        messages.success(request, _("Sie bekommen Neues zu dieser Idee höchstens einmal am Tag per E-Mail."))
    else:
        raise PermissionDenied
    return _idea_aside_or_redirect(request, idea)


def _idea_aside_or_redirect(request: HttpRequest, idea: Idea) -> HttpResponse:
    """After support or follow: for htmx the idea's side box in its new state, else back to the page."""
    if not wants_fragment(request):
        return redirect(idea)
    idea = Idea.objects.for_listing().get(pk=idea.pk)
    attach_links([idea])
    user = cast(User, request.user)
    context = {
        "idea": idea,
        "supports": Support.objects.filter(idea=idea, user=user).exists(),
        "follows": Follow.objects.filter(idea=idea, user=user).exists(),
    }
    return render_page_or_fragment(request, "participation/idea_detail.html", "aside", context)


@require_POST
@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    idea = get_object_or_404(Idea.objects.visible().for_listing(), pk=pk)
    if not has_verified_email(request.user):
        return _needs_verified_email(request)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_idea(request, idea, form, status=400)
    parent = None
    if form.cleaned_data["parent"]:
        parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], idea=idea, is_deleted=False)
    try:
        comment = services.comment_on_idea(
            idea=idea, author=request.user, text=form.cleaned_data["text"], parent=parent
        )
    except ContributionRefused as refusal:
        form.add_error(refusal.field, str(refusal))
        return _render_idea(request, idea, form, status=400)
    messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
    return redirect(f"{idea.get_absolute_url()}#kommentar-{comment.pk}")


def _own_comment(request: HttpRequest, pk: int) -> Comment:
    """The signed-in person's own comment; someone else's is a 404, as if it did not exist."""
    return get_object_or_404(Comment.objects.select_related("idea"), pk=pk, author=request.user, is_deleted=False)


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if not comment.can_be_edited_by(request.user):
        messages.info(request, _("Kommentare können nur in den ersten 15 Minuten geändert werden."))
        return redirect(comment.idea)
    form = CommentForm(posted(request), instance=comment)
    if form.is_valid():
        try:
            services.edit_comment(comment=comment, text=form.cleaned_data["text"])
        except ContributionRefused as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            return redirect(f"{comment.idea.get_absolute_url()}#kommentar-{comment.pk}")
    return render(request, "participation/comment_form.html", {"form": form, "comment": comment})


@login_required
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if request.method == "POST":
        services.delete_comment(comment=comment)
        messages.success(request, _("Ihr Kommentar ist gelöscht."))
        return redirect(comment.idea)
    return render(request, "participation/comment_delete.html", {"comment": comment})


@login_required
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Report an idea or a comment to the moderation of its district."""
    if kind not in {"idee", "kommentar"}:
        raise Http404
    if kind == "idee":
        idea = get_object_or_404(Idea, pk=pk, hidden_at=None)
        comment = None
    else:
        comment = get_object_or_404(Comment.objects.select_related("idea"), pk=pk, hidden_at=None, is_deleted=False)
        idea = comment.idea
    form = ReportForm(posted(request))
    if form.is_valid():
        moderation.report(
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            idea=None if comment else idea,
            comment=comment,
        )
        messages.success(request, _("Danke für Ihre Meldung. Die Moderation sieht sie sich an."))
        return redirect(idea)
    return render(request, "participation/report.html", {"form": form, "idea": idea, "comment": comment})
