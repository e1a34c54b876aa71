"""What the accounts app holds about a person (their account, e-mail addresses, second
factors, staff assignments, sessions, the admin's log) and how it goes when they delete it."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext

from quartier.accounts.models import User


def confirmed_emails(user: Any) -> list[str]:
    """The addresses the person has proved to be theirs, lower-cased: records made with one of
    them without signing in (a visitor's registration, an inquiry) are theirs too."""
    return sorted(
        {
            email.lower()
            for email in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
        }
    )


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
        "administration_log": [
            {
                "at": entry.action_time.isoformat(),
                "object": entry.object_repr,
                "action": entry.get_action_flag_display(),
            }
            for entry in LogEntry.objects.filter(user=user)
        ],
    }


def _delete_sessions(user: User) -> None:
    """End every session of the person that the server stores (database sessions); cookie
    and cache sessions die with the password hash, which the anonymisation replaces."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        return
    model = store_class.get_model_class()
    # Sessions are signed blobs: only decoding tells whose they are. Deleting an account
    # is rare, and only live sessions are read.
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store_class(session_key=session.session_key).delete()


def erase_account(user: User) -> None:
    """Remove the addresses, second factors, staff assignments and sessions, and the account's
    name from the admin's log. Runs after every other eraser (they need the addresses)."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.staffed_districts.clear()
    user.groups.clear()
    user.user_permissions.clear()
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)).update(
        object_repr=gettext("Gelöschtes Konto")
    )
    _delete_sessions(user)
