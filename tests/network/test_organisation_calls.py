"""Helper calls in an organisation's name: a partner proposes one (with its shifts, through
volunteering's proposal), the district's staff publish it, the organisation's page lists its
current calls; and the page's sections (network.sections.organisation_sections) cost a fixed
number of queries however many calls and things to lend it has."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier.network.models import OrganisationCall, OrganisationChange, Partnership
from quartier.network.sections import organisation_sections
from quartier.network.services import propose_helper_call_for_organisation
from quartier.places.models import StaffNotice
from quartier.volunteering.models import HelperCall, Shift
from quartier.volunteering.services import ShiftPattern
from tests import factories
from tests.conftest import signed_in
from tests.network.conftest import make_organisation
from tests.registered import registered

URL = "/netzwerk/jugendclub/helfergesuch-vorschlagen/"


@pytest.fixture
def youth_club(district_a):
    return make_organisation(district_a, name="Jugendclub Alchen", slug="jugendclub")


def make_partner(organisation, email="vorstand@jugendclub.example.org"):
    partner = factories.make_user(email, name="Paula Partner")
    Partnership.objects.create(organisation=organisation, email=email, user=partner, accepted_at=timezone.now())
    return partner


def _data(district, **changes):
    day = timezone.localdate() + timedelta(days=10)
    data = {
        "call-title": "Helfer für das Sommerfest",
        "call-text": "Aufbau und Grillstand.",
        "call-district": district.pk,
        "call-contact_name": "Paula Partner",
        "call-contact_phone": "0151 123",
        "call-cancel_hours": 24,
        "pattern-first_day": day.isoformat(),
        "pattern-days": 2,
        "pattern-first_start": "10:00",
        "pattern-shifts_per_day": 2,
        "pattern-hours": "3",
        "pattern-people_needed": 4,
        "pattern-place": "Jugendheim",
    }
    data.update(changes)
    return data


def _pattern():
    return ShiftPattern(
        first_day=timezone.localdate() + timedelta(days=3),
        days=1,
        first_start=timezone.localtime().time().replace(hour=10, minute=0, second=0, microsecond=0),
        shifts_per_day=1,
        hours=2,
        people_needed=2,
        place="Jugendheim",
    )


def test_a_partner_proposes_a_call_staff_publish_it_and_the_page_lists_it(
    youth_club, district_a, staff_a, client, django_capture_on_commit_callbacks
):
    partner = make_partner(youth_club)
    assert "Helfergesuch vorschlagen" in signed_in(partner).get("/netzwerk/jugendclub/").content.decode()
    assert signed_in(partner).get(URL).status_code == 200
    response = signed_in(partner).post(URL, _data(district_a))
    assert response.status_code == 302
    call = HelperCall.objects.get()
    assert not call.is_published
    assert call.created_by == partner
    assert call.shifts.count() == 4
    assert OrganisationCall.objects.get().organisation == youth_club
    assert OrganisationChange.objects.filter(organisation=youth_club, fields="helper call proposed").exists()
    notice = StaffNotice.objects.get(district=district_a, kind="helper_call_proposal")
    assert notice.path == f"/cockpit/engagement/{call.pk}/"
    form_page = signed_in(partner).get(URL).content.decode()
    assert "Helfer für das Sommerfest (wartet auf Freigabe durch das Team)" in form_page
    assert "Sommerfest" not in client.get("/netzwerk/jugendclub/").content.decode()
    assert client.get(call.get_absolute_url()).status_code == 404

    # Staff of the district publish it from the call's roster.
    staff = signed_in(staff_a)
    assert "Veröffentlichen" in staff.get(f"/cockpit/engagement/{call.pk}/").content.decode()
    assert staff.post(f"/cockpit/engagement/{call.pk}/veroeffentlichen/", {"published": "1"}).status_code == 302
    call.refresh_from_db()
    assert call.is_published
    cache.clear()  # the page's sections are kept for up to FRAGMENT_SECONDS, for everyone alike
    page = client.get("/netzwerk/jugendclub/").content.decode()
    assert "Helfergesuche" in page
    assert f'href="/mitmachen/engagement/{call.pk}/"' in page


def test_only_partners_of_this_organisation_propose_in_its_name(youth_club, district_a, resident, staff_a):
    other = make_organisation(district_a, name="Sportverein", slug="sportverein")
    partner_of_other = make_partner(other, "vorstand@sv.example.org")
    invited = factories.make_user("neu@jugendclub.example.org")
    Partnership.objects.create(organisation=youth_club, email=invited.email, user=invited)
    for person in (partner_of_other, resident, invited, staff_a):
        client = signed_in(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, _data(district_a)).status_code == 403
    assert client.get("/netzwerk/jugendclub/").content.decode().count("Helfergesuch vorschlagen") == 0
    assert not HelperCall.objects.exists()
    with pytest.raises(PermissionDenied):
        propose_helper_call_for_organisation(
            organisation=youth_club,
            call=HelperCall(title="x", text="x", district=district_a, contact_name="x"),
            pattern=_pattern(),
            by=partner_of_other,
        )
    assert not HelperCall.objects.exists()


def test_a_visitor_is_sent_to_log_in(youth_club, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/" in response["Location"] or "login" in response["Location"]


def test_the_call_lies_in_one_of_the_organisations_districts(youth_club, district_a, district_b):
    partner = make_partner(youth_club)
    response = signed_in(partner).post(URL, _data(district_b))
    assert response.status_code == 400
    assert "call-district" in response.content.decode()
    with pytest.raises(ValidationError):
        propose_helper_call_for_organisation(
            organisation=youth_club,
            call=HelperCall(title="x", text="x", district=district_b, contact_name="x"),
            pattern=_pattern(),
            by=partner,
        )
    assert not HelperCall.objects.exists()
    assert not Shift.objects.exists()


def test_bad_input_gets_a_message_and_nothing_is_saved(youth_club, district_a):
    partner = make_partner(youth_club)
    client = signed_in(partner)
    response = client.post(URL, _data(district_a, **{"pattern-first_start": "22:00", "pattern-hours": "4"}))
    assert response.status_code == 400
    assert "am selben Tag enden" in response.content.decode()
    response = client.post(URL, _data(district_a, **{"call-title": ""}))
    assert response.status_code == 400
    assert not HelperCall.objects.exists()
    assert not OrganisationCall.objects.exists()


def test_a_blocked_partner_cannot_propose(youth_club, district_a, staff_a):
    from quartier.participation.models import Block

    partner = make_partner(youth_club)
    Block.objects.create(user=partner, blocked_by=staff_a, reason="Spam")
    response = signed_in(partner).post(URL, _data(district_a))
    assert response.status_code == 400
    assert "gesperrt" in response.content.decode()
    assert not HelperCall.objects.exists()


def test_the_page_shows_only_published_calls_with_shifts_to_come(youth_club, district_a, client):
    def linked(**fields):
        call = factories.make_helper_call(district_a, **fields)
        OrganisationCall.objects.create(organisation=youth_club, call=call)
        return call

    current = linked(title="Kuchenstand")
    linked(title="Entwurf", is_published=False)
    linked(title="Vorbei", start=timezone.now() - timedelta(days=3))
    factories.make_helper_call(district_a, title="Nicht von ihnen")
    page = client.get("/netzwerk/jugendclub/").content.decode()
    assert f'href="/mitmachen/engagement/{current.pk}/"' in page
    for title in ("Entwurf", "Vorbei", "Nicht von ihnen"):
        assert title not in page


def test_a_section_another_app_registers_shows_on_the_page(youth_club, client):
    from django.utils.html import format_html

    from quartier.core.registry import PageSection

    section = PageSection(
        name="test", render=lambda request, organisation: format_html("<p>Extra für {}</p>", organisation.name)
    )
    plain = PageSection(name="plain", render=lambda request, organisation: "<b>Text</b>", order=200)
    empty = PageSection(name="empty", render=lambda request, organisation: None)
    with registered(organisation_sections, section, plain, empty):
        page = client.get("/netzwerk/jugendclub/").content.decode()
    assert "<p>Extra für Jugendclub Alchen</p>" in page
    assert "&lt;b&gt;Text&lt;/b&gt;" in page  # a plain string is escaped


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_organisation_page_takes_a_fixed_number_of_queries_with_many_calls_and_things(
    youth_club, district_a, client, django_assert_max_num_queries
):
    from tests.resources.conftest import make_resource

    url = "/netzwerk/jugendclub/"
    client.get(url)  # warm the per-process caches
    for n in range(2):
        OrganisationCall.objects.create(organisation=youth_club, call=factories.make_helper_call(district_a, shifts=3))
        make_resource(district_a, organisation=youth_club, name=f"Zelt {n}", slug=f"zelt-{n}")
    few = _queries(client, url)
    for n in range(40):
        OrganisationCall.objects.create(organisation=youth_club, call=factories.make_helper_call(district_a, shifts=3))
        make_resource(district_a, organisation=youth_club, name=f"Wohnwagen {n}", slug=f"wohnwagen-{n}")
    many = _queries(client, url)
    assert many == few
    cache.clear()
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert len(re.findall(r'href="/mitmachen/engagement/\d+/"', page)) == 10
    assert "Alle Helfergesuche" in page
    assert "Alles zum Ausleihen" in page
    # From the cache the sections cost nothing.
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert len(cached) < many


def test_the_call_page_and_roster_name_the_organisation(youth_club, district_a, staff_a, client):
    call = factories.make_helper_call(district_a, title="Kuchenstand")
    OrganisationCall.objects.create(organisation=youth_club, call=call)
    other = factories.make_helper_call(district_a, title="Vom Büro")
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Ein Helfergesuch von" in page
    assert 'href="/netzwerk/jugendclub/"' in page
    assert "Ein Helfergesuch von" not in client.get(other.get_absolute_url()).content.decode()
    roster = signed_in(staff_a).get(f"/cockpit/engagement/{call.pk}/").content.decode()
    assert 'href="/netzwerk/jugendclub/"' in roster


def test_partners_see_only_their_own_organisations_calls_on_the_proposal_page(youth_club, district_a):
    other = make_organisation(district_a, name="Sportverein", slug="sportverein")
    OrganisationCall.objects.create(
        organisation=other, call=factories.make_helper_call(district_a, title="Vereinsfest")
    )
    mine = factories.make_helper_call(district_a, title="Grillstand")
    OrganisationCall.objects.create(organisation=youth_club, call=mine)
    page = signed_in(make_partner(youth_club)).get(URL)
    text = page.content.decode()
    assert f'href="/mitmachen/engagement/{mine.pk}/">Grillstand</a> (veröffentlicht)' in text
    assert "Vereinsfest" not in text
    assert "no-store" in page["Cache-Control"]
