"""Where apps plug into the core.

Each capability app fills these registries in its ``AppConfig.ready()``; ``core`` and
``places`` render what is registered and never name another app, its URLs or its template
tags. Entries are ordered by data (their ``order``), so adding an app changes no file below it.

The registries:

- ``navigation``: main-navigation entries (label, URL name, order, who sees them)
- ``cockpit_tiles``: what needs a staff member's attention (a count for their districts and a link)
- ``cockpit_sections``: a section on the cockpit below the tiles (``render(request, districts)``)
- ``district_sections`` / ``project_sections`` / ``event_sections``: a section rendered on a district's,
  a project's or an event's public page (the same for every visitor: nothing personal)
- ``home_sections``: a section on the home page (``render(request, town)``), cached for every visitor alike
- ``profile_sections``: a section on the signed-in person's profile (``render(request, user)``), never cached
- ``privacy``: exporters and erasers of personal data (see ``quartier.core.privacy``)
- ``occasion_hooks``: another app's part in an occasion (an event, a helper call, a meeting):
  fields it adds to the occasion's staff form, what it does when the occasion is saved, moved
  or cancelled (in the same transaction), and what it shows staff on the occasion's page
- ``report_sections``: an app's part of the yearly report "Projekte und Aktivitäten": its figures
  (each beside the previous year) and tables, for the town, a district or a field of action
- ``search_providers``: what each app keeps in the site search index and who may find it
  (``quartier.core.search`` indexes, searches and renders)
- ``demo_loaders``: ``quartier demo`` runs them in order to fill the demo town
- ``jobs``: scheduled jobs the worker runs (see ``quartier.core.jobs``)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from cronsim import CronSim, CronSimError
from django.utils import timezone

T = TypeVar("T")


class Registry(Generic[T]):
    """Named entries, kept in the order of their ``order`` attribute, then their name."""

    # Grows with every change of any registry: cached whole pages (core/pagecache.py) carry it.
    changes = 0

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}
        # Grows with every change, so what is computed from the entries once per process
        # (the navigation's reversed URLs) knows when to compute again.
        self.version = 0

    def register(self, entry: T) -> T:
        name = entry.name  # type: ignore[attr-defined]
        self._entries[name] = entry
        self.version += 1
        Registry.changes += 1
        return entry

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)
        self.version += 1
        Registry.changes += 1

    def get(self, name: str) -> T:
        return self._entries[name]

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self):
        return iter(sorted(self._entries.values(), key=lambda e: (getattr(e, "order", 0), e.name)))  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self._entries)


Visibility = Callable[[Any], bool]


def everyone(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation. ``active_prefix`` marks the entry as the current page
    for every path below it (default: the entry's own URL)."""

    name: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    visible: Visibility = everyone
    active_prefix: str | None = None


@dataclass(frozen=True)
class FooterLink:
    """A link in the page footer beside the legal pages (the open data, the API)."""

    name: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class CockpitTile:
    """What needs attention: ``count(user)`` for the staff member's districts (``None`` when
    the tile has no number), ``url_name`` where to deal with it, ``query`` the filter that list
    opens with (``"overdue=1"``), so the link shows exactly what was counted."""

    name: str
    label: Any
    url_name: str
    order: int = 100
    count: Callable[[Any], int | None] | None = None
    visible: Visibility = everyone
    description: Any = ""
    query: str = ""


@dataclass(frozen=True)
class PageSection:
    """A section on a page that renders what apps register: ``render(request, obj)`` returns
    HTML (usually ``render_to_string`` of the app's own template); ``None`` or "" shows nothing.
    ``obj`` is the district, the project, the event, the town (on the home page), the signed-in
    person (on the profile), or (on the cockpit) the staff member's districts. ``column`` "side"
    puts the section in the page's narrow column: the project page's aside, or side by side with
    the other narrow sections on the district page. The sections of a district's page and of
    the home page are cached for every visitor alike: render nothing personal there. The
    profile's sections are the person's own and never cached."""

    name: str
    render: Callable[[Any, Any], str | None]
    order: int = 100
    column: str = "main"  # "main" or "side" where the page has two columns


@dataclass(frozen=True)
class OccasionHook:
    """Another app's part in an occasion: an event, a helper call, a round table's meeting (any
    object an app above it knows; the hook tells them apart).

    - ``extend_form(form, occasion, user)`` adds fields to the occasion's staff form (the
      occasion unsaved when it is new);
    - ``saved(occasion=, data=, by=)`` runs inside the transaction that saved the occasion:
      after the staff form (``data``: its cleaned data) or after a change without the form
      (``data`` None: a date moved or cancelled; keep the choices, follow the dates). A
      ``ValidationError`` it raises rolls the whole change back and is shown to the person
      (keyed by a field it added when ``data`` is given, else without a field);
    - ``render(request, occasion)`` returns HTML for the occasion's staff pages (never for the
      public pages, which are the same for everyone)."""

    name: str
    extend_form: Callable[[Any, Any, Any], None] | None = None
    saved: Callable[..., None] | None = None
    render: Callable[[Any, Any], str | None] | None = None
    order: int = 100


@dataclass(frozen=True)
class Figure:
    """One number of the yearly report: ``value`` for the year, ``previous`` for the year before
    (``None`` where there is nothing to count, e.g. a median without answers)."""

    label: Any
    value: Any
    previous: Any = None
    unit: Any = ""


@dataclass(frozen=True)
class ReportTable:
    """A table of the yearly report (and its bar chart when ``chart``): ``rows`` are
    ``(label, value, previous)``; the report draws the chart from the first value column."""

    name: str
    caption: Any
    rows: list[tuple[Any, Any, Any]]
    chart: bool = True


@dataclass(frozen=True)
class ReportSection:
    """An app's part of the yearly report. ``figures(year, district=None, field_of_action=None)``
    returns ``Figure`` rows, ``tables(...)`` (optional) ``ReportTable`` rows, both aggregated in
    the database in a constant number of queries whatever the year's volume. A section that has
    nothing to say for a field of action (inquiries have none) returns an empty list."""

    name: str
    label: Any
    figures: Callable[..., list[Figure]]
    tables: Callable[..., list[ReportTable]] | None = None
    order: int = 100


@dataclass(frozen=True)
class SearchDocument:
    """What the site search keeps of one record (``quartier.core.search`` indexes it):
    ``title`` and ``body`` (plain text or Markdown) are searched, ``url`` is the link of the
    hit. A record for staff only (``staff_only``) is found only by staff of ``district_id``
    (coordinators: every district); a public one from ``visible_from`` on (``None``: now)."""

    title: str
    body: str
    url: str
    district_id: int | None = None
    staff_only: bool = False
    visible_from: datetime | None = None


@dataclass(frozen=True)
class SearchProvider:
    """One kind of record in the site search (``name`` is the kind, ``label`` the heading of
    its hits). ``model`` is the indexed model: every save of it (``post_save``) indexes the
    record again, every deletion removes it. ``document(obj)`` says what to keep of it, or
    ``None`` when nobody may find it (hidden, unpublished, private): then it leaves the
    index. ``queryset()`` lists the records ``quartier reindex`` goes through (with what
    ``document`` reads selected); ``more_url(query)`` is the app's list filtered by the
    query, for the "more" link (``None``: the search page's own list of this kind)."""

    name: str
    label: Any
    model: type[Any]
    document: Callable[[Any], SearchDocument | None]
    queryset: Callable[[], Iterable[Any]] | None = None
    more_url: Callable[[str], str] | None = None
    order: int = 100


@dataclass(frozen=True)
class DemoLoader:
    """``load(districts)`` adds the app's demo data (``districts``: the demo town's districts by
    slug); it runs after the loaders with a lower order and must be idempotent (running the
    demo twice duplicates nothing)."""

    name: str
    load: Callable[..., Any]
    order: int = 100


