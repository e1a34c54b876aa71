from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from quartier.volunteering.certificate import Certificate, certificate_for
from quartier.volunteering.models import OtherHours, Shift, SignUp, SignUpStatus
from tests import factories
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def _give_hours(person, district):
    call = factories.make_helper_call(district, title="Frühlingsmarkt")
    shift = call.shifts.get()
    Shift.objects.filter(pk=shift.pk).update(
        start=timezone.now() - timedelta(days=30), end=timezone.now() - timedelta(days=30, hours=-3)
    )
    SignUp.objects.create(
        shift=shift, user=person, name="Rita", email=person.email, status=SignUpStatus.CONFIRMED, attended=True, hours=3
    )
    for day, status in (
        (date(2025, 5, 1), OtherHours.Status.CONFIRMED),
        (date(2025, 6, 1), OtherHours.Status.SUBMITTED),
    ):
        OtherHours.objects.create(
            user=person,
            district=district,
            activity="Lesepatin",
            organisation="Bücherei",
            day=day,
            hours=4,
            status=status,
        )


def test_the_certificate_lists_confirmed_hours_per_activity_and_verifies(client, district_a, resident, settings):
    settings.SITE_URL = "https://quartier.example.de"
    _give_hours(resident, district_a)
    certificate = certificate_for(resident)
    assert {(row.what, row.hours) for row in certificate.activities} == {
        ("Frühlingsmarkt", Decimal(3)),
        ("Lesepatin (Bücherei)", Decimal(4)),
    }
    assert certificate.total == 7
    url = certificate.verification_url()
    assert url.startswith("https://quartier.example.de/mitmachen/engagement/nachweis/")
    assert Certificate.from_token(certificate.token()) == certificate
    cache.clear()
    page = client.get(url.removeprefix("https://quartier.example.de"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Dieser Nachweis ist echt" in text
    assert "Rita Resident" in text
    assert "Lesepatin (Bücherei)" in text
    # Nothing beyond what the certificate shows: not the address, not the unconfirmed hours.
    assert resident.email not in text
    assert "01.06.2025" not in text


def test_a_changed_certificate_is_not_genuine(client, district_a, resident):
    _give_hours(resident, district_a)
    token = certificate_for(resident).token()
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    assert Certificate.from_token(tampered) is None
    response = client.get(reverse("volunteering:verify", kwargs={"token": tampered}))
    assert response.status_code == 404
    assert "Rita" not in response.content.decode()


def test_the_pdf_is_only_for_the_signed_in_person_and_its_qr_code_holds_the_verification_address(
    client, district_a, resident, django_assert_max_num_queries, monkeypatch
):
    _give_hours(resident, district_a)
    drawn = []
    monkeypatch.setattr("quartier.volunteering.certificate._draw_qr", lambda canvas, url, *args: drawn.append(url))
    url = reverse("volunteering:certificate")
    assert client.get(url).status_code == 302  # to the sign-in
    person = signed_in(resident)
    cache.clear()
    with django_assert_max_num_queries(12):
        response = person.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    # The address is signed with a timestamp: compare what it holds, not its text (a second
    # may pass between drawing it and this line).
    [drawn_url] = drawn
    prefix = certificate_for(resident).verification_url().rsplit("/nachweis/", 1)[0] + "/nachweis/"
    assert drawn_url.startswith(prefix)
    assert Certificate.from_token(drawn_url[len(prefix) :].rstrip("/")) == certificate_for(resident)
    assert "Ehrenamtsnachweis" in person.get(reverse("volunteering:mine")).content.decode()
