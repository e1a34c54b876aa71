from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from quartier.funding.models import Application, ApplicationStep, PlanLine, Programme, Status
from tests import factories


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run e-mail tasks at once (after commit), so tests can read mail.outbox."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Documents go to a temporary private directory; MEDIA_ROOT is another one beside it."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_bytes(text: str = "Bewilligungsbescheid") -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, invariant=True)
    sheet.drawString(72, 720, text)
    sheet.save()
    return buffer.getvalue()


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, format="PNG")
    return buffer.getvalue()


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


def add_plan(application: Application, cost: str = "1000.00", financing: str | None = None) -> None:
    """A plan of one cost line and one grant line, balanced unless ``financing`` differs."""
    PlanLine.objects.create(
        application=application, category=PlanLine.Category.MATERIAL, description="Material", planned=Decimal(cost)
    )
    PlanLine.objects.create(
        application=application,
        category=PlanLine.Category.GRANT,
        description="Zuwendung",
        planned=Decimal(financing or cost),
        position=1,
    )
