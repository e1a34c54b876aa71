"""Coordinators keep the list of programmes; district staff cannot change it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quartier.funding.models import Programme, ProgrammeChange
from quartier.places.models import FieldOfAction
from tests.conftest import signed_in
from tests.funding.conftest import make_programme

pytestmark = pytest.mark.django_db

URL = "/cockpit/foerdermittel/programme/neu/"


def test_coordinators_enter_a_programme_and_its_change_is_recorded(coordinator):
    youth = FieldOfAction.objects.get(slug="jugend")
    response = signed_in(coordinator).post(
        URL,
        {
            "name": "Heimat-Scheck",
            "provider": "state",
            "deadline_kind": "open",
            "maximum_amount": "2000,00",
            "funding_rate": "80,5",
            "fields_of_action": [youth.pk],
            "public": "on",
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get()
    assert (programme.slug, programme.maximum_amount, programme.funding_rate) == (
        "heimat-scheck",
        Decimal("2000.00"),
        Decimal("80.50"),
    )
    assert list(programme.fields_of_action.all()) == [youth]
    assert ProgrammeChange.objects.get().by == coordinator


def test_a_change_names_the_fields_it_touched(coordinator):
    programme = make_programme(name="Alt", provider="state")
    response = signed_in(coordinator).post(
        f"/cockpit/foerdermittel/programme/{programme.pk}/",
        {"name": "Neu", "provider": "state", "deadline_kind": "open"},
    )
    assert response.status_code == 302
    assert ProgrammeChange.objects.get().fields == "name"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"minimum_amount": "5000", "maximum_amount": "100"}, "nicht unter dem Mindestbetrag"),
        ({"deadline_kind": "yearly"}, "nächste Frist"),
        ({"funding_rate": "120"}, "kleiner oder gleich 100"),
    ],
)
def test_bad_input_gets_clear_messages_and_keeps_what_was_typed(coordinator, data, message):
    response = signed_in(coordinator).post(
        URL, {"name": "Mein Programm", "provider": "state", "deadline_kind": "open", **data}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert 'value="Mein Programm"' in content
    assert not Programme.objects.exists()


def test_district_staff_cannot_keep_the_list(staff_a):
    programme = make_programme(name="Alt")
    client = signed_in(staff_a)
    assert client.post(URL, {"name": "X", "provider": "state", "deadline_kind": "open"}).status_code == 403
    assert client.post(f"/cockpit/foerdermittel/programme/{programme.pk}/", {"name": "Neu"}).status_code == 403
    assert list(Programme.objects.values_list("name", flat=True)) == ["Alt"]
