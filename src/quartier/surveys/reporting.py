"""The surveys' part of the yearly report: surveys opened and the answers they received.
Surveys have no field of action."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from quartier.core.registry import Figure
from quartier.core.reporting import both_years
from quartier.surveys.models import Survey, SurveyResponse


def figures(year: int, district: Any = None, field_of_action: Any = None) -> list[Figure]:
    if field_of_action is not None:
        return []
    surveys = Survey.objects.all()
    responses = SurveyResponse.objects.all()
    if district is not None:
        surveys = surveys.filter(district=district)
        responses = responses.filter(survey__district=district)
    opened = both_years(surveys, "opens_at", year, opened=lambda q: Count("pk", filter=q))
    answered = both_years(responses, "created_at", year, answers=lambda q: Count("pk", filter=q))
    return [
        Figure(_("Umfragen gestartet"), *opened["opened"]),
        Figure(_("Ausgefüllte Fragebögen"), *answered["answers"]),
    ]
