"""Settings for the benchmark server: Quartier's own settings plus the floor route.

Everything else (database, secret key, hosts) still comes from the environment, which
benchmarks/run.py sets. The module refuses to run against the developer database in var/.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from quartier.settings import *  # noqa: F403
from quartier.settings import DATABASES, TEMPLATES

BENCH_DIR = Path(__file__).resolve().parent

if not os.environ.get("DATABASE_URL") and not os.environ.get("QUARTIER_DATA_DIR"):
    raise ImproperlyConfigured(
        "benchmarks.settings needs its own database: set QUARTIER_DATA_DIR (SQLite) or DATABASE_URL. "
        "Run the benchmark with: uv run python benchmarks/run.py"
    )
_database = DATABASES["default"]
_developer_database = BENCH_DIR.parent / "var" / "quartier.sqlite3"
if _database["ENGINE"] == "django.db.backends.sqlite3" and Path(_database["NAME"]).resolve() == _developer_database:
    raise ImproperlyConfigured("benchmarks.settings must not use var/quartier.sqlite3.")

ROOT_URLCONF = "benchmarks.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]}]
