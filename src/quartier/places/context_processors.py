from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest
from django.urls import reverse

from quartier.places.models import Town


@lru_cache(maxsize=1)
def town_urls() -> dict[str, str]:
    """The town's home page and colour stylesheet, which every page's layout links; reversed once per process."""
    return {"home": reverse("places:home"), "theme": reverse("places:theme")}


def town(request: HttpRequest) -> dict[str, Any]:
    try:
        town = Town.load()
    except DatabaseError:
        # Error pages must still render while the database is away.
        town = None
    return {"town": town, "town_urls": town_urls()}
