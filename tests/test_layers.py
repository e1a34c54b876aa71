"""core and places render what apps register and never name an app above them: no template
tags of another app, no URL names of another app, no imports from it, no template of it.
(import-linter holds the Python imports in CI too; this also covers the templates.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

SRC = Path(__file__).resolve().parent.parent / "src" / "quartier"
BASE_LAYERS = {"core", "places", "accounts"}


def _capability_apps() -> set[str]:
    return {config.label for config in apps.get_app_configs() if config.name.startswith("quartier.")} - BASE_LAYERS


def _mentions(path: Path, app: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    patterns = [
        rf"{{%\s*load\b[^%]*\b{app}_tags\b",  # another app's template tags
        rf"['\"]{app}:",  # another app's URL names
        rf"\bquartier\.{app}\b",  # imports and dotted paths
        rf"['\"]{app}/[\w/.-]+\.(?:html|txt)['\"]",  # another app's templates
    ]
    return [match.group(0) for pattern in patterns for match in re.finditer(pattern, text)]


def _files(layer: str) -> list[Path]:
    return [
        path
        for path in (SRC / layer).rglob("*")
        if path.suffix in {".py", ".html", ".txt"} and "migrations" not in path.parts
    ]


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    # core's header links the account pages (sign-in, profile): accounts stands beside places on core.
    # accounts renders the profile's sections apps register (profile_sections) and names none of them.
    [("core", lambda: _capability_apps() | {"places"}), ("places", _capability_apps), ("accounts", _capability_apps)],
)
def test_lower_layers_name_no_app_above_them(layer, forbidden):
    found = {
        f"{path.relative_to(SRC)}: {mention}"
        for path in _files(layer)
        for app in forbidden()
        for mention in _mentions(path, app)
    }
    assert not found, "core, places and accounts must render what apps register, not name them:\n" + "\n".join(
        sorted(found)
    )


def test_the_scan_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.html"
    sample.write_text("{% load i18n events_tags %}{% url 'events:calendar' %}{% include \"events/x.html\" %}")
    assert len(_mentions(sample, "events")) == 3
    assert _mentions(sample, "projects") == []
