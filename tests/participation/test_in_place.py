"""With htmx the ideas list filters in place and support and follow switch in place;
without it the same forms load whole pages."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.participation.models import Follow, Support
from tests import factories
from tests.participation.conftest import make_idea

pytestmark = pytest.mark.django_db
URL = "/mitmachen/ideen/"
HTMX = {"HX-Request": "true"}


def test_htmx_filter_gets_only_the_results(client, district_a, district_b, resident):
    make_idea(district_a, resident, title="Bücherschrank")
    make_idea(district_b, resident, title="Spielplatz")
    response = client.get(URL, {"district": "buehl"}, headers=HTMX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="idea-results"')
    assert "Spielplatz" in content
    assert "Bücherschrank" not in content
    assert "<html" not in content
    assert "<form" not in content  # the filter form stays as the visitor left it
    assert "HX-Request" in response["Vary"]


def test_without_htmx_the_filter_loads_the_whole_page(client, district_a, resident):
    make_idea(district_a, resident, title="Bücherschrank")
    content = client.get(URL, {"district": "alchen"}).content.decode()
    assert "<html" in content
    assert 'id="idea-results"' in content
    assert 'data-hx-get="/mitmachen/ideen/"' in content
    assert 'data-hx-push-url="true"' in content
    assert "Bücherschrank" in content


def test_going_back_in_history_gets_the_whole_page(client, district_a, resident):
    make_idea(district_a, resident)
    content = client.get(URL, headers={**HTMX, "HX-History-Restore-Request": "true"}).content.decode()
    assert "<html" in content


def test_the_results_take_no_more_queries_than_the_page(client, district_a, resident):
    for number in range(5):
        make_idea(district_a, resident, title=f"Idee {number}")
    client.get(URL)  # warm the per-process caches
    with CaptureQueriesContext(connection) as page:
        client.get(URL, {"sort": "supported"})
    for number in range(20):
        make_idea(district_a, factories.make_user(), title=f"Weitere {number}")
    with CaptureQueriesContext(connection) as fragment:
        client.get(URL, {"sort": "supported"}, headers=HTMX)
    assert len(fragment) <= len(page)


def test_htmx_support_returns_the_side_box_in_its_new_state(as_user, idea):
    person = factories.make_user()
    client = as_user(person)
    url = reverse("participation:idea_support", kwargs={"pk": idea.pk})

    response = client.post(url, headers=HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<aside aria-labelledby="facts-heading" class="stack" id="idea-aside">')
    assert "Unterstützung zurücknehmen" in content
    assert "1 Person" in content
    assert "Danke für Ihre Unterstützung!" in content  # the message shows in the box, not on a later page
    assert 'id="support-button"' in content  # focus stays on the button htmx swapped
    assert Support.objects.filter(idea=idea, user=person).exists()
    assert "Danke für Ihre Unterstützung!" not in client.get(idea.get_absolute_url()).content.decode()

    content = client.post(url, {"action": "withdraw"}, headers=HTMX).content.decode()
    assert "Idee unterstützen" in content
    assert "0 Personen" in content
    assert not Support.objects.exists()


def test_support_without_htmx_still_redirects_to_the_idea(as_user, idea):
    client = as_user(factories.make_user())
    response = client.post(reverse("participation:idea_support", kwargs={"pk": idea.pk}))
    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()


def test_htmx_follow_switches_in_place(as_user, idea):
    supporter = factories.make_user()
    client = as_user(supporter)
    client.post(reverse("participation:idea_support", kwargs={"pk": idea.pk}))
    url = reverse("participation:idea_follow", kwargs={"pk": idea.pk})
    content = client.post(url, {"action": "unfollow"}, headers=HTMX).content.decode()
    assert "Idee folgen" in content
    assert 'id="follow-button"' in content
    assert not Follow.objects.filter(idea=idea, user=supporter).exists()
    content = client.post(url, headers=HTMX).content.decode()
    assert "Nicht mehr folgen" in content
    assert Follow.objects.filter(idea=idea, user=supporter).exists()


def test_htmx_support_without_verified_email_shows_the_notice_in_place(as_user, idea):
    person = factories.make_user()
    EmailAddress.objects.filter(user=person).update(verified=False)
    response = as_user(person).post(reverse("participation:idea_support", kwargs={"pk": idea.pk}), headers=HTMX)
    assert response.status_code == 200  # htmx swaps no error responses
    assert response["HX-Retarget"] == "#main"
    assert response["HX-Reselect"] == "#main"
    assert not Support.objects.exists()


def test_idea_page_has_the_toggles_for_htmx_and_for_plain_forms(as_user, idea):
    content = as_user(factories.make_user()).get(idea.get_absolute_url()).content.decode()
    support = reverse("participation:idea_support", kwargs={"pk": idea.pk})
    assert f'action="{support}" data-hx-post="{support}" data-hx-target="#idea-aside"' in content
