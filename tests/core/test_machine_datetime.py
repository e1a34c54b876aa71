from __future__ import annotations

from datetime import UTC, datetime

from quartier.core.templatetags.quartier import machine_datetime


def test_machine_datetime_is_local_and_to_the_second() -> None:
    moment = datetime(2026, 6, 1, 10, 30, 15, 123456, tzinfo=UTC)
    assert machine_datetime(moment) == "2026-06-01T12:30:15+02:00"
    assert machine_datetime(None) == ""


def test_no_template_writes_a_datetime_attribute_with_microseconds() -> None:
    """Django's "c" format writes six digits of a second, which HTML does not allow in
    <time datetime> or a meta tag: every template goes through machine_datetime instead."""
    from pathlib import Path

    import quartier

    root = Path(quartier.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/templates/**/*.html")
        if "date:'c'" in path.read_text() or 'date:"c"' in path.read_text()
    ]
    assert offenders == []
