"""Contact persons of organisations are personal data: staff of the organisation's districts
and members of its round tables see them, the public only those whose consent is recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from quartier.network.models import ContactPerson, Membership, OrganisationChange
from quartier.network.services import save_contact_person
from tests import factories
from tests.conftest import signed_in
from tests.network.conftest import make_organisation, make_round_table

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(district_a):
    organisation = make_organisation(district_a, name="TV Alchen", slug="tv-alchen")
    ContactPerson.objects.create(organisation=organisation, name="Paula Public", is_public=True)
    ContactPerson.objects.create(organisation=organisation, name="Ina Intern", phone="0271 1234")
    return organisation


def test_the_public_sees_only_contacts_with_consent(client, organisation, resident):
    for visitor in (client, signed_in(resident)):
        response = visitor.get("/netzwerk/tv-alchen/")
        content = response.content.decode()
        assert "Paula Public" in content
        assert "Ina Intern" not in content


def test_staff_and_members_of_its_round_tables_see_every_contact(organisation, staff_a, staff_b, district_a):
    member = factories.make_user("mitglied@example.org")
    round_table = make_round_table(district_a)
    Membership.objects.create(round_table=round_table, organisation=organisation)
    Membership.objects.create(round_table=round_table, user=member)
    outsider = factories.make_user("anderswo@example.org")
    Membership.objects.create(round_table=make_round_table(district_a), user=outsider)
    for person in (staff_a, member):
        response = signed_in(person).get("/netzwerk/tv-alchen/")
        assert "Ina Intern" in response.content.decode(), person
        assert "no-store" in response["Cache-Control"]
    for person in (staff_b, outsider):
        assert "Ina Intern" not in signed_in(person).get("/netzwerk/tv-alchen/").content.decode(), person


def test_showing_a_contact_publicly_records_the_consent(organisation, staff_a):
    contact = ContactPerson.objects.get(name="Ina Intern")
    contact.is_public = True
    save_contact_person(contact=contact, by=staff_a)
    contact.refresh_from_db()
    assert contact.consent_recorded_by == staff_a
    assert contact.consent_recorded_at is not None
    assert OrganisationChange.objects.filter(fields__contains="public").exists()
    contact.is_public = False
    save_contact_person(contact=contact, by=staff_a)
    contact.refresh_from_db()
    assert contact.consent_recorded_at is None
    assert contact.consent_recorded_by is None


def test_another_districts_staff_cannot_touch_contacts_by_guessing(organisation, staff_b):
    contact = ContactPerson.objects.get(name="Ina Intern")
    client = signed_in(staff_b)
    assert client.get(f"/cockpit/netzwerk/ansprechpersonen/{contact.pk}/").status_code == 403
    assert client.post(f"/cockpit/netzwerk/ansprechpersonen/{contact.pk}/entfernen/").status_code == 403
    assert client.post(f"/cockpit/netzwerk/{organisation.pk}/ansprechperson/", {"name": "X"}).status_code == 403
    contact.name = "Übernommen"
    with pytest.raises(PermissionDenied):
        save_contact_person(contact=contact, by=staff_b)
    assert ContactPerson.objects.count() == 2


def test_staff_add_and_remove_contacts_through_the_cockpit(organisation, staff_a):
    client = signed_in(staff_a)
    url = f"/cockpit/netzwerk/{organisation.pk}/ansprechperson/"
    response = client.post(url, {"name": "", "email": "kaputt"})
    assert response.status_code == 200
    assert "gültige E-Mail-Adresse" in response.content.decode()
    assert client.post(url, {"name": "Nina Neu", "role": "Vorsitzende"}).status_code == 302
    contact = ContactPerson.objects.get(name="Nina Neu")
    assert not contact.is_public
    assert "Nina Neu" in client.get(f"/cockpit/netzwerk/{organisation.pk}/bearbeiten/").content.decode()
    assert client.post(f"/cockpit/netzwerk/ansprechpersonen/{contact.pk}/entfernen/").status_code == 302
    assert not ContactPerson.objects.filter(name="Nina Neu").exists()


def test_the_organisation_page_with_contacts_takes_a_fixed_number_of_queries(
    client, organisation, staff_a, django_assert_max_num_queries
):
    from django.core.cache import cache

    for number in range(20):
        ContactPerson.objects.create(organisation=organisation, name=f"Person {number}", is_public=number % 2 == 0)
    staff = signed_in(staff_a)
    staff.get("/netzwerk/tv-alchen/")
    cache.clear()
    with django_assert_max_num_queries(20):
        assert staff.get("/netzwerk/tv-alchen/").status_code == 200


def test_the_export_names_contact_entries_with_the_persons_address(organisation):
    from quartier.network.privacy import export_network

    person = factories.make_user("ina@example.org")
    ContactPerson.objects.filter(name="Ina Intern").update(email="INA@example.org")
    entries = export_network(person)["contact_entries"]
    assert [(e["organisation"], e["name"], e["phone"]) for e in entries] == [("TV Alchen", "Ina Intern", "0271 1234")]
