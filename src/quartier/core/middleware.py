"""Security headers that Django's SecurityMiddleware does not set, the second-factor mark,
and posted text without control characters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.functional import SimpleLazyObject

from quartier.core.permissions import SECOND_FACTOR_ATTRIBUTE
from quartier.core.staff import used_second_factor
from quartier.core.storage import object_storage_origins
from quartier.core.text import CONTROL_CHARACTERS, without_control_characters


def _tile_origin() -> str:
    parts = urlsplit(settings.MAP_TILE_URL)
    return f"{parts.scheme}://{parts.netloc.replace('{s}.', '*.')}"


def content_security_policy() -> str:
    # No inline scripts and no script from another host; map tiles are the one
    # third-party request, and they load only after the visitor asks for the map. Uploads in
    # object storage load from there (public media directly, private images by redirect).
    images = " ".join(["'self'", "data:", _tile_origin(), *object_storage_origins()])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
        ]
    )


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    policy = content_security_policy()

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response

    return middleware


def mark_second_factor(request: HttpRequest, user: Any, **_signal: Any) -> None:
    """Note on the user object whether this session passed the second factor (also a receiver
    of `user_logged_in`: signing in puts a fresh, unmarked user on the request)."""
    if user is not None and user.is_authenticated:
        setattr(user, SECOND_FACTOR_ATTRIBUTE, used_second_factor(request, user))


def second_factor(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Mark the request's user with whether this session passed the second factor, so the
    permission predicates give staff their rights only then (see `core.permissions`).
    Stays lazy: a request that never looks at its user loads nothing."""

    def marked_user(request: HttpRequest) -> Any:
        user = get_user(request)
        mark_second_factor(request, user)
        return user

    def middleware(request: HttpRequest) -> HttpResponse:
        request.user = SimpleLazyObject(lambda: marked_user(request))  # type: ignore[assignment]
        return get_response(request)

    return middleware


FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def strip_control_characters(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Remove control characters from every posted form value, once, before any form sees it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            posted = request.POST
            if any(CONTROL_CHARACTERS.search(value) for _key, values in posted.lists() for value in values):
                cleaned = QueryDict(mutable=True, encoding=posted.encoding)
                for key, values in posted.lists():
                    cleaned.setlist(key, [without_control_characters(value) for value in values])
                cleaned._mutable = False
                request.POST = cleaned  # type: ignore[assignment]
        return get_response(request)

    return middleware
