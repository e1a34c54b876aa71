"""The directory in the cockpit: staff of a district and coordinators only, by URL guessing too,
and the "who does what" matrix with its gaps."""

from __future__ import annotations

import pytest

from quartier.network.models import Organisation, OrganisationChange
from quartier.places.models import FieldOfAction
from tests.conftest import signed_in
from tests.network.conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_staff_enter_an_organisation_through_the_form(staff_a, district_a):
    field = FieldOfAction.objects.get(slug="sport")
    response = signed_in(staff_a).post(
        "/cockpit/netzwerk/neu/",
        {"name": "TV Alchen", "kind": "club", "districts": [district_a.pk], "fields_of_action": [field.pk]},
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/netzwerk/tv-alchen/"
    assert organisation.slug == "tv-alchen"
    assert OrganisationChange.objects.filter(organisation=organisation, by=staff_a).exists()


def test_bad_input_gets_clear_messages(staff_a, district_a):
    response = signed_in(staff_a).post(
        "/cockpit/netzwerk/neu/",
        {"name": "TV", "kind": "club", "districts": [district_a.pk], "latitude": "50.9", "email": "kein"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Breiten- und Längengrad zusammen" in content
    assert "gültige E-Mail-Adresse" in content
    assert not Organisation.objects.exists()


def test_staff_cannot_put_an_organisation_in_another_district_through_the_form(staff_a, district_b):
    response = signed_in(staff_a).post(
        "/cockpit/netzwerk/neu/", {"name": "TV", "kind": "club", "districts": [district_b.pk]}
    )
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_another_districts_staff_cannot_open_or_post_the_edit_page_by_guessing(staff_b, district_a):
    organisation = make_organisation(district_a, name="TV Alchen")
    client = signed_in(staff_b)
    url = f"/cockpit/netzwerk/{organisation.pk}/bearbeiten/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Übernommen", "kind": "club"}).status_code == 403
    assert Organisation.objects.get().name == "TV Alchen"
    assert "TV Alchen" not in client.get("/cockpit/netzwerk/").content.decode()


def test_staff_change_their_organisation_and_see_its_history(staff_a, district_a):
    organisation = make_organisation(district_a, name="TV Alchen", slug="tv-alchen")
    client = signed_in(staff_a)
    url = f"/cockpit/netzwerk/{organisation.pk}/bearbeiten/"
    response = client.post(
        url, {"name": "TV Alchen 1920", "slug": "tv-alchen", "kind": "club", "districts": [district_a.pk]}
    )
    assert response.status_code == 302
    assert Organisation.objects.get().name == "TV Alchen 1920"
    assert "name" in client.get(url).content.decode()


def test_the_matrix_shows_organisations_by_field_and_the_gaps(staff_a, district_a, district_b):
    sport = FieldOfAction.objects.get(slug="sport")
    club = make_organisation(district_a, name="TV Alchen")
    club.fields_of_action.set([sport])
    make_organisation(district_b, name="Anderswo")
    response = signed_in(staff_a).get("/cockpit/netzwerk/wer-macht-was/", {"district": district_b.slug})
    assert response.context["district"] == district_a  # not theirs: their own instead
    counts = {column["field"].slug: column["count"] for column in response.context["columns"]}
    assert counts["sport"] == 1
    assert counts["kultur"] == 0
    content = response.content.decode()
    assert "TV Alchen" in content
    assert "Anderswo" not in content
    assert "Lücke" in content


def test_the_matrix_takes_a_fixed_number_of_queries(staff_a, district_a, django_assert_max_num_queries):
    from django.core.cache import cache

    fields = list(FieldOfAction.objects.all())
    for number in range(30):
        make_organisation(district_a).fields_of_action.set(fields[: number % 4])
    client = signed_in(staff_a)
    client.get("/cockpit/netzwerk/wer-macht-was/")
    cache.clear()
    with django_assert_max_num_queries(14):
        assert client.get("/cockpit/netzwerk/wer-macht-was/").status_code == 200


def test_no_organisation_takes_the_round_tables_address(staff_a, district_a):
    response = signed_in(staff_a).post(
        "/cockpit/netzwerk/neu/", {"name": "X", "slug": "runde-tische", "kind": "club", "districts": [district_a.pk]}
    )
    assert "für andere Seiten des Netzwerks reserviert" in response.content.decode()
    assert not Organisation.objects.exists()
