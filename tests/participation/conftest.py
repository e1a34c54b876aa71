from __future__ import annotations

from typing import Any

import pytest

from quartier.participation.models import Idea
from quartier.places.models import District, FieldOfAction


def field_of_action(slug: str = "nachbarschaft") -> FieldOfAction:
    """A seeded field of action; transactional tests flush the seed, so it is made again then."""
    field, _ = FieldOfAction.objects.get_or_create(slug=slug, defaults={"name": slug.capitalize()})
    return field


def make_idea(district: District, author: Any, **fields: Any) -> Idea:
    defaults: dict[str, Any] = {
        "title": "Bänke am Bach",
        "text": "Zwei Bänke zum Ausruhen.",
        "field_of_action": field_of_action(),
    }
    return Idea.objects.create(district=district, author=author, **{**defaults, **fields})


@pytest.fixture
def idea(district_a, resident) -> Idea:
    return make_idea(district_a, resident)
