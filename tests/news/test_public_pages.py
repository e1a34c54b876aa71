"""The public news: the list with filters and pages, only published posts, a post's page with
JSON-LD and Open Graph, the Atom feeds, the district and project sections, and a fixed number of
queries however many posts there are."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.news.models import Post
from quartier.places.models import FieldOfAction
from tests import factories
from tests.conftest import signed_in
from tests.news.conftest import make_post

pytestmark = pytest.mark.django_db
URL = "/aktuelles/"
ATOM = "{http://www.w3.org/2005/Atom}"


def titles(client, **query) -> list[str]:
    return [post.title for post in client.get(URL, query).context["page"]]


def test_the_list_shows_published_posts_newest_first_and_filters(client, district_a, district_b):
    make_post(district_a, title="Alt", days=-5)
    make_post(district_b, title="Neu", days=-1)
    make_post(title="Stadt", days=-3)
    sport = make_post(district_b, title="Sport", days=-4)
    sport.fields_of_action.set([FieldOfAction.objects.get(slug="sport")])
    make_post(district_a, title="Geplant", days=2)
    make_post(district_a, title="Entwurf", published_at=None)

    assert titles(client) == ["Neu", "Stadt", "Sport", "Alt"]
    # A district's list has the town's posts too.
    assert titles(client, district=district_a.slug) == ["Stadt", "Alt"]
    assert titles(client, field="sport") == ["Sport"]
    assert titles(client, district="nirgendwo") == ["Neu", "Stadt", "Sport", "Alt"]


def test_the_list_pages(client, district_a):
    for number in range(25):
        make_post(district_a, days=-number - 1)
    assert len(client.get(URL).context["page"]) == 20
    assert len(client.get(URL, {"page": 2}).context["page"]) == 5


def test_a_post_page_has_news_article_json_ld_and_open_graph(client, district_a):
    post = make_post(district_a, title="Kulturwoche <beginnt>", teaser="Musik & mehr", text="Mit **Musik**")
    content = client.get(post.get_absolute_url()).content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert found
    data = json.loads(found.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Kulturwoche <beginnt>"
    assert data["url"].endswith(post.get_absolute_url())
    assert '<meta property="og:title" content="Kulturwoche &lt;beginnt&gt;">' in content
    assert '<meta property="og:description" content="Musik &amp; mehr">' in content
    assert "<strong>Musik</strong>" in content
    assert 'rel="alternate" type="application/atom+xml"' in content


def test_drafts_and_scheduled_posts_are_not_found_but_their_staff_look_them_over(client, staff_a, staff_b, district_a):
    draft = make_post(district_a, published_at=None)
    scheduled = make_post(district_a, days=3)
    for post in (draft, scheduled):
        assert client.get(post.get_absolute_url()).status_code == 404
        assert signed_in(staff_b).get(post.get_absolute_url()).status_code == 404
        assert signed_in(staff_a).get(post.get_absolute_url()).status_code == 200


def test_a_scheduled_post_appears_by_itself_at_its_time(client, district_a):
    post = make_post(district_a, title="Bald", published_at=timezone.now() + timedelta(hours=1))
    assert titles(client) == []
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert titles(client) == ["Bald"]


def _entries(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response, not untrusted input
    return [entry.findtext(f"{ATOM}title") or "" for entry in root.findall(f"{ATOM}entry")]


def test_atom_feeds_for_all_a_district_and_a_field_of_action(client, district_a, district_b):
    make_post(district_a, title="A", days=-3)
    make_post(district_b, title="B", days=-2)
    town = make_post(title="Stadt", days=-1)
    town.fields_of_action.set([FieldOfAction.objects.get(slug="kultur")])
    make_post(district_a, title="Geplant", days=1)
    assert _entries(client, "/aktuelles/feed/") == ["Stadt", "B", "A"]
    assert _entries(client, f"/aktuelles/feed/ortsteil/{district_a.slug}/") == ["Stadt", "A"]
    assert _entries(client, "/aktuelles/feed/handlungsfeld/kultur/") == ["Stadt"]
    assert client.get("/aktuelles/feed/ortsteil/nirgendwo/").status_code == 404
    content = client.get(URL, {"district": district_a.slug}).content.decode()
    assert f'href="/aktuelles/feed/ortsteil/{district_a.slug}/"' in content


def test_district_and_project_pages_show_their_latest_posts(client, district_a, district_b):
    project = factories.make_project(district_a, title="Spielekiste")
    make_post(district_a, title="Im Ortsteil", project=project)
    make_post(district_b, title="Woanders")
    content = client.get(district_a.get_absolute_url()).content.decode()
    assert "Im Ortsteil" in content
    assert "Woanders" not in content
    assert "Im Ortsteil" in client.get(project.get_absolute_url()).content.decode()


def test_the_home_page_shows_the_latest_published_posts(client, district_a, district_b):
    make_post(district_a, title="Älter", days=-3)
    for number in range(3):
        make_post(district_b, title=f"Neu {number}", days=-1 + number / 10)
    make_post(district_a, title="Geplant", days=2)
    make_post(district_a, title="Entwurf", published_at=None)
    content = client.get("/").content.decode()
    assert [title for title in ("Neu 2", "Neu 1", "Neu 0") if title in content] == ["Neu 2", "Neu 1", "Neu 0"]
    assert content.index("Neu 2") < content.index("Neu 0")
    for hidden in ("Älter", "Geplant", "Entwurf"):
        assert hidden not in content
    assert 'href="/aktuelles/"' in content


def _bulk_posts(count: int, *districts) -> list[Post]:
    start = Post.objects.count()
    posts = Post.objects.bulk_create(
        Post(title=f"Meldung {n}", slug=f"m-{n}", teaser="t", published_at=timezone.now())
        for n in range(start, start + count)
    )
    Through = Post.districts.through
    Through.objects.bulk_create(
        Through(post=post, district=districts[n % len(districts)]) for n, post in enumerate(posts)
    )
    return posts


def test_the_home_page_takes_the_same_number_of_queries_with_20000_posts(
    client, district_a, district_b, django_assert_max_num_queries
):
    _bulk_posts(3, district_a, district_b)
    client.get("/")  # warm the per-process caches (navigation)
    cache.clear()  # the page rendered, not its cached fragments
    with CaptureQueriesContext(connection) as few:
        assert client.get("/").status_code == 200
    _bulk_posts(20000, district_a, district_b)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/")
    assert "Meldung 20002" in response.content.decode()


def test_list_and_post_page_take_a_fixed_number_of_queries(
    client, district_a, district_b, django_assert_max_num_queries
):
    now_posts = Post.objects.bulk_create(
        Post(title=f"Meldung {n}", slug=f"m-{n}", teaser="t", published_at=timezone.now()) for n in range(20000)
    )
    Through = Post.districts.through
    Through.objects.bulk_create(
        Through(post=post, district=district_a if n % 2 else district_b) for n, post in enumerate(now_posts)
    )
    post = now_posts[0]
    post.fields_of_action.set(FieldOfAction.objects.all()[:3])
    client.get(URL)  # warm the per-process caches (navigation, filter choices)
    cache.clear()
    with django_assert_max_num_queries(10):
        assert client.get(URL, {"page": 3, "district": district_a.slug}).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(10):
        assert client.get(post.get_absolute_url()).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(12):
        assert client.get("/aktuelles/feed/").status_code == 200
