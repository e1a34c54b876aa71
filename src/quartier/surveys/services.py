"""Changes of state for surveys: answering one."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from quartier.surveys.models import Answer, Question, Survey, SurveyResponse


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
