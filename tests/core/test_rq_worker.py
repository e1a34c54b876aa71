"""`quartier worker` on Redis (QUARTIER_TASK_BACKEND=rq): tasks queued through the usual code
paths run in an RQ worker, and the scheduler beside it still runs each job once per period.

Needs a Redis server (QUARTIER_TEST_REDIS_URL, default database 13 of the local one, emptied
before and after each test). Skipped without one, except in CI, where it must run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
import redis
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from quartier.core import registry
from quartier.core.models import JobRun
from quartier.core.registry import Job
from quartier.news.models import NewsletterList, SubscriptionRequest
from quartier.news.services import request_subscription

REDIS_URL = os.environ.get("QUARTIER_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
START = datetime(2026, 3, 2, 9, 58, tzinfo=UTC)


def _redis_or_skip() -> redis.Redis:
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    return connection


@pytest.fixture
def rq_backend(settings):
    connection = _redis_or_skip()
    connection.flushdb()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    # One process: the test's database connection (and in-memory SQLite) is the worker's.
    settings.RQ = {"WORKER_CLASS": "rq.worker.SimpleWorker"}
    yield connection
    connection.flushdb()
    connection.close()


def queued(connection: redis.Redis) -> int:
    return int(connection.llen("rq:queue:default"))


@pytest.mark.django_db(transaction=True)  # tasks are queued when the transaction commits
def test_a_task_queued_by_a_service_runs_in_the_rq_worker(rq_backend):
    newsletter = NewsletterList.objects.create(name="Familie", slug="familie")
    request_subscription(email="neu@example.org", lists=[newsletter], consent_text="Ja", source="test")
    assert queued(rq_backend) == 1
    assert mail.outbox == []

    call_command("worker", batch=True, no_scheduler=True, reload=False, verbosity=0)

    assert queued(rq_backend) == 0
    [message] = mail.outbox
    assert message.to == ["neu@example.org"]
    assert SubscriptionRequest.objects.get().get_absolute_url() in message.body


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_runs_each_job_once_per_period_under_the_rq_worker(rq_backend):
    calls: list[datetime] = []
    job = registry.jobs.register(
        Job(name="test_counter", run=lambda: calls.append(timezone.now()), schedule="*/15 * * * *")
    )
    try:
        with time_machine.travel(START, tick=False):
            call_command("worker", batch=True, reload=False, verbosity=0)
            # A second worker in the same period finds every period claimed.
            call_command("worker", batch=True, reload=False, verbosity=0)
    finally:
        registry.jobs.unregister(job.name)
    assert len(calls) == 1
    assert JobRun.objects.get(job=job.name).outcome == JobRun.Outcome.SUCCEEDED
    assert JobRun.objects.filter(outcome=JobRun.Outcome.SUCCEEDED).count() == len(registry.jobs) + 1
    assert queued(rq_backend) == 0


@pytest.mark.parametrize(
    ("backend", "message"),
    [("rq", "QUARTIER_TASK_BACKEND=rq needs REDIS_URL"), ("celery", "must be 'database' or 'rq'")],
)
def test_settings_refuse_rq_without_redis_and_unknown_backends(backend, message):
    env = {**os.environ, "QUARTIER_TASK_BACKEND": backend, "DJANGO_SETTINGS_MODULE": "quartier.settings"}
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )
    assert message in result.stderr
