"""The people every test can call on: a resident, staff of district A, staff of
district B, a coordinator and an administrator; and clients signed in as them."""

from __future__ import annotations

import time

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.cache import cache
from django.test import Client

from quartier.accounts.models import User
from quartier.places.models import District
from tests import factories


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached fragments and rate limits from one test never reach the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def no_page_cache(settings):
    """Every request renders its page: for tests that count what the rendering itself costs
    (core/pagecache.py would answer a repeated request with one query)."""
    settings.PAGE_CACHE = False


@pytest.fixture
def town(db):
    return factories.make_town(name="Freudenberg")


@pytest.fixture
def district_a(db, town) -> District:
    return factories.make_district("Alchen", slug="alchen", contact_point=factories.make_contact_point(name="Büro A"))


@pytest.fixture
def district_b(db, town) -> District:
    return factories.make_district("Bühl", slug="buehl", contact_point=factories.make_contact_point(name="Büro B"))


@pytest.fixture
def resident(db) -> User:
    return factories.make_user("resident@example.org", name="Rita Resident")


@pytest.fixture
def staff_a(db, district_a) -> User:
    user = factories.make_user("staff-a@example.org", name="Anna A", totp=True)
    district_a.staff.add(user)
    return user


@pytest.fixture
def staff_b(db, district_b) -> User:
    user = factories.make_user("staff-b@example.org", name="Bernd B", totp=True)
    district_b.staff.add(user)
    return user


@pytest.fixture
def coordinator(db) -> User:
    return factories.make_user("coordinator@example.org", name="Cora Koordination", totp=True, is_coordinator=True)


@pytest.fixture
def administrator(db) -> User:
    return factories.make_user("admin@example.org", name="Adam Admin", totp=True, is_superuser=True, is_staff=True)


def signed_in(user: User, *, second_factor: bool = True, recently: bool = True) -> Client:
    """A client signed in as the user by password (recently, unless told otherwise) and,
    for staff, as if they had entered their TOTP code."""
    client = Client()
    client.force_login(user)
    records = [{"method": "password", "at": time.time(), "reauthenticated": recently}]
    if second_factor:
        records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def as_user():
    return signed_in
