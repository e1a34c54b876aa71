"""What the funding app holds about a person: the steps of applications they entered, the
changes of programmes, applications, finance plans and reports they made, the documents they
uploaded, the conditions they are responsible for and their private deadline feed."""

from __future__ import annotations

from typing import Any

from quartier.funding.models import (
    ApplicationChange,
    ApplicationStep,
    Condition,
    Document,
    FeedToken,
    FinanceChange,
    ProgrammeChange,
)


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
        "funding_application_changes": [
            {
                "application": change.application.title,
                "action": change.action,
                "subject": change.subject,
                "at": change.at.isoformat(),
            }
            for change in ApplicationChange.objects.filter(by=user).select_related("application").order_by("at", "pk")
        ],
        "funding_documents_uploaded": [
            {
                "application": document.application.title,
                "title": document.title,
                "kind": document.kind,
                "uploaded_at": document.uploaded_at.isoformat(),
            }
            for document in Document.objects.filter(uploaded_by=user).select_related("application").order_by("pk")
        ],
        "funding_conditions_responsible": [
            {
                "application": condition.application.title,
                "condition": condition.text,
                "due": condition.due.isoformat(),
                "fulfilled_on": condition.fulfilled_on.isoformat() if condition.fulfilled_on else None,
            }
            for condition in Condition.objects.filter(responsible=user).select_related("application").order_by("pk")
        ],
        "funding_deadline_feed": [
            {"created_at": feed.created_at.isoformat()} for feed in FeedToken.objects.filter(user=user)
        ],
        "funding_finance_changes": [
            {"application": change.application.title, "at": change.at.isoformat(), "change": change.summary}
            for change in FinanceChange.objects.filter(by=user).select_related("application").order_by("at", "pk")
        ],
    }


def erase_funding(user: Any) -> None:
    """The steps, changes, documents and conditions stay (the application's records are the
    office's work); they no longer name the person. The private feed goes."""
    ApplicationStep.objects.filter(by=user).redact(by=None)
    ProgrammeChange.objects.filter(by=user).redact(by=None)
    ApplicationChange.objects.filter(by=user).redact(by=None)
    Document.objects.filter(uploaded_by=user).update(uploaded_by=None)
    Condition.objects.filter(responsible=user).update(responsible=None)
    FeedToken.objects.filter(user=user).delete()
    FinanceChange.objects.filter(by=user).redact(by=None)
