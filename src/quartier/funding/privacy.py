"""What the funding app holds about a person: the steps of applications they entered."""

from __future__ import annotations

from typing import Any

from quartier.funding.models import ApplicationStep, ProgrammeChange


def export_funding(user: Any) -> dict[str, Any]:
    steps = ApplicationStep.objects.filter(by=user).select_related("application").order_by("at", "pk")
    return {
        "funding_steps": [
            {
                "application": step.application.title,
                "status": step.to_status,
                "on": step.on.isoformat(),
                "note": step.note,
            }
            for step in steps
        ],
        "funding_programme_changes": [
            {"programme": change.programme.name, "at": change.at.isoformat(), "fields": change.fields}
            for change in ProgrammeChange.objects.filter(by=user).select_related("programme").order_by("at", "pk")
        ],
    }


def erase_funding(user: Any) -> None:
    """The step stays (the application's history is a record of the office's work); it no
    longer names the person."""
    ApplicationStep.objects.filter(by=user).redact(by=None)
    ProgrammeChange.objects.filter(by=user).redact(by=None)
