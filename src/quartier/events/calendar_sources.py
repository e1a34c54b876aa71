"""Where other apps put their dates into the site's iCalendar feeds (``termine/kalender.ics``
and the feeds per district, project and field of action).

An app above events registers a ``CalendarSource`` in its ``hooks.register()``; for each feed
the events app asks every source for its entries in the feed's ``FeedScope`` and writes each
``CalendarEntry`` as a VEVENT beside the events. A source costs a constant number of queries
(usually one) whatever the number of its entries, and returns only what is public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from quartier.core.registry import Registry


@dataclass(frozen=True)
class FeedScope:
    """What a feed covers: everything (all ``None``), one district, one project or one field
    of action. ``since``: entries that ended before it are left out."""

    since: datetime
    district: Any = None
    project: Any = None
    field_of_action: Any = None


@dataclass(frozen=True)
class CalendarEntry:
    """One VEVENT. ``uid`` is unique within the site (``shift-12``; the feed adds ``@host``),
    ``url`` a path on the site (the feed makes it absolute)."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    url: str
    location: str = ""
    description: str = ""
    cancelled: bool = False
    last_modified: datetime | None = None


@dataclass(frozen=True)
class CalendarSource:
    """``entries(scope)`` returns the source's public entries in the scope (a constant number of queries)."""

    name: str
    entries: Callable[[FeedScope], Iterable[CalendarEntry]]
    order: int = 100


calendar_sources: Registry[CalendarSource] = Registry("calendar sources")


def entries_for(scope: FeedScope) -> list[CalendarEntry]:
    """Every registered source's entries in the scope, in the sources' order."""
    return [entry for source in calendar_sources for entry in source.entries(scope)]
