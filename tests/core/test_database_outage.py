"""While the database is away: /readyz says 503, pages answer the site's own 503 page (no
traceback), the worker and the scheduler keep going, and all of it recovers by itself."""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.db.utils import InterfaceError, OperationalError
from django.test import Client, RequestFactory

from quartier.core.jobs import Scheduler
from quartier.core.management.commands.worker import Command as WorkerCommand
from quartier.core.management.commands.worker import requeue_interrupted
from quartier.core.views import error_500

DOWN = "django.db.backends.utils.CursorWrapper.execute"


def assert_the_503_page(response):
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-cache" in response["Cache-Control"]
    assert "Vorübergehend nicht erreichbar" in html
    assert 'id="main"' in html  # the site's layout
    assert "Traceback" not in html
    assert "OperationalError" not in html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_page_answers_the_503_page_while_the_database_is_down(client, town, error):
    with mock.patch(DOWN, side_effect=error("connection refused")):
        response = client.get("/")
    assert_the_503_page(response)
    # The database is back: the same page answers again, no process restarted.
    assert client.get("/").status_code == 200


def test_a_post_answers_the_503_page_and_saves_nothing(town, district_a):
    from quartier.inquiries.models import Inquiry

    client = Client(enforce_csrf_checks=False)
    with mock.patch(DOWN, side_effect=OperationalError("server closed the connection unexpectedly")):
        response = client.post("/anliegen/neu/", {"step": "send", "text": "Die Laterne ist aus."})
    assert_the_503_page(response)
    assert not Inquiry.objects.exists()


def test_a_signed_in_visitors_page_answers_503_too(client, resident, town):
    client.force_login(resident)
    with mock.patch(DOWN, side_effect=OperationalError("down")):
        response = client.get("/konto/profil/")
    assert_the_503_page(response)
    assert "Mein Konto" not in response.content.decode()  # rendered without the session's user


def test_an_outage_met_outside_a_view_gets_the_503_page_from_the_error_handler(rf: RequestFactory):
    request = rf.get("/")
    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        response = error_500(request)
    assert_the_503_page(response)


def test_other_errors_still_get_the_500_page(rf: RequestFactory, db):
    request = rf.get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = error_500(request)
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()


def test_readyz_answers_503_on_a_broken_connection_and_recovers(client, db):
    with mock.patch(DOWN, side_effect=InterfaceError("connection already closed")):
        assert client.get("/readyz").status_code == 503
    assert client.get("/readyz").status_code == 200


def test_postgresql_gives_up_connecting_after_a_timeout(settings):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("PostgreSQL only")
    assert settings.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 5
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_the_worker_waits_out_an_outage_instead_of_ending(monkeypatch):
    calls = []

    def handle(self, *args, **options):
        calls.append(options)
        if len(calls) < 3:
            raise OperationalError("connection refused")

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Command.handle", handle)
    sleeps: list[float] = []
    monkeypatch.setattr("quartier.core.management.commands.worker.time.sleep", sleeps.append)
    requeued: list[str] = []
    monkeypatch.setattr("quartier.core.management.commands.worker.requeue_interrupted", requeued.append)
    WorkerCommand().handle(batch=False, worker_id="w1")
    assert len(calls) == 3
    assert sleeps == [5, 5]
    assert requeued == ["w1", "w1"]  # before each new start of the loop


@pytest.mark.django_db
def test_the_task_a_worker_was_running_when_the_database_went_away_is_queued_again(settings):
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from quartier.core.tasks import run_scheduled_job

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mine, others = (DBTaskResult.objects.get(pk=run_scheduled_job.enqueue(n).id) for n in (1, 2))
    mine.claim("w1")
    others.claim("w2")
    assert requeue_interrupted("w1") == 1
    mine.refresh_from_db()
    others.refresh_from_db()
    assert (mine.status, mine.started_at) == (TaskResultStatus.READY, None)
    assert others.status == TaskResultStatus.RUNNING


def test_the_worker_ends_on_other_errors(monkeypatch):
    def handle(self, *args, **options):
        raise ValueError("a bug")

    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.Command.handle", handle)
    with pytest.raises(ValueError, match="a bug"):
        WorkerCommand().handle(batch=False)


def test_the_scheduler_tries_again_soon_after_a_failed_tick(monkeypatch):
    ticks = []
    twice = threading.Event()

    def tick() -> list[object]:
        ticks.append(1)
        if len(ticks) == 1:
            raise OperationalError("connection refused")
        twice.set()
        return []

    monkeypatch.setattr("quartier.core.jobs.run_due_jobs", tick)
    monkeypatch.setattr("quartier.core.jobs.RETRY_SECONDS", 0.05)
    scheduler = Scheduler()
    scheduler.start()
    # Without the retry the second tick would wait for the next minute.
    assert twice.wait(timeout=5)
    scheduler.stop()
    scheduler.join(timeout=5)
    assert not scheduler.is_alive()
