from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from quartier.surveys.models import Question, Survey, SurveyResponse
from quartier.surveys.services import submit_survey
from tests import factories
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def _answer(
    survey: Survey, *, single: str = "Bank", multiple=("Bücherei",), rating: str = "4", text: str = "Mehr Licht"
):
    q = {question.position: question.pk for question in survey.questions.all()}
    return {f"q{q[1]}": single, f"q{q[2]}": list(multiple), f"q{q[3]}": rating, f"q{q[4]}": text}


def _results_url(survey: Survey) -> str:
    return reverse("surveys:results", kwargs={"pk": survey.pk})


def test_account_survey_takes_one_answer_per_person(as_user, district_a):
    survey = make_survey(district_a)
    client = as_user(factories.make_user())
    assert client.post(survey.get_absolute_url(), _answer(survey)).status_code == 302
    assert client.post(survey.get_absolute_url(), _answer(survey, single="Bus")).status_code == 409
    assert SurveyResponse.objects.count() == 1
    assert "Sie haben an dieser Umfrage teilgenommen" in client.get(survey.get_absolute_url()).content.decode()


def test_account_survey_asks_visitors_to_sign_in(client, district_a):
    survey = make_survey(district_a)
    assert "Melden Sie sich an" in client.get(survey.get_absolute_url()).content.decode()
    assert client.post(survey.get_absolute_url(), _answer(survey)).status_code == 409
    assert not SurveyResponse.objects.exists()


def test_required_question_must_be_answered(as_user, district_a):
    survey = make_survey(district_a)
    response = as_user(factories.make_user()).post(survey.get_absolute_url(), _answer(survey, single=""))
    assert response.status_code == 200
    assert not SurveyResponse.objects.exists()


def test_visitor_survey_takes_one_answer_per_browser(client, district_a):
    survey = make_survey(district_a, requires_account=False)
    assert client.post(survey.get_absolute_url(), _answer(survey)).status_code == 302
    assert client.post(survey.get_absolute_url(), _answer(survey)).status_code == 409
    assert SurveyResponse.objects.get().user is None


def test_visitor_survey_is_rate_limited_per_address(district_a):
    from django.test import Client

    from quartier.surveys.views import VISITOR_ANSWERS_PER_HOUR

    survey = make_survey(district_a, requires_account=False)
    for _ in range(VISITOR_ANSWERS_PER_HOUR + 2):
        Client().post(survey.get_absolute_url(), _answer(survey))  # a fresh browser each time
    assert SurveyResponse.objects.count() == VISITOR_ANSWERS_PER_HOUR


def test_forged_cookie_does_not_count(client, district_a):
    survey = make_survey(district_a, requires_account=False)
    client.cookies[f"umfrage-{survey.pk}"] = "1"
    assert client.post(survey.get_absolute_url(), _answer(survey)).status_code == 302


def test_closed_survey_takes_no_answers(as_user, district_a):
    survey = make_survey(district_a, closed=True)
    assert as_user(factories.make_user()).post(survey.get_absolute_url(), _answer(survey)).status_code == 409


def test_results_are_public_only_once_closed(client, as_user, staff_a, staff_b, district_a):
    survey = make_survey(district_a)
    assert client.get(_results_url(survey)).status_code == 403
    assert as_user(staff_b).get(_results_url(survey)).status_code == 403
    assert as_user(staff_a).get(_results_url(survey)).status_code == 200
    Survey.objects.filter(pk=survey.pk).update(closes_at=survey.opens_at)
    assert client.get(_results_url(survey)).status_code == 200


def test_results_show_accessible_charts_with_tables_and_hide_free_text_from_public(
    client, as_user, staff_a, district_a
):
    survey = make_survey(district_a, closed=True)
    for single in ["Bank", "Bank", "Bus"]:
        submit_survey(survey=survey, user=None, answers=_answers(survey, single))
    content = client.get(_results_url(survey)).content.decode()
    assert 'role="img"' in content
    assert "<title id=" in content
    assert "<caption>" in content
    assert "Bank: 2" in content
    assert "Bus: 1" in content
    assert "67 %" in content
    assert "Durchschnitt: 4" in content
    assert "Geheimer Wunsch" not in content
    assert "Geheimer Wunsch" in as_user(staff_a).get(_results_url(survey)).content.decode()


