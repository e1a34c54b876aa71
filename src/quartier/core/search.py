"""The site search: one index of every searchable record, filled by the apps' search providers.

Each app registers a ``registry.SearchProvider`` for a model in its ``hooks.py``. Its
``document(obj)`` says what the search keeps of a record (title, text, link, and who may find
it) or ``None`` when nobody may (hidden, unpublished, private). This module keeps the index
(``SearchEntry``) in step: every save of a provider's model indexes the record again in the
same transaction (``post_save``), every deletion removes it (``post_delete``); a change that
skips ``save()`` (a queryset ``update()``) calls ``index_object`` itself. ``quartier reindex``
rebuilds it all.

Searching: PostgreSQL matches the entries' ``search_vector`` (German configuration, GIN index)
with prefix queries (``ferienspiel:*``), ranks them (``SearchRank``) and marks the words found
(``SearchHeadline``); SQLite matches its FTS5 table with prefix terms (``"ferienspiel"*``),
ranks with ``bm25`` and marks with ``snippet``. A word typed with umlauts also matches it
written out and the other way round ("Bürgertreff", "Buergertreff"). Whatever is typed, only
letters and digits reach the query, so no input is a syntax error.

One search costs two queries whatever the number of kinds and records: the hits of every kind
with their totals (a window function), then the snippets of the hits shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from quartier.core import registry
from quartier.core.models import LegalPage, SearchEntry
from quartier.core.permissions import sees_every_district, staff_district_ids

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_BODY_LENGTH = 20_000
HITS_PER_KIND = 5
PAGE_SIZE = 20
CONFIG = "german"
MARK_START = "\x02"
MARK_END = "\x03"

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_WRITTEN_OUT = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"))
_WORD = re.compile(r"[^\W_]+")
_MARKDOWN = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_#>`|~]+")


def fold(text: str) -> str:
    """Lower case with the umlauts written out: "Bürgertreff" → "buergertreff"."""
    return text.lower().translate(_UMLAUTS)


def _unfold(word: str) -> str:
    for written, umlaut in _WRITTEN_OUT:
        word = word.replace(written, umlaut)
    return word


def plain_text(text: str) -> str:
    """Markdown as the words a reader sees: links by their text, no emphasis or heading marks."""
    return " ".join(_MARKDOWN.sub(lambda m: m.group(1) or " ", text).split())


def folded_words(text: str) -> str:
    """The words of ``text`` that have umlauts, written out (only those: the rest match as they are)."""
    words = {fold(word) for word in _WORD.findall(text) if fold(word) != word.lower()}
    return " ".join(sorted(words))


def terms(query: str) -> list[list[str]]:
    """The words of a query, each with its spellings (as typed, umlauts written out, and
    written-out umlauts as umlauts); nothing but letters and digits, so FTS syntax (``"``,
    ``*``, ``NEAR``, ``-``) is only text."""
    words = _WORD.findall(query[:MAX_QUERY_LENGTH].lower())[:MAX_TERMS]
    found = []
    for word in words:
        word = word[:MAX_TERM_LENGTH]
        spellings = list(dict.fromkeys([word, fold(word), _unfold(fold(word))]))
        found.append(spellings)
    return found


# Indexing ------------------------------------------------------------------------------


def providers_for(model: type[Any]) -> list[registry.SearchProvider]:
    return _providers_by_model(registry.search_providers.version).get(model, [])


@lru_cache(maxsize=4)
def _providers_by_model(version: int) -> dict[type[Any], list[registry.SearchProvider]]:
    by_model: dict[type[Any], list[registry.SearchProvider]] = {}
    for provider in registry.search_providers:
        by_model.setdefault(provider.model, []).append(provider)
    return by_model


def _values(document: registry.SearchDocument) -> dict[str, Any]:
    title = " ".join(str(document.title).split())[:300]
    body = plain_text(str(document.body))[:MAX_BODY_LENGTH]
    return {
        "title": title,
        "body": body,
        "folded": folded_words(f"{title} {body}"),
        "url": document.url[:500],
        "district_id": document.district_id,
        "staff_only": document.staff_only,
        "visible_from": document.visible_from,
    }


def index_object(obj: Any) -> None:
    """Put ``obj`` into the index as its providers describe it, or take it out when they say
    nobody may find it. Runs in the caller's transaction."""
    for provider in providers_for(type(obj)):
        document = provider.document(obj)
        if document is None:
            SearchEntry.objects.filter(kind=provider.name, object_id=obj.pk).delete()
        else:
            SearchEntry.objects.update_or_create(kind=provider.name, object_id=obj.pk, defaults=_values(document))


def remove_object(obj: Any) -> None:
    kinds = [provider.name for provider in providers_for(type(obj))]
    if kinds and obj.pk is not None:
        SearchEntry.objects.filter(kind__in=kinds, object_id=obj.pk).delete()


def remove_ids(model: type[Any], pks: Iterable[int]) -> None:
    """Take records out of the index after a change that skipped ``save()``/``delete()``."""
    kinds = [provider.name for provider in providers_for(model)]
    if kinds:
        SearchEntry.objects.filter(kind__in=kinds, object_id__in=list(pks)).delete()


def indexed_on_save(sender: type[Any], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw and providers_for(sender):
        index_object(instance)


def removed_on_delete(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    if providers_for(sender):
        remove_object(instance)


def reindex(kinds: Sequence[str] | None = None, batch_size: int = 500) -> dict[str, int]:
    """Rebuild the index of every provider (or of ``kinds``): returns how many records each keeps."""
    counts: dict[str, int] = {}
    for provider in registry.search_providers:
        if kinds and provider.name not in kinds:
            continue
        records: Iterable[Any] = (
            provider.queryset() if provider.queryset is not None else provider.model._default_manager.all()
        )
        if isinstance(records, QuerySet):
            records = records.iterator(chunk_size=batch_size)  # a large town is not loaded at once
        with transaction.atomic():
            SearchEntry.objects.filter(kind=provider.name).delete()
            batch: list[SearchEntry] = []
            count = 0
            for obj in records:
                document = provider.document(obj)
                if document is None:
                    continue
                batch.append(SearchEntry(kind=provider.name, object_id=obj.pk, **_values(document)))
                count += 1
                if len(batch) >= batch_size:
                    SearchEntry.objects.bulk_create(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
        counts[provider.name] = count
    return counts


def legal_page_document(page: LegalPage) -> registry.SearchDocument:
    """The legal pages (imprint, privacy, accessibility, easy language) are public."""
    return registry.SearchDocument(title=page.title, body=page.body, url=page.get_absolute_url())


def fill_empty_index(using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``: an empty index over existing records (an installation from before the
    search) is built once; a filled one is left as it is."""
    if not SearchEntry.objects.using(using).exists():
        reindex()


# Searching -----------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))


@dataclass
class Group:
    provider: registry.SearchProvider
    total: int
    hits: list[Hit]
    more_url: str | None = None


def _staff_scope(user: Any) -> tuple[bool, frozenset[int]]:
    """(sees every district's staff records, the districts whose staff records it sees)."""
    if sees_every_district(user):
        return True, frozenset()
    return False, staff_district_ids(user)


def highlighted(text: str) -> SafeString:
    """A snippet with the marks the database set around the words found, escaped, as ``<mark>``."""
    escaped = escape(text)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308


def search(
    query: str, user: Any, *, kinds: Sequence[str] | None = None, limit: int = HITS_PER_KIND, offset: int = 0
) -> list[Group]:
    """The hits for ``query`` this person may see, grouped by kind in the providers' order:
    per kind its total and its hits ``offset`` to ``offset + limit``, best first."""
    words = terms(query)
    providers = [p for p in registry.search_providers if not kinds or p.name in kinds]
    if not words or not providers:
        return []
    every, districts = _staff_scope(user)
    names = [provider.name for provider in providers]
    if connection.vendor == "postgresql":
        rows, snippets = _search_postgresql(words, names, every, districts, limit, offset)
    else:
        rows, snippets = _search_sqlite(words, names, every, districts, limit, offset)
    groups: dict[str, Group] = {}
    by_name = {provider.name: provider for provider in providers}
    for pk, kind, title, url, total in rows:
        if kind not in groups:
            provider = by_name[kind]
            more = provider.more_url(query) if provider.more_url is not None else None
            groups[kind] = Group(provider=provider, total=total, hits=[], more_url=more)
        group = groups[kind]
        group.hits.append(Hit(kind=kind, title=title, url=url, snippet=highlighted(snippets.get(pk, ""))))
    return [groups[name] for name in names if name in groups]


Rows = list[tuple[int, str, str, str, int]]


def _search_postgresql(
    words: list[list[str]], kinds: list[str], every: bool, districts: frozenset[int], limit: int, offset: int
) -> tuple[Rows, dict[int, str]]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

    raw = " & ".join("(" + " | ".join(f"{spelling}:*" for spelling in spellings) + ")" for spellings in words)
    tsquery = SearchQuery(raw, search_type="raw", config=CONFIG)
    visible = Q(staff_only=False) & (Q(visible_from__isnull=True) | Q(visible_from__lte=timezone.now()))
    if every:
        visible |= Q(staff_only=True)
    elif districts:
        visible |= Q(staff_only=True, district_id__in=districts)
    rank = SearchRank(F("search_vector"), tsquery)
    ranked = (
        SearchEntry.objects.filter(visible, kind__in=kinds, search_vector=tsquery)
        .annotate(
            position=Window(RowNumber(), partition_by=[F("kind")], order_by=[rank.desc(), F("pk").asc()]),
            total=Window(Count("pk"), partition_by=[F("kind")]),
        )
        .filter(position__gt=offset, position__lte=offset + limit)
        .order_by("kind", "position")
        .values_list("pk", "kind", "title", "url", "total")
    )
    rows: Rows = list(ranked)
    if not rows:
        return rows, {}
    headlines = SearchEntry.objects.filter(pk__in=[row[0] for row in rows]).annotate(
        snippet=SearchHeadline(
            "body",
            tsquery,
            config=CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )
    return rows, dict(headlines.values_list("pk", "snippet"))


def _search_sqlite(
    words: list[list[str]], kinds: list[str], every: bool, districts: frozenset[int], limit: int, offset: int
) -> tuple[Rows, dict[int, str]]:
    match = " AND ".join("(" + " OR ".join(f'"{spelling}"*' for spelling in spellings) + ")" for spellings in words)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    visible = "(e.staff_only = 0 AND (e.visible_from IS NULL OR e.visible_from <= %s))"
    params: list[Any] = [match, *kinds, now]
    if every:
        visible += " OR e.staff_only = 1"
    elif districts:
        visible += f" OR (e.staff_only = 1 AND e.district_id IN ({', '.join(['%s'] * len(districts))}))"
        params += sorted(districts)
    params += [offset, offset + limit]
    # bm25: lower is better; the title weighs most.
    sql = f"""
        WITH found AS (
            SELECT rowid AS id, bm25(core_searchentry_fts, 10.0, 2.0, 1.0) AS score
            FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s
        )
        SELECT id, kind, title, url, total FROM (
            SELECT e.id, e.kind, e.title, e.url,
                ROW_NUMBER() OVER (PARTITION BY e.kind ORDER BY found.score, e.id) AS position,
                COUNT(*) OVER (PARTITION BY e.kind) AS total
            FROM found JOIN core_searchentry e ON e.id = found.id
            WHERE e.kind IN ({", ".join(["%s"] * len(kinds))}) AND ({visible})
        ) WHERE position > %s AND position <= %s
        ORDER BY kind, position
    """  # noqa: S608 (placeholders only)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: Rows = [tuple(row) for row in cursor.fetchall()]
        if not rows:
            return rows, {}
        ids = [row[0] for row in rows]
        cursor.execute(
            f"""
            SELECT rowid, snippet(core_searchentry_fts, 1, char(2), char(3), ' … ', 24)
            FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s AND rowid IN ({", ".join(["%s"] * len(ids))})
            """,  # noqa: S608 (placeholders only)
            [match, *ids],
        )
        snippets = dict(cursor.fetchall())
    return rows, snippets
