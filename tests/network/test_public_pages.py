"""The public directory: filters, search, pages, the map only with points, an organisation's
page with JSON-LD and h-card, the vCard, and a fixed number of queries however long the lists."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from quartier.network.models import Organisation
from quartier.places.models import FieldOfAction
from tests import factories
from tests.network.conftest import make_organisation

pytestmark = pytest.mark.django_db
URL = "/netzwerk/"


def test_the_directory_filters_by_district_kind_field_and_search(client, district_a, district_b, organisation_a):
    school = make_organisation(district_b, name="Grundschule Büschergrund", kind="school")
    school.fields_of_action.set([FieldOfAction.objects.get(slug="jugend")])
    organisation_a.fields_of_action.set([FieldOfAction.objects.get(slug="familie")])

    def names(**query):
        return [o.name for o in client.get(URL, query).context["page"]]

    assert names() == ["Familienzentrum Freudenberg", "Grundschule Büschergrund"]
    assert names(district=district_b.slug) == ["Grundschule Büschergrund"]
    assert names(kind="family_centre") == ["Familienzentrum Freudenberg"]
    assert names(field="jugend") == ["Grundschule Büschergrund"]
    assert names(q="schul") == ["Familienzentrum Freudenberg", "Grundschule Büschergrund"]  # street and name
    assert names(q="büscher") == ["Grundschule Büschergrund"]
    assert names(kind="nonsense") == ["Familienzentrum Freudenberg", "Grundschule Büschergrund"]


def test_the_directory_pages_and_maps_only_organisations_with_a_point(client, district_a, organisation_a):
    for number in range(25):
        make_organisation(district_a, name=f"Zverein {number:02}", slug=f"z-{number}")
    first = client.get(URL)
    assert len(first.context["page"]) == 20
    assert first.context["on_map"] == [organisation_a]
    assert 'id="map-data"' in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert len(second.context["page"]) == 6
    assert 'id="map-data"' not in second.content.decode()


def test_an_organisation_page_has_json_ld_h_card_and_links_to_the_vcard(client, organisation_a):
    content = client.get(organisation_a.get_absolute_url()).content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert found
    data = json.loads(found.group(1))
    assert data["@type"] == "Organization"
    assert data["name"] == "Familienzentrum Freudenberg"
    assert data["address"]["postalCode"] == "57258"
    assert data["telephone"] == "02734 12345"
    assert data["url"].endswith("/netzwerk/familienzentrum/")
    assert 'class="h-card' in content
    assert 'class="p-name p-org u-url' in content
    assert 'class="p-street-address">Schulstraße 12<' in content
    assert "/netzwerk/familienzentrum/vcard/" in content


def test_json_ld_cannot_close_its_script_tag(client, district_a):
    organisation = make_organisation(district_a, name="</script><script>alert(1)</script>", slug="x")
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content


def test_the_vcard_escapes_its_values(client, organisation_a):
    response = client.get("/netzwerk/familienzentrum/vcard/")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert 'filename="familienzentrum.vcf"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\n")
    assert "FN:Familienzentrum Freudenberg\r\n" in text
    assert "ADR;TYPE=work:;;Schulstraße 12;Freudenberg;;57258;Deutschland\r\n" in text
    assert "TEL;TYPE=work,voice;VALUE=uri:tel:0273412345\r\n" in text
    assert "EMAIL;TYPE=work:info@fz.example.org\r\n" in text
    assert text.endswith("END:VCARD\r\n")
    organisation_a.name = "Kirche; St. Marien, Freudenberg"
    organisation_a.save()
    assert (
        "FN:Kirche\\; St. Marien\\, Freudenberg\r\n" in client.get("/netzwerk/familienzentrum/vcard/").content.decode()
    )


def test_an_organisation_page_lists_its_projects_and_their_next_published_events(client, district_a, organisation_a):
    project = factories.make_project(district_a, title="Spielekiste")
    organisation_a.projects.add(project)
    factories.make_event(district_a, title="Spielefest", project=project)
    factories.make_event(district_a, title="Entwurf", project=project, is_published=False)
    factories.make_event(district_a, title="Anderes Fest")
    content = client.get(organisation_a.get_absolute_url()).content.decode()
    assert "Spielekiste" in content
    assert "Spielefest" in content
    assert "Entwurf" not in content
    assert "Anderes Fest" not in content


def test_a_project_page_names_its_partner_organisations(client, district_a, organisation_a):
    project = factories.make_project(district_a, title="Spielekiste")
    assert "Partnerorganisationen" not in client.get(project.get_absolute_url()).content.decode()
    organisation_a.projects.add(project)
    content = client.get(project.get_absolute_url()).content.decode()
    assert "Partnerorganisationen" in content
    assert organisation_a.get_absolute_url() in content


def test_a_district_page_lists_its_organisations(client, district_a, organisation_a):
    content = client.get(district_a.get_absolute_url()).content.decode()
    assert "Organisationen im Ortsteil" in content
    assert "Familienzentrum Freudenberg" in content


def _many(district_a, count: int) -> list[Organisation]:
    fields = list(FieldOfAction.objects.all())
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Verein {n:05}", slug=f"verein-{n}", kind="club", latitude=50.9, longitude=7.87)
        for n in range(count)
    )
    Through = Organisation.districts.through
    Through.objects.bulk_create(Through(organisation=o, district=district_a) for o in organisations)
    FieldThrough = Organisation.fields_of_action.through
    FieldThrough.objects.bulk_create(
        FieldThrough(organisation=o, fieldofaction=fields[n % len(fields)]) for n, o in enumerate(organisations)
    )
    return organisations


def test_directory_and_organisation_page_take_a_fixed_number_of_queries(
    client, district_a, django_assert_max_num_queries
):
    from django.core.cache import cache

    organisations = _many(district_a, 5000)
    organisation = organisations[0]
    for n in range(5):
        project = factories.make_project(district_a)
        organisation.projects.add(project)
        factories.make_event(district_a, project=project, start=timezone.now() + timedelta(days=n + 1))
    client.get(URL)  # warm the per-process caches (navigation, filter choices)
    cache.clear()
    with django_assert_max_num_queries(11):  # 10, and the page cache's data version
        assert client.get(URL, {"page": 3, "district": district_a.slug, "q": "Verein"}).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(11):
        response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["event_dates"]) == 5
