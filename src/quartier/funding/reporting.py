"""Funding's part of the yearly report: applications submitted in the year (as in the funding
overview, an application counts in the year of its step to "submitted"), the sums requested,
approved and paid. An application counts for every district and field of action of its projects."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from quartier.core.registry import Figure
from quartier.funding.models import Application, ApplicationStep, Status


def _submitted(year: int) -> Q:
    steps = ApplicationStep.objects.filter(to_status=Status.SUBMITTED, on__year=year).values("application_id")
    return Q(pk__in=steps)


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    applications = Application.objects.all()
    through = Application.projects.through.objects.all()
    if district is not None:
        applications = applications.filter(pk__in=through.filter(project__districts=district).values("application_id"))
    if field_of_action is not None:
        applications = applications.filter(
            pk__in=through.filter(project__fields_of_action=field_of_action).values("application_id")
        )
    this, previous = _submitted(year), _submitted(year - 1)
    result = applications.aggregate(
        count_this=Count("pk", filter=this),
        count_previous=Count("pk", filter=previous),
        requested_this=Sum("requested", filter=this),
        requested_previous=Sum("requested", filter=previous),
        approved_this=Sum("approved", filter=this),
        approved_previous=Sum("approved", filter=previous),
        paid_this=Sum("paid", filter=this),
        paid_previous=Sum("paid", filter=previous),
    )

    def pair(name: str) -> tuple[Any, Any]:
        return result[f"{name}_this"] or 0, result[f"{name}_previous"] or 0

    euro = _("Euro")
    return [
        Figure(_("Förderanträge eingereicht"), *pair("count")),
        Figure(_("Beantragt"), *pair("requested"), euro),
        Figure(_("Bewilligt"), *pair("approved"), euro),
        Figure(_("Ausgezahlt"), *pair("paid"), euro),
    ]
