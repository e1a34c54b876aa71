from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from quartier.events.recurrence import build_rrule, expand, rule_until

BERLIN = ZoneInfo("Europe/Berlin")


def test_first_saturday_of_the_month():
    start = datetime(2030, 2, 2, 10, 0, tzinfo=BERLIN)  # a first Saturday
    rule = build_rrule(frequency="monthly", start=start, count=3)
    assert rule == "FREQ=MONTHLY;BYDAY=1SA;COUNT=3"
    assert [d.day for d in expand(rule, start, horizon=datetime(2031, 1, 1, tzinfo=BERLIN))] == [2, 2, 6]


def test_every_second_tuesday_until_a_date_keeps_local_time_over_dst():
    start = datetime(2030, 3, 12, 18, 0, tzinfo=BERLIN)
    rule = build_rrule(frequency="biweekly", start=start, until=date(2030, 4, 30))
    assert rule.startswith("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=")
    dates = expand(rule, start, horizon=datetime(2031, 1, 1, tzinfo=BERLIN))
    assert [d.strftime("%m-%d %H:%M") for d in dates] == ["03-12 18:00", "03-26 18:00", "04-09 18:00", "04-23 18:00"]
    assert rule_until(rule) == date(2030, 4, 30)


def test_expansion_stops_at_the_horizon():
    start = datetime(2030, 1, 7, 18, 0, tzinfo=BERLIN)
    dates = expand("FREQ=WEEKLY;BYDAY=MO", start, horizon=datetime(2030, 2, 1, tzinfo=BERLIN))
    assert len(dates) == 4
