from __future__ import annotations

import sys
from pathlib import PurePosixPath
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from quartier.core import registry
from quartier.core import search as site_search
from quartier.core.models import LegalPage
from quartier.core.pagecache import cached_page
from quartier.core.unavailable import is_database_unavailable, service_unavailable

MAX_SEARCH_PAGE = 50


@require_safe
def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    page = get_object_or_404(LegalPage, kind=kind)
    return render(request, "core/legal_page.html", {"page": page})


@require_safe
@cached_page
def search(request: HttpRequest) -> HttpResponse:
    """The site search: every kind's best hits with a link to more, or one kind page by page
    (``kind``, ``page``). Whatever is typed is searched as words; nothing is an error."""
    query = " ".join(request.GET.get("q", "").split())[: site_search.MAX_QUERY_LENGTH]
    kind = request.GET.get("kind", "")
    if kind not in registry.search_providers:
        kind = ""
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), MAX_SEARCH_PAGE)
    except ValueError:
        page = 1
    if kind:
        groups = site_search.search(
            query,
            request.user,
            kinds=[kind],
            limit=site_search.PAGE_SIZE,
            offset=(page - 1) * site_search.PAGE_SIZE,
        )
    else:
        groups = site_search.search(query, request.user)
    base = reverse("core:search")
    for group in groups:
        if group.more_url is None:
            group.more_url = f"{base}?{urlencode({'q': query, 'kind': group.provider.name})}"
    pages: dict[str, str] = {}
    if kind and groups:
        total = groups[0].total
        if page > 1:
            pages["previous"] = f"{base}?{urlencode({'q': query, 'kind': kind, 'page': page - 1})}"
        if page * site_search.PAGE_SIZE < total and page < MAX_SEARCH_PAGE:
            pages["next"] = f"{base}?{urlencode({'q': query, 'kind': kind, 'page': page + 1})}"
    context = {
        "query": query,
        "searched": bool(site_search.terms(query)),
        "groups": groups,
        "kind": registry.search_providers.get(kind) if kind else None,
        "page": page,
        "pages": pages,
        "all_url": f"{base}?{urlencode({'q': query})}",
    }
    return render(request, "core/search.html", context)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """The process lives and answers; says nothing about its dependencies."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready to serve: the database answers. 503 while it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# Only images are public uploads (the image pipeline writes nothing else under MEDIA_ROOT).
MEDIA_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
MEDIA_MAX_AGE = 86400


@require_safe
def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Public uploads (the town's coat of arms, event and project images), also with DEBUG off.

    Uploads get random names, so a changed image gets a new address and a day of caching
    never shows a stale one. A proxy in front may serve MEDIA_ROOT itself (see the README).
    """
    if PurePosixPath(path).suffix.lower() not in MEDIA_SUFFIXES:
        raise Http404
    response = serve(request, path, document_root=str(settings.MEDIA_ROOT))
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Called while the exception is handled: a database outage met outside a view (a
    # middleware loading the session, say) gets the 503 page, which needs no database.
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable()
    # The layout needs the database for the town's name; a 500 must not depend on it.
    return render(request, "500.html", {"town": None}, status=500)