def _answers(survey: Survey, single: str):
    questions = {question.position: question for question in survey.questions.all()}
    return [(questions[1], [single], ""), (questions[3], ["4"], ""), (questions[4], [], "Geheimer Wunsch")]


def test_csv_export_has_all_answers_and_no_personal_data(as_user, staff_a, district_a):
    survey = make_survey(district_a)
    person = factories.make_user("findme@example.org", name="Fritz Findbar")
    submit_survey(survey=survey, user=person, answers=_answers(survey, "Bank"))
    submit_survey(survey=survey, user=None, answers=[(survey.questions.get(position=4), [], "=HYPERLINK(1)")])
    response = as_user(staff_a).get(reverse("surveys:csv", kwargs={"pk": survey.pk}))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "findme" not in body
    assert "Fritz" not in body
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0][1:] == ["Was fehlt am meisten?", "Was nutzen Sie?", "Wie wohl fühlen Sie sich?", "Was noch?"]
    assert rows[1] == ["1", "Bank", "", "4", "Geheimer Wunsch"]
    assert rows[2][4] == "'=HYPERLINK(1)"


def test_staff_builds_a_survey_for_their_district_only(as_user, staff_a, district_a, district_b):
    client = as_user(staff_a)
    data = {
        "title": "Busanbindung",
        "introduction": "",
        "district": district_b.pk,
        "opens_at": "2026-01-01T00:00",
        "closes_at": "2026-02-01T00:00",
        "requires_account": "on",
        "fragen-TOTAL_FORMS": "2",
        "fragen-INITIAL_FORMS": "0",
        "fragen-0-position": "1",
        "fragen-0-text": "Wie oft fahren Sie Bus?",
        "fragen-0-kind": "single",
        "fragen-0-choices": "täglich\nselten",
        "fragen-1-position": "0",
        "fragen-1-text": "",
        "fragen-1-kind": "single",
    }
    url = reverse("surveys:create")
    assert client.post(url, data).status_code == 200  # district B is not theirs
    assert client.post(url, {**data, "district": district_a.pk}).status_code == 302
    survey = Survey.objects.get()
    assert [q.text for q in survey.questions.all()] == ["Wie oft fahren Sie Bus?"]


def test_choice_question_needs_two_options(as_user, staff_a, district_a):
    survey = make_survey(district_a)
    data = {
        "title": survey.title,
        "district": district_a.pk,
        "opens_at": "2026-01-01T00:00",
        "closes_at": "2026-02-01T00:00",
        "fragen-TOTAL_FORMS": "1",
        "fragen-INITIAL_FORMS": "0",
        "fragen-0-position": "9",
        "fragen-0-text": "Nur eine Option?",
        "fragen-0-kind": "multiple",
        "fragen-0-choices": "ja",
    }
    response = as_user(staff_a).post(reverse("surveys:edit", kwargs={"pk": survey.pk}), data)
    assert response.status_code == 200
    assert not Question.objects.filter(text="Nur eine Option?").exists()


def test_staff_of_another_district_cannot_edit_or_export(as_user, staff_b, district_a):
    survey = make_survey(district_a)
    assert as_user(staff_b).get(reverse("surveys:edit", kwargs={"pk": survey.pk})).status_code == 403
    assert as_user(staff_b).get(reverse("surveys:csv", kwargs={"pk": survey.pk})).status_code == 403


def test_survey_list_shows_open_and_closed(client, district_a):
    make_survey(district_a)
    closed = make_survey(None, closed=True)
    content = client.get(reverse("surveys:list")).content.decode()
    assert "Laufende Umfragen" in content
    assert _results_url(closed) in content
