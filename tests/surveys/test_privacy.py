from __future__ import annotations

import pytest

from quartier.core.privacy import collect_personal_data
from quartier.surveys.services import submit_survey
from tests import factories
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def test_data_export_lists_the_persons_own_survey_answers_only(district_a):
    survey = make_survey(district_a)
    single, _multiple, rating, _text = survey.questions.all()
    person, other = factories.make_user(), factories.make_user()
    submit_survey(survey=survey, user=person, answers=[(single, ["Bus"], ""), (rating, ["4"], "")])
    submit_survey(survey=survey, user=other, answers=[(single, ["Bank"], "")])

    exported = collect_personal_data(person)["surveys"]

    assert [entry["survey"] for entry in exported] == [survey.title]
    assert exported[0]["answers"] == [
        {"question": single.text, "answer": "Bus"},
        {"question": rating.text, "answer": "4"},
    ]
