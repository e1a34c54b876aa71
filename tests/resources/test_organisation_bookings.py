"""Bookings in an organisation's name: only its partners and staff of the resource's district
may make them; a resource "for organisations" takes only such bookings (staff excepted); an
organisation's own things show on its page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.network.models import Partnership
from quartier.resources.models import BookableBy, Booking, BookingStatus
from quartier.resources.services import book_series, request_booking
from tests import factories
from tests.conftest import signed_in
from tests.network.conftest import make_organisation
from tests.resources.conftest import at, confirm_email, make_resource


def make_partner(organisation, email="vorstand@jugendclub.example.org"):
    partner = confirm_email(factories.make_user(email, name="Paula Partner"))
    Partnership.objects.create(organisation=organisation, email=email, user=partner, accepted_at=timezone.now())
    return partner


@pytest.fixture
def youth_club(district_a):
    return make_organisation(district_a, name="Jugendclub Alchen", slug="jugendclub")


@pytest.fixture
def caravan(district_a, youth_club):
    return make_resource(
        district_a, name="Wohnwagen", slug="wohnwagen", bookable_by=BookableBy.ORGANISATIONS, organisation=youth_club
    )


def _request(resource, by, **fields):
    return request_booking(resource=resource, by=by, start=at(2, 10), end=at(2, 12), purpose="Zeltlager", **fields)


def test_a_partner_books_in_the_organisations_name(caravan, youth_club):
    partner = make_partner(youth_club)
    booking = _request(caravan, partner, for_organisation=youth_club)
    assert booking.for_organisation == youth_club
    assert booking.organisation == "Jugendclub Alchen"
    assert booking.person == partner
    assert booking.status == BookingStatus.CONFIRMED


def test_a_partner_of_another_organisation_cannot_book_in_its_name(district_a, caravan, youth_club):
    other = make_organisation(district_a, name="Sportverein")
    partner = make_partner(other, "vorstand@sv.example.org")
    with pytest.raises(PermissionDenied):
        _request(caravan, partner, for_organisation=youth_club)
    assert _request(caravan, partner, for_organisation=other).for_organisation == other


def test_a_resident_cannot_book_in_an_organisations_name(district_a, confirmed_resident, youth_club):
    game_box = make_resource(district_a)  # for residents
    with pytest.raises(PermissionDenied):
        _request(game_box, confirmed_resident, for_organisation=youth_club)
    assert _request(game_box, confirmed_resident).for_organisation is None


def test_an_invited_partner_who_has_not_accepted_cannot_book_in_its_name(caravan, youth_club):
    invited = confirm_email(factories.make_user("neu@jugendclub.example.org"))
    Partnership.objects.create(organisation=youth_club, email=invited.email, user=invited)
    with pytest.raises(PermissionDenied):
        _request(caravan, invited, for_organisation=youth_club)


def test_staff_of_the_district_book_in_an_organisations_name_and_others_not(
    caravan, youth_club, staff_a, staff_b, district_b
):
    booking = _request(caravan, staff_a, for_organisation=youth_club, name="Jugendclub")
    assert booking.for_organisation == youth_club
    assert booking.booked_by == staff_a
    with pytest.raises(PermissionDenied):
        request_booking(
            resource=caravan, by=staff_b, start=at(3, 10), end=at(3, 12), purpose="x", for_organisation=youth_club
        )


def test_staff_book_a_series_in_an_organisations_name(caravan, youth_club, staff_a):
    series = book_series(
        resource=caravan,
        by=staff_a,
        start=at(2, 18),
        end=at(2, 20),
        frequency="weekly",
        count=3,
        name="Jugendclub",
        for_organisation=youth_club,
    )
    assert {b.for_organisation_id for b in series.bookings.all()} == {youth_club.pk}


def test_the_booking_form_offers_only_the_partners_own_organisations(district_a, caravan, youth_club):
    other = make_organisation(district_a, name="Sportverein")
    partner = make_partner(youth_club)
    client = signed_in(partner)
    page = client.get("/ausleihe/wohnwagen/buchen/")
    assert page.status_code == 200
    assert "Jugendclub Alchen" in page.content.decode()
    assert "Sportverein" not in page.content.decode()
    data = {"start": at(2, 10).strftime("%Y-%m-%dT%H:%M"), "end": at(2, 12).strftime("%Y-%m-%dT%H:%M")}
    data["purpose"] = "Zeltlager"
    # Guessing another organisation's number is refused by the form, nothing is saved.
    response = client.post("/ausleihe/wohnwagen/buchen/", {**data, "for_organisation": other.pk})
    assert response.status_code == 200
    assert "for_organisation" in response.context["form"].errors
    assert not Booking.objects.exists()
    response = client.post("/ausleihe/wohnwagen/buchen/", {**data, "for_organisation": youth_club.pk})
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert booking.for_organisation == youth_club
    assert "Jugendclub Alchen" in client.get(booking.get_absolute_url()).content.decode()


def test_a_resident_without_an_organisation_is_sent_back_from_a_resource_for_organisations(caravan, confirmed_resident):
    client = signed_in(confirmed_resident)
    response = client.get("/ausleihe/wohnwagen/buchen/", follow=True)
    assert response.redirect_chain[-1][0] == "/ausleihe/wohnwagen/"
    assert "nur Vereine und Organisationen" in response.content.decode()
    data = {"start": at(2, 10).strftime("%Y-%m-%dT%H:%M"), "end": at(2, 12).strftime("%Y-%m-%dT%H:%M")}
    client.post("/ausleihe/wohnwagen/buchen/", {**data, "purpose": "x", "organisation": "Dorfverein"})
    assert not Booking.objects.exists()


def test_a_resident_books_a_residents_resource_without_choosing_an_organisation(district_a, confirmed_resident):
    make_resource(district_a, slug="spielekiste")
    page = signed_in(confirmed_resident).get("/ausleihe/spielekiste/buchen/")
    assert "for_organisation" not in page.context["form"].fields
    assert "organisation" not in page.context["form"].fields


def test_a_partner_may_book_a_residents_resource_privately_or_for_the_organisation(district_a, youth_club):
    make_resource(district_a, slug="spielekiste")
    partner = make_partner(youth_club)
    client = signed_in(partner)
    data = {"start": at(2, 10).strftime("%Y-%m-%dT%H:%M"), "end": at(2, 12).strftime("%Y-%m-%dT%H:%M")}
    client.post("/ausleihe/spielekiste/buchen/", {**data, "purpose": "Geburtstag", "for_organisation": ""})
    assert Booking.objects.get().for_organisation is None


def test_staff_book_in_the_name_of_an_organisation_of_the_district(caravan, youth_club, staff_a, district_b):
    elsewhere = make_organisation(district_b, name="Heimatverein Bühl")
    client = signed_in(staff_a)
    url = "/cockpit/ausleihe/wohnwagen/buchen/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Heimatverein Bühl" not in page.content.decode()
    data = {
        "name": "Jugendclub",
        "start": at(2, 10).strftime("%Y-%m-%dT%H:%M"),
        "end": at(2, 12).strftime("%Y-%m-%dT%H:%M"),
        "purpose": "Zeltlager",
    }
    client.post(url, {**data, "for_organisation": elsewhere.pk})
    assert not Booking.objects.exists()
    response = client.post(url, {**data, "for_organisation": youth_club.pk})
    assert response.status_code == 302
    assert Booking.objects.get().for_organisation == youth_club


def test_the_resource_page_names_its_owner(caravan, client):
    page = client.get("/ausleihe/wohnwagen/").content.decode()
    assert 'href="/netzwerk/jugendclub/"' in page


def test_the_organisation_page_shows_its_things_to_lend(caravan, youth_club, district_a, client):
    make_resource(district_a, name="Beamer", slug="beamer")  # the office's
    make_resource(district_a, name="Altes Zelt", slug="altes-zelt", organisation=youth_club, is_active=False)
    page = client.get("/netzwerk/jugendclub/").content.decode()
    assert "Zum Ausleihen" in page
    assert 'href="/ausleihe/wohnwagen/"' in page
    assert "Beamer" not in page
    assert "Altes Zelt" not in page


def test_export_names_the_organisation_a_booking_was_made_for(caravan, youth_club):
    from quartier.resources.privacy import export_bookings

    partner = make_partner(youth_club)
    _request(caravan, partner, for_organisation=youth_club)
    assert export_bookings(partner)["bookings"][0]["in_name_of"] == "Jugendclub Alchen"


def test_a_partners_erasure_keeps_the_booking_without_the_person(caravan, youth_club):
    from quartier.core.privacy import erase_personal_data

    partner = make_partner(youth_club)
    booking = _request(caravan, partner, for_organisation=youth_club)
    erase_personal_data(partner)
    booking.refresh_from_db()
    assert booking.person is None
    assert booking.name == ""
    assert booking.organisation == ""
    assert booking.status == BookingStatus.CANCELLED


def test_a_resource_for_organisations_without_one_named_is_refused_with_a_message(caravan, youth_club):
    partner = make_partner(youth_club)
    with pytest.raises(ValidationError) as error:
        _request(caravan, partner)
    assert "im Namen Ihrer Organisation" in str(error.value)


def test_staff_give_a_resource_an_owning_organisation_of_their_districts(district_a, district_b, staff_a, youth_club):
    from quartier.resources.models import Resource

    elsewhere = make_organisation(district_b, name="Heimatverein Bühl", slug="heimatverein")
    data = {
        "district": district_a.pk,
        "kind": "thing",
        "name": "Zelt",
        "summary": "Ein Zelt",
        "bookable_by": "organisations",
        "buffer_before": "0",
        "buffer_after": "0",
        "min_minutes": "60",
        "max_minutes": "600",
        "max_days_ahead": "180",
    }
    client = signed_in(staff_a)
    response = client.post("/cockpit/ausleihe/neu/", {**data, "organisation": elsewhere.pk})
    assert "organisation" in response.context["form"].errors
    assert not Resource.objects.exists()
    response = client.post("/cockpit/ausleihe/neu/", {**data, "organisation": youth_club.pk})
    tent = Resource.objects.get()
    assert tent.organisation == youth_club
    # An owner from another district, set by a coordinator, stays choosable when staff edit.
    Resource.objects.filter(pk=tent.pk).update(organisation=elsewhere)
    page = client.get(f"/cockpit/ausleihe/{tent.slug}/bearbeiten/")
    assert "Heimatverein Bühl" in page.content.decode()
    response = client.post(f"/cockpit/ausleihe/{tent.slug}/bearbeiten/", {**data, "organisation": elsewhere.pk})
    assert response.status_code == 302
