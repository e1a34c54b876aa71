"""What the surveys app holds about a person: the answers they gave with their account."""

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
