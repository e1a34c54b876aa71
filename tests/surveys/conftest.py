from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from quartier.places.models import District
from quartier.surveys.models import Question, Survey


def make_survey(district: District | None, *, closed: bool = False, requires_account: bool = True) -> Survey:
    """An open survey (or one closed yesterday) with one question of each kind."""
    now = timezone.now()
    survey = Survey.objects.create(
        title="Was fehlt im Ortsteil?",
        district=district,
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1) if closed else now + timedelta(days=10),
        requires_account=requires_account,
    )
    Question.objects.create(
        survey=survey,
        position=1,
        text="Was fehlt am meisten?",
        kind="single",
        choices="Bank\nSpielplatz\nBus",
        required=True,
    )
    Question.objects.create(
        survey=survey, position=2, text="Was nutzen Sie?", kind="multiple", choices="Bücherei\nSporthalle"
    )
    Question.objects.create(survey=survey, position=3, text="Wie wohl fühlen Sie sich?", kind="rating")
    Question.objects.create(survey=survey, position=4, text="Was noch?", kind="text")
    return survey
