"""The address of the person behind a request, the same for every limit on the site."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The client's exact IP address, taken from X-Forwarded-For only behind trusted proxies.

    With TRUSTED_PROXY_COUNT = n the n-th address from the right of X-Forwarded-For is the
    one the outermost trusted proxy saw; everything left of it was written by the client and
    is ignored. Without trusted proxies the header is ignored altogether, so a forged one
    changes nothing. None when the address is not an IP address.
    """
    address = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.headers.get("x-forwarded-for", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= count:
            address = hops[-count]
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's address for limits (see `client_ip`); IPv6 addresses count per /64
    network, as one household gets one."""
    parsed = client_ip(request)
    if parsed is None:
        return "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address) + "/64"
    return str(parsed)
