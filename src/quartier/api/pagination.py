"""Limit and offset for every list of the API, both bounded (a huge offset is a 422, never a database error)."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 100_000


def last_modified(item: Any) -> datetime | None:
    """When the record (or, for an event's date, its event) last changed."""
    stamp = getattr(item, "updated_at", None)
    if stamp is None and getattr(item, "event", None) is not None:
        stamp = item.event.updated_at
    return stamp


def note_last_modified(request: HttpRequest, items: Any) -> None:
    """Keep the latest change among the answered records for the Last-Modified header."""
    stamps = [stamp for stamp in (last_modified(item) for item in items) if stamp is not None]
    if stamps:
        request.api_last_modified = max(stamps)  # type: ignore[attr-defined]


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Einträge je Seite (höchstens 100)")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="So viele Einträge überspringen")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Alle Einträge, die zu den Filtern passen")

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        items = list(queryset[pagination.offset : pagination.offset + pagination.limit])
        note_last_modified(request, items)
        count = len(items) if pagination.offset == 0 and len(items) < pagination.limit else queryset.count()
        return {"items": items, "count": count}
