"""The scheduler of the jobs that apps register (``quartier.core.registry.jobs``).

``quartier worker`` runs a :class:`Scheduler` thread beside the task worker. Each minute it
works out, for every job, the period it is in (the last time its crontab expression fired)
and claims that period by inserting a ``JobRun`` row. The unique (job, period start) lets
exactly one of several workers win the insert, on SQLite and PostgreSQL alike, without a
lock server. The winner queues :func:`quartier.core.tasks.run_scheduled_job`, so the job runs
in a task worker like any other background work and records its outcome on the row.

A worker that was not running when a job was due runs it when it starts, once; periods
missed before the latest one are not made up.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from quartier.core import registry
from quartier.core.models import JobRun
from quartier.core.registry import Job
from quartier.core.unavailable import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

# After a failed tick (the database locked or away) the scheduler tries again this often.
RETRY_SECONDS = 5


def claim_period(job: Job, period_start: datetime, *, now: datetime) -> JobRun | None:
    """Claim one period of ``job`` and queue its run; ``None`` when another worker has it already."""
    from quartier.core.tasks import run_scheduled_job

    try:
        with transaction.atomic():
            run = JobRun.objects.create(job=job.name, period_start=period_start, queued_at=now)
            transaction.on_commit(lambda: run_scheduled_job.enqueue(run.pk))
    except IntegrityError:
        return None
    return run


def run_due_jobs(*, now: datetime | None = None, jobs: Iterable[Job] | None = None) -> list[JobRun]:
    """Claim and queue every job whose current period has no run yet; return the runs claimed here."""
    now = now or timezone.now()
    due = {job.name: (job, job.period_start(now)) for job in (registry.jobs if jobs is None else jobs)}
    taken = set(
        JobRun.objects.filter(job__in=due, period_start__in={start for _, start in due.values()}).values_list(
            "job", "period_start"
        )
    )
    runs = []
    for name, (job, start) in due.items():
        if (name, start) not in taken and (run := claim_period(job, start, now=now)) is not None:
            runs.append(run)
    return runs


def execute(run_id: int) -> str:
    """Run the job of a claimed period and record started, finished, outcome and message."""
    run = JobRun.objects.filter(pk=run_id, outcome=JobRun.Outcome.QUEUED).first()
    if run is None:  # ran already (a task queued twice) or pruned
        return ""
    run.outcome, run.started_at = JobRun.Outcome.RUNNING, timezone.now()
    run.save(update_fields=["outcome", "started_at"])
    try:
        result = registry.jobs.get(run.job).run()
    except Exception as error:
        logger.exception("scheduled job %s failed", run.job)
        run.outcome, run.message = JobRun.Outcome.FAILED, f"{type(error).__name__}: {error}"
    else:
        run.outcome, run.message = JobRun.Outcome.SUCCEEDED, "" if result is None else str(result)
    run.finished_at = timezone.now()
    run.save(update_fields=["outcome", "message", "finished_at"])
    return run.message


TASK_RESULTS_KEPT = timedelta(days=14)
JOB_RUNS_KEPT = timedelta(days=90)


def clean_up() -> str:
    """The core's daily job: remove expired sessions, finished task results after
    ``TASK_RESULTS_KEPT`` and job runs after ``JOB_RUNS_KEPT``."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    tasks, _ = DBTaskResult.objects.finished().filter(finished_at__lte=now - TASK_RESULTS_KEPT).delete()
    runs, _ = (
        JobRun.objects.filter(period_start__lte=now - JOB_RUNS_KEPT).exclude(outcome=JobRun.Outcome.RUNNING).delete()
    )
    return f"expired sessions removed, {tasks} task results and {runs} job runs pruned"


class Scheduler(threading.Thread):
    """Calls :func:`run_due_jobs` at the start of every minute until :meth:`stop` is called."""

    def __init__(self) -> None:
        super().__init__(name="quartier-scheduler", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        logger.info("scheduler started: %s", ", ".join(f"{job.name} ({job.schedule})" for job in registry.jobs))
        while not self.stopped.is_set():
            failed = True
            try:
                for run in run_due_jobs():
                    logger.info("queued %s", run)
                failed = False
            except DATABASE_UNAVAILABLE as error:
                logger.warning("scheduler tick failed, the database is unavailable: %s", error)
            except Exception:
                logger.exception("scheduler tick failed")
            finally:
                close_old_connections()
            until_next_minute = 60 - time.time() % 60 + 1
            # A locked or unreachable database: try again soon, so that a short outage does not
            # cost the current period of the jobs that run every minute.
            self.stopped.wait(min(until_next_minute, RETRY_SECONDS) if failed else until_next_minute)

    def stop(self) -> None:
        self.stopped.set()
