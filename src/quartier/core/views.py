from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

from quartier.core.models import LegalPage


@require_safe
def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    page = get_object_or_404(LegalPage, kind=kind)
    return render(request, "core/legal_page.html", {"page": page})


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
    # The layout needs the database for the town's name; a 500 must not depend on it.
    return render(request, "500.html", {"town": None}, status=500)
