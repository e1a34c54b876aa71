"""Partners propose posts for their organisation; staff of the organisation's districts publish
them from the cockpit's queue; nobody else proposes or publishes (URL guessing included)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.network.models import Partnership
from quartier.news.models import Post, PostChange
from quartier.news.services import (
    decline_post_proposal,
    propose_post_for_organisation,
    publish_post_proposal,
    update_post,
)
from quartier.places.models import StaffNotice
from tests import factories
from tests.conftest import signed_in
from tests.network.conftest import make_organisation
from tests.news.conftest import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(district_a):
    return make_organisation(district_a, name="Familienzentrum", slug="familienzentrum")


@pytest.fixture
def other_organisation(district_b):
    return make_organisation(district_b, name="Turnverein", slug="turnverein")


def make_partner(organisation, *, accepted: bool = True):
    user = factories.make_user(name="Paula Partner")
    Partnership.objects.create(
        organisation=organisation, email=user.email, user=user, accepted_at=timezone.now() if accepted else None
    )
    return user


@pytest.fixture
def partner(organisation):
    return make_partner(organisation)


def url(organisation) -> str:
    return f"/aktuelles/organisation/{organisation.slug}/vorschlagen/"


def data(*districts, **fields):
    return {
        "title": "Sommerfest im Familienzentrum",
        "teaser": "Alle sind eingeladen",
        "districts": [d.pk for d in districts],
        **fields,
    }


def propose(organisation, by, *districts) -> Post:
    post = Post(title="Vorschlag", teaser="Kurz", slug=f"vorschlag-{Post.objects.count()}")
    return propose_post_for_organisation(post=post, organisation=organisation, districts=districts, by=by)


def test_a_partner_proposes_a_post_that_waits_for_staff(client, organisation, partner, district_a):
    client = signed_in(partner)
    assert "Meldung vorschlagen" in client.get(url(organisation)).content.decode()
    response = client.post(url(organisation), data(district_a, published_at="2020-01-01T10:00"))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.organisation == organisation
    assert post.author == partner
    assert post.published_at is None  # a partner never publishes, whatever they send
    assert post.proposed_at is not None
    assert post.slug == "sommerfest-im-familienzentrum"
    assert list(post.districts.all()) == [district_a]
    assert PostChange.objects.get(post=post).fields == "proposed"
    notice = StaffNotice.objects.get(kind="post_proposal")
    assert notice.district == district_a
    assert "wartet auf Veröffentlichung" in client.get(url(organisation)).content.decode()
    assert "Sommerfest" not in client.get("/aktuelles/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_partner_chooses_only_the_organisations_districts(organisation, partner, district_b):
    client = signed_in(partner)
    response = client.post(url(organisation), data(district_b))
    assert response.status_code == 400
    assert "gültige Auswahl" in response.content.decode() or "Ortsteil" in response.content.decode()
    response = client.post(url(organisation), data())
    assert response.status_code == 400
    assert "Bitte wählen Sie mindestens einen Ortsteil Ihrer Organisation." in response.content.decode()
    assert not Post.objects.exists()
    with pytest.raises(ValidationError):
        propose(organisation, partner, district_b)
    assert not Post.objects.exists()


def test_a_partner_of_another_organisation_a_resident_and_an_invited_person_cannot_propose(
    client, organisation, other_organisation, district_a, resident, staff_a
):
    other_partner = make_partner(other_organisation)
    invited = make_partner(organisation, accepted=False)
    for person in (other_partner, resident, invited, staff_a):
        browser = signed_in(person)
        assert browser.get(url(organisation)).status_code == 403
        assert browser.post(url(organisation), data(district_a)).status_code == 403
        with pytest.raises(PermissionDenied):
            propose(organisation, person, district_a)
    assert client.get(url(organisation)).status_code == 302  # to the login
    assert client.post(url(organisation), data(district_a)).status_code == 302
    assert not Post.objects.exists()


def test_staff_of_the_district_publish_from_their_queue(organisation, partner, district_a, staff_a):
    post = propose(organisation, partner, district_a)
    client = signed_in(staff_a)
    queue = client.get("/cockpit/aktuelles/").content.decode()
    assert "Vorschläge von Partnern" in queue
    assert f"/cockpit/aktuelles/{post.pk}/veroeffentlichen/" in queue
    assert "Familienzentrum" in queue
    assert client.get(post.get_absolute_url()).status_code == 200  # to look it over first
    response = client.post(f"/cockpit/aktuelles/{post.pk}/veroeffentlichen/")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_published
    assert post.proposed_at is None
    assert PostChange.objects.filter(post=post, by=staff_a, fields="published_at").exists()
    page = signed_in(partner).get(post.get_absolute_url()).content.decode()
    assert 'href="/netzwerk/familienzentrum/"' in page
    assert "Vorschläge von Partnern" not in client.get("/cockpit/aktuelles/").content.decode()


def test_staff_of_another_district_the_partner_and_a_resident_cannot_publish(
    organisation, partner, district_a, staff_b, resident
):
    post = propose(organisation, partner, district_a)
    assert "Vorschlag" not in signed_in(staff_b).get("/cockpit/aktuelles/").content.decode()
    assert signed_in(staff_b).post(f"/cockpit/aktuelles/{post.pk}/veroeffentlichen/").status_code == 403
    for person in (partner, resident):
        response = signed_in(person).post(f"/cockpit/aktuelles/{post.pk}/veroeffentlichen/")
        assert response.status_code in (302, 403)
    # Fresh objects: signing in through the test client marks the objects it got (second factor).
    for person in (staff_b, partner, resident):
        with pytest.raises(PermissionDenied):
            publish_post_proposal(post=post, by=type(person).objects.get(pk=person.pk))
    post.refresh_from_db()
    assert post.published_at is None
    assert post.proposed_at is not None


def test_only_a_waiting_proposal_is_published_from_the_queue(district_a, staff_a):
    draft = make_post(district_a, published_at=None)
    with pytest.raises(ValidationError):
        publish_post_proposal(post=draft, by=staff_a)
    draft.refresh_from_db()
    assert draft.published_at is None


def test_staff_who_set_a_time_when_editing_take_the_proposal_out_of_the_queue(
    organisation, partner, district_a, staff_a
):
    post = propose(organisation, partner, district_a)
    post.published_at = timezone.now()
    update_post(post=post, districts=[district_a], by=staff_a)
    post.refresh_from_db()
    assert post.proposed_at is None
    assert not Post.objects.proposals().exists()


def test_the_profile_links_partners_to_the_form(organisation, partner, resident):
    assert url(organisation) in signed_in(partner).get("/konto/profil/").content.decode()
    assert "/aktuelles/organisation/" not in signed_in(resident).get("/konto/profil/").content.decode()


def test_the_queue_takes_a_fixed_number_of_queries(
    organisation, partner, district_a, staff_a, django_assert_max_num_queries
):
    client = signed_in(staff_a)
    for _ in range(2):
        propose(organisation, partner, district_a)
    client.get("/cockpit/aktuelles/")
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get("/cockpit/aktuelles/").status_code == 200
    for number in range(30):
        other = make_organisation(district_a, name=f"Verein {number}", slug=f"verein-x{number}")
        propose(other, make_partner(other), district_a)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/cockpit/aktuelles/")
    assert response.content.decode().count("/veroeffentlichen/") == 32


def test_the_organisation_page_shows_its_published_posts_only(
    client, organisation, other_organisation, partner, district_a, staff_a, django_assert_max_num_queries
):
    make_post(district_a, title="Vom Familienzentrum", organisation=organisation)
    make_post(district_a, title="Vom Turnverein", organisation=other_organisation)
    propose(organisation, partner, district_a)  # waiting: not shown
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "Vom Familienzentrum" in page
    assert "Vom Turnverein" not in page
    assert "Vorschlag" not in page
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(organisation.get_absolute_url())
    for number in range(40):
        make_post(district_a, title=f"Mehr {number}", organisation=organisation)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Mehr 39" in client.get(organisation.get_absolute_url()).content.decode()


def test_staff_decline_a_proposal_which_stays_unpublished_and_the_partner_sees_it(
    organisation, partner, district_a, staff_a, staff_b
):
    post = propose(organisation, partner, district_a)
    assert signed_in(staff_b).post(f"/cockpit/aktuelles/{post.pk}/ablehnen/").status_code == 403
    with pytest.raises(PermissionDenied):
        decline_post_proposal(post=post, by=partner)
    post.refresh_from_db()
    assert post.proposed_at is not None
    client = signed_in(staff_a)
    assert f"/cockpit/aktuelles/{post.pk}/ablehnen/" in client.get("/cockpit/aktuelles/").content.decode()
    assert client.post(f"/cockpit/aktuelles/{post.pk}/ablehnen/").status_code == 302
    post.refresh_from_db()
    assert post.proposed_at is None
    assert post.published_at is None
    assert PostChange.objects.filter(post=post, by=staff_a, fields="declined").exists()
    assert not Post.objects.proposals().exists()
    # Declined: no longer waiting, so not published from the queue either.
    response = client.post(f"/cockpit/aktuelles/{post.pk}/veroeffentlichen/", follow=True)
    assert "Diese Meldung wartet nicht auf eine Veröffentlichung." in response.content.decode()
    post.refresh_from_db()
    assert post.published_at is None
    assert "nicht veröffentlicht" in signed_in(partner).get(url(organisation)).content.decode()


def test_the_partner_sees_only_what_partners_proposed_not_staff_drafts(organisation, partner, district_a):
    make_post(district_a, title="Entwurf des Teams", organisation=organisation, published_at=None)
    propose(organisation, partner, district_a)
    page = signed_in(partner).get(url(organisation)).content.decode()
    assert "Vorschlag" in page
    assert "Entwurf des Teams" not in page
