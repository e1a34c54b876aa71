from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from quartier.core.models import LegalPage
from quartier.core.permissions import is_administrator, is_staff_member


def site(request: HttpRequest) -> dict[str, Any]:
    """What the layout of every page needs: the staff flag and the footer's legal pages."""
    user = getattr(request, "user", None)
    return {
        "is_staff_user": bool(user and is_staff_member(user)),
        "is_admin_user": bool(user and is_administrator(user)),
        "legal_kinds": LegalPage.Kind,
    }
