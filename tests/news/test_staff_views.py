"""Writing news in the cockpit: staff of a district and coordinators only, by URL guessing too;
posts for the whole town only by those who see every district."""

from __future__ import annotations

import pytest

from quartier.news.models import Post, PostChange
from quartier.places.models import FieldOfAction
from tests.conftest import signed_in
from tests.news.conftest import make_post

pytestmark = pytest.mark.django_db


def test_staff_write_a_post_through_the_form(staff_a, district_a):
    field = FieldOfAction.objects.get(slug="kultur")
    response = signed_in(staff_a).post(
        "/cockpit/aktuelles/neu/",
        {
            "title": "Dorffest in Alchen",
            "teaser": "Am Samstag feiert das Dorf.",
            "text": "Mit *Musik*",
            "districts": [district_a.pk],
            "fields_of_action": [field.pk],
            "published_at": "2026-06-01T10:00",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/aktuelles/dorffest-in-alchen/"
    assert post.author == staff_a
    assert list(post.districts.all()) == [district_a]
    assert PostChange.objects.filter(post=post, by=staff_a, fields__contains="created").exists()


def test_bad_input_gets_clear_messages_and_keeps_what_was_typed(staff_a, district_a):
    response = signed_in(staff_a).post(
        "/cockpit/aktuelles/neu/",
        {"title": "Dorffest", "teaser": "", "districts": [district_a.pk], "published_at": "morgen"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in content or "This field is required." in content
    assert 'value="Dorffest"' in content
    assert not Post.objects.exists()


def test_staff_cannot_write_for_another_district_or_the_whole_town(staff_a, district_b):
    client = signed_in(staff_a)
    assert (
        client.post("/cockpit/aktuelles/neu/", {"title": "T", "teaser": "t", "districts": [district_b.pk]}).status_code
        == 200
    )
    response = client.post("/cockpit/aktuelles/neu/", {"title": "T", "teaser": "t"})
    assert response.status_code == 200
    assert "mindestens einen Ihrer Ortsteile" in response.content.decode()
    assert not Post.objects.exists()


def test_coordinators_write_for_the_whole_town(coordinator):
    response = signed_in(coordinator).post(
        "/cockpit/aktuelles/neu/", {"title": "Stadtputz", "teaser": "Alle räumen auf"}
    )
    assert response.status_code == 302
    assert not Post.objects.get().districts.exists()


def test_another_districts_staff_cannot_open_or_post_the_edit_page_by_guessing(staff_b, district_a):
    post = make_post(district_a, title="Dorffest")
    client = signed_in(staff_b)
    url = f"/cockpit/aktuelles/{post.pk}/bearbeiten/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Gekapert", "teaser": "x", "districts": [district_a.pk]}).status_code == 403
    post.refresh_from_db()
    assert post.title == "Dorffest"
    assert "Dorffest" not in client.get("/cockpit/aktuelles/").content.decode()


def test_editing_keeps_the_districts_the_editor_does_not_work_in(staff_a, district_a, district_b):
    post = make_post(district_a, district_b, title="Gemeinsam")
    response = signed_in(staff_a).post(
        f"/cockpit/aktuelles/{post.pk}/bearbeiten/",
        {"title": "Gemeinsam neu", "slug": post.slug, "teaser": "t", "districts": [district_a.pk]},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Gemeinsam neu"
    assert set(post.districts.all()) == {district_a, district_b}
    assert "title" in PostChange.objects.get(post=post).fields


def test_the_cockpit_lists_the_districts_posts_with_their_state(staff_a, district_a):
    make_post(district_a, title="Geplant", days=2)
    make_post(district_a, title="Entwurf", published_at=None)
    content = signed_in(staff_a).get("/cockpit/aktuelles/").content.decode()
    assert "Geplant" in content
    assert "(geplant)" in content
    assert "Entwurf" in content


@pytest.mark.parametrize("title", ["Newsletter", "Feed"])
def test_a_post_titled_like_another_page_gets_an_address_of_its_own(staff_a, district_a, title):
    response = signed_in(staff_a).post(
        "/cockpit/aktuelles/neu/",
        {"title": title, "teaser": "t", "districts": [district_a.pk], "published_at": "2026-06-01T10:00"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/aktuelles/{title.lower()}-2/"


def test_a_typed_slug_another_page_answers_is_refused(staff_a, district_a):
    response = signed_in(staff_a).post(
        "/cockpit/aktuelles/neu/",
        {"title": "T", "slug": "feed", "teaser": "t", "districts": [district_a.pk], "published_at": "2026-06-01T10:00"},
    )
    assert response.status_code == 200
    assert "für andere Seiten reserviert" in response.content.decode()
    assert not Post.objects.exists()
