"""Open data: the downloads hold only public records, formula-safe, under the configured
licence, and the DCAT-AP.de catalogue names them as a portal expects."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.cache import cache

from quartier.api.opendata import DATASETS
from quartier.projects.models import Project
from tests.api.conftest import add_public_records

pytestmark = pytest.mark.django_db

DL_DE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
CC_BY = "http://dcat-ap.de/def/licenses/cc-by/4.0"


def csv_rows(client, path: str) -> list[list[str]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_catalogue_is_dcat_ap_de_in_json_ld(client, public_town):
    response = client.get("/opendata/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalogue["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["dct:publisher"]["foaf:name"] == "Freudenberg"
    datasets = catalogue["dcat:dataset"]
    assert len(datasets) == len(DATASETS) == 4
    for dataset in datasets:
        assert dataset["@type"] == "dcat:Dataset"
        assert dataset["dct:title"]["@value"]
        assert dataset["dct:description"]["@value"]
        assert dataset["dct:license"] == {"@id": DL_DE}
        assert dataset["dct:publisher"]["foaf:name"] == "Freudenberg"
        formats = set()
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dcat:accessURL"]["@id"] == distribution["dcat:downloadURL"]["@id"]
            assert distribution["dct:license"] == {"@id": DL_DE}
            assert distribution["dcat:mediaType"]["@id"].startswith("https://www.iana.org/assignments/media-types/")
            formats.add(distribution["dct:format"]["@id"].rsplit("/", 1)[-1])
            path = distribution["dcat:downloadURL"]["@id"].split("://", 1)[1].split("/", 1)[1]
            assert client.get(f"/{path}").status_code == 200
        assert formats == {"CSV", "JSON"}


def test_licence_is_a_setting(client, public_town, settings):
    settings.OPEN_DATA_LICENCE = "cc-by-4.0"
    catalogue = client.get("/opendata/catalog.jsonld").json()
    assert {dataset["dct:license"]["@id"] for dataset in catalogue["dcat:dataset"]} == {CC_BY}
    download = client.get("/opendata/projects.json").json()
    assert download["licence"]["uri"] == CC_BY
    assert "Creative Commons" in client.get("/offene-daten/").content.decode()


def test_csv_is_formula_safe(client, public_town):
    Project.objects.filter(slug="spielplatz-1").update(title='=HYPERLINK("http://evil.example","x")', summary="+1")
    header, row = csv_rows(client, "/opendata/projects.csv")
    assert header[:3] == ["slug", "title", "summary"]
    assert row[1] == '\'=HYPERLINK("http://evil.example","x")'
    assert row[2] == "'+1"


def test_downloads_hold_only_public_records(client, public_town):
    events = csv_rows(client, "/opendata/events.csv")
    titles = {row[2] for row in events[1:]}
    assert titles == {"Fest 1"}  # not the unpublished "Geheimes Treffen"
    everything = "".join(client.get(f"/opendata/{name}.json").content.decode() for name in DATASETS)
    everything += "".join(b"".join(client.get(f"/opendata/{name}.csv").streaming_content).decode() for name in DATASETS)
    for hidden in ("Geheimes Treffen", "Olga Orga", "orga@example.org", "Rita Resident", "resident@example.org"):
        assert hidden not in everything, hidden
    organisations = client.get("/opendata/organisations.json").json()
    assert organisations["licence"]["uri"] == DL_DE
    assert [item["email"] for item in organisations["items"]] == ["info1@verein.example"]


def test_unknown_datasets_and_formats_are_404(client, public_town):
    assert client.get("/opendata/inquiries.csv").status_code == 404
    assert client.get("/opendata/projects.xlsx").status_code == 404


def test_open_data_page_lists_the_downloads_and_the_footer_links_to_it(client, public_town):
    page = client.get("/offene-daten/").content.decode()
    for name in DATASETS:
        assert f'href="/opendata/{name}.csv"' in page
        assert f'href="/opendata/{name}.json"' in page
    assert 'href="/opendata/catalog.jsonld"' in page
    assert "Datenlizenz Deutschland" in page
    home = client.get("/").content.decode()
    assert 'href="/offene-daten/"' in home
    assert 'href="/api/v1/docs/"' in home


def test_api_documentation_pages_describe_every_operation(client, public_town):
    page = client.get("/api/v1/docs/").content.decode()
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "<script" not in page.split("<main", 1)[1]  # pages of the site: no Swagger UI, nothing from a CDN
    for path, methods in schema["paths"].items():
        assert path in page
        operation = methods["get"]
        detail = client.get(f"/api/v1/docs/{operation['operationId']}/")
        assert detail.status_code == 200
        text = detail.content.decode()
        for parameter in operation.get("parameters", []):
            assert f"<code>{parameter['name']}</code>" in text
    events = client.get("/api/v1/docs/event_list/").content.decode()
    for field in ("date_from", "EventOut", "EventDateOut", "places_left", "venue"):
        assert field in events
    assert client.get("/api/v1/docs/no_such_operation/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/offene-daten/",
        "/opendata/catalog.jsonld",
        "/api/v1/docs/",
        "/api/v1/docs/event_list/",
        *(f"/opendata/{name}.{kind}" for name in DATASETS for kind in ("csv", "json")),
    ],
)
def test_query_count_stays_constant_as_datasets_grow(
    client, public_town, district_a, path, django_assert_max_num_queries
):
    for number in range(2, 7):
        add_public_records(district_a, public_town.field, number)
    cache.clear()
    with django_assert_max_num_queries(5):
        response = client.get(path)
        if path.endswith(".csv"):
            rows = b"".join(response.streaming_content).decode().splitlines()
            assert len(rows) >= 3
    assert response.status_code == 200
