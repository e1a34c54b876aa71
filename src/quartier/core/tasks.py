"""Background work of the core: the runs of scheduled jobs (see ``quartier.core.jobs``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_scheduled_job(run_id: int) -> str:
    """Run one claimed period of a scheduled job; returns the run's message."""
    from quartier.core.jobs import execute

    return execute(run_id)
