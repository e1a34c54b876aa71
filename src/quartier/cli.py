"""The `quartier` command: demo, serve, worker, and every manage.py command."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

DEMO_LOGINS = [
    ("admin@example.org", "Administration"),
    ("koordination@example.org", "Koordinationsstelle (alle Ortsteile)"),
    ("familienbuero@example.org", "Familienbüro (drei Ortsteile, mit TOTP)"),
    ("bewohnerin@example.org", "Bewohnerin"),
]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        sys.exit(f"quartier: {error}")


def demo(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="quartier demo", description="Run the demo town on this machine.")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="load the demo town and exit")
    parser.add_argument("--no-worker", action="store_true", help="serve without the background worker")
    args = parser.parse_args(argv)
    url = f"http://127.0.0.1:{args.port}/"
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("QUARTIER_DATA_DIR", str(Path.cwd() / "var"))
    # Links in the demo's e-mails lead back to this server, on whatever port it runs.
    os.environ.setdefault("SITE_URL", url.rstrip("/"))
    _setup_django()
    from django.core.management import call_command

    from quartier.demo.loader import DEMO_PASSWORD, DEMO_TOTP_SECRET

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    print(f"\nQuartier demo: {url}\n\nDemo logins (password for all: {DEMO_PASSWORD}):")
    for email, role in DEMO_LOGINS:
        print(f"  {email:28} {role}")
    print(f"\nTOTP secret of familienbuero@example.org (add it to an authenticator app): {DEMO_TOTP_SECRET}\n")
    if args.no_serve:
        return
    worker_process = None
    if not args.no_worker:
        # The worker sends the e-mails (to this console) and runs the scheduled jobs; it gets
        # this process's environment, so it uses the same database, DEBUG and SITE_URL.
        worker_process = subprocess.Popen([sys.executable, "-m", "quartier.cli", "worker", "--no-reload"])
        print(f"Background worker started (process {worker_process.pid}): e-mails appear in this window.\n")
    # Stopped with SIGTERM too (not only Ctrl-C), the server still takes its worker along.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    finally:
        if worker_process is not None:
            worker_process.terminate()
            try:
                worker_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker_process.kill()


def serve(argv: list[str]) -> None:
    """Production: gunicorn with the settings from the environment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
    _setup_django()
    from django.conf import settings
    from django.core.management import call_command

    if not settings.DEBUG and not os.environ.get("SECRET_KEY") and not os.environ.get("SECRET_KEY_FILE"):
        sys.exit("quartier: refusing to serve: SECRET_KEY (or SECRET_KEY_FILE) is not set and DEBUG is off.")
    # The container image collected them when it was built (QUARTIER_COLLECTSTATIC=0).
    if os.environ.get("QUARTIER_COLLECTSTATIC", "1").strip().lower() not in {"0", "false", "no", "off"}:
        call_command("collectstatic", interactive=False, verbosity=0)
    if settings.METRICS and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Every gunicorn worker writes its counts here and /metrics adds them up; emptied at
        # each start, as the counts of processes that are gone belong to no one.
        metrics_dir = settings.DATA_DIR / "metrics"
        metrics_dir.mkdir(exist_ok=True)
        for old in metrics_dir.glob("*.db"):
            old.unlink()
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    bind = os.environ.get("QUARTIER_BIND", "127.0.0.1:8000")
    workers = os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2 + 1))
    gunicorn_args = [
        "gunicorn",
        "quartier.wsgi:application",
        "--bind",
        bind,
        "--workers",
        workers,
        "--access-logfile",
        os.environ.get("GUNICORN_ACCESS_LOG", "-"),
        # gunicorn's usual line, with the request id Quartier sent back at its end.
        "--access-logformat",
        '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %({x-request-id}o)s',
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # A request still running after this many seconds is cut off (its worker restarted); a
        # database that does not answer fails requests sooner (DATABASE_CONNECT_TIMEOUT).
        "--timeout",
        os.environ.get("GUNICORN_TIMEOUT", "30"),
        *argv,
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *gunicorn_args])  # noqa: S606 - replaces this process


def worker(argv: list[str]) -> None:
    """The background-task worker (django-tasks, database backend) and the scheduled jobs."""
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["quartier", "worker", *argv])


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1] if len(argv) > 1 else "help"
    if command == "demo":
        demo(argv[2:])
    elif command == "serve":
        serve(argv[2:])
    elif command == "worker":
        worker(argv[2:])
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings")
        from django.core.exceptions import ImproperlyConfigured
        from django.core.management import execute_from_command_line

        try:
            execute_from_command_line(argv)
        except ImproperlyConfigured as error:
            sys.exit(f"quartier: {error}")


if __name__ == "__main__":
    main()
