from __future__ import annotations

from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest

from quartier.places.models import Town


def town(request: HttpRequest) -> dict[str, Any]:
    try:
        return {"town": Town.load()}
    except DatabaseError:
        # Error pages must still render while the database is away.
        return {"town": None}
