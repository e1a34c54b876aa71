"""No input makes the site answer 500: forms get hypothesis-generated text."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import signed_in

text = st.text(max_size=300)
fuzz = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzz
@given(portrait=text, population=text)
def test_district_form_never_fails(staff_a, district_a, portrait, population):
    client = signed_in(staff_a)
    response = client.post(
        reverse("places:district_edit", args=[district_a.slug]), {"portrait": portrait, "population": population}
    )
    assert response.status_code in {200, 302}


@fuzz
@given(email=text, password=text)
def test_login_and_signup_never_fail(client, town, email, password):
    for url, data in (
        (reverse("account_login"), {"login": email, "password": password}),
        (reverse("account_signup"), {"email": email, "name": password, "password1": password, "password2": password}),
        (reverse("account_reset_password"), {"email": email}),
    ):
        assert client.post(url, data).status_code in {200, 302, 429}


@fuzz
@given(name=text, office_hours=text, email=text)
def test_contact_point_form_never_fails(staff_a, district_a, name, office_hours, email):
    client = signed_in(staff_a)
    url = reverse("places:contact_point_edit", args=[district_a.contact_point_id])
    data = {
        "name": name,
        "street": name,
        "postcode": name[:10],
        "city": name,
        "email": email,
        "office_hours": office_hours,
    }
    assert client.post(url, data).status_code in {200, 302}


@fuzz
@given(path=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60))
def test_no_url_makes_the_site_fail(client, town, path):
    response = client.get("/ortsteile/" + path, HTTP_ACCEPT_LANGUAGE="de;q=x,,;")
    assert response.status_code < 500


@pytest.mark.parametrize("header", ["HTTP_HOST", "HTTP_ACCEPT_LANGUAGE", "HTTP_COOKIE", "HTTP_X_FORWARDED_PROTO"])
def test_odd_headers_do_not_make_the_site_fail(client, town, header):
    response = client.get("/", **{header: "\x00<script>;;=='"})
    assert response.status_code < 500
