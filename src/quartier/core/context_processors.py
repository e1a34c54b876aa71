from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from quartier.core.models import LegalPage
from quartier.core.permissions import has_staff_role


@lru_cache(maxsize=1)
def layout_urls() -> dict[str, str]:
    """The links every page's header and footer carry, reversed once per process."""
    names = {
        "home": "places:home",
        "districts": "places:district_list",
        "cockpit": "places:cockpit",
        "theme": "places:theme",
        "login": "account_login",
        "signup": "account_signup",
        "logout": "account_logout",
        "profile": "accounts:profile",
        "set_language": "set_language",
    }
    urls = {key: reverse(name) for key, name in names.items()}
    urls.update({f"legal_{kind.name.lower()}": reverse("core:legal", args=[kind.value]) for kind in LegalPage.Kind})
    return urls


def site(request: HttpRequest) -> dict[str, Any]:
    """What the layout of every page needs: the staff flag and the footer's legal pages."""
    user = getattr(request, "user", None)
    return {
        # By role: the links lead to the pages that ask for the second factor.
        "is_staff_user": bool(user and has_staff_role(user)),
        "is_admin_user": bool(user and user.is_active and user.is_superuser),
        "legal_kinds": LegalPage.Kind,
        "urls": layout_urls(),
    }
