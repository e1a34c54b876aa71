from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from quartier.funding.models import Application, ApplicationStep, Programme, Status
from tests import factories


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run e-mail tasks at once (after commit), so tests can read mail.outbox."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def make_programme(**fields: Any) -> Programme:
    number = Programme.objects.count() + 1
    defaults: dict[str, Any] = {"name": f"Programm {number}", "slug": f"programm-{number}", "provider": "state"}
    return Programme.objects.create(**{**defaults, **fields})


def make_application(*districts: Any, status: str = Status.IDEA, **fields: Any) -> Application:
    """An application saved directly in ``status`` (the service is tested on its own)."""
    project = factories.make_project(*districts)
    defaults: dict[str, Any] = {"title": "Antrag", "programme": make_programme(), "requested": Decimal("1000.00")}
    if status not in (Status.IDEA, Status.DRAFTING, Status.SUBMITTED, Status.DECLINED):
        defaults.update(approved=Decimal("1000.00"))
    application = Application.objects.create(status=status, **{**defaults, **fields})
    application.projects.set([project])
    ApplicationStep.objects.create(application=application, to_status=status, on=application.created_at.date())
    return application
