"""The one CSV writer: semicolons, byte-order mark, every cell safe from formula injection."""

from __future__ import annotations

import csv
import io

import pytest

from quartier.core.csvexport import csv_lines, csv_response, neutralise


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe(start):
    assert neutralise(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize("value", ["Anna", "", "1+1", "a=b", "'=already", None, 42])
def test_other_cells_stay_as_they_are(value):
    assert neutralise(value) == ("" if value is None else str(value))


def test_every_column_of_header_and_rows_is_neutralised():
    text = "".join(csv_lines(["=Kopf", "Name"], [["-1", "=a@b.de"], [3, "@SUM(A1)"]]))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["'=Kopf", "Name"], ["'-1", "'=a@b.de"], ["3", "'@SUM(A1)"]]


def test_the_response_is_a_private_download():
    response = csv_response("liste.csv", ["a"], [["b"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.getvalue().decode("utf-8-sig") == "a\r\nb\r\n"
