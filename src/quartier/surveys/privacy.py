"""What the surveys app holds about a person: the answers they gave with their account, the
surveys they built as staff."""

from __future__ import annotations

from typing import Any


def export_survey_answers(user: Any) -> list[dict[str, Any]]:
    from quartier.surveys.models import SurveyResponse

    responses = SurveyResponse.objects.filter(user=user).select_related("survey").prefetch_related("answers__question")
    return [
        {
            "survey": response.survey.title,
            "created_at": response.created_at.isoformat(),
            "answers": [
                {"question": answer.question.text, "answer": answer.as_text()} for answer in response.answers.all()
            ],
        }
        for response in responses.order_by("pk")
    ]


def erase_survey_answers(user: Any) -> None:
    """The answers stay in the anonymous results, no longer tied to the account."""
    from quartier.surveys.models import SurveyResponse

    SurveyResponse.objects.filter(user=user).update(user=None)


def export_surveys_created(user: Any) -> list[dict[str, Any]]:
    from quartier.surveys.models import Survey

    return [
        {"title": survey.title, "created_at": survey.created_at.isoformat()}
        for survey in Survey.objects.filter(created_by=user)
    ]


def erase_surveys_created(user: Any) -> None:
    """The survey stays; it no longer names who built it."""
    from quartier.surveys.models import Survey

    Survey.objects.filter(created_by=user).update(created_by=None)
