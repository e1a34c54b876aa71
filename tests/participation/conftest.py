from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from quartier.participation.models import Idea, Question, Survey
from quartier.places.models import District
from quartier.projects.models import FieldOfAction


def field_of_action(slug: str = "nachbarschaft") -> FieldOfAction:
    """A seeded field of action; transactional tests flush the seed, so it is made again then."""
    field, _ = FieldOfAction.objects.get_or_create(slug=slug, defaults={"name": slug.capitalize()})
    return field


def make_idea(district: District, author: Any, **fields: Any) -> Idea:
    defaults: dict[str, Any] = {
        "title": "Bänke am Bach",
        "text": "Zwei Bänke zum Ausruhen.",
        "field_of_action": field_of_action(),
    }
    return Idea.objects.create(district=district, author=author, **{**defaults, **fields})


@pytest.fixture
def idea(district_a, resident) -> Idea:  # type: ignore[no-untyped-def]
    return make_idea(district_a, resident)


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
