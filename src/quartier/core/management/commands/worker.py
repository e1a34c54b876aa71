"""`quartier worker`: the worker of the configured task backend, with the scheduler of the
registered jobs beside it.

With the database backend (the default) it is django-tasks-db's worker; with
``QUARTIER_TASK_BACKEND=rq`` an RQ worker on Redis for the same queues. The scheduler is the
same in both: it claims each period in the database and queues the job's task through the
Tasks API, so whichever backend runs the task, a period runs once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.models import DBTaskResult

from quartier.core.jobs import Scheduler, run_due_jobs
from quartier.core.unavailable import DATABASE_UNAVAILABLE

logger = logging.getLogger(__name__)

# While the database is away the database backend's worker tries again this often.
RETRY_SECONDS = 5


def valid_backend(name: str) -> str:
    if name not in task_backends.settings:
        raise ArgumentTypeError(f"{name!r} is not a task backend in TASKS")
    return name


def uses_rq(backend_name: str) -> bool:
    from django_tasks_rq import RQBackend

    return isinstance(task_backends[backend_name], RQBackend)


def run_rq_worker(*, backend_name: str, queue_name: str, batch: bool, max_tasks: int | None, verbosity: int) -> None:
    """Run an RQ worker for the backend's queues (``*``: all of them) until stopped, or with
    ``batch`` until they are empty. ``RQ["WORKER_CLASS"]`` may choose the worker class."""
    import django_rq
    from django_tasks_rq import Job
    from rq.logutils import setup_loghandlers

    backend = task_backends[backend_name]
    names = sorted(backend.queues) if queue_name == "*" else queue_name.split(",")
    level = "DEBUG" if verbosity >= 2 else "WARNING" if verbosity == 0 else "INFO"
    setup_loghandlers(level)
    worker = django_rq.get_worker(*names, job_class=Job)
    # A forked job process must not share the parent's database sockets.
    connections.close_all()
    worker.work(burst=batch, max_jobs=max_tasks, logging_level=level, with_scheduler=True)


def requeue_interrupted(worker_id: str) -> int:
    """Queue again the task this worker was running when the database went away: it could not
    record its end, and no other worker takes a running task. Returns how many were queued."""
    requeued = 0
    for result in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("worker_ids"):
        if result.worker_ids and result.worker_ids[-1] == worker_id:
            requeued += DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
    if requeued:
        logger.warning("queued %d task(s) again that the database outage interrupted", requeued)
    return requeued


class Command(DBWorkerCommand):
    help = "Run the background-task worker and the scheduled jobs (see `quartier jobs`)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest == "backend_name":
                # db_worker accepts database backends only; this command runs RQ ones too.
                action.type = valid_backend
        parser.add_argument(
            "--no-scheduler", action="store_true", help="only run tasks; do not queue the scheduled jobs"
        )

    def execute(self, *args: Any, **options: Any) -> str | None:
        # Here rather than in handle(), whose signature belongs to db_worker.
        rq = uses_rq(options.get("backend_name") or "default")
        if rq and options["reload"] and not options["batch"]:
            logger.warning("The RQ worker does not reload on code changes; restart it yourself.")
        scheduler = None
        if options.pop("no_scheduler", False):
            pass
        elif options["batch"]:
            # One pass: queue what is due now, then the worker runs it with everything else.
            run_due_jobs()
        elif rq or not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # With --reload only the child process that runs tasks runs the scheduler too.
            scheduler = Scheduler()
            scheduler.start()
        try:
            if rq:
                self.configure_logging(options["verbosity"])  # django-tasks' log lines, as db_worker does
                run_rq_worker(
                    backend_name=options["backend_name"],
                    queue_name=options["queue_name"],
                    batch=options["batch"],
                    max_tasks=options["max_tasks"],
                    verbosity=options["verbosity"],
                )
                return None
            return super().execute(*args, **options)
        finally:
            if scheduler is not None:
                scheduler.stop()

    def handle(self, *args: Any, **options: Any) -> None:
        # The database backend's worker (db_worker) ends its loop on any database error but a
        # locked SQLite file. An outage of the database must not end the worker (nothing would
        # start it again): it waits and starts its loop anew, and the tasks queued before the
        # outage run once the database is back.
        interrupted = False
        while True:
            try:
                if interrupted:
                    requeue_interrupted(options["worker_id"])
                return super().handle(*args, **options)
            except DATABASE_UNAVAILABLE as error:
                interrupted = True
                logger.warning("database unavailable; the worker tries again in %d s: %s", RETRY_SECONDS, error)
                for connection in connections.all(initialized_only=True):
                    with contextlib.suppress(DatabaseError):
                        connection.close()
                time.sleep(RETRY_SECONDS)
