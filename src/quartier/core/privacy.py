"""What each app holds about a person, for the "download my data" self-service.

Apps register a function in their AppConfig.ready(); it gets the user and returns
JSON-ready data. core imports no app: the registry is how they meet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
_exporters: dict[str, Exporter] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    _exporters[section] = exporter


def collect_personal_data(user: Any) -> dict[str, Any]:
    return {section: exporter(user) for section, exporter in sorted(_exporters.items())}
