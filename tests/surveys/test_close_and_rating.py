"""Staff end a survey with a button; a rating question's hint says what its own 1 and 5 mean."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quartier.surveys.forms import SurveyAnswerForm
from quartier.surveys.models import Question
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def test_staff_end_an_open_survey_from_the_cockpit(as_user, staff_a, district_a, client):
    survey = make_survey(district_a)
    staff = as_user(staff_a)
    assert reverse("surveys:close", args=[survey.pk]) in staff.get("/cockpit/umfragen/").content.decode()
    assert staff.post(reverse("surveys:close", args=[survey.pk])).status_code == 302
    survey.refresh_from_db()
    assert survey.is_closed()
    assert reverse("surveys:close", args=[survey.pk]) not in staff.get("/cockpit/umfragen/").content.decode()
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200


def test_staff_of_another_district_cannot_end_it_by_guessing_the_address(as_user, staff_b, district_a):
    survey = make_survey(district_a)
    assert as_user(staff_b).post(reverse("surveys:close", args=[survey.pk])).status_code == 403
    survey.refresh_from_db()
    assert survey.is_open()


def test_a_rating_hint_follows_its_question(district_a):
    survey = make_survey(district_a)
    rating = survey.questions.get(kind=Question.Kind.RATING)
    rating.choices = "gar nicht gern\nsehr gern"
    rating.save()
    form = SurveyAnswerForm(questions=list(survey.questions.all()))
    assert form.fields[f"q{rating.pk}"].help_text == "1 = gar nicht gern, 5 = sehr gern"
    rating.choices = ""
    assert rating.scale_hint() == "1 = gar nicht, 5 = sehr"
    rating.choices = "nur eine Zeile"
    with pytest.raises(ValidationError):
        rating.clean()
