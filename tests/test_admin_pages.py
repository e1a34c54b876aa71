"""The admin pages whose saving goes through the services open for an administrator."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from quartier.participation.services import post_comment
from tests import factories
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db


def test_admin_pages_of_events_projects_ideas_and_registrations_open(as_user: Any, district_a: Any) -> None:
    from quartier.events.services import register_for_event

    administrator = factories.make_user(is_superuser=True, is_staff=True, totp=True)
    event = factories.make_event(district_a, registration_required=True, capacity=3)
    registration = register_for_event(event_date=event.dates.get(), name="A", email="a@example.org")
    project = factories.make_project(district_a)
    idea = make_idea(district_a, factories.make_user())
    comment = post_comment(idea=idea, author=factories.make_user(), text="Gut")
    client = as_user(administrator)
    urls = [
        reverse("admin:events_event_add"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_registration_change", args=[registration.pk]),
        reverse("admin:projects_project_add"),
        reverse("admin:projects_project_change", args=[project.pk]),
        reverse("admin:participation_idea_change", args=[idea.pk]),
        reverse("admin:participation_comment_change", args=[comment.pk]),
        reverse("admin:volunteering_requirement_add"),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
