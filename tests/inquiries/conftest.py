"""Inquiry tests: photos in a temporary directory, tasks run at once, one category ready."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    """Run django-tasks at once (after commit), so that mail.outbox shows what the worker would send."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def category(db):  # type: ignore[no-untyped-def]
    return factories.make_category("Spielplätze", code="spielplatz")


@pytest.fixture
def inquiry_a(district_a, category):  # type: ignore[no-untyped-def]
    return factories.make_inquiry(district_a, category)
