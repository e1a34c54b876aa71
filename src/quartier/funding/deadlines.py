"""Every funding deadline a person may see, in date order: the submission of applications not
yet submitted, the next fund call, the proof of use, the open conditions of approval, and the
next deadlines of programmes. For the calendar page and the private .ics feed; three queries
whatever the number of applications."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.funding.models import Application, Condition, Programme
from quartier.funding.services import FUND_CALL_OPEN, PROOF_OPEN, SUBMISSION_OPEN

KINDS = {
    "submission": _("Einreichungsfrist"),
    "fund_call": _("Mittelabruf"),
    "proof": _("Verwendungsnachweis"),
    "condition": _("Auflage"),
    "programme": _("Frist des Förderprogramms"),
}
# How far ahead the calendar looks.
HORIZON_DAYS = 366


@dataclass(frozen=True)
class Deadline:
    on: datetime.date
    kind: str
    title: str
    uid: str
    path: str
    application: Application | None = None
    condition: Condition | None = None
    programme: Programme | None = None

    @property
    def label(self) -> Any:
        return KINDS[self.kind]

    @property
    def overdue(self) -> bool:
        return self.on < timezone.localdate()


def deadlines_for(user: Any, *, today: datetime.date | None = None, days: int = HORIZON_DAYS) -> list[Deadline]:
    """The deadlines of the applications ``user`` may see up to ``days`` ahead (those passed but
    still open included: overdue), and the programmes' next deadlines from today."""
    today = today or timezone.localdate()
    end = today + datetime.timedelta(days=days)
    visible = Application.objects.visible_to(user)
    found: list[Deadline] = []
    applications = visible.filter(
        Q(status__in=SUBMISSION_OPEN, submission_deadline__lte=end)
        | Q(status__in=FUND_CALL_OPEN, fund_call_due__lte=end)
        | Q(status__in=PROOF_OPEN, proof_due__lte=end)
    ).select_related("programme")
    for application in applications:
        path = application.get_absolute_url()
        for kind, on, statuses in (
            ("submission", application.submission_deadline, SUBMISSION_OPEN),
            ("fund_call", application.fund_call_due, FUND_CALL_OPEN),
            ("proof", application.proof_due, PROOF_OPEN),
        ):
            if on is not None and on <= end and application.status in statuses:
                found.append(
                    Deadline(on, kind, application.title, f"funding-{kind}-{application.pk}", path, application)
                )
    conditions = (
        Condition.objects.open()
        .filter(due__lte=end, application__status__in=PROOF_OPEN, application__in=visible)
        .select_related("application__programme")
    )
    for condition in conditions:
        found.append(
            Deadline(
                condition.due,
                "condition",
                condition.text,
                f"funding-condition-{condition.pk}",
                condition.application.get_absolute_url(),
                condition.application,
                condition,
            )
        )
    programmes = Programme.objects.filter(deadline__gte=today, deadline__lte=end).exclude(
        deadline_kind=Programme.DeadlineKind.OPEN
    )
    if not user.has_perm("funding.manage_programmes"):
        programmes = programmes.filter(public=True)
    for programme in programmes:
        found.append(
            Deadline(
                programme.deadline,  # type: ignore[arg-type]
                "programme",
                programme.name,
                f"funding-programme-{programme.pk}",
                reverse("funding:programmes"),
                programme=programme,
            )
        )
    found.sort(key=lambda deadline: (deadline.on, deadline.kind, deadline.title))
    return found
