from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from quartier.participation.models import Idea
from quartier.participation.services import support_idea
from quartier.projects.models import Project
from tests import factories
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


def test_turn_into_project_links_back_and_tells_supporters(
    as_user, staff_a, idea, resident, client, django_capture_on_commit_callbacks
):
    supporters = [factories.make_user(), factories.make_user()]
    for person in supporters:
        support_idea(idea=idea, user=person)
    mail.outbox.clear()
    url = reverse("participation:idea_to_project", kwargs={"pk": idea.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(staff_a).post(url)
    idea.refresh_from_db()
    project = Project.objects.get()
    assert idea.project == project
    assert idea.status == Idea.Status.ACCEPTED
    assert response["Location"] == reverse("projects:edit", kwargs={"pk": project.pk})
    assert list(project.districts.all()) == [idea.district]
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([resident.email, *(person.email for person in supporters)])
    assert project.get_absolute_url() in mail.outbox[0].body
    assert idea.title in client.get(project.get_absolute_url()).content.decode()
    # A second click makes no second project and no second round of mail.
    with django_capture_on_commit_callbacks(execute=True):
        as_user(staff_a).post(url)
    assert Project.objects.count() == 1
    assert len(mail.outbox) == 3


def test_staff_of_another_district_cannot_turn_it_into_a_project(as_user, staff_b, idea):
    response = as_user(staff_b).post(reverse("participation:idea_to_project", kwargs={"pk": idea.pk}))
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_project_slug_is_made_unique_with_umlauts_transliterated(as_user, staff_a, district_a, resident):
    factories.make_project(district_a, slug="baenke-am-bach")
    idea = make_idea(district_a, resident)
    as_user(staff_a).post(reverse("participation:idea_to_project", kwargs={"pk": idea.pk}))
    idea.refresh_from_db()
    assert idea.project.slug == "baenke-am-bach-2"  # type: ignore[union-attr]
