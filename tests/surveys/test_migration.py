"""Surveys moved from participation into their own app: the rows already there survive."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from quartier.surveys.models import Answer, Question, Survey, SurveyResponse
from tests import factories

BEFORE: list[tuple[str, str | None]] = [("participation", "0001_initial"), ("surveys", None)]


@pytest.mark.django_db(transaction=True)
def test_surveys_keep_their_questions_and_answers_when_they_move_to_their_own_app():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(
        [("participation", "0001_initial"), ("contenttypes", "0002_remove_content_type_name")]
    ).apps
    district = factories.make_district()
    person = factories.make_user()
    now = timezone.now()
    survey = old.get_model("participation", "Survey").objects.create(
        title="Was fehlt?", district_id=district.pk, opens_at=now - timedelta(days=2), closes_at=now
    )
    question = old.get_model("participation", "Question").objects.create(
        survey=survey, position=1, text="Was am meisten?", kind="single", choices="Bank\nBus"
    )
    response = old.get_model("participation", "SurveyResponse").objects.create(survey=survey, user_id=person.pk)
    old.get_model("participation", "Answer").objects.create(response=response, question=question, values=["Bus"])
    content_types = old.get_model("contenttypes", "ContentType").objects
    content_types.filter(app_label="surveys").delete()
    old_type, _ = content_types.get_or_create(app_label="participation", model="survey")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = Survey.objects.get(pk=survey.pk)
    assert Survey._meta.db_table == "surveys_survey"
    assert (moved.title, moved.district_id) == ("Was fehlt?", district.pk)
    assert Question.objects.get(survey=moved).text == "Was am meisten?"
    answer = Answer.objects.select_related("response").get(question__survey=moved)
    assert (answer.values, answer.response.user_id) == (["Bus"], person.pk)
    # Permissions and admin history hang on the content type: it moved rather than being made anew.
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Survey).pk == old_type.pk
    # The one-answer-per-person rule came along under its new name.
    with pytest.raises(IntegrityError):
        SurveyResponse.objects.create(survey=moved, user=person)
