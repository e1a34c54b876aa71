"""Adding up a survey's results: counts for the charts, and all answers as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

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


def answers_csv(survey: Survey) -> str:
    """All answers, one row per response, without any account, address or time of day."""
    questions = list(survey.questions.all())
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([str(_("Antwort Nr.")), *(question.text for question in questions)])
    by_response: dict[int, dict[int, str]] = {}
    for answer in Answer.objects.filter(response__survey=survey).order_by("response_id"):
        by_response.setdefault(answer.response_id, {})[answer.question_id] = answer.as_text()
    for number, response_id in enumerate(survey.responses.order_by("pk").values_list("pk", flat=True), start=1):
        row = by_response.get(response_id, {})
        writer.writerow([number, *(_safe(row.get(question.pk, "")) for question in questions)])
    return output.getvalue()


def _safe(value: str) -> str:
    # Spreadsheet programs run cells that start with these as formulas.
    return "'" + value if value[:1] in {"=", "+", "-", "@", "\t", "\r"} else value
