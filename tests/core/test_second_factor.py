"""Staff rights count only after the second factor in this session (issue 8.10)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from quartier.core.permissions import SECOND_FACTOR_ATTRIBUTE, is_coordinator, is_staff_of, staff_district_ids
from tests import factories
from tests.conftest import signed_in


@pytest.mark.django_db
def test_unpublished_event_stays_hidden_from_staff_without_second_factor(staff_a, district_a) -> None:
    event = factories.make_event(district_a, title="Noch geheim", is_published=False)
    url = reverse("events:detail", args=[event.pk])

    assert signed_in(staff_a, second_factor=False).get(url).status_code == 404
    assert signed_in(staff_a).get(url).status_code == 200


@pytest.mark.django_db
def test_survey_results_before_closing_need_the_second_factor(staff_a, district_a) -> None:
    from tests.surveys.conftest import make_survey

    survey = make_survey(district_a)
    url = reverse("surveys:results", args=[survey.pk])

    assert signed_in(staff_a, second_factor=False).get(url).status_code == 403
    assert signed_in(staff_a).get(url).status_code == 200


@pytest.mark.django_db
def test_staff_pages_still_ask_for_the_second_factor(staff_a) -> None:
    response = signed_in(staff_a, second_factor=False).get(reverse("places:cockpit"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db
def test_cockpit_link_shows_before_the_second_factor(staff_a) -> None:
    response = signed_in(staff_a, second_factor=False).get(reverse("places:home"))

    assert reverse("places:cockpit") in response.content.decode()


@pytest.mark.django_db
def test_predicates_answer_as_for_a_resident_until_marked(coordinator, staff_a, district_a) -> None:
    event = factories.make_event(district_a)
    setattr(coordinator, SECOND_FACTOR_ATTRIBUTE, False)
    setattr(staff_a, SECOND_FACTOR_ATTRIBUTE, False)

    assert not is_coordinator(coordinator)
    assert not is_staff_of(staff_a, event)
    assert staff_district_ids(staff_a) == frozenset()

    setattr(staff_a, SECOND_FACTOR_ATTRIBUTE, True)
    assert is_staff_of(staff_a, event)


@pytest.mark.django_db
def test_setting_up_totp_asks_for_the_password_again(district_a) -> None:
    staff = factories.make_user("neu@example.org", name="Neu im Team")
    district_a.staff.add(staff)
    client = Client()
    client.post(reverse("account_login"), {"login": "neu@example.org", "password": factories.PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.django_db
def test_signing_in_marks_the_fresh_user_of_the_request(rf, staff_a) -> None:
    from django.contrib.auth import login
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    login(request, staff_a, backend="django.contrib.auth.backends.ModelBackend")

    assert getattr(request.user, SECOND_FACTOR_ATTRIBUTE) is False
    assert not is_staff_of(request.user, factories.make_event(next(iter(staff_a.staffed_districts.all()))))
