from __future__ import annotations

import pytest
from django.urls import reverse

from quartier.participation.models import Idea
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run e-mail tasks at once (after commit), so tests can read mail.outbox."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _status_url(idea: Idea) -> str:
    return reverse("participation:idea_status", kwargs={"pk": idea.pk})


def test_cockpit_lists_only_ideas_of_my_districts(as_user, staff_a, district_a, district_b, resident):
    make_idea(district_a, resident, title="Hier in Alchen")
    make_idea(district_b, resident, title="Drüben in Bühl")
    content = as_user(staff_a).get(reverse("participation:cockpit")).content.decode()
    assert "Hier in Alchen" in content
    assert "Drüben in Bühl" not in content


def test_cockpit_filters_ideas_by_status_with_a_form_field(as_user, staff_a, district_a, resident):
    make_idea(district_a, resident, title="Noch offen")
    reviewed = make_idea(district_a, resident, title="Schon geprüft")
    Idea.objects.filter(pk=reviewed.pk).update(status=Idea.Status.UNDER_REVIEW)
    response = as_user(staff_a).get(reverse("participation:cockpit"), {"status": Idea.Status.UNDER_REVIEW})
    content = response.content.decode()
    assert "Schon geprüft" in content
    assert "Noch offen" not in content
    assert '<select name="status" class="kern-form-input__select" id="id_status">' in content
    assert f'<option value="{Idea.Status.UNDER_REVIEW}" selected>' in content


def test_coordinator_sees_every_district(as_user, coordinator, district_a, district_b, resident):
    make_idea(district_a, resident, title="Hier in Alchen")
    make_idea(district_b, resident, title="Drüben in Bühl")
    content = as_user(coordinator).get(reverse("participation:cockpit")).content.decode()
    assert "Hier in Alchen" in content
    assert "Drüben in Bühl" in content


def test_staff_sets_status_with_public_explanation(as_user, staff_a, idea, client):
    data = {"status": Idea.Status.UNDER_REVIEW, "status_explanation": "Wir sprechen mit dem Bauhof."}
    assert as_user(staff_a).post(_status_url(idea), data).status_code == 302
    content = client.get(idea.get_absolute_url()).content.decode()
    assert "wird geprüft" in content
    assert "Wir sprechen mit dem Bauhof." in content


def test_declining_needs_a_reason(as_user, staff_a, idea):
    response = as_user(staff_a).post(_status_url(idea), {"status": Idea.Status.DECLINED, "status_explanation": " "})
    assert response.status_code == 200
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PROPOSED


def test_staff_of_another_district_cannot_set_status(as_user, staff_b, idea):
    response = as_user(staff_b).post(_status_url(idea), {"status": Idea.Status.ACCEPTED, "status_explanation": ""})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PROPOSED


def test_resident_cannot_set_status(as_user, resident, idea):
    response = as_user(resident).post(_status_url(idea), {"status": Idea.Status.ACCEPTED})
    assert response.status_code == 403
