"""The demo town's needs survey: closed, with a few anonymous answers to show the charts.
Idempotent: the survey is found by its title."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from quartier.places.models import District
from quartier.surveys.models import Question, Survey
from quartier.surveys.services import submit_survey

SURVEY_TITLE = "Was braucht Oberfischbach?"
# (single choice, chosen options, rating, free text) per demo answer
SURVEY_ANSWERS = [
    ("Treffpunkt für Ältere", ["Bücherei", "Bus"], "4", "Eine Bank am Dorfplatz."),
    ("Treffpunkt für Ältere", ["Bus"], "3", ""),
    ("Spielplatz", ["Sporthalle"], "5", "Mehr Angebote für Kinder am Nachmittag."),
    ("Busverbindung", ["Bus", "Sporthalle"], "2", ""),
    ("Treffpunkt für Ältere", ["Bücherei"], "4", ""),
    ("Spielplatz", [], "4", "Der Spielplatz braucht Schatten."),
]


def load_survey(districts: dict[str, District]) -> None:
    """A closed needs survey in Oberfischbach with a few anonymous answers."""
    if Survey.objects.filter(title=SURVEY_TITLE).exists():
        return
    now = timezone.now()
    survey = Survey.objects.create(
        title=SURVEY_TITLE,
        introduction="Wir möchten wissen, was im Ortsteil fehlt. Die Antworten sind anonym.",
        district=districts["oberfischbach"],
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=10),
        requires_account=False,
    )
    single = Question.objects.create(
        survey=survey,
        position=1,
        text="Was fehlt im Ortsteil am meisten?",
        kind=Question.Kind.SINGLE,
        choices="Treffpunkt für Ältere\nSpielplatz\nBusverbindung",
        required=True,
    )
    multiple = Question.objects.create(
        survey=survey,
        position=2,
        text="Was nutzen Sie regelmäßig?",
        kind=Question.Kind.MULTIPLE,
        choices="Bücherei\nSporthalle\nBus",
    )
    rating = Question.objects.create(
        survey=survey,
        position=3,
        text="Wie gern wohnen Sie im Ortsteil?",
        kind=Question.Kind.RATING,
        choices="gar nicht gern\nsehr gern",
    )
    text = Question.objects.create(
        survey=survey, position=4, text="Was möchten Sie uns noch sagen?", kind=Question.Kind.TEXT
    )
    for choice, chosen, stars, remark in SURVEY_ANSWERS:
        answers = [(single, [choice], ""), (rating, [stars], "")]
        if chosen:
            answers.append((multiple, chosen, ""))
        if remark:
            answers.append((text, [], remark))
        submit_survey(survey=survey, user=None, answers=answers)
