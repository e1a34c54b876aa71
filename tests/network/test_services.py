"""Entering and changing organisations: districts of the acting person only, a history row per
change, and projects' free-text partners that name the organisation become links."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.network.models import Organisation, OrganisationChange
from quartier.network.services import create_organisation, update_organisation
from quartier.places.models import FieldOfAction
from tests import factories
from tests.network.conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_staff_enter_an_organisation_in_their_district_with_a_history_row(staff_a, district_a):
    field = FieldOfAction.objects.get(slug="familie")
    organisation = create_organisation(
        organisation=Organisation(name="Kita Regenbogen", slug="kita-regenbogen", kind="kita"),
        districts=[district_a],
        fields_of_action=[field],
        by=staff_a,
    )
    assert list(organisation.districts.all()) == [district_a]
    assert list(organisation.fields_of_action.all()) == [field]
    change = OrganisationChange.objects.get(organisation=organisation)
    assert change.by == staff_a
    assert change.fields.startswith("created")


def test_staff_cannot_enter_an_organisation_in_another_district(staff_a, district_b):
    with pytest.raises(ValidationError) as raised:
        create_organisation(
            organisation=Organisation(name="TV", slug="tv", kind="club"), districts=[district_b], by=staff_a
        )
    assert "Ihren Ortsteilen" in str(raised.value)
    assert not Organisation.objects.exists()


def test_an_organisation_needs_a_district(staff_a):
    with pytest.raises(ValidationError, match="mindestens einen Ortsteil"):
        create_organisation(organisation=Organisation(name="TV", slug="tv", kind="club"), districts=[], by=staff_a)


def test_a_resident_cannot_enter_an_organisation(resident, district_a):
    with pytest.raises(PermissionDenied):
        create_organisation(
            organisation=Organisation(name="TV", slug="tv", kind="club"), districts=[district_a], by=resident
        )


def test_a_change_names_the_changed_fields(staff_a, district_a):
    organisation = make_organisation(district_a, name="TV Alchen", phone="1")
    organisation.phone = "02734 999"
    update_organisation(organisation=organisation, districts=[district_a], by=staff_a)
    assert OrganisationChange.objects.get(organisation=organisation).fields == "phone"


def test_saving_without_a_change_writes_no_history(staff_a, district_a):
    organisation = make_organisation(district_a)
    update_organisation(organisation=organisation, districts=[district_a], by=staff_a)
    assert not OrganisationChange.objects.exists()


def test_staff_of_another_district_cannot_change_an_organisation(staff_b, district_a, district_b):
    organisation = make_organisation(district_a, name="TV Alchen")
    organisation.name = "Übernommen"
    with pytest.raises(PermissionDenied):
        update_organisation(organisation=organisation, districts=[district_b], by=staff_b)
    assert Organisation.objects.get().name == "TV Alchen"


def test_a_district_the_editor_does_not_work_in_stays(staff_a, district_a, district_b):
    organisation = make_organisation(district_a, district_b)
    update_organisation(organisation=organisation, districts=[district_a], by=staff_a)
    assert set(organisation.districts.all()) == {district_a, district_b}


def test_an_invalid_value_is_refused_with_a_message(staff_a, district_a):
    with pytest.raises(ValidationError) as raised:
        create_organisation(
            organisation=Organisation(name="TV", slug="tv", kind="club", website="kein link"),
            districts=[district_a],
            by=staff_a,
        )
    assert "website" in raised.value.message_dict


def test_partner_lines_naming_the_organisation_become_links(staff_a, district_a):
    project = factories.make_project(district_a, partners="familienzentrum freudenberg\nTV Hohenhain")
    organisation = create_organisation(
        organisation=Organisation(name="Familienzentrum Freudenberg", slug="fz", kind="family_centre"),
        districts=[district_a],
        by=staff_a,
    )
    project.refresh_from_db()
    assert list(organisation.projects.all()) == [project]
    assert project.partners == "TV Hohenhain"


def test_a_partner_line_that_only_contains_the_name_stays_text(staff_a, district_a):
    project = factories.make_project(district_a, partners="Förderverein der Kita Regenbogen")
    organisation = create_organisation(
        organisation=Organisation(name="Kita Regenbogen", slug="kita", kind="kita"), districts=[district_a], by=staff_a
    )
    project.refresh_from_db()
    assert project.partners == "Förderverein der Kita Regenbogen"
    assert not organisation.projects.exists()
