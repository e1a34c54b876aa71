"""Adding up a survey's results: counts for the charts, and all answers as CSV."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from quartier.surveys.models import Answer, Question, Survey

RATINGS = ["1", "2", "3", "4", "5"]


@dataclass
class Bar:
    label: str
    count: int
    percent: int
    width: int
    y: int


@dataclass
class QuestionResult:
    question: Question
    answered: int
    bars: list[Bar] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    average: float | None = None

    @property
    def chart_height(self) -> int:
        return len(self.bars) * 36 + 8


CHART_WIDTH = 400


def survey_results(survey: Survey) -> tuple[int, list[QuestionResult]]:
    """Counts per option for every choice and rating question, the texts of free-text ones."""
    questions = list(survey.questions.all())
    responses = survey.responses.count()
    counters: dict[int, Counter[str]] = {question.pk: Counter() for question in questions}
    answered: Counter[int] = Counter()
    texts: dict[int, list[str]] = {question.pk: [] for question in questions}
    for question_id, values, text in Answer.objects.filter(response__survey=survey).values_list(
        "question_id", "values", "text"
    ):
        answered[question_id] += 1
        counters[question_id].update(values)
        if text:
            texts[question_id].append(text)
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered[question.pk], texts=texts[question.pk])
        if question.has_choices():
            options = RATINGS if question.kind == Question.Kind.RATING else question.choice_list()
            counts = counters[question.pk]
            most = max([counts[option] for option in options] + [1])
            for index, option in enumerate(options):
                count = counts[option]
                result.bars.append(
                    Bar(
                        label=option,
                        count=count,
                        percent=round(100 * count / result.answered) if result.answered else 0,
                        width=round(CHART_WIDTH * count / most),
                        y=index * 36 + 4,
                    )
                )
            if question.kind == Question.Kind.RATING and result.answered:
                total = sum(int(option) * counts[option] for option in RATINGS)
                result.average = round(total / result.answered, 1)
        results.append(result)
    return responses, results


def answer_table(survey: Survey) -> tuple[list[Any], Iterator[list[Any]]]:
    """All answers as a header and one row per response, without any account, address or time of day."""
    questions = list(survey.questions.all())
    by_response: dict[int, dict[int, str]] = {}
    for answer in Answer.objects.filter(response__survey=survey).order_by("response_id"):
        by_response.setdefault(answer.response_id, {})[answer.question_id] = answer.as_text()
    response_ids = survey.responses.order_by("pk").values_list("pk", flat=True)
    rows = (
        [number, *(by_response.get(response_id, {}).get(question.pk, "") for question in questions)]
        for number, response_id in enumerate(response_ids, start=1)
    )
    return [_("Antwort Nr."), *(question.text for question in questions)], rows
