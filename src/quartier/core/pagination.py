"""Lists with pages: one template (`core/_pagination.html`) for two ways of paging.

Every list's query parameters are English identifiers (``q``, ``district`` as a slug,
``field``, ``status``, ``sort``, ``page``); the German ``seite`` of older links still works.

- `paginate`: numbered pages (`page`), for short lists where "Seite 2 von 5" helps.
- `keyset_paginate`: cursor pages (`after`/`before`) for long lists: the next page starts after
  the last row shown, found through the index of the list's sort, so neither a deep page nor
  the first one counts or skips the rows before it. `capped_count` counts up to a limit
  where a list says how long it is ("mehr als 1.000").
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, QueryDict

PAGE_PARAMETER = "page"
OLD_PAGE_PARAMETERS = ("seite",)
AFTER_PARAMETER = "after"
BEFORE_PARAMETER = "before"
PAGING_PARAMETERS = (PAGE_PARAMETER, *OLD_PAGE_PARAMETERS, AFTER_PARAMETER, BEFORE_PARAMETER)
COUNT_CAP = 1000


def page_number(request: HttpRequest) -> str | None:
    """The page asked for, by the page parameter or an old name of it."""
    for name in (PAGE_PARAMETER, *OLD_PAGE_PARAMETERS):
        if request.GET.get(name):
            return request.GET[name]
    return None


def paginate(request: HttpRequest, object_list: Any, per_page: int) -> tuple[Page[Any], str]:
    """The requested page (the last for a number past the end, the first for nonsense)
    and the list's other query parameters, for the links to the other pages."""
    page = Paginator(object_list, per_page).get_page(page_number(request))
    return page, other_parameters(request)


def other_parameters(request: HttpRequest) -> str:
    """The request's query string without the paging parameters (for lists that page themselves)."""
    query = request.GET.copy()
    for name in PAGING_PARAMETERS:
        query.pop(name, None)
    return query.urlencode()


@dataclass(frozen=True)
class CappedCount:
    """How many rows a list has, counted up to `cap`: `more` when there are more than that."""

    value: int
    more: bool


def capped_count(queryset: QuerySet[Any], cap: int | None = None) -> CappedCount:
    """One COUNT over at most cap + 1 rows (a subquery with LIMIT), however long the list."""
    cap = COUNT_CAP if cap is None else cap
    counted = queryset.order_by()[: cap + 1].count()
    return CappedCount(value=min(counted, cap), more=counted > cap)


class KeysetPage:
    """One page of a list paged by cursor; iterates like a Django Page for the templates."""

    keyset = True

    def __init__(self, object_list: list[Any], *, previous_query: str | None, next_query: str | None) -> None:
        self.object_list = object_list
        self.previous_query = previous_query
        self.next_query = next_query
        self.has_previous = previous_query is not None
        self.has_next = next_query is not None
        self.has_other_pages = self.has_previous or self.has_next

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def __bool__(self) -> bool:
        return bool(self.object_list)


def _fields(model: type[Model], ordering: Sequence[str]) -> list[tuple[str, bool, Any]]:
    """(name, descending, model field) for each part of the sort; names as in order_by()."""
    parts = []
    for part in ordering:
        name = part.lstrip("-")
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if getattr(field, "null", False):
            raise ValueError(f"keyset paging needs columns without NULL, not {name}")
        parts.append((name, part.startswith("-"), field))
    last = parts[-1][2] if parts else None
    if last is None or not (getattr(last, "primary_key", False) or getattr(last, "unique", False)):
        raise ValueError("the last part of a keyset sort must be unique (e.g. pk)")
    return parts


def _encode(values: list[Any]) -> str:
    text = json.dumps([value.isoformat() if hasattr(value, "isoformat") else value for value in values])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, fields: list[tuple[str, bool, Any]]) -> list[Any] | None:
    """The cursor's values as Python values of the sort's fields, None for a broken cursor."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(fields):
            return None
        values = [field.to_python(value) for (_name, _desc, field), value in zip(fields, raw, strict=True)]
    except (ValueError, TypeError, ValidationError, binascii.Error):
        return None
    if any(value is None for value in values):
        return None
    return values


def _beyond(fields: list[tuple[str, bool, Any]], values: list[Any], *, forward: bool) -> Q:
    """The rows after (forward) or before the cursor in the sort's order.

    (a, b) after (x, y) is `a ≤ x AND (a < x OR (a = x AND b < y))` for a descending sort: the
    first term is a plain range on the sort's first column, which the index answers."""
    disjunction = Q()
    equal: dict[str, Any] = {}
    for (name, descending, _field), value in zip(fields, values, strict=True):
        lookup = "lt" if descending == forward else "gt"
        disjunction |= Q(**equal, **{f"{name}__{lookup}": value})
        equal[name] = value
    first_name, first_descending, _field = fields[0]
    return Q(**{f"{first_name}__{'lte' if first_descending == forward else 'gte'}": values[0]}) & disjunction


def keyset_paginate(
    request: HttpRequest, queryset: QuerySet[Any], per_page: int, ordering: Sequence[str]
) -> tuple[KeysetPage, str]:
    """The page after `after` (or before `before`) in `ordering`, the first page without either;
    a broken cursor gives the first page. One query of per_page + 1 rows.

    `ordering` names columns without NULL and ends with a unique one (pk). Returns the page
    and the list's other query parameters, as `paginate` does."""
    fields = _fields(queryset.model, ordering)
    reverse = [part[1:] if part.startswith("-") else f"-{part}" for part in ordering]
    after = _decode(request.GET.get(AFTER_PARAMETER, ""), fields) if AFTER_PARAMETER in request.GET else None
    before = (
        _decode(request.GET.get(BEFORE_PARAMETER, ""), fields)
        if after is None and BEFORE_PARAMETER in request.GET
        else None
    )
    if before is not None:
        rows = list(queryset.filter(_beyond(fields, before, forward=False)).order_by(*reverse)[: per_page + 1])
        has_previous, has_next = len(rows) > per_page, True
        rows = rows[:per_page][::-1]
    else:
        if after is not None:
            queryset = queryset.filter(_beyond(fields, after, forward=True))
        rows = list(queryset.order_by(*ordering)[: per_page + 1])
        has_previous, has_next = after is not None, len(rows) > per_page
        rows = rows[:per_page]
    query = other_parameters(request)

    def link(parameter: str, row: Any) -> str:
        params = QueryDict(query, mutable=True)
        params[parameter] = _encode([getattr(row, name) for name, _desc, _field in fields])
        return params.urlencode()

    return (
        KeysetPage(
            rows,
            previous_query=link(BEFORE_PARAMETER, rows[0]) if has_previous and rows else None,
            next_query=link(AFTER_PARAMETER, rows[-1]) if has_next and rows else None,
        ),
        query,
    )
