"""The year's figures of funding: requested, approved, paid and the success rate, in total, by
district and by field of action (for the yearly report and the cockpit).

An application counts in the year it was submitted (its step to "submitted"). It counts in every
district and field of action of its projects, so the rows of a breakdown may add up to more
than the total. The success rate is the share of decided applications (approved, partly
approved or declined) that got money."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from quartier.funding.models import Application, ApplicationStep, Status
from quartier.projects.models import Project


@dataclass
class Figures:
    label: str
    submitted: int = 0
    decided: int = 0
    won: int = 0
    requested: Decimal = Decimal("0.00")
    approved: Decimal = Decimal("0.00")
    paid: Decimal = Decimal("0.00")
    applications: set[int] = field(default_factory=set)

    def add(self, application: dict[str, Any]) -> None:
        if application["pk"] in self.applications:
            return
        self.applications.add(application["pk"])
        self.submitted += 1
        self.requested += application["requested"]
        self.paid += application["paid"]
        if application["approved"] is not None:
            self.decided += 1
            self.approved += application["approved"]
            if application["approved"] > 0:
                self.won += 1

    @property
    def success_rate(self) -> int | None:
        return round(100 * self.won / self.decided) if self.decided else None


def submitted_in(year: int, applications: Any) -> Any:
    submitted = ApplicationStep.objects.filter(to_status=Status.SUBMITTED, on__year=year).values("application_id")
    return applications.filter(pk__in=submitted)


def year_figures(year: int, user: Any) -> dict[str, Any]:
    """Three queries whatever the number of applications."""
    applications = list(
        submitted_in(year, Application.objects.visible_to(user)).values("pk", "requested", "approved", "paid")
    )
    by_pk = {application["pk"]: application for application in applications}
    total = Figures(label="")
    for application in applications:
        total.add(application)
    through = Application.projects.through
    links = through.objects.filter(application_id__in=by_pk).values_list("application_id", "project_id")
    projects: dict[int, list[int]] = defaultdict(list)
    for application_id, project_id in links:
        projects[project_id].append(application_id)
    districts = _breakdown(
        Project.districts.through.objects.filter(project_id__in=projects).values_list("project_id", "district__name"),
        projects,
        by_pk,
    )
    fields = _breakdown(
        Project.fields_of_action.through.objects.filter(project_id__in=projects).values_list(
            "project_id", "fieldofaction__name"
        ),
        projects,
        by_pk,
    )
    return {"total": total, "districts": districts, "fields": fields}


def _breakdown(
    rows: Iterable[tuple[int, str]], projects: dict[int, list[int]], by_pk: dict[int, dict[str, Any]]
) -> list[Figures]:
    groups: dict[str, Figures] = {}
    for project_id, name in rows:
        figures = groups.setdefault(name, Figures(label=name))
        for application_id in projects[project_id]:
            figures.add(by_pk[application_id])
    return sorted(groups.values(), key=lambda figures: figures.label)
