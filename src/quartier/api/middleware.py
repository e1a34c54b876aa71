"""What every answer of the API and the open data carries: CORS for reading from other sites,
ETag and Last-Modified with 304 for conditional requests, and the rate limit (429 with
Retry-After). Only requests below /api/ and /opendata/ are touched."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _

from quartier.core.pagecache import serve
from quartier.core.ratelimit import take

PREFIXES = ("/api/", "/opendata/")
READING = ("GET", "HEAD", "OPTIONS")
HTML_PREFIXES = ("/api/v1/docs",)
DATA_TYPES = ("application/json", "application/ld+json", "text/csv", "application/geo+json")
RATE_PERIOD = 60  # seconds; API_RATE_LIMIT requests per client address in each


def cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After"
    response["Access-Control-Max-Age"] = "86400"
    return response


def too_many(period: int) -> HttpResponse:
    response = JsonResponse(
        {"detail": _("Zu viele Abrufe. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.")}, status=429
    )
    response["Retry-After"] = str(period - int(time.time()) % period or period)
    return response


def conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """ETag from the body, Last-Modified from the newest record answered; 304 when the client has them."""
    if response.status_code != 200 or response.streaming or not isinstance(response, HttpResponse):
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    stamp = getattr(request, "api_last_modified", None)
    last_modified = int(stamp.timestamp()) if stamp is not None else None
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    if response.get("Content-Type", "").startswith(("application/json", "application/ld+json")):
        # Data, the same for everyone; the HTML pages below /api/ carry the visitor's header and stay private.
        response.setdefault("Cache-Control", "public, max-age=60")
        patch_vary_headers(response, ["Accept-Language"])
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response) or response


def _is_data(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(DATA_TYPES)


def answer(request: HttpRequest, get_response: Callable[[HttpRequest], HttpResponseBase]) -> HttpResponseBase:
    """The data from the page cache while nothing changed (core/pagecache.py): the same for
    everyone, so only JSON and the open-data files are stored. The HTML documentation below /api/
    is rendered as any page (its forms need the CSRF middleware, which runs inside this one); the
    OpenAPI schema needs no database at all (django-ninja builds it once per process)."""
    if request.path.startswith(HTML_PREFIXES) or request.path.endswith("/openapi.json"):
        return get_response(request)
    return serve(request, lambda: get_response(request), keep=("api_last_modified",), store_if=_is_data)


def api_headers(get_response: Callable[[HttpRequest], HttpResponseBase]) -> Callable[[HttpRequest], HttpResponseBase]:
    def middleware(request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(PREFIXES):
            return get_response(request)
        reading = request.method in READING
        if request.method == "OPTIONS" and request.path.startswith("/api/"):
            return cors(HttpResponse(status=204))
        if not take(request, scope="api", limit=settings.API_RATE_LIMIT, period=RATE_PERIOD):
            response: HttpResponseBase = too_many(RATE_PERIOD)
        else:
            head = request.method == "HEAD"
            if head:
                request.method = "GET"  # the API's views answer GET; the server drops the body of a HEAD
            response = conditional(request, answer(request, get_response))
            if head:
                request.method = "HEAD"
        return cors(response) if reading else response

    return middleware
