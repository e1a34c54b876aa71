"""Partners: staff invite by e-mail, the invited address accepts, partners keep their
organisation's entry (published at once, recorded, the districts' staff told) and nothing else."""

from __future__ import annotations

import pytest
from django.core import mail

from quartier.network.models import Organisation, OrganisationChange, Partnership
from quartier.places.models import StaffNotice
from tests import factories
from tests.conftest import signed_in
from tests.network.conftest import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(district_a):
    return make_organisation(district_a, name="TV Alchen", slug="tv-alchen", phone="1")


def test_staff_invite_and_the_invited_address_accepts(organisation, staff_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(staff_a).post(
            f"/cockpit/netzwerk/{organisation.pk}/partner/", {"email": "vorstand@tv.example.org"}
        )
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert mail.outbox[0].to == ["vorstand@tv.example.org"]
    assert f"/netzwerk/einladung/{partnership.token}/" in mail.outbox[0].body

    stranger = signed_in(factories.make_user("jemand@example.org"))
    response = stranger.post(partnership.get_absolute_url())
    assert "andere Adresse" in response.content.decode()
    assert Partnership.objects.get().user is None

    person = factories.make_user("Vorstand@tv.example.org")
    response = signed_in(person).post(partnership.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == "/netzwerk/tv-alchen/pflegen/"
    assert Partnership.objects.get().user == person


def test_inviting_the_same_address_twice_is_refused(organisation, staff_a):
    client = signed_in(staff_a)
    client.post(f"/cockpit/netzwerk/{organisation.pk}/partner/", {"email": "a@example.org"})
    response = client.post(f"/cockpit/netzwerk/{organisation.pk}/partner/", {"email": "A@example.org"}, follow=True)
    assert "schon eine Einladung" in response.content.decode()
    assert Partnership.objects.count() == 1


def test_another_districts_staff_cannot_invite(organisation, staff_b):
    response = signed_in(staff_b).post(f"/cockpit/netzwerk/{organisation.pk}/partner/", {"email": "a@example.org"})
    assert response.status_code == 403
    assert not Partnership.objects.exists()


def test_a_partner_changes_the_entry_at_once_and_staff_are_told(organisation, district_a, staff_a):
    partner = factories.make_user("vorstand@tv.example.org")
    Partnership.objects.create(
        organisation=organisation, email=partner.email, user=partner, accepted_at="2026-01-01T00:00Z"
    )
    client = signed_in(partner)
    page = client.get("/netzwerk/tv-alchen/").content.decode()
    assert "/netzwerk/tv-alchen/pflegen/" in page
    response = client.post("/netzwerk/tv-alchen/pflegen/", {"phone": "02734 555", "latitude": "50.9"})
    assert "Breiten- und Längengrad zusammen" in response.content.decode()
    response = client.post("/netzwerk/tv-alchen/pflegen/", {"phone": "02734 555", "opening_hours": "Mo 18 Uhr"})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.phone == "02734 555"
    assert organisation.name == "TV Alchen"
    change = OrganisationChange.objects.get(by=partner)
    assert change.fields == "phone, opening_hours"
    notice = StaffNotice.objects.get(district=district_a)
    assert notice.kind == "organisation_change"
    assert notice.path == f"/cockpit/netzwerk/{organisation.pk}/bearbeiten/"


def test_only_accepted_partners_of_this_organisation_edit_it(organisation, district_a, resident):
    other = make_organisation(district_a, name="SV", slug="sv")
    partner = factories.make_user("vorstand@sv.example.org")
    Partnership.objects.create(organisation=other, email=partner.email, user=partner, accepted_at="2026-01-01T00:00Z")
    invited = factories.make_user("eingeladen@example.org")
    Partnership.objects.create(organisation=organisation, email=invited.email)
    for person in (partner, invited, resident):
        client = signed_in(person)
        assert client.get("/netzwerk/tv-alchen/pflegen/").status_code == 403
        assert client.post("/netzwerk/tv-alchen/pflegen/", {"phone": "0"}).status_code == 403
    assert Organisation.objects.get(pk=organisation.pk).phone == "1"


def test_export_and_erasure_cover_partner_roles(organisation):
    from quartier.core.privacy import erase_personal_data
    from quartier.network.privacy import export_network

    partner = factories.make_user("vorstand@tv.example.org")
    Partnership.objects.create(
        organisation=organisation, email=partner.email, user=partner, accepted_at="2026-01-01T00:00Z"
    )
    assert export_network(partner)["partner_roles"][0]["organisation"] == "TV Alchen"
    erase_personal_data(partner)
    assert not Partnership.objects.exists()


def test_a_partner_proposes_an_event_in_the_organisations_name(organisation, district_a, district_b, client):
    from datetime import timedelta

    from django.utils import timezone

    from quartier.events.models import Event

    organisation.email = "info@tv.example.org"
    organisation.save()
    partner = factories.make_user("vorstand@tv.example.org", name="Vera")
    Partnership.objects.create(organisation=organisation, email=partner.email, user=partner, accepted_at=timezone.now())
    start = timezone.localtime() + timedelta(days=5)
    data = {
        "title": "Sportfest",
        "summary": "Für alle.",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Sportplatz",
        "district": district_b.pk,
        "target_group": "everyone",
    }
    url = "/netzwerk/tv-alchen/termin-vorschlagen/"
    assert signed_in(factories.make_user("x@example.org")).post(url, data).status_code == 403
    response = signed_in(partner).post(url, data)
    assert response.status_code == 400  # not one of the organisation's districts
    assert not Event.objects.exists()
    response = signed_in(partner).post(url, {**data, "district": district_a.pk})
    assert response.status_code == 302
    event = Event.objects.get()
    assert not event.is_published
    assert (event.organiser_name, event.organiser_email, event.proposed_by) == (
        "TV Alchen",
        "info@tv.example.org",
        partner,
    )
    assert StaffNotice.objects.filter(district=district_a, kind="event_proposal").exists()
    assert "Sportfest" not in client.get("/netzwerk/tv-alchen/").content.decode()
    Event.objects.update(is_published=True)
    assert "Sportfest" in client.get("/netzwerk/tv-alchen/").content.decode()
