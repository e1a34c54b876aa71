from __future__ import annotations

from unittest import mock

from django.db.utils import OperationalError
from django.test import RequestFactory

from quartier.core.views import error_403, error_500


def test_500_page_renders_in_the_layout_without_the_database(rf: RequestFactory, db):
    request = rf.get("/")
    with mock.patch("quartier.places.context_processors.Town.load", side_effect=OperationalError("down")):
        response = error_500(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert 'id="main"' in html
    assert "Ein Fehler ist aufgetreten" in html


def test_403_page_renders_in_the_layout(rf: RequestFactory, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = error_403(request)
    assert response.status_code == 403
    assert 'href="#main"' in response.content.decode()


def test_language_switch_without_javascript(client, town):
    response = client.post("/sprache/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en"' in client.get("/").content.decode()
    client.post("/sprache/", {"language": "de", "next": "/"})
    assert '<html lang="de"' in client.get("/").content.decode()


def test_layout_has_skip_link_landmarks_and_one_h1(client, town):
    html = client.get("/").content.decode()
    assert html.index('class="skip-link kern-btn kern-btn--primary" href="#main"') < html.index("<main")
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert html.count("<h1") == 1
