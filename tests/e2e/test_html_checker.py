"""The HTML checker the browser walk uses: it reports errors per page, and a missing checker
fails on CI instead of passing unnoticed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import html_checker

VALID = '<!DOCTYPE html><html lang="de"><head><title>Gut</title></head><body><form method="get"></form></body></html>'
EMPTY_ACTION = VALID.replace('<form method="get">', '<form method="get" action="">')


def test_checker_reports_each_error_with_its_page() -> None:
    if html_checker.checker_command() is None:
        html_checker.missing_checker()
    errors = html_checker.validate({"/gut/": VALID, "/filter/": EMPTY_ACTION})
    assert len(errors) == 1, errors
    assert errors[0].startswith("/filter/: line 1: Bad value “” for attribute “action”")


def test_missing_checker_fails_on_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUARTIER_VNU_JAR", str(tmp_path / "nowhere.jar"))
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match=r"vnu\.jar"):
        html_checker.validate({"/": VALID})


def test_missing_checker_skips_elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QUARTIER_VNU_JAR", str(tmp_path / "nowhere.jar"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="npm install"):
        html_checker.validate({"/": VALID})
