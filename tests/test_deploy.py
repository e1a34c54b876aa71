"""The container image, the compose file and the systemd units: no container engine runs here,
so their files are checked for what running them relies on."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTAINERFILE = (ROOT / "Containerfile").read_text()
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
UNITS = ROOT / "deploy" / "systemd"


def stages() -> list[str]:
    return re.findall(r"^FROM\s+(.+)$", CONTAINERFILE, flags=re.MULTILINE)


def runtime_stage() -> str:
    return CONTAINERFILE[CONTAINERFILE.rindex("\nFROM ") :]


def test_the_image_is_built_in_two_stages_with_uv_and_runs_a_slim_python():
    first, last = stages()[0], stages()[-1]
    assert len(stages()) == 2
    assert " AS build" in first
    assert "uv sync --locked --no-dev" in CONTAINERFILE
    assert "-slim" in last
    # Nothing of the build stage's tools reaches the runtime but the venv and the static files.
    assert "uv" not in re.findall(r"COPY --from=(\S+)", runtime_stage())
    assert "COPY --from=build /app /app" in runtime_stage()


def test_the_image_runs_as_a_user_without_privileges():
    users = re.findall(r"^USER\s+(\S+)", runtime_stage(), flags=re.MULTILINE)
    assert users, "the runtime stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert f"--uid {user}" in runtime_stage()


def test_the_image_collects_static_files_when_built_and_writes_only_to_its_volume():
    assert "collectstatic" in CONTAINERFILE.split("\nFROM ")[1]
    env = " ".join(re.findall(r"^ENV\s+((?:.*\\\n)*.*)$", runtime_stage(), flags=re.MULTILINE))
    assert "QUARTIER_DATA_DIR=/data" in env
    assert "QUARTIER_STATIC_ROOT=/app/static" in env  # outside the volume, inside the image
    assert "QUARTIER_COLLECTSTATIC=0" in env  # serve does not write to the read-only root
    assert "PYTHONDONTWRITEBYTECODE=1" in env
    assert "--worker-tmp-dir /dev/shm" in env
    assert re.search(r'^VOLUME \["/data"\]', runtime_stage(), flags=re.MULTILINE)


def test_the_build_steps_collectstatic_fills_the_images_static_root(tmp_path):
    """The Containerfile's collectstatic line, run here: the files land in QUARTIER_STATIC_ROOT
    (not in the data directory), with WhiteNoise's manifest the running site needs."""
    line = re.search(
        r"^RUN (SECRET_KEY=.*?) \\\n\s*/app/\.venv/bin/quartier (collectstatic .*)$", CONTAINERFILE, flags=re.MULTILINE
    )
    assert line is not None
    env = dict(item.split("=", 1) for item in line.group(1).split())
    env["QUARTIER_DATA_DIR"] = str(tmp_path / "data")
    env["QUARTIER_STATIC_ROOT"] = str(tmp_path / "static")
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DEBUG", "STATIC_MANIFEST"))}
    quartier = Path(sys.executable).parent / "quartier"
    subprocess.run([str(quartier), *line.group(2).split()], env={**environment, **env}, check=True, timeout=120)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert not (tmp_path / "data" / "static").exists() or not any((tmp_path / "data" / "static").iterdir())


def test_the_image_checks_its_health_on_healthz():
    check = re.search(r"^HEALTHCHECK .*?CMD (.+)$", CONTAINERFILE, flags=re.MULTILINE | re.DOTALL)
    assert check is not None
    assert "http://127.0.0.1:8000/healthz" in check.group(1)


def test_the_health_check_command_passes_against_a_running_site(live_server, monkeypatch):
    """The HEALTHCHECK's Python line, pointed at the test server, succeeds (and fails for a
    host name the site does not serve)."""
    command = re.search(r"HEALTHCHECK [^\n]*\\\n\s*CMD (\[.+\])", CONTAINERFILE)
    assert command is not None
    program, flag, code = json.loads(command.group(1))  # exec form: a JSON array
    assert (program, flag) == ("python", "-c")
    code = code.replace("http://127.0.0.1:8000", live_server.url)
    ok = subprocess.run([sys.executable, "-c", code], env={"ALLOWED_HOSTS": "testserver,other"}, check=False)
    assert ok.returncode == 0
    refused = subprocess.run(
        [sys.executable, "-c", code], env={"ALLOWED_HOSTS": "elsewhere.example"}, capture_output=True, check=False
    )
    assert refused.returncode != 0


