"""While the database cannot be reached, every page answers the site's own 503 page.

A request whose view (or a middleware) meets an `OperationalError` or `InterfaceError` gets
`503.html` with `Retry-After`, rendered without the database: no request context (the
layout's context processors would load the session and the town), only the layout's
links. Django's connection handling closes the broken connection at the end of that
request (`CONN_HEALTH_CHECKS`), so the next request after the database's return
reconnects by itself; no process needs restarting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

from quartier.core.context_processors import layout_urls

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached (or its connection broke)."""
    return isinstance(error, DATABASE_UNAVAILABLE)


def service_unavailable() -> HttpResponse:
    """The 503 page: the layout with the site's links, nothing read from the database."""
    html = render_to_string("503.html", {"town": None, "urls": layout_urls()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def database_unavailable(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Answer a view's database outage with the 503 page and one log line, not a traceback.
    (Outages met by a middleware reach ``core.views.error_500``, which answers the same.)"""

    def middleware(request: HttpRequest) -> HttpResponse:
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        return service_unavailable()

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware
