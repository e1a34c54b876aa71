"""Slugs for addresses, written the way German is transliterated: "Büschergrund" becomes
"bueschergrund", not "buschergrund" (Django's ``slugify`` drops the umlaut's dots); text
without control characters."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify

GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})


def german_slug(text: Any) -> str:
    return slugify(str(text).translate(GERMAN))


def unique_slug(queryset: QuerySet[Any], text: Any, *, max_length: int, fallback: str) -> str:
    """A slug for ``text`` that no object in ``queryset`` has yet ("titel", "titel-2", …)."""
    base = german_slug(text)[: max_length - 4].strip("-") or fallback
    slug, number = base, 1
    while queryset.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


# C0 and C1 control characters except tab, line feed and carriage return, and the two
# non-characters XML forbids: they have no business in any text a person types, and they
# make the XML (Open311) or CSV built from stored text invalid.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
