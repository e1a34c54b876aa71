"""No text in an idea or comment makes the site fail, and no markup survives."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quartier.participation.models import Comment, Idea
from tests.conftest import signed_in
from tests.participation.conftest import field_of_action

text = st.text(max_size=300) | st.sampled_from(
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "<img src=x onerror=alert(1)>"]
)
fuzz = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
pytestmark = pytest.mark.django_db


def assert_neutral(page: str) -> None:
    assert "<script>alert" not in page
    assert 'href="javascript' not in page
    assert not re.search(r"<[^>]*onerror", page)


@fuzz
@given(title=text, body=text, alt=text, latitude=text)
def test_idea_form_never_fails_and_neutralises_markup(resident, district_a, title, body, alt, latitude):
    client = signed_in(resident)
    data = {
        "title": title,
        "text": body,
        "district": district_a.pk,
        "field_of_action": field_of_action().pk,
        "image_alt": alt,
        "latitude": latitude,
    }
    response = client.post(reverse("participation:idea_create"), data)
    assert response.status_code in {200, 302}
    for idea in Idea.objects.all():
        page = client.get(idea.get_absolute_url()).content.decode()
        assert_neutral(page)
        idea.delete()


@fuzz
@given(body=text, parent=text)
def test_comment_form_never_fails(resident, district_a, body, parent):
    from tests.participation.conftest import make_idea

    idea = make_idea(district_a, resident)
    client = signed_in(resident)
    response = client.post(
        reverse("participation:comment_create", kwargs={"pk": idea.pk}), {"text": body, "parent": parent}
    )
    assert response.status_code in {302, 400, 404}
    page = client.get(idea.get_absolute_url()).content.decode()
    assert_neutral(page)
    Comment.objects.all().delete()
