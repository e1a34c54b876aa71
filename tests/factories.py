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


def make_project(*districts: District, **fields: Any) -> Any:
    from quartier.projects.models import Project

    number = next(_numbers)
    defaults: dict[str, Any] = {"title": f"Projekt {number}", "slug": f"projekt-{number}", "summary": "Kurz."}
    project = Project.objects.create(**{**defaults, **fields})
    project.districts.set(districts)
    return project


def make_event(district: District, **fields: Any) -> Any:
    """An event with its dates materialised (tomorrow 18:00–20:00 unless told)."""
    from datetime import timedelta

    from django.utils import timezone

    from quartier.events.models import Event
    from quartier.events.services import sync_event_dates

    start = fields.pop("start", None) or (timezone.localtime() + timedelta(days=1)).replace(
        hour=18, minute=0, second=0, microsecond=0
    )
    number = next(_numbers)
    defaults: dict[str, Any] = {
        "title": f"Veranstaltung {number}",
        "summary": "Kurz.",
        "venue": "Dorfgemeinschaftshaus",
        "end": start + timedelta(hours=2),
    }
    event = Event.objects.create(district=district, start=start, **{**defaults, **fields})
    sync_event_dates(event=event)
    return event


def make_category(name: str = "Spielplätze", **fields: Any) -> Any:
    from quartier.inquiries.models import Category

    code = fields.pop("code", f"cat-{next(_numbers)}")
    return Category.objects.create(name=f"{name} {code}" if fields.pop("unique", False) else name, code=code, **fields)


def make_inquiry(district: District, category: Any = None, **fields: Any) -> Any:
    """An inquiry filed through the service (reference number, history entry), then adjusted."""
    from quartier.inquiries.models import Inquiry
    from quartier.inquiries.services import NewInquiry, submit_inquiry

    category = category or make_category(unique=True)
    data = NewInquiry(
        kind=fields.pop("kind", Inquiry.Kind.PROBLEM),
        category=category,
        district=district,
        text=fields.pop("text", "Die Schaukel am Spielplatz ist kaputt."),
        name=fields.pop("name", "Paula Privat"),
        email=fields.pop("email", "paula@example.org"),
        latitude=fields.pop("latitude", None),
        longitude=fields.pop("longitude", None),
        public_consent=fields.pop("public_consent", True),
        photo=fields.pop("photo", None),
    )
    inquiry = submit_inquiry(data=data, channel=fields.pop("channel", Inquiry.Channel.WEB))
    if fields:
        Inquiry.objects.filter(pk=inquiry.pk).update(**fields)
        inquiry.refresh_from_db()
    return inquiry


def make_helper_call(
    district: District | None, *, shifts: int = 1, people_needed: int = 3, start: Any = None, **fields: Any
) -> Any:
    """A published helper call with ``shifts`` back-to-back shifts of two hours (from tomorrow 10:00 unless told)."""
    from datetime import timedelta

    from django.utils import timezone

    from quartier.volunteering.models import HelperCall, Shift

    # The day after tomorrow: whatever the time of day, more than a day's notice (cancelling stays open).
    start = start or (timezone.localtime() + timedelta(days=2)).replace(hour=10, minute=0, second=0, microsecond=0)
    number = next(_numbers)
    defaults: dict[str, Any] = {
        "title": f"Helfergesuch {number}",
        "text": "Wir brauchen Sie.",
        "contact_name": "Frau Kontakt",
    }
    call = HelperCall.objects.create(district=district, **{**defaults, **fields})
    for index in range(shifts):
        Shift.objects.create(
            call=call,
            start=start + timedelta(hours=2 * index),
            end=start + timedelta(hours=2 * index + 2),
            place="Marktplatz",
            people_needed=people_needed,
        )
    return call