@dataclass(frozen=True)
class Job:
    """A scheduled job: ``run()`` is called by the worker once per period (see
    ``quartier.core.jobs``). ``schedule`` is a crontab expression in the site's time zone
    (``"15 3 * * *"``: every day at 03:15); a period starts each time it fires. What ``run()``
    returns is kept as the run's message (``quartier jobs`` shows it)."""

    name: str
    run: Callable[[], Any]
    schedule: str
    description: Any = ""
    order: int = 100
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A typo in a schedule should stop the app from loading, not silently never run.
        try:
            CronSim(self.schedule, datetime(2000, 1, 1, tzinfo=UTC))
        except CronSimError as error:
            raise ValueError(f"job {self.name!r}: bad crontab expression {self.schedule!r}: {error}") from error

    def period_start(self, now: datetime) -> datetime:
        """When the period that ``now`` falls in began: the last time the schedule fired, at or before ``now``."""
        local = timezone.localtime(now).replace(microsecond=0) + timedelta(seconds=1)
        return next(CronSim(self.schedule, local, reverse=True))

    def next_run(self, now: datetime) -> datetime:
        """The next time the schedule fires after ``now``."""
        return next(CronSim(self.schedule, timezone.localtime(now)))


class SearchProviders(Registry[SearchProvider]):
    """The search providers; registering one connects the signals that keep its model's
    records in the index (per model: a receiver for every model would make each bulk delete
    of the site fetch its rows first)."""

    def register(self, entry: SearchProvider) -> SearchProvider:
        from django.db.models.signals import post_delete, post_save

        from quartier.core.search import indexed_on_save, removed_on_delete

        super().register(entry)
        uid = f"quartier-search-{entry.model._meta.label_lower}"
        post_save.connect(indexed_on_save, sender=entry.model, dispatch_uid=uid)
        post_delete.connect(removed_on_delete, sender=entry.model, dispatch_uid=uid)
        return entry

    def unregister(self, name: str) -> None:
        from django.db.models.signals import post_delete, post_save

        entry = self._entries.get(name)
        super().unregister(name)
        if entry is not None and not any(other.model is entry.model for other in self._entries.values()):
            uid = f"quartier-search-{entry.model._meta.label_lower}"
            post_save.disconnect(sender=entry.model, dispatch_uid=uid)
            post_delete.disconnect(sender=entry.model, dispatch_uid=uid)


navigation: Registry[NavEntry] = Registry("navigation")
footer_links: Registry[FooterLink] = Registry("footer links")
cockpit_tiles: Registry[CockpitTile] = Registry("cockpit tiles")
cockpit_sections: Registry[PageSection] = Registry("cockpit sections")
district_sections: Registry[PageSection] = Registry("district sections")
project_sections: Registry[PageSection] = Registry("project sections")
event_sections: Registry[PageSection] = Registry("event sections")
home_sections: Registry[PageSection] = Registry("home sections")
profile_sections: Registry[PageSection] = Registry("profile sections")
occasion_hooks: Registry[OccasionHook] = Registry("occasion hooks")
search_providers = SearchProviders("search providers")
report_sections: Registry[ReportSection] = Registry("report sections")

demo_loaders: Registry[DemoLoader] = Registry("demo loaders")
jobs: Registry[Job] = Registry("jobs")


def extend_occasion_form(form: Any, occasion: Any, user: Any) -> None:
    """Let every occasion hook add its fields to an occasion's staff form."""
    for hook in occasion_hooks:
        if hook.extend_form is not None:
            hook.extend_form(form, occasion, user)


def occasion_saved(occasion: Any, *, data: dict[str, Any] | None, by: Any) -> None:
    """Tell every occasion hook that the occasion was saved, moved or cancelled; call it inside
    the saving transaction, so that a hook's refusal (``ValidationError``) undoes everything."""
    for hook in occasion_hooks:
        if hook.saved is not None:
            hook.saved(occasion=occasion, data=data, by=by)
