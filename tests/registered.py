"""Registering entries in core's registries for one test only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from quartier.core.registry import Registry


@contextmanager
def registered(registry: Registry[Any], *entries: Any) -> Iterator[None]:
    for entry in entries:
        registry.register(entry)
    try:
        yield
    finally:
        for entry in entries:
            registry.unregister(entry.name)
