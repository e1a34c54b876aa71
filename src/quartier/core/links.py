"""Links that leave the site: in e-mails (built from ``SITE_URL``, never from a request, so a
mail sent by the worker links to the same site as one sent during a request) and the pages
reached through private links."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.views.decorators.cache import never_cache


def absolute_url(target: Any) -> str:
    """The absolute address of a path ("/termine/") or of an object with ``get_absolute_url``."""
    path = target if isinstance(target, str) else target.get_absolute_url()
    if "://" in path:
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def private_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A page reached through a private link (the token is in its address), or one that shows a
    person's data to staff (participant lists, an inquiry): never cached, and
    its address is sent only to this site. ``same-origin`` keeps the token out of other sites'
    logs while the browser still sends its Origin on the page's own forms, which CSRF checks
    (``no-referrer`` made browsers post ``Origin: null`` and every reply failed)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        return response

    wrapper.private_link = True  # type: ignore[attr-defined]  # for the test that every token page has it
    return never_cache(wrapper)
