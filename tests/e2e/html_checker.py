"""The Nu HTML Checker (vnu.jar) over pages the browser tests collected, in one Java run.

`.ci/run` installs the checker from the npm registry into `.ci/node`; QUARTIER_VNU_JAR
points elsewhere. Without it the validation skips on a developer's machine and fails on CI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_JAR = ROOT / ".ci" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_HINT = "npm install --prefix .ci/node --no-save --ignore-scripts vnu-jar@26.9.27"


def checker_command() -> list[str] | None:
    """How to start the checker, or None when the jar or Java is missing."""
    jar = Path(os.environ.get("QUARTIER_VNU_JAR", DEFAULT_JAR))
    java = shutil.which("java")
    if not jar.is_file() or java is None:
        return None
    return [java, "-Xss2m", "-jar", str(jar)]


def missing_checker() -> None:
    """Fail on CI, skip elsewhere: the HTML could not be validated."""
    message = f"No Nu HTML Checker (vnu.jar) or no Java: HTML not validated. Install it with `{INSTALL_HINT}`."
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def validate(documents: dict[str, str]) -> list[str]:
    """Every error the checker finds in the documents (label → HTML), as `label: line N: message`."""
    command = checker_command()
    if command is None:
        missing_checker()
        return []
    with tempfile.TemporaryDirectory() as folder:
        labels: dict[str, str] = {}
        for index, (label, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{index:03d}.html"
            path.write_text(html, encoding="utf-8")
            labels[path.name] = label
        result = subprocess.run(
            [
                *command,
                "--errors-only",
                "--format",
                "json",
                "--exit-zero-always",
                *sorted(str(p) for p in Path(folder).iterdir()),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    # The checker writes its JSON report to stderr.
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"The HTML checker did not report (exit {result.returncode}):\n{result.stderr[-2000:]}", pytrace=False
        )
    return [
        f"{labels.get(Path(message.get('url', '')).name, message.get('url'))}: line {message.get('lastLine')}: "
        f"{message['message']} ({message.get('extract', '').strip()})"
        for message in report["messages"]
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
