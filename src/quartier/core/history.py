"""Append-only history: entries are written once and never changed or deleted through the ORM."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

_M = TypeVar("_M", bound=models.Model)


class HistoryIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an entry of a history."""


class AppendOnlyQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> int:
        raise HistoryIsAppendOnly(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HistoryIsAppendOnly(f"{self.model._meta.verbose_name_plural} cannot be deleted.")

    def redact(self, **blanks: Any) -> int:
        """The one change the law requires: blanking texts (at the end of a retention period,
        on erasure). Only the fields named are overwritten; the entries stay."""
        return super().update(**blanks)


class AppendOnlyModel(models.Model):
    """Base of every history model; its manager is an AppendOnlyQuerySet."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise HistoryIsAppendOnly(f"{self._meta.verbose_name} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HistoryIsAppendOnly(f"{self._meta.verbose_name} cannot be deleted.")
