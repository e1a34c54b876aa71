"""Scheduled jobs: the worker runs each registered job once per period, however many workers there are."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from quartier.core import registry
from quartier.core.jobs import JOB_RUNS_KEPT, Scheduler, claim_period, clean_up, execute, run_due_jobs
from quartier.core.models import JobRun
from quartier.core.registry import Job

START = datetime(2026, 3, 2, 9, 58, tzinfo=UTC)  # 10:58 in Berlin


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def counter():
    """A job every quarter of an hour that counts its runs."""
    calls: list[datetime] = []

    def count() -> str:
        calls.append(timezone.now())
        return f"run {len(calls)}"

    job = registry.jobs.register(Job(name="test_counter", run=count, schedule="*/15 * * * *"))
    yield job, calls
    registry.jobs.unregister(job.name)


@pytest.mark.django_db
def test_two_workers_run_a_job_once_per_period(counter, immediate_tasks, django_capture_on_commit_callbacks):
    job, calls = counter
    with time_machine.travel(START, tick=False) as clock:
        for _minute in range(62):  # 10:58 to 11:59 local time, both workers tick every minute
            for _worker in range(2):
                with django_capture_on_commit_callbacks(execute=True):
                    run_due_jobs(jobs=[job])
            clock.shift(timedelta(minutes=1))

    runs = JobRun.objects.filter(job=job.name).order_by("period_start")
    local = [timezone.localtime(run.period_start).strftime("%H:%M") for run in runs]
    # 10:45 is the period the first tick falls in: a worker that starts late catches up once.
    assert local == ["10:45", "11:00", "11:15", "11:30", "11:45"]
    assert len(calls) == 5
    assert {run.outcome for run in runs} == {JobRun.Outcome.SUCCEEDED}
    assert [run.message for run in runs] == ["run 1", "run 2", "run 3", "run 4", "run 5"]
    assert all(run.started_at and run.finished_at for run in runs)


@pytest.mark.django_db
def test_a_period_is_claimed_once_even_when_both_workers_saw_it_free(counter):
    """The unique row decides, not the look-up before it: the second insert loses."""
    job, _ = counter
    period = job.period_start(START)
    first = claim_period(job, period, now=START)
    second = claim_period(job, period, now=START)
    assert first is not None
    assert second is None
    assert JobRun.objects.filter(job=job.name).count() == 1


@pytest.mark.django_db
def test_a_claimed_period_queues_one_task_for_the_worker(counter, django_capture_on_commit_callbacks):
    job, calls = counter
    with time_machine.travel(START, tick=False), django_capture_on_commit_callbacks(execute=True):
        run_due_jobs(jobs=[job])
        run_due_jobs(jobs=[job])
    assert DBTaskResult.objects.filter(task_path="quartier.core.tasks.run_scheduled_job").count() == 1
    assert calls == []  # queued, not run here: the task worker runs it
    assert JobRun.objects.get(job=job.name).outcome == JobRun.Outcome.QUEUED


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_runs_again_next_period(immediate_tasks, django_capture_on_commit_callbacks):
    def broken() -> None:
        raise RuntimeError("mail server unreachable")

    job = registry.jobs.register(Job(name="test_broken", run=broken, schedule="0 * * * *"))
    try:
        with time_machine.travel(START, tick=False) as clock:
            with django_capture_on_commit_callbacks(execute=True):
                run_due_jobs(jobs=[job])
            clock.shift(timedelta(hours=1))
            with django_capture_on_commit_callbacks(execute=True):
                run_due_jobs(jobs=[job])
    finally:
        registry.jobs.unregister(job.name)
    runs = list(JobRun.objects.filter(job=job.name))
    assert len(runs) == 2
    assert {run.outcome for run in runs} == {JobRun.Outcome.FAILED}
    assert runs[0].message == "RuntimeError: mail server unreachable"


@pytest.mark.django_db
def test_a_run_executes_only_once(counter):
    job, calls = counter
    run = claim_period(job, job.period_start(START), now=START)
    assert run is not None
    execute(run.pk)
    execute(run.pk)
    assert len(calls) == 1


def test_schedules_are_in_the_site_time_zone():
    job = Job(name="nightly", run=lambda: None, schedule="15 3 * * *")
    # 02:00 UTC is 03:00 in Berlin in winter: the period is still yesterday's 03:15.
    assert job.period_start(datetime(2026, 1, 10, 2, 0, tzinfo=UTC)) == datetime(2026, 1, 9, 2, 15, tzinfo=UTC)
    assert job.period_start(datetime(2026, 1, 10, 2, 15, tzinfo=UTC)) == datetime(2026, 1, 10, 2, 15, tzinfo=UTC)
    assert job.next_run(datetime(2026, 7, 10, 2, 0, tzinfo=UTC)) == datetime(2026, 7, 11, 1, 15, tzinfo=UTC)


def test_a_bad_schedule_stops_the_job_from_registering():
    with pytest.raises(ValueError, match="crontab"):
        Job(name="typo", run=lambda: None, schedule="61 3 * * *")


def test_the_apps_register_their_jobs():
    assert {"anonymise_inquiries", "send_idea_digests", "extend_event_dates", "cleanup"} <= {
        job.name for job in registry.jobs
    }


@pytest.mark.django_db
def test_jobs_command_lists_schedule_last_run_and_result(counter, immediate_tasks, django_capture_on_commit_callbacks):
    job, _ = counter
    with time_machine.travel(START, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            run_due_jobs(jobs=[job])
        out = StringIO()
        call_command("jobs", stdout=out)
    lines = {line.split()[0]: line for line in out.getvalue().splitlines() if line.strip()}
    assert "*/15 * * * *" in lines["test_counter"]
    assert "2026-03-02 10:45" in lines["test_counter"]  # the period it last ran for
    assert "2026-03-02 11:00" in lines["test_counter"]  # the next run
    assert "succeeded" in lines["test_counter"]
    assert "run 1" in lines["test_counter"]
    assert "never" in lines["cleanup"]


@pytest.mark.django_db(transaction=True)  # the job is queued when its claim commits
def test_worker_batch_runs_what_is_due(counter):
    job, calls = counter
    with time_machine.travel(START, tick=False):
        call_command("worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert len(calls) == 1
    assert JobRun.objects.get(job=job.name).outcome == JobRun.Outcome.SUCCEEDED
    # The other registered jobs ran too, on an empty town.
    assert JobRun.objects.filter(outcome=JobRun.Outcome.SUCCEEDED).count() == len(registry.jobs)


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection when it stops
def test_worker_without_scheduler_queues_no_jobs(counter):
    _, calls = counter
    call_command("worker", batch=True, reload=False, startup_delay=False, no_scheduler=True, verbosity=0)
    assert calls == []
    assert not JobRun.objects.exists()


def test_scheduler_ticks_at_once_and_stops_without_waiting_for_the_minute(monkeypatch):
    ticked = threading.Event()

    def tick() -> list[object]:
        ticked.set()
        return []

    monkeypatch.setattr("quartier.core.jobs.run_due_jobs", tick)
    scheduler = Scheduler()
    scheduler.start()
    assert ticked.wait(timeout=5)
    scheduler.stop()
    scheduler.join(timeout=5)
    assert not scheduler.is_alive()


@pytest.mark.django_db
def test_cleanup_prunes_old_runs_and_finished_tasks():
    now = timezone.now()
    JobRun.objects.create(job="old", period_start=now - JOB_RUNS_KEPT - timedelta(days=1), queued_at=now)
    JobRun.objects.create(job="recent", period_start=now - timedelta(days=1), queued_at=now)
    clean_up()
    assert list(JobRun.objects.values_list("job", flat=True)) == ["recent"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_claim_a_period_once(counter, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    job, _ = counter
    barrier = threading.Barrier(4)

    def tick() -> int:
        try:
            barrier.wait()
            return len(run_due_jobs(now=START, jobs=[job]))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        claimed = list(pool.map(lambda _: tick(), range(4)))
    assert sum(claimed) == 1
    assert JobRun.objects.filter(job=job.name).count() == 1
