"""Slugs for addresses, written the way German is transliterated: "Büschergrund" becomes
"bueschergrund", not "buschergrund" (Django's ``slugify`` drops the umlaut's dots); text
without control characters."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.text import slugify

GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})


def german_slug(text: Any) -> str:
    return slugify(str(text).translate(GERMAN))


def unique_slug(
    queryset: QuerySet[Any], text: Any, *, max_length: int, fallback: str, url_name: str | None = None
) -> str:
    """A slug for ``text`` that no object in ``queryset`` has yet ("titel", "titel-2", …).
    With ``url_name`` (the URL of the object's page, taking ``slug``), a slug whose address
    another page answers ("aktuelles/feed/") counts as taken too."""
    base = german_slug(text)[: max_length - 4].strip("-") or fallback
    slug, number = base, 1
    while queryset.filter(slug=slug).exists() or (url_name and slug_shadowed(slug, url_name)):
        number += 1
        slug = f"{base}-{number}"
    return slug


def slug_shadowed(slug: str, url_name: str) -> bool:
    """Whether the page at ``url_name`` with this slug would be unreachable because another
    page answers its address (a news post called "feed", a thing called "meine-buchungen")."""
    try:
        return resolve(reverse(url_name, kwargs={"slug": slug})).view_name != url_name
    except (NoReverseMatch, Resolver404):
        return True


# C0 and C1 control characters except tab, line feed and carriage return, and the two
# non-characters XML forbids: they have no business in any text a person types, and they
# make the XML (Open311) or CSV built from stored text invalid.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)
