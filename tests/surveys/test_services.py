"""Building a survey through the service: who may ask which district."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.places.models import District
from quartier.surveys.models import Question, Survey
from quartier.surveys.services import save_survey
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


class _Questions:
    """Stands in for the validated question formset: adds one free-text question."""

    instance: Any = None

    def save(self) -> None:
        Question.objects.create(survey=self.instance, text="Was fehlt?", kind=Question.Kind.TEXT)


def _new(district: District | None) -> Survey:
    now = timezone.now()
    return Survey(title="Bedarf", district=district, opens_at=now, closes_at=now + timedelta(days=7))


def test_staff_build_a_survey_for_their_district(staff_a, district_a):
    survey = save_survey(survey=_new(district_a), questions=_Questions(), by=staff_a)
    assert survey.created_by == staff_a
    assert [q.text for q in survey.questions.all()] == ["Was fehlt?"]


def test_staff_cannot_ask_another_district(staff_b, district_a):
    with pytest.raises(ValidationError) as error:
        save_survey(survey=_new(district_a), questions=_Questions(), by=staff_b)
    assert "district" in error.value.message_dict
    assert not Survey.objects.exists()


def test_a_survey_for_the_whole_town_is_a_coordinators(staff_a, coordinator):
    with pytest.raises(ValidationError):
        save_survey(survey=_new(None), questions=_Questions(), by=staff_a)
    assert save_survey(survey=_new(None), questions=_Questions(), by=coordinator).district is None


def test_staff_cannot_take_over_another_districts_survey(staff_b, district_a, district_b):
    survey = make_survey(district_a)
    survey.district = district_b
    with pytest.raises(PermissionDenied):
        save_survey(survey=survey, questions=_Questions(), by=staff_b)
    survey.refresh_from_db()
    assert survey.district == district_a
