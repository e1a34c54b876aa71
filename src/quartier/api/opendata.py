"""The open data: the public datasets as CSV and JSON under a licence, and their DCAT-AP.de
catalogue in JSON-LD for the state's open-data portal to harvest.

The licence is the setting ``OPEN_DATA_LICENCE`` (environment ``QUARTIER_OPEN_DATA_LICENCE``):
``dl-de/by-2-0`` (Datenlizenz Deutschland – Namensnennung 2.0, the default) or ``cc-by-4.0``.
Each dataset answers in a constant number of queries, whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.links import absolute_url
from quartier.events.models import EventDate
from quartier.network.models import Organisation
from quartier.places.models import District, Town
from quartier.projects.models import Project


@dataclass(frozen=True)
class Licence:
    key: str
    name: str
    uri: str  # the DCAT-AP.de licence vocabulary
    text_url: str  # where people read it


LICENCES = {
    "dl-de/by-2-0": Licence(
        "dl-de/by-2-0",
        "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "https://www.govdata.de/dl-de/by-2-0",
    ),
    "cc-by-4.0": Licence(
        "cc-by-4.0",
        "Creative Commons Namensnennung 4.0 International (CC BY 4.0)",
        "http://dcat-ap.de/def/licenses/cc-by/4.0",
        "https://creativecommons.org/licenses/by/4.0/deed.de",
    ),
}


def licence() -> Licence:
    return LICENCES[settings.OPEN_DATA_LICENCE]


def _slugs(related: Any) -> str:
    return ", ".join(item.slug for item in related.all())


def _local(stamp: Any) -> str:
    return timezone.localtime(stamp).isoformat() if stamp else ""


def district_rows() -> Iterable[list[Any]]:
    for district in District.objects.for_listing().order_by("name", "pk"):
        point = district.contact_point
        yield [
            district.slug,
            district.name,
            district.population,
            district.latitude,
            district.longitude,
            point.name if point else "",
            f"{point.street}, {point.postcode} {point.city}" if point else "",
            absolute_url(district),
        ]


def project_rows() -> Iterable[list[Any]]:
    projects = Project.objects.prefetch_related("districts", "fields_of_action").order_by("title", "pk")
    for project in projects:
        yield [
            project.slug,
            project.title,
            project.summary,
            project.status,
            project.start.isoformat() if project.start else "",
            project.end.isoformat() if project.end else "",
            _slugs(project.districts),
            _slugs(project.fields_of_action),
            absolute_url(project),
        ]


def event_rows() -> Iterable[list[Any]]:
    dates = EventDate.objects.public().select_related("event__district", "event__project").order_by("start", "pk")
    for date in dates:
        event = date.event
        yield [
            date.pk,
            event.pk,
            event.title,
            event.summary,
            _local(date.start),
            _local(date.end),
            date.effective_status,
            event.venue,
            event.address,
            event.district.slug,
            event.project.slug if event.project is not None else "",
            event.target_group,
            absolute_url(date),
        ]


def organisation_rows() -> Iterable[list[Any]]:
    for organisation in Organisation.objects.for_listing().order_by("name", "pk"):
        yield [
            organisation.slug,
            organisation.name,
            organisation.kind,
            organisation.street,
            organisation.postcode,
            organisation.city,
            organisation.latitude,
            organisation.longitude,
            organisation.phone,
            organisation.email,
            organisation.website,
            _slugs(organisation.districts),
            _slugs(organisation.fields_of_action),
            absolute_url(organisation),
        ]


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Any  # lazy translations
    description: Any
    columns: tuple[str, ...]
    rows: Callable[[], Iterable[list[Any]]]
    keywords: tuple[str, ...]


DATASETS = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "districts",
            _("Ortsteile"),
            _("Die Ortsteile der Stadt mit Einwohnerzahl, Lage und ihrer Anlaufstelle."),
            ("slug", "name", "population", "latitude", "longitude", "contact_point", "contact_point_address", "url"),
            district_rows,
            ("Ortsteile", "Quartiersmanagement"),
        ),
        Dataset(
            "projects",
            _("Projekte"),
            _("Die Projekte des Quartiersmanagements mit Stand, Zeitraum, Ortsteilen und Handlungsfeldern."),
            ("slug", "title", "summary", "status", "start", "end", "districts", "fields_of_action", "url"),
            project_rows,
            ("Projekte", "Quartiersmanagement", "Stadtentwicklung"),
        ),
        Dataset(
            "events",
            _("Termine"),
            _("Die veröffentlichten Termine der Veranstaltungen mit Ort, Ortsteil und Stand."),
            (
                "date_id",
                "event_id",
                "title",
                "summary",
                "start",
                "end",
                "status",
                "venue",
                "address",
                "district",
                "project",
                "target_group",
                "url",
            ),
            event_rows,
            ("Veranstaltungen", "Termine", "Freizeit"),
        ),
        Dataset(
            "organisations",
            _("Organisationen"),
            _(
                "Vereine, Schulen, Kitas, Kirchengemeinden und Initiativen im Netzwerk, mit ihren öffentlichen Kontaktdaten."
            ),
            (
                "slug",
                "name",
                "kind",
                "street",
                "postcode",
                "city",
                "latitude",
                "longitude",
                "phone",
                "email",
                "website",
                "districts",
                "fields_of_action",
                "url",
            ),
            organisation_rows,
            ("Vereine", "Organisationen", "Netzwerk"),
        ),
    )
}

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FORMATS = {
    "csv": (
        "http://publications.europa.eu/resource/authority/file-type/CSV",
        "https://www.iana.org/assignments/media-types/text/csv",
    ),
    "json": (
        "http://publications.europa.eu/resource/authority/file-type/JSON",
        "https://www.iana.org/assignments/media-types/application/json",
    ),
}
THEME = "http://publications.europa.eu/resource/authority/data-theme/SOCI"  # population and society
LANGUAGE = "http://publications.europa.eu/resource/authority/language/DEU"


def _text(value: Any) -> dict[str, str]:
    return {"@value": str(value), "@language": "de"}


def publisher(town: Town | None) -> dict[str, Any]:
    name = (town.official_name or town.name) if town else "Quartier"
    result: dict[str, Any] = {"@type": "foaf:Organization", "foaf:name": name}
    homepage = town.website if town and town.website else absolute_url("/")
    result["foaf:homepage"] = {"@id": homepage}
    return result


def catalogue() -> dict[str, Any]:
    """The DCAT-AP.de catalogue of the datasets, one distribution each for CSV and JSON."""
    town = Town.load()
    rights = licence()
    who = publisher(town)
    page = absolute_url(reverse("opendata:index"))
    datasets = []
    for dataset in DATASETS.values():
        distributions = []
        for extension, (file_type, media_type) in FORMATS.items():
            url = absolute_url(reverse("opendata:download", args=[dataset.name, extension]))
            distributions.append(
                {
                    "@id": url,
                    "@type": "dcat:Distribution",
                    "dct:title": _text(f"{dataset.title} ({extension.upper()})"),
                    "dcat:accessURL": {"@id": url},
                    "dcat:downloadURL": {"@id": url},
                    "dct:format": {"@id": file_type},
                    "dcat:mediaType": {"@id": media_type},
                    "dct:license": {"@id": rights.uri},
                }
            )
        datasets.append(
            {
                "@id": f"{page}#{dataset.name}",
                "@type": "dcat:Dataset",
                "dct:identifier": f"{page}#{dataset.name}",
                "dct:title": _text(dataset.title),
                "dct:description": _text(dataset.description),
                "dct:publisher": who,
                "dct:license": {"@id": rights.uri},
                "dct:language": {"@id": LANGUAGE},
                "dcat:theme": {"@id": THEME},
                "dcat:keyword": [_text(keyword) for keyword in dataset.keywords],
                "dcat:landingPage": {"@id": page},
                "dcat:distribution": distributions,
            }
        )
    name = town.name if town else "Quartier"
    return {
        "@context": DCAT_CONTEXT,
        "@id": absolute_url(reverse("opendata:catalog")),
        "@type": "dcat:Catalog",
        "dct:title": _text(_("Offene Daten des Quartiersmanagements %(town)s") % {"town": name}),
        "dct:description": _text(_("Öffentliche Daten zu Ortsteilen, Projekten, Terminen und Organisationen.")),
        "dct:publisher": who,
        "dct:language": {"@id": LANGUAGE},
        "dct:license": {"@id": rights.uri},
        "foaf:homepage": {"@id": page},
        "dcat:dataset": datasets,
    }
