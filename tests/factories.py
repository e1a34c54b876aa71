"""Factories for test data, in one place."""

from __future__ import annotations

import itertools
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from quartier.accounts.models import User
from quartier.places.models import ContactPoint, District, Town

PASSWORD = "a-long-test-passphrase"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"
_numbers = itertools.count(1)


def make_user(email: str | None = None, *, name: str = "", totp: bool = False, **fields: Any) -> User:
    email = email or f"person{next(_numbers)}@example.org"
    user = User(email=email, name=name, **fields)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_town(**fields: Any) -> Town:
    town = Town(name=fields.pop("name", "Teststadt"), **fields)
    town.save()
    return town


def make_contact_point(**fields: Any) -> ContactPoint:
    number = next(_numbers)
    defaults: dict[str, Any] = {
        "name": f"Anlaufstelle {number}",
        "street": "Marktplatz 1",
        "postcode": "57258",
        "city": "Teststadt",
    }
    return ContactPoint.objects.create(**{**defaults, **fields})


def make_district(name: str | None = None, **fields: Any) -> District:
    number = next(_numbers)
    name = name or f"Ortsteil {number}"
    defaults: dict[str, Any] = {"slug": f"ortsteil-{number}", "latitude": 50.9, "longitude": 7.87, "population": 1000}
    return District.objects.create(name=name, **{**defaults, **fields})


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
