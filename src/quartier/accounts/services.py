"""Changes of state around a person's account."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from quartier.accounts.models import User


def record_second_factor_on_setup(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    """Whoever just proved a new TOTP code has used their second factor in this session."""
    if authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)


def export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "is_coordinator": user.is_coordinator,
        "is_administrator": user.is_superuser,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "staff_of_districts": list(user.staffed_districts.values_list("name", flat=True)),
        "second_factors": [
            {"type": authenticator.type, "created_at": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user)
        ],
    }


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Remove everything that identifies the person; keep the row so that what they
    wrote and others rely on stays, signed "Gelöschtes Konto"."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.staffed_districts.clear()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"geloescht-{user.pk}@invalid.invalid"
    user.name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_coordinator = False
    user.anonymised_at = timezone.now()
    user.save()
