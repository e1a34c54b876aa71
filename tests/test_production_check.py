"""The assertions of scripts/production_check.py and of the benchmark's memory goal, on made-up
figures (the script itself runs in .ci/run against real processes)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest
from benchmarks import memory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def check():
    spec = importlib.util.spec_from_file_location("production_check", ROOT / "scripts" / "production_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["production_check"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("production_check", None)


def outage(check):
    return check.Outage(stopped=100.0, started=120.0, back=120.5)


def record(check, started, status, *, seconds=0.05, page=False, kind="page", key=""):
    return check.Record(kind, 0, started, seconds, status, unavailable_page=page, key=key)


def test_5xx_outside_the_outage_fails(check):
    checks = check.check_answers([record(check, 10, 200), record(check, 150, 500)], outage(check))
    assert [c.ok for c in checks][:1] == [False]


def test_during_the_outage_only_the_503_page_passes(check):
    ok = [record(check, 10, 200), record(check, 105, 503, page=True), record(check, 130, 200)]
    assert all(c.ok for c in check.check_answers(ok, outage(check)))
    bare = [*ok, record(check, 110, 503)]  # a 503 without the site's page (gunicorn's, a proxy's)
    assert not check.check_answers(bare, outage(check))[1].ok
    crashed = [*ok, record(check, 110, 500)]
    assert not check.check_answers(crashed, outage(check))[1].ok


def test_a_request_that_hangs_fails(check):
    slow = [record(check, 10, 200), record(check, 105, 503, page=True, seconds=31)]
    assert not check.check_answers(slow, outage(check))[3].ok


def test_readyz_must_say_503_while_down_and_200_after(check):
    polls = [(99.0, 200), (102.0, 503), (110.0, 503), (119.0, 503), (121.0, 200), (125.0, 200)]
    assert all(c.ok for c in check.check_readyz(polls, outage(check)))
    assert not check.check_readyz([*polls, (126.0, 503)], outage(check))[1].ok
    assert not check.check_readyz([(110.0, 200), (121.0, 200)], outage(check))[0].ok


def test_every_saved_thing_once_and_nothing_else(check):
    answered = Counter({"a": 1, "b": 1})
    assert check.check_exactly_once("x", answered, Counter({"a": 1, "b": 1})).ok
    assert not check.check_exactly_once("x", answered, Counter({"a": 1})).ok  # lost
    assert not check.check_exactly_once("x", answered, Counter({"a": 2, "b": 1})).ok  # twice
    assert not check.check_exactly_once("x", answered, Counter({"a": 1, "b": 1, "c": 1})).ok
    # Answered with the 503 page, yet saved whole: allowed, and said.
    result = check.check_exactly_once("x", answered, Counter({"a": 1, "b": 1, "c": 1}), {"c"})
    assert result.ok
    assert "1 more saved whole" in result.detail


def test_uncertain_are_the_503_and_unanswered_requests(check):
    records = [
        record(check, 1, 302, kind="inquiry", key="a"),
        record(check, 2, 503, page=True, kind="inquiry", key="b"),
        record(check, 3, 0, kind="inquiry", key="c"),
    ]
    assert check.uncertain(records, "inquiry") == {"b", "c"}
    assert check.successes(records, "inquiry") == Counter({"a": 1})


def test_mails_are_counted_per_recipient_from_the_file_backend(check, tmp_path):
    separator = "-" * 79
    (tmp_path / "1.log").write_text(
        f"To: a@{check.MAIL_DOMAIN}\nSubject: one\n\nbody\n{separator}\n"
        f"To: Someone <b@{check.MAIL_DOMAIN}>\nSubject: two\n\nbody\n{separator}\n"
        f"To: staff@example.org\nSubject: three\n\nbody\n{separator}\n"
    )
    (tmp_path / "2.log").write_text(f"To: a@{check.MAIL_DOMAIN}\nSubject: again\n\nbody\n{separator}\n")
    mails = check.count_mails(tmp_path)
    assert mails == Counter({f"a@{check.MAIL_DOMAIN}": 2, f"b@{check.MAIL_DOMAIN}": 1})
    result = check.check_mails("m", [f"a@{check.MAIL_DOMAIN}", f"b@{check.MAIL_DOMAIN}"], mails)
    assert not result.ok
    assert check.check_mails("m", [f"b@{check.MAIL_DOMAIN}"], mails).ok


def test_one_run_per_period_and_every_minute_but_the_outage(check):
    out = check.Outage(stopped=1010.0, started=1030.0, back=1031.0)
    daily = ("backup", 0.0, "succeeded", 1)
    minutes = [("every", float(start), "succeeded", 1) for start in (900, 1020, 1080, 1140)]
    # 960's period ended at 1020, while the database was away: nobody could claim it.
    assert all(c.ok for c in check.check_periods([daily, *minutes], out, "every"))
    gap = [("every", float(start), "succeeded", 1) for start in (900, 1020, 1140)]
    assert not check.check_periods([daily, *gap], out, "every")[1].ok  # 1080 missed
    twice = [daily, daily, *minutes]
    assert not check.check_periods(twice, out, "every")[0].ok
    failed = [("backup", 0.0, "failed", 1), *minutes]
    assert not check.check_periods(failed, out, "every")[0].ok
    two_tasks = [("backup", 0.0, "succeeded", 2), *minutes]
    assert not check.check_periods(two_tasks, out, "every")[0].ok


def test_memory_goal_limit_and_growth():
    ok = memory.judge({1: 120.0, 2: 125.0}, {1: 121.0, 2: 129.9})
    assert ok["goal_met"]
    assert ok["max_rss_mb"] == 129.9
    assert memory.judge({1: 148.0}, {1: 150.0})["problems"] == ["worker 1: 150.0 MB resident (limit 150)"]
    assert not memory.judge({1: 120.0}, {1: 125.5})["goal_met"]  # grew by more than 5 MB
    assert not memory.judge({1: 120.0}, {2: 121.0})["goal_met"]  # restarted in between
    assert not memory.judge({}, {})["goal_met"]


def test_memory_reads_this_process_and_its_children():
    import os
    import subprocess

    child = subprocess.Popen(
        [sys.executable, "-c", "import time; print('ready', flush=True); time.sleep(5)"], stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"  # exec'd: no longer a copy of this process
        sizes = memory.worker_rss(os.getpid())
        assert child.pid in sizes
        assert 1 < sizes[child.pid] < 100
        assert memory.rss_mb(os.getpid()) is not None
        assert memory.rss_mb(2**22 + 12345) is None
    finally:
        child.kill()
        child.wait()
