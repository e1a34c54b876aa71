"""Changes of state for surveys: building one, answering one."""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.permissions import is_administrator, is_coordinator
from quartier.places.models import District
from quartier.surveys.models import Answer, Question, Survey, SurveyResponse


class QuestionChanges(Protocol):
    """The survey's validated question rows (an inline formset): saved onto ``instance``."""

    instance: Any

    def save(self) -> Any: ...


@transaction.atomic
def save_survey(*, survey: Survey, questions: QuestionChanges, by: Any) -> Survey:
    """Save a new or changed survey with its questions.

    Staff ask the districts they work in; a survey for the whole town (no district) is a
    coordinator's. Raises ValidationError for a district ``by`` may not ask, PermissionDenied
    when ``by`` may not manage the survey as it is stored.
    """
    if survey.pk is not None:
        stored = Survey.objects.select_for_update().get(pk=survey.pk)
        if not by.has_perm("surveys.manage_survey", stored):
            raise PermissionDenied
    if survey.district_id is None:
        if not (is_coordinator(by) or is_administrator(by)):
            raise ValidationError({"district": _("Eine Umfrage für die ganze Stadt legt die Koordination an.")})
    elif not District.objects.staffed_by(by).filter(pk=survey.district_id).exists():
        raise ValidationError({"district": _("Sie können Umfragen nur in Ihren Ortsteilen anlegen.")})
    if survey.created_by_id is None and survey.pk is None:
        survey.created_by = by
    survey.save()
    questions.instance = survey
    questions.save()
    return survey


@transaction.atomic
def close_survey(*, survey: Survey, by: Any) -> Survey:
    """End an open survey now: no more answers, and the results are public from now on.
    Raises PermissionDenied when ``by`` may not manage it, ValidationError when it is not open."""
    stored = Survey.objects.select_for_update().get(pk=survey.pk)
    if not by.has_perm("surveys.manage_survey", stored):
        raise PermissionDenied
    if not stored.is_open():
        raise ValidationError(_("Diese Umfrage läuft gerade nicht."))
    stored.closes_at = timezone.now()
    stored.save(update_fields=["closes_at"])
    return stored


class AlreadyAnswered(Exception):
    pass


@transaction.atomic
def submit_survey(*, survey: Survey, user: Any, answers: list[tuple[Question, list[str], str]]) -> SurveyResponse:
    """Store one response; raise AlreadyAnswered when this account answered before."""
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, user=user if user and user.is_authenticated else None
            )
    except IntegrityError as error:
        raise AlreadyAnswered from error
    Answer.objects.bulk_create(
        Answer(response=response, question=question, values=values, text=text) for question, values, text in answers
    )
    return response
