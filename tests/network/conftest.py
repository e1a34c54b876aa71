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


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run e-mail tasks at once (after commit), so tests can read mail.outbox."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def make_round_table(*districts: Any, **fields: Any) -> Any:
    from quartier.network.models import RoundTable

    number = RoundTable.objects.count() + 1
    defaults: dict[str, Any] = {"name": f"Runder Tisch {number}", "slug": f"runder-tisch-{number}"}
    round_table = RoundTable.objects.create(**{**defaults, **fields})
    round_table.districts.set(districts)
    return round_table


def make_meeting(round_table: Any, *, days: int = 7, **fields: Any) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    from quartier.network.models import Meeting

    start = timezone.now() + timedelta(days=days)
    return Meeting.objects.create(
        round_table=round_table, **{"start": start, "end": start + timedelta(hours=2), "place": "Rathaus", **fields}
    )
