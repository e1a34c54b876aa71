from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from quartier.core import registry
from quartier.core.models import LegalPage
from quartier.core.permissions import has_staff_role


@lru_cache(maxsize=1)
def layout_urls() -> dict[str, str]:
    """The account and legal links every page's header and footer carry, reversed once per process."""
    names = {
        "login": "account_login",
        "signup": "account_signup",
        "logout": "account_logout",
        "profile": "accounts:profile",
        "set_language": "set_language",
        "search": "core:search",
    }
    urls = {key: reverse(name) for key, name in names.items()}
    urls.update({f"legal_{kind.name.lower()}": reverse("core:legal", args=[kind.value]) for kind in LegalPage.Kind})
    return urls


@lru_cache(maxsize=4)
def navigation_urls(version: int) -> tuple[tuple[registry.NavEntry, str], ...]:
    """The registered navigation entries with their URLs, reversed once per process (and
    again only when an entry is registered or removed: ``version`` changes then)."""
    return tuple((entry, reverse(entry.url_name)) for entry in registry.navigation)


@lru_cache(maxsize=4)
def footer_urls(version: int) -> tuple[tuple[registry.FooterLink, str], ...]:
    """The registered footer links with their URLs, reversed once per process (and again
    only when a link is registered or removed)."""
    return tuple((entry, reverse(entry.url_name)) for entry in registry.footer_links)


def main_navigation(request: HttpRequest, user: Any) -> list[dict[str, Any]]:
    """The entries this person sees, each marked ``current`` when the page lies below it."""
    path = request.path
    items = []
    for entry, url in navigation_urls(registry.navigation.version):
        if user is None or not entry.visible(user):
            continue
        prefix = entry.active_prefix or url
        current = path == url or (prefix != "/" and path.startswith(prefix))
        items.append({"name": entry.name, "label": entry.label, "url": url, "current": current})
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    """What the layout of every page needs: the main navigation, the staff flag and the
    footer's legal pages and registered links."""
    user = getattr(request, "user", None)
    return {
        # By role: the links lead to the pages that ask for the second factor.
        "is_staff_user": bool(user and has_staff_role(user)),
        "is_admin_user": bool(user and user.is_active and user.is_superuser),
        "legal_kinds": LegalPage.Kind,
        "urls": layout_urls(),
        "main_navigation": main_navigation(request, user),
        "footer_links": [
            {"label": entry.label, "url": url} for entry, url in footer_urls(registry.footer_links.version)
        ],
    }
