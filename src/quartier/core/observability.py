"""Operational signals: a request id in every log line of a request, JSON log lines as an
option, and Prometheus metrics that answer only to the monitoring's own addresses.

Nothing here touches the database; the logging pieces are imported by `LOGGING` before the
apps are loaded.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from quartier.core.client import client_ip

# The id of the request being answered in this thread (or task of an ASGI server); None outside one.
request_id: ContextVar[str | None] = ContextVar("quartier_request_id", default=None)

# An id from the proxy is taken only when it is short and plain (no spaces, no line breaks),
# so nobody writes into the logs through it; otherwise the request gets a new one.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@+=-]{1,128}")
REQUEST_ID_HEADER = "X-Request-ID"


def request_id_middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Takes a safe X-Request-ID from the proxy or makes one, holds it for the logs while the
    request is answered and sends it back in the response."""

    def middleware(request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        current = incoming if SAFE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        token = request_id.set(current)
        try:
            response = get_response(request)
        finally:
            request_id.reset(token)
        response[REQUEST_ID_HEADER] = current
        return response

    return middleware


class RequestIdFilter(logging.Filter):
    """Gives every record `request_id`: the current request's, or None outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class TextFormatter(logging.Formatter):
    """Plain lines with the request id (a dash outside a request)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id, and
    the traceback as `exception` when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def metrics_allowed(request: HttpRequest) -> bool:
    """The client address (as `core.client` reads it behind trusted proxies) lies in one of
    QUARTIER_METRICS_ALLOWED. Without trusted proxies a request carrying X-Forwarded-For came
    through some proxy on this machine and is refused, so a local proxy does not open the door."""
    if settings.TRUSTED_PROXY_COUNT == 0 and "x-forwarded-for" in request.headers:
        return False
    address = client_ip(request)
    if address is None:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (django-prometheus), only with QUARTIER_METRICS on and only for the
    allowed addresses; everyone else sees the site's 404 page."""
    if not settings.METRICS or not metrics_allowed(request):
        raise Http404
    from django_prometheus.exports import ExportToDjangoView

    response: HttpResponse = ExportToDjangoView(request)
    return response
