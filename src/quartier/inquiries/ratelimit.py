"""At most INQUIRY_RATE_LIMIT new inquiries per client address and hour (sliding window, in the cache)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def client_address(request: HttpRequest) -> str:
    # allauth's helper honours ALLAUTH_TRUSTED_PROXY_COUNT / ..._CLIENT_IP_HEADER behind a proxy.
    try:
        from allauth.core.internal.httpkit import get_client_ip

        return get_client_ip(request) or "unknown"
    except ImportError:  # pragma: no cover - allauth moved its helper
        return request.META.get("REMOTE_ADDR", "unknown")


def take(request: HttpRequest, *, scope: str = "form") -> bool:
    """Count one inquiry from this address; False when the limit for the hour is reached."""
    key = f"inquiries:rate:{scope}:{client_address(request)}"
    now = time.time()
    recent = [stamp for stamp in cache.get(key, []) if stamp > now - WINDOW_SECONDS]
    if len(recent) >= settings.INQUIRY_RATE_LIMIT:
        return False
    cache.set(key, [*recent, now], WINDOW_SECONDS)
    return True
