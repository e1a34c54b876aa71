"""One rate limiter for the whole site, on Django's cache (shared through Redis by several web processes)."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest

from quartier.core.client import client_address


def take(request: HttpRequest, *, scope: str, limit: int, period: int = 3600, key: str = "") -> bool:
    """Count one use of `scope` by this client; False once `limit` uses fell into this period.

    The budget belongs to the client address (see `client_address`), or to `key` when given
    (e.g. one survey per address). Counting is a fixed window with an atomic increment, so
    concurrent requests cannot both take the last slot.
    """
    who = key or client_address(request)
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    window = int(time.time() // period)
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, timeout=period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this is the first use of a new window
        cache.set(cache_key, 1, timeout=period)
        count = 1
    return count <= limit
