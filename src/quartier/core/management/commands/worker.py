"""`quartier worker`: django-tasks-db's worker, with the scheduler of the registered jobs beside it."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from quartier.core.jobs import Scheduler, run_due_jobs


class Command(DBWorkerCommand):
    help = "Run the background-task worker and the scheduled jobs (see `quartier jobs`)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler", action="store_true", help="only run tasks; do not queue the scheduled jobs"
        )

    def execute(self, *args: Any, **options: Any) -> str | None:
        # Here rather than in handle(), whose signature belongs to db_worker.
        scheduler = None
        if options.pop("no_scheduler", False):
            pass
        elif options["batch"]:
            # One pass: queue what is due now, then the worker runs it with everything else.
            run_due_jobs()
        elif not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # With --reload only the child process that runs tasks runs the scheduler too.
            scheduler = Scheduler()
            scheduler.start()
        try:
            return super().execute(*args, **options)
        finally:
            if scheduler is not None:
                scheduler.stop()