def test_compose_runs_web_and_worker_on_postgresql_and_redis():
    services = COMPOSE["services"]
    assert {"db", "redis", "migrate", "web", "worker"} <= set(services)
    assert services["db"]["image"].split("/")[-1].startswith("postgres:")
    assert services["redis"]["image"].split("/")[-1].startswith("redis:")
    assert services["web"]["command"] == ["quartier", "serve"]
    assert services["worker"]["command"][:2] == ["quartier", "worker"]
    for name in ("web", "worker", "migrate"):
        service = services[name]
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
        assert service["environment"]["REDIS_URL"].startswith("redis://redis:")
        assert service["env_file"] == ".env"
        assert service["read_only"] is True
        assert service["user"].split(":")[0] not in {"root", "0"}
        assert "/tmp" in service["tmpfs"]  # noqa: S108 - a tmpfs inside the container
        assert "data:/data" in service["volumes"]
        assert service["cap_drop"] == ["ALL"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["worker"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert set(COMPOSE["volumes"]) >= {"data", "pgdata"}


def test_compose_checks_the_web_and_not_the_worker():
    web = COMPOSE["services"]["web"]["healthcheck"]
    assert any("/healthz" in part for part in web["test"])
    assert COMPOSE["services"]["worker"]["healthcheck"] == {"disable": True}
    assert COMPOSE["services"]["db"]["healthcheck"]["test"][1] == "pg_isready"
    # Only the host's reverse proxy reaches the web service.
    assert all(port.startswith("127.0.0.1:") for port in COMPOSE["services"]["web"]["ports"])


def test_the_env_example_names_what_compose_needs():
    example = (ROOT / ".env.example").read_text()
    names = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL"} <= names
    assert ".env" in (ROOT / ".dockerignore").read_text().split()


@pytest.mark.parametrize("unit", ["quartier-web.service", "quartier-worker.service"])
def test_the_systemd_units_run_quartier_as_its_own_user_on_a_read_only_system(unit):
    text = (UNITS / unit).read_text()
    assert "User=quartier" in text
    assert "ProtectSystem=strict" in text
    assert "ReadWritePaths=/var/lib/quartier" in text
    assert "SECRET_KEY_FILE=%d/secret_key" in text
    assert re.search(r"^ExecStart=/opt/quartier/\.venv/bin/quartier (serve|worker)", text, flags=re.MULTILINE)


def test_no_timer_units_as_the_worker_runs_the_scheduled_jobs():
    assert not list(UNITS.glob("*.timer"))
    assert "no systemd timers" in (UNITS / "quartier-worker.service").read_text()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
@pytest.mark.parametrize("unit", ["quartier-web.service", "quartier-worker.service"])
def test_systemd_analyze_verifies_the_units(unit, tmp_path):
    # The unit's program must exist for the check: the one of this checkout stands in for /opt/quartier.
    executable = Path(sys.executable).parent / "quartier"
    text = (UNITS / unit).read_text().replace("/opt/quartier/.venv/bin/quartier", str(executable))
    (tmp_path / unit).write_text(text)
    result = subprocess.run(
        [str(shutil.which("systemd-analyze")), "verify", str(tmp_path / unit)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("setting", "collects"), [("0", False), ("1", True), (None, True)])
def test_serve_collects_static_files_unless_the_image_already_did(monkeypatch, setting, collects):
    from quartier import cli

    commands: list[str] = []
    monkeypatch.setattr("django.core.management.call_command", lambda name, *a, **k: commands.append(name))

    def exec_instead(program: str, args: list[str]) -> None:
        raise SystemExit(args)

    monkeypatch.setattr(os, "execvp", exec_instead)
    monkeypatch.setenv("SECRET_KEY", "x")
    if setting is None:
        monkeypatch.delenv("QUARTIER_COLLECTSTATIC", raising=False)
    else:
        monkeypatch.setenv("QUARTIER_COLLECTSTATIC", setting)
    with pytest.raises(SystemExit) as started:
        cli.serve([])
    assert ("collectstatic" in commands) is collects
    assert "gunicorn" in str(started.value.code)
