"""What the network app holds about a person: the changes they made to organisations' entries."""

from __future__ import annotations

from typing import Any

from quartier.network.models import OrganisationChange


def export_network(user: Any) -> dict[str, Any]:
    changes = OrganisationChange.objects.filter(by=user).select_related("organisation").order_by("at")
    return {
        "organisation_changes": [
            {"organisation": change.organisation.name, "at": change.at.isoformat(), "fields": change.fields}
            for change in changes
        ]
    }


def erase_network(user: Any) -> None:
    """The history entry stays (what changed, when); it no longer names the person."""
    OrganisationChange.objects.filter(by=user).redact(by=None)
