"""The gate in front of every staff page: a staff role and a second factor."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from quartier.core.pagecache import versioned
from quartier.core.permissions import has_staff_role


def used_second_factor(request: HttpRequest, user: Any = None) -> bool:
    user = request.user if user is None else user
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def second_factor_redirect(request: HttpRequest) -> HttpResponse | None:
    """Where a staff user must go first: set up TOTP, or confirm it in this session."""
    next_query = urlencode({"next": request.get_full_path()})
    user = request.user
    if not versioned(f"mfa:{user.pk}", lambda: is_mfa_enabled(user)):
        messages.info(request, _("Bitte richten Sie zuerst die Zwei-Faktor-Anmeldung ein."))
        return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
    if not used_second_factor(request):
        return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
    return None


def staff_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """District staff and coordinators only, signed in with their second factor."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (has_staff_role(request.user) or request.user.is_superuser):
            raise PermissionDenied
        return second_factor_redirect(request) or view(request, *args, **kwargs)

    return wrapper
