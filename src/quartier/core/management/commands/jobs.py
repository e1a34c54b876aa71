"""`quartier jobs`: the scheduled jobs, when they run, and how their last run went."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from quartier.core import registry
from quartier.core.models import JobRun


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "—"


class Command(BaseCommand):
    help = "List the scheduled jobs the worker runs: schedule, next run, last run and its result."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        latest = JobRun.objects.filter(job=OuterRef("job")).order_by("-period_start").values("pk")[:1]
        last_runs = {run.job: run for run in JobRun.objects.filter(pk=Subquery(latest))}
        rows = [("job", "schedule", "next run", "last run", "finished", "result", "message")]
        for job in registry.jobs:
            run = last_runs.get(job.name)
            rows.append(
                (
                    job.name,
                    job.schedule,
                    _when(job.next_run(now)),
                    _when(run.period_start) if run else "never",
                    _when(run.finished_at) if run else "—",
                    run.outcome if run else "—",
                    (run.message.splitlines() or [""])[0][:80] if run else "",
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  ".join([*cells, row[-1]]).rstrip())
        self.stdout.write("")
        for job in registry.jobs:
            self.stdout.write(f"{job.name}: {job.description}")
