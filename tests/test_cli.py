"""The ``xl-tools`` command end to end: real workbooks through the whole pipeline.

These run ``python -m xl_tools`` in a separate process, as an officer would, so that what
reaches the terminal (and what does not: a traceback) is what is tested.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

import xl_tools
from tests.computed_frames import MEASURE_KEYS
from tests.xlsx_parts import count_sparklines, sheet_parts
from xl_tools.model import BOARD_SHEET

HEADERS = [
    "Measure",
    "Unit",
    "Polarity",
    "Value",
    "Numerator",
    "Denominator",
    "Target",
    "Statistical neighbours",
    "England",
    "Previous",
]
REPEAT_PLANS = "% children starting a CP plan for a second or subsequent time"
MEASURES = [
    [REPEAT_PLANS, "%", "Lower is better", 38, 19, 50, 24, 24, 23.3, 35],
    ["Number of referrals", "Number", "None", 599, None, None, None, None, None, 610],
]


def run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``xl-tools`` with these arguments, run in `cwd` on this checkout of the package."""
    command = [sys.executable, "-m", "xl_tools", *map(str, argv)]
    package_root = str(Path(xl_tools.__file__).parents[1])
    path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
    environment = {**os.environ, "PYTHONPATH": path}
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=environment)


def a_measures_workbook(path: Path, rows: list[list[object]] = MEASURES) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Measures"
    sheet.append(["Improvement Partnership Board measures"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    settings = book.create_sheet("Settings")
    settings.append(["Authority", "Devon"])
    book.save(path)
    return path


def assert_one_line_naming(result: subprocess.CompletedProcess[str], name: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert name in line


@pytest.mark.parametrize("command", ["build", "compute", "check"])
def test_a_missing_workbook(tmp_path, command):
    result = run(command, "missing.xlsx", cwd=tmp_path)
    assert_one_line_naming(result, "missing.xlsx")
    assert not (tmp_path / "missing-board.xlsx").exists()


@pytest.mark.parametrize("command", ["build", "compute", "check"])
def test_a_text_file_named_xlsx(tmp_path, command):
    (tmp_path / "measures.xlsx").write_text("Measure,Value\nNumber of referrals,599\n")
    assert_one_line_naming(run(command, "measures.xlsx", cwd=tmp_path), "measures.xlsx")


@pytest.mark.parametrize("command", ["build", "compute", "check"])
def test_a_workbook_without_a_measures_table(tmp_path, command):
    book = openpyxl.Workbook()
    book.active.append(["Shopping list"])
    book.active.append(["Milk", 2])
    book.save(tmp_path / "notes.xlsx")
    assert_one_line_naming(run(command, "notes.xlsx", cwd=tmp_path), "notes.xlsx")


@pytest.mark.parametrize("command", ["build", "compute"])
def test_a_rate_without_a_population(tmp_path, command):
    contacts = [
        "Contacts to children's social care (per 10,000)",
        "Rate per 10,000",
        "None",
        439,
        None,
        None,
        None,
        None,
        None,
        450,
    ]
    a_measures_workbook(tmp_path / "rates.xlsx", [contacts])
    result = run(command, "rates.xlsx", cwd=tmp_path)
    assert_one_line_naming(result, "rates.xlsx")
    assert "population" in result.stderr


def test_compute_prints_the_computed_table_as_json(tmp_path):
    a_measures_workbook(tmp_path / "measures.xlsx")
    result = run(
        "compute",
        "measures.xlsx",
        "--period",
        "November 2023",
        "--population",
        "147541",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document.keys() == {"authority", "period", "population", "measures"}
    assert (document["authority"], document["period"], document["population"]) == (
        "Devon",
        "November 2023",
        147541,
    )
    plans, referrals = document["measures"]
    assert plans.keys() == referrals.keys() == MEASURE_KEYS
    assert plans["comparators"].keys() == {"statistical_neighbours", "england", "region"}
    assert (plans["measure"], plans["unit"], plans["polarity"]) == (
        REPEAT_PLANS,
        "percent",
        "lower_better",
    )
    assert (plans["actual_numbers"], plans["variance_to_target"], plans["rag"]) == (
        "19 / 50",
        14.0,
        "red",
    )
    assert plans["comparators"]["statistical_neighbours"] == {
        "value": 24.0,
        "variance": 14.0,
        "judgement": "worse",
    }
    assert plans["comparators"]["region"] is None
    assert (plans["direction"], plans["trend"]) == ("up", "worsening")
    assert (referrals["actual_numbers"], referrals["rag"], referrals["trend"]) == (
        "599",
        None,
        None,
    )


def test_compute_prints_csv(tmp_path):
    a_measures_workbook(tmp_path / "measures.xlsx")
    result = run("compute", "measures.xlsx", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert "statistical_neighbours_value" in header.split(",")
    assert len(rows) == 2


def test_build_writes_a_board_beside_the_workbook_and_leaves_it_untouched(tmp_path):
    workbook = a_measures_workbook(tmp_path / "measures.xlsx")
    before = workbook.read_bytes()
    result = run("build", "measures.xlsx", "--period", "November 2023", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert workbook.read_bytes() == before
    board = openpyxl.load_workbook(tmp_path / "measures-board.xlsx")
    assert BOARD_SHEET in board.sheetnames
    assert sorted(p.name for p in tmp_path.iterdir()) == ["measures-board.xlsx", "measures.xlsx"]


def test_build_in_place_keeps_the_officer_s_sparklines(tmp_path):
    book = xlsxwriter.Workbook(tmp_path / "measures.xlsx")
    sheet = book.add_worksheet("Measures")
    sheet.write_row(0, 0, HEADERS)
    for row, measure in enumerate(MEASURES, start=1):
        sheet.write_row(row, 0, measure)
    sheet.add_sparkline("K2", {"range": "Measures!D2:J2"})
    book.close()
    result = run("build", "measures.xlsx", "--in-place", "--population", "147541", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert count_sparklines(tmp_path / "measures.xlsx", "Measures") == 1
    assert list(sheet_parts(tmp_path / "measures.xlsx")) == ["Measures", BOARD_SHEET]


def test_check_a_clean_workbook(tmp_path):
    a_measures_workbook(tmp_path / "measures.xlsx")
    result = run("check", "measures.xlsx", "--population", "147541", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_new_month_writes_next_month_and_never_overwrites(tmp_path, capsys):
    import shutil

    from xl_tools.cli import main

    example = Path(__file__).parents[1] / "examples" / "devon_november_2023.xlsx"
    source = tmp_path / example.name
    shutil.copyfile(example, source)
    assert main(["new-month", str(source)]) == 0
    written = tmp_path / "devon_december_2023.xlsx"
    assert capsys.readouterr().out == f"{source} -> {written}\n"
    settings = openpyxl.load_workbook(written)["Settings"]
    assert [row[1].value for row in settings.iter_rows(min_row=2, max_row=3)] == [
        "Devon",
        "December 2023",
    ]
    assert main(["new-month", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "devon_december_2023.xlsx" in err
    assert main(["new-month", str(source), "--period", "2023-10"]) == 1
    assert "Traceback" not in capsys.readouterr().err
