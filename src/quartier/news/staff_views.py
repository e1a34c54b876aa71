"""Writing news in the cockpit: staff write and change posts of their districts (coordinators
everywhere and for the whole town)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from quartier.core.forms import posted
from quartier.core.pagination import paginate
from quartier.core.staff import staff_required
from quartier.news.forms import PostForm
from quartier.news.models import Post
from quartier.news.services import create_post, update_post

PAGE_SIZE = 50


def _post_for(request: HttpRequest, pk: int) -> Post:
    post = get_object_or_404(Post.objects.prefetch_related("districts"), pk=pk)
    if not request.user.has_perm("news.change_post", post):
        raise PermissionDenied
    return post


def _relations(form: PostForm) -> dict[str, Any]:
    return {"districts": form.cleaned_data["districts"], "fields_of_action": form.cleaned_data["fields_of_action"]}


@staff_required
def post_cockpit(request: HttpRequest) -> HttpResponse:
    posts = Post.objects.editable_by(request.user).prefetch_related("districts").order_by("-created_at", "-pk")
    page, query = paginate(request, posts, PAGE_SIZE)
    # Partners' proposals for their organisations, waiting for staff of the post's districts.
    proposals = (
        Post.objects.editable_by(request.user)
        .proposals()
        .select_related("organisation")
        .prefetch_related("districts")
        .order_by("proposed_at", "pk")
    )
    return render(request, "news/cockpit_list.html", {"page": page, "query": query, "proposals": proposals})


@staff_required
def post_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("news.add_post"):
        raise PermissionDenied
    form = PostForm(posted(request), request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            post = create_post(post=form.save(commit=False), by=request.user, **_relations(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Meldung wurde gespeichert."))
            return redirect(post)
    return render(request, "news/post_form.html", {"form": form, "post": None})


@staff_required
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_for(request, pk)
    form = PostForm(posted(request), request.FILES or None, instance=post, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            post = update_post(post=form.save(commit=False), by=request.user, **_relations(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Meldung wurde gespeichert."))
            return redirect(post)
    changes = post.changes.select_related("by")[:20]
    return render(request, "news/post_form.html", {"form": form, "post": post, "changes": changes})
