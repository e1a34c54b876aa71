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
