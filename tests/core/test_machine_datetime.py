from __future__ import annotations

from datetime import UTC, datetime

from quartier.core.templatetags.quartier import machine_datetime


def test_machine_datetime_is_local_and_to_the_second() -> None:
    moment = datetime(2026, 6, 1, 10, 30, 15, 123456, tzinfo=UTC)
    assert machine_datetime(moment) == "2026-06-01T12:30:15+02:00"
    assert machine_datetime(None) == ""
