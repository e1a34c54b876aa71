"""An idea becomes a project: projects owns the link (participation lies below it) and plugs
the project into the idea's pages through participation's extension points."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from quartier.participation.models import Idea
from quartier.participation.services import support_idea
from quartier.projects.models import Project, ProjectIdea
from quartier.projects.services import project_of_idea, turn_idea_into_project
from tests import factories
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db


def _turn_url(idea: Idea) -> str:
    return reverse("projects:idea_to_project", kwargs={"pk": idea.pk})


def test_the_turning_keeps_its_address_below_the_ideas_cockpit(district_a, resident):
    idea = make_idea(district_a, resident)
    assert _turn_url(idea) == f"/cockpit/ideen/{idea.pk}/projekt/"


def test_turn_into_project_links_back_and_tells_supporters(
    as_user, staff_a, district_a, resident, client, django_capture_on_commit_callbacks
):
    idea = make_idea(district_a, resident)
    supporters = [factories.make_user(), factories.make_user()]
    for person in supporters:
        support_idea(idea=idea, user=person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(staff_a).post(_turn_url(idea))
    idea.refresh_from_db()
    project = Project.objects.get()
    assert project_of_idea(idea) == project
    assert idea.status == Idea.Status.ACCEPTED
    assert idea.status_changed_at is not None
    assert response["Location"] == reverse("projects:edit", kwargs={"pk": project.pk})
    assert list(project.districts.all()) == [idea.district]
    assert list(project.fields_of_action.all()) == [idea.field_of_action]
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([resident.email, *(person.email for person in supporters)])
    assert project.get_absolute_url() in mail.outbox[0].body
    assert idea.title in client.get(project.get_absolute_url()).content.decode()
    # A second click makes no second project and no second round of mail.
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(staff_a).post(_turn_url(idea))
    assert response["Location"] == project.get_absolute_url()
    assert Project.objects.count() == 1
    assert ProjectIdea.objects.count() == 1
    assert len(mail.outbox) == 3


def test_staff_of_another_district_cannot_turn_it_into_a_project(as_user, staff_b, district_a, resident):
    idea = make_idea(district_a, resident)
    response = as_user(staff_b).post(_turn_url(idea))
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_turning_is_a_post(as_user, staff_a, district_a, resident):
    idea = make_idea(district_a, resident)
    assert as_user(staff_a).get(_turn_url(idea)).status_code == 405
    assert not Project.objects.exists()


def test_the_service_refuses_staff_of_another_district_and_saves_nothing(staff_b, district_a, resident):
    idea = make_idea(district_a, resident)
    with pytest.raises(ValidationError):
        turn_idea_into_project(idea=idea, by=staff_b)
    idea.refresh_from_db()
    assert project_of_idea(idea) is None
    assert idea.status == Idea.Status.PROPOSED
    assert not Project.objects.exists()


def test_project_slug_is_made_unique_with_umlauts_transliterated(as_user, staff_a, district_a, resident):
    factories.make_project(district_a, slug="baenke-am-bach")
    idea = make_idea(district_a, resident)
    as_user(staff_a).post(_turn_url(idea))
    assert project_of_idea(idea).slug == "baenke-am-bach-2"  # type: ignore[union-attr]


def test_project_page_shows_the_ideas_it_came_from(client, district_a, resident):
    project = factories.make_project(district_a)
    ProjectIdea.objects.create(project=project, idea=make_idea(district_a, resident, title="Bücherschrank"))
    make_idea(district_a, resident, title="Andere Idee")
    content = client.get(project.get_absolute_url()).content.decode()
    assert "Aus diesen Ideen entstanden" in content
    assert "Bücherschrank" in content
    assert "Andere Idee" not in content


def test_the_idea_page_links_its_project_through_participations_extension_point(client, district_a, resident):
    project = factories.make_project(district_a, title="Offener Bücherschrank")
    idea = make_idea(district_a, resident)
    other = make_idea(district_a, resident, title="Noch keine")
    ProjectIdea.objects.create(project=project, idea=idea)
    content = client.get(idea.get_absolute_url()).content.decode()
    assert f'href="{project.get_absolute_url()}">Offener Bücherschrank</a>' in content
    assert project.get_absolute_url() not in client.get(other.get_absolute_url()).content.decode()


def test_the_ideas_cockpit_page_offers_the_turning_or_shows_the_project(as_user, staff_a, district_a, resident):
    idea = make_idea(district_a, resident)
    page = reverse("participation:idea_status", kwargs={"pk": idea.pk})
    content = as_user(staff_a).get(page).content.decode()
    assert f'action="{_turn_url(idea)}"' in content
    project = factories.make_project(district_a, title="Offener Bücherschrank")
    ProjectIdea.objects.create(project=project, idea=idea)
    content = as_user(staff_a).get(page).content.decode()
    assert _turn_url(idea) not in content
    assert "Aus dieser Idee ist ein Projekt entstanden:" in content
    assert project.get_absolute_url() in content


def test_the_ideas_cockpit_links_projects_in_constant_queries(
    as_user, staff_a, district_a, resident, django_assert_max_num_queries
):
    client = as_user(staff_a)
    url = reverse("participation:cockpit")

    def add(number: int) -> None:
        for _ in range(number):
            idea = make_idea(district_a, resident)
            ProjectIdea.objects.create(project=factories.make_project(district_a), idea=idea)

    add(1)
    cache.clear()
    with django_assert_max_num_queries(20) as few:
        content = client.get(url).content.decode()
    assert content.count(">Projekt</a>") == 1
    add(5)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(url).content.decode()
    assert content.count(">Projekt</a>") == 6
