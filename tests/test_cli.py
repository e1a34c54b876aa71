"""The `quartier` command and the settings it runs with."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from quartier.accounts.models import User
from quartier.places.models import ContactPoint, District, Town

ROOT = Path(__file__).resolve().parent.parent


def run_quartier(*args: str, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    # Only what this test says: none of the test run's own settings from pyproject's [pytest] env.
    test_env = {
        "SECRET_KEY",
        "SECRET_KEY_FILE",
        "DEBUG",
        "DATABASE_URL",
        "SECURE_SSL_REDIRECT",
        "SECURE_COOKIES",
        "STATIC_MANIFEST",
        "ALLOWED_HOSTS",
    }
    clean = {k: v for k, v in os.environ.items() if k not in test_env}
    return subprocess.run(
        [sys.executable, "-m", "quartier.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )


def test_serve_refuses_without_secret_key_when_debug_is_off(tmp_path):
    result = run_quartier("serve", env={"DEBUG": "0", "QUARTIER_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret"
    key_file.write_text("from-a-file-" + "x" * 50)
    result = run_quartier(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env={"DEBUG": "0", "SECRET_KEY_FILE": str(key_file), "QUARTIER_DATA_DIR": str(tmp_path)},
    )
    assert result.stdout.strip().splitlines()[-1] == "from-a-file-" + "x" * 50


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "quartier.example.org",
        "QUARTIER_DATA_DIR": str(tmp_path),
    }
    result = run_quartier("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode(db, settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # An in-memory test database cannot use WAL; the configured pragma says what a file database gets.
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]
    assert mode in {"wal", "memory"}


def test_demo_loader_refuses_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")


def test_demo_loader_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (User.objects.count(), District.objects.count(), ContactPoint.objects.count(), Town.objects.count())
    staff = {d.slug: set(d.staff.values_list("pk", flat=True)) for d in District.objects.all()}
    call_command("load_demo")
    assert counts == (
        User.objects.count(),
        District.objects.count(),
        ContactPoint.objects.count(),
        Town.objects.count(),
    )
    assert staff == {d.slug: set(d.staff.values_list("pk", flat=True)) for d in District.objects.all()}
    assert District.objects.count() == 17
    familienbuero = User.objects.get(email="familienbuero@example.org")
    assert familienbuero.staffed_districts.count() == 3
    assert familienbuero.check_password("quartier-demo")


def test_worker_runs_the_task_queue_and_the_scheduled_jobs(tmp_path):
    env = {"DEBUG": "1", "QUARTIER_DATA_DIR": str(tmp_path)}
    assert run_quartier("migrate", "--verbosity", "0", env=env).returncode == 0
    result = run_quartier("worker", "--batch", "--no-startup-delay", env=env)
    assert result.returncode == 0, result.stderr
    listing = run_quartier("jobs", env=env).stdout.splitlines()
    for job in ("anonymise_inquiries", "extend_event_dates", "send_idea_digests", "cleanup"):
        assert any(line.startswith(job) and "succeeded" in line for line in listing), listing


def test_production_static_files_collect_with_hashed_names(tmp_path):
    """`quartier serve` collects static files first; a broken reference would stop it."""
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "QUARTIER_DATA_DIR": str(tmp_path),
    }
    result = run_quartier("collectstatic", "--noinput", "--verbosity", "0", env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/kern/kern.min.css" in manifest
    assert "vendor/leaflet/leaflet.js" in manifest


def test_demo_runs_the_worker_beside_the_server_and_links_mails_to_its_port(monkeypatch, capsys):
    """`quartier demo --port 8100` starts `quartier worker` with its own environment, says so,
    stops it with the server, and its e-mails link to port 8100."""
    import django.core.management

    from quartier import cli

    commands: list[tuple] = []
    started: list[FakeWorker] = []

    class FakeWorker:
        pid = 4242

        def __init__(self, args: list[str]) -> None:
            self.args = args
            self.stopped = False
            self.site_url = os.environ.get("SITE_URL")
            started.append(self)

        def terminate(self) -> None:
            self.stopped = True

        def wait(self, timeout: float) -> int:
            return 0

    # The demo sets its defaults in the environment: give it a copy to change.
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k != "SITE_URL"})
    monkeypatch.setattr(cli.subprocess, "Popen", FakeWorker)
    monkeypatch.setattr(cli, "_setup_django", lambda: None)
    monkeypatch.setattr(cli.signal, "signal", lambda *args: None)
    monkeypatch.setattr(django.core.management, "call_command", lambda *a, **k: commands.append(a))
    cli.demo(["--port", "8100"])
    [worker] = started
    assert worker.args[-3:] == ["quartier.cli", "worker", "--no-reload"]
    assert worker.site_url == "http://127.0.0.1:8100"
    assert worker.stopped
    assert ("runserver", "127.0.0.1:8100") in commands
    assert "worker" in capsys.readouterr().out
