"""Changes of state around a person's account."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from quartier.accounts.models import User
from quartier.core.privacy import erase_personal_data


def record_second_factor_on_setup(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    """Whoever just proved a new TOTP code has used their second factor in this session."""
    if authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Remove the person everywhere: every app's eraser runs (registrations cancelled,
    personal fields cleared, as the privacy page says), then the account row is kept only
    so that what they wrote and others rely on stays, signed "Gelöschtes Konto"."""
    erase_personal_data(user)
    user.email = f"geloescht-{user.pk}@invalid.invalid"
    user.name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_coordinator = False
    user.last_login = None
    user.anonymised_at = timezone.now()
    user.save()
