"""One URL serves the whole page or, for htmx, just the part that changes.

Lists filter in place, toggles switch and forms (an inquiry's actions, an event registration)
act in place when JavaScript runs (htmx, served from
our own static files by django-htmx); without it the same forms load the whole page. The
fragments are ``{% partialdef %}`` blocks of the page's own template (django-template-partials),
so page and fragment cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps a part of the page (a history restore needs the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def render_page_or_fragment(
    request: HttpRequest, template: str, fragment: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """Render ``template``, or only its partial ``fragment`` for an htmx request."""
    name = f"{template}#{fragment}" if wants_fragment(request) else template
    response = render(request, name, context, status=status)
    # Caches must keep the page and the fragment of one URL apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
