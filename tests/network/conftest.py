from __future__ import annotations

from typing import Any

import pytest

from quartier.network.models import Organisation


def make_organisation(*districts: Any, **fields: Any) -> Organisation:
    """An organisation saved directly (the service is tested on its own)."""
    number = Organisation.objects.count() + 1
    defaults: dict[str, Any] = {"name": f"Verein {number}", "slug": f"verein-{number}", "kind": "club"}
    organisation = Organisation.objects.create(**{**defaults, **fields})
    organisation.districts.set(districts)
    return organisation


@pytest.fixture
def organisation_a(district_a):
    return make_organisation(
        district_a,
        name="Familienzentrum Freudenberg",
        slug="familienzentrum",
        kind="family_centre",
        street="Schulstraße 12",
        postcode="57258",
        city="Freudenberg",
        phone="02734 12345",
        email="info@fz.example.org",
        website="https://fz.example.org/",
        latitude=50.8972,
        longitude=7.8710,
        description="Beratung; Treffs, *Gruppen*",
    )
