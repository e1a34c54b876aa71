"""The demo directory: Freudenberg's organisations, loaded twice without duplicates, and the
demo projects' partner lines that name them become links."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from quartier.network.demo import ORGANISATIONS
from quartier.network.models import Organisation
from quartier.projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_demo_directory_loads_once_and_links_the_projects_partners(settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    assert Organisation.objects.count() == len(ORGANISATIONS)
    assert set(Organisation.objects.values_list("kind", flat=True)) >= {
        "family_centre",
        "welfare",
        "church",
        "school",
        "kita",
        "club",
        "initiative",
    }
    youth = Project.objects.get(slug="jugendarbeit")
    assert youth.partners == ""
    assert {o.name for o in youth.partner_organisations.all()} == {"Jugendfeuerwehr Oberfischbach", "TV Hohenhain"}


def test_the_demo_round_table_has_past_meetings_decisions_and_open_items(settings):
    from django.utils import timezone

    from quartier.network.models import ActionItem, RoundTable

    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    round_table = RoundTable.objects.get()
    assert round_table.meetings.filter(start__lt=timezone.now()).count() == 3
    assert round_table.meetings.filter(start__gt=timezone.now()).count() == 1
    assert list(round_table.decisions.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert ActionItem.objects.filter(status="open").count() == 3
    assert ActionItem.objects.filter(due__lt=timezone.localdate()).exists()  # one is overdue


def test_the_demo_has_partner_accounts(settings):
    from quartier.network.demo import PARTNERS
    from quartier.network.models import Partnership

    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    partners = Partnership.objects.filter(accepted_at__isnull=False).select_related("user")
    assert partners.count() == len(PARTNERS) == 3  # the family centre, the TV Hohenhain, the youth club
    assert all(p.user is not None and p.user.check_password("quartier-demo") for p in partners)


def test_the_demo_youth_club_owns_the_caravan_books_it_in_its_name_and_proposed_a_call(settings, client):
    from quartier.network.models import OrganisationCall
    from quartier.resources.models import Booking, Resource

    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    youth_club = Organisation.objects.get(slug="jugendtreff-alchen")
    caravan = Resource.objects.get(slug="wohnwagen")
    assert caravan.organisation == youth_club
    booking = Booking.objects.get(for_organisation=youth_club)
    assert booking.person is not None
    assert booking.person.email == "jugendtreff-partner@example.org"
    link = OrganisationCall.objects.get()
    assert link.organisation == youth_club
    assert not link.call.is_published
    assert link.call.shifts.count() == 2
    assert 'href="/ausleihe/wohnwagen/"' in client.get("/netzwerk/jugendtreff-alchen/").content.decode()
