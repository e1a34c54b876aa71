"""The public news: the Aktuelles list with filters and pages, a post's page (schema.org
NewsArticle JSON-LD and Open Graph tags)."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from quartier.core.htmx import render_page_or_fragment
from quartier.core.links import absolute_url
from quartier.core.markdown import render_markdown
from quartier.core.pagecache import cached_page
from quartier.core.pagination import paginate
from quartier.news.forms import PostFilterForm
from quartier.news.models import Post

PAGE_SIZE = 20


@require_safe
@cached_page
def post_list(request: HttpRequest) -> HttpResponse:
    form = PostFilterForm(request.GET)
    posts = Post.objects.published().for_listing()
    district = None
    if form.is_valid():
        data = form.cleaned_data
        district = data["district"]
        if district:
            posts = posts.in_district(district)
        if data["field"]:
            posts = posts.filter(fields_of_action=data["field"])
    page, query = paginate(request, posts, PAGE_SIZE)
    context = {"form": form, "page": page, "query": query, "district": district}
    return render_page_or_fragment(request, "news/post_list.html", "results", context)


def json_ld(post: Post, url: str) -> str:
    """schema.org NewsArticle, escaped for a <script type="application/ld+json"> data block."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "description": post.teaser,
        "url": url,
        "datePublished": post.published_at,
        "dateModified": post.updated_at,
    }
    if post.image:
        data["image"] = [absolute_url(post.image.url)]
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped, as json_script does


@require_safe
@cached_page
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.select_related("project", "organisation").prefetch_related("districts", "fields_of_action"),
        slug=slug,
    )
    if not post.is_published and not request.user.has_perm("news.change_post", post):
        # A draft or a scheduled post is seen only by those who may edit it (to look it over);
        # for everyone else it does not exist yet.
        raise Http404
    url = absolute_url(post)
    context = {
        "post": post,
        "text": render_markdown(post.text),
        "json_ld": json_ld(post, url),
        "url": url,
        "image_url": absolute_url(post.image.url) if post.image else "",
        "can_edit": request.user.has_perm("news.change_post", post),
    }
    return render(request, "news/post_detail.html", context)
