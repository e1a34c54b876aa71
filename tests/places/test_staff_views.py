from __future__ import annotations

from quartier.core import registry
from tests import factories


def test_cockpit_lists_only_my_districts(as_user, staff_a, district_a, district_b):
    html = as_user(staff_a).get("/cockpit/").content.decode()
    assert "Alchen" in html
    assert "Bühl" not in html


def test_coordinator_cockpit_lists_every_district(as_user, coordinator, district_a, district_b):
    html = as_user(coordinator).get("/cockpit/").content.decode()
    assert "Alchen" in html
    assert "Bühl" in html


def test_staff_edits_the_portrait_of_their_district(as_user, staff_a, district_a):
    response = as_user(staff_a).post(
        "/cockpit/ortsteile/alchen/bearbeiten/", {"portrait": "Neu **hier**", "population": "1234"}
    )
    assert response.status_code == 302
    district_a.refresh_from_db()
    assert district_a.portrait == "Neu **hier**"
    assert district_a.population == 1234


def test_staff_of_another_district_cannot_edit_by_guessing_the_url(as_user, staff_b, district_a):
    client = as_user(staff_b)
    assert client.get("/cockpit/ortsteile/alchen/bearbeiten/").status_code == 403
    assert client.post("/cockpit/ortsteile/alchen/bearbeiten/", {"portrait": "gehackt"}).status_code == 403
    district_a.refresh_from_db()
    assert district_a.portrait != "gehackt"


def test_staff_of_another_district_cannot_edit_its_contact_point_by_id(as_user, staff_b, district_a):
    url = f"/cockpit/anlaufstellen/{district_a.contact_point_id}/bearbeiten/"
    assert as_user(staff_b).post(url, {"name": "gehackt"}).status_code == 403


def test_bad_input_gets_a_message_and_keeps_what_was_typed(as_user, staff_a, district_a):
    response = as_user(staff_a).post(
        "/cockpit/ortsteile/alchen/bearbeiten/", {"portrait": "Mein Text", "population": "viele"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert 'href="#id_population"' in html
    assert "Mein Text" in html
    # A number input cannot hold "viele" (browsers drop it, HTML forbids it): the message
    # above and at the field says what is wrong, the other fields keep what was typed.
    assert 'value="viele"' not in html


def test_contact_point_edit_saves(as_user, staff_a, district_a):
    url = f"/cockpit/anlaufstellen/{district_a.contact_point_id}/bearbeiten/"
    data = {
        "name": "Büro Alchen",
        "street": "Dorfstr. 1",
        "postcode": "57258",
        "city": "Freudenberg",
        "office_hours": "Mo 9–12",
    }
    assert as_user(staff_a).post(url, data).status_code == 302
    district_a.contact_point.refresh_from_db()
    assert district_a.contact_point.office_hours == "Mo 9–12"


def test_contact_point_edit_rejects_a_bad_email(as_user, staff_a, district_a):
    url = f"/cockpit/anlaufstellen/{district_a.contact_point_id}/bearbeiten/"
    data = {"name": "Büro", "street": "Dorfstr. 1", "postcode": "57258", "city": "Freudenberg", "email": "kein-at"}
    response = as_user(staff_a).post(url, data)
    assert response.status_code == 200
    assert 'href="#id_email"' in response.content.decode()


def test_staff_without_totp_must_set_it_up_first(as_user, district_a):
    newcomer = factories.make_user("new-staff@example.org")
    district_a.staff.add(newcomer)
    response = as_user(newcomer, second_factor=False).get("/cockpit/")
    assert response.status_code == 302
    assert response.url.startswith("/konto/2fa/totp/activate/")


def test_staff_with_totp_must_have_used_it_in_this_session(as_user, staff_a):
    response = as_user(staff_a, second_factor=False).get("/cockpit/")
    assert response.status_code == 302
    assert response.url.startswith("/konto/2fa/reauthenticate/")


def test_cockpit_query_count_stays_constant(as_user, coordinator, django_assert_max_num_queries):
    for _ in range(40):
        factories.make_district(contact_point=factories.make_contact_point())
    client = as_user(coordinator)
    # The session and person, the districts and contact points, the sections (inquiries per
    # district: three, the two medians computed in the database; per department: one), and one
    # query for each tile with a count; and the data version the cached facts (TOTP set up,
    # districts) hang on.
    counted = sum(1 for tile in registry.cockpit_tiles if tile.count)
    with django_assert_max_num_queries(12 + counted):
        assert client.get("/cockpit/").status_code == 200
