"""What each app holds about a person: its exporter (GDPR Art. 15/20, "download my data")
and its eraser (Art. 17, "delete my account").

Apps register both in their ``AppConfig.ready()`` together with the models they cover
(``"app_label.ModelName"``), so a test can check that every model linking to a person is
covered. core imports no app: the registry is how they meet.

``erase_personal_data(user)`` runs every eraser in one transaction; the accounts app calls
it before it anonymises the user row itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], Any]


@dataclass(frozen=True)
class PersonalDataHandler:
    section: str
    export: Exporter | None = None
    erase: Eraser | None = None
    models: tuple[str, ...] = ()
    order: int = 100


_handlers: dict[str, PersonalDataHandler] = {}


def register_personal_data(
    section: str,
    *,
    export: Exporter | None = None,
    erase: Eraser | None = None,
    models: Iterable[str] = (),
    order: int = 100,
) -> None:
    """Register what an app holds about a person. ``models`` lists the models whose rows
    ``export`` and ``erase`` cover; ``order`` sets the order erasers run in (lower first)."""
    _handlers[section] = PersonalDataHandler(section, export, erase, tuple(models), order)


def register_exporter(section: str, exporter: Exporter) -> None:
    existing = _handlers.get(section)
    if existing:
        _handlers[section] = PersonalDataHandler(section, exporter, existing.erase, existing.models, existing.order)
    else:
        _handlers[section] = PersonalDataHandler(section, exporter)


def handlers() -> list[PersonalDataHandler]:
    return sorted(_handlers.values(), key=lambda h: (h.order, h.section))


def covered_models(kind: str) -> set[str]:
    """The ``app_label.ModelName`` of every model an exporter (``kind="export"``) or an
    eraser (``kind="erase"``) covers."""
    return {model for h in _handlers.values() if getattr(h, kind) is not None for model in h.models}


def collect_personal_data(user: Any) -> dict[str, Any]:
    return {h.section: h.export(user) for h in sorted(_handlers.values(), key=lambda h: h.section) if h.export}


@transaction.atomic
def erase_personal_data(user: Any) -> None:
    """Run every registered eraser for ``user`` in one transaction."""
    for handler in handlers():
        if handler.erase:
            handler.erase(user)
