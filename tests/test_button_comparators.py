"""The Comparators button, run through xlwings' remote engine, against ``xl-tools comparators``.

The Devon example before its comparators were filled (the template with its settings and
figures) is filled once by the button and once by the command; the cells the button's
actions write must be the cells the command's file holds, number formats included.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw

from tests import remote_book
from tests.remote_book import cells_written, file_formats, open_book
from tests.scripts import REPO, load_script
from tests.workbooks import Formatted, write_measures_workbook
from xl_tools import cli
from xl_tools.button import (
    MAX_LINES,
    ComparatorsResult,
    comparators_main,
    fill_comparators,
    filling_message,
    run_comparators,
)
from xl_tools.errors import Problem, ProblemCode, Severity
from xl_tools.model import Unit
from xl_tools.published import indicator
from xl_tools.published.filling import Match
from xl_tools.write.formats import value_format

LITE_SCRIPT = REPO / "examples" / "xlwings_lite" / "main.py"
FILLED_HEADERS = ("Statistical neighbours", "England", "Region", "Comparator source")
# No child population: the comparators need none.
DEVON = {"Authority": "Devon", "Reporting period": "November 2023"}
# The example's 15 measures filled lie in 6 runs of neighbouring rows: a block of values a
# run for the three figures and another for the sources (12), the new header (a copy of
# the Measure header's look, its text and width: 3), a number format a rectangle of
# percentages whose blank cells take their Value cell's (6) and the message box: 22
# actions. Cell by cell it would be 60 values and more formats.
ACTION_BUDGET = 30


@pytest.fixture
def unfilled(tmp_path) -> Path:
    """The example as it was before its comparators were filled."""
    example = load_script(REPO / "examples" / "make_example.py")
    template = example.load_template_script()
    path = tmp_path / "devon_november_2023.xlsx"
    return template.save_fixed(example.example_workbook(template), path)


@pytest.fixture
def by_the_cli(unfilled, tmp_path) -> Path:
    out = tmp_path / "cli" / unfilled.name
    out.parent.mkdir()
    assert cli.main(["comparators", str(unfilled), "-o", str(out)]) == 0
    return out


@pytest.fixture
def pressed(licensed, monkeypatch, unfilled):
    remote_book.desktop_formats(monkeypatch, unfilled)
    book = open_book(unfilled)
    result = run_comparators(book)
    return result, book.json()["actions"]


def table_headers(path: Path) -> tuple[int, dict[str, int]]:
    """The header row of the measures table, and each text header's column."""
    sheet = openpyxl.load_workbook(path)["Measures"]
    row = next(r for r in sheet.iter_rows() if any(c.value in ("ID", "Measure") for c in r))
    return row[0].row, {c.value: c.column for c in row if isinstance(c.value, str)}


def cli_cells(path: Path) -> dict[tuple[int, int], tuple[object, str]]:
    """The (value, number format) of the cells ``xl-tools comparators`` filled, by place."""
    header_row, columns = table_headers(path)
    sheet = openpyxl.load_workbook(path)["Measures"]
    source = columns["Comparator source"]
    rows = [r for r in range(header_row + 1, sheet.max_row + 1) if sheet.cell(r, source).value]
    return {
        (row, columns[header]): (
            sheet.cell(row, columns[header]).value,
            sheet.cell(row, columns[header]).number_format,
        )
        for row in rows
        for header in FILLED_HEADERS
    }


def button_cells(actions, before: Path) -> dict[tuple[int, int], tuple[object, str]]:
    """The (value, number format) of each cell the button wrote in the measures sheet: the
    format it gave the cell, else the one the cell had."""
    values = cells_written(actions, 0, "setValues")
    formats = cells_written(actions, 0, "setNumberFormat")
    had = file_formats(before)
    return {
        where: (
            None if value == "" else value,
            formats.get(where, had.get(("Measures", *where), "General")),
        )
        for where, value in values.items()
    }


def split_header(cells: dict, header_row: int) -> tuple[dict, dict]:
    """The cells of the header row, and the others."""
    header = {where: cell for where, cell in cells.items() if where[0] == header_row}
    return header, {where: cell for where, cell in cells.items() if where[0] != header_row}


# The example: the cells the command fills, and no others.


def test_the_button_fills_what_the_command_writes(pressed, unfilled, by_the_cli):
    _, actions = pressed
    header_row, columns = table_headers(by_the_cli)
    header, figures = split_header(button_cells(actions, unfilled), header_row)

    assert header == {(header_row, columns["Comparator source"]): ("Comparator source", "General")}
    assert figures == cli_cells(by_the_cli)
    assert len({row for row, _ in figures}) == 15
    assert {action["sheet_position"] for action in actions} == {0, None}  # None: the alert


def test_percentages_go_in_as_fractions(pressed, unfilled):
    _, actions = pressed
    header_row, columns = table_headers(unfilled)
    sheet = openpyxl.load_workbook(unfilled)["Measures"]
    rows = {sheet.cell(r, 1).value: r for r in range(header_row + 1, sheet.max_row + 1)}
    values = cells_written(actions, 0, "setValues")

    # PR08, a percentage (38% in a cell formatted 0%): England's 23.6% goes in as 0.236.
    assert values[rows["PR08"], columns["England"]] == pytest.approx(0.236)
    # VA07, a rate per 10,000, stays as published.
    assert values[rows["VA07"], columns["England"]] == pytest.approx(338.7)


def test_the_officer_is_told_what_was_filled_and_left(pressed):
    result, actions = pressed
    (alert,) = [a for a in actions if a["func"] == "alert"]
    text, title, _, mode = alert["args"][:4]

    assert (title, mode) == ("xl_tools", "info")
    assert text == filling_message(result)
    assert text.splitlines() == [
        "Devon (878): 15 measures filled from DfE's published figures",
        'PR09 left: DfE counts "Children starting to be looked after per 10,000" over the year, '
        "and this figure is for the month: give it a Basis of Year or Rolling 12 months if it "
        "is over the year",
        "IM09 left: DfE publishes no 'in touch' figure for local authorities",
        "IM10 left: DfE publishes no 'in touch' figure for local authorities",
        "IM11 left: DfE publishes no 'in touch' figure for local authorities",
    ]


def test_the_button_writes_in_blocks(pressed, by_the_cli):
    _, actions = pressed
    counts = Counter(action["func"] for action in actions)
    rows = sorted({row for row, _ in cli_cells(by_the_cli)})
    runs = 1 + sum(1 for above, row in zip(rows, rows[1:], strict=False) if row != above + 1)

    assert len(actions) <= ACTION_BUDGET, counts
    # The figures and the sources: a block each a run of rows; and the new header.
    assert counts["setValues"] == 2 * runs + 1, counts


def test_lite_formats_fill_the_same_cells(licensed, monkeypatch, unfilled, by_the_cli):
    from xl_tools.excel.read import read_number_formats

    remote_book.lite_formats(monkeypatch, unfilled)
    book = open_book(unfilled)
    fill_comparators(book, number_formats=asyncio.run(read_number_formats(book)))
    header_row, _ = table_headers(unfilled)
    _, figures = split_header(button_cells(book.json()["actions"], unfilled), header_row)

    assert figures == cli_cells(by_the_cli)


def test_without_formats_a_percentage_is_a_fraction_shown_as_one(licensed, unfilled, by_the_cli):
    # The remote engine reads no formats: the figures are the command's, and each
    # percentage is given the format the board gives it.
    book = open_book(unfilled)
    fill_comparators(book)
    header_row, _ = table_headers(unfilled)
    actions = book.json()["actions"]
    _, figures = split_header(button_cells(actions, unfilled), header_row)
    formats = cells_written(actions, 0, "setNumberFormat")

    expected = cli_cells(by_the_cli)
    assert {where: value for where, (value, _) in figures.items()} == {
        where: value for where, (value, _) in expected.items()
    }
    percentages = {
        where: value_format(value * 100, Unit.PERCENT)
        for where, (value, code) in expected.items()
        if "%" in code and value is not None
    }
    assert formats == percentages
    assert set(formats.values()) == {"0%", "0.0%"}


def test_the_callers_book_is_filled(licensed, monkeypatch, unfilled):
    remote_book.desktop_formats(monkeypatch, unfilled)
    book = open_book(unfilled)
    book.set_mock_caller()
    try:
        comparators_main()
    finally:
        del xw.Book._mock_caller
    (alert,) = [a for a in book.json()["actions"] if a["func"] == "alert"]

    assert alert["args"][0].startswith("Devon (878): 15 measures filled")


# An officer's own layout.


def officer_workbook(path: Path, settings: dict[str, object]) -> Path:
    return write_measures_workbook(
        path,
        [
            ["CIN per 10,000", "Rate per 10,000", 259, "Ours"],
            ["% repeat referrals", "Percentage", Formatted(0.22, "0.0%"), None],
            # in points: the published figure goes in in points
            ["% children who had three or more placements in the year", "Percentage", 11, None],
        ],
        headers=("Measure", "Unit", "Value", "Notes"),
        settings=settings,
    )


def test_columns_missing_are_added_as_the_command_adds_them(licensed, monkeypatch, tmp_path):
    path = officer_workbook(tmp_path / "own.xlsx", DEVON)
    out = tmp_path / "out.xlsx"
    assert cli.main(["comparators", str(path), "-o", str(out)]) == 0
    remote_book.desktop_formats(monkeypatch, path)
    book = open_book(path)
    run_comparators(book)
    actions = book.json()["actions"]
    header_row, columns = table_headers(out)
    header, figures = split_header(button_cells(actions, path), header_row)

    assert header == {(header_row, columns[name]): (name, "General") for name in FILLED_HEADERS}
    assert figures == cli_cells(out)
    assert {row for row, _ in figures} == {header_row + 1, header_row + 2, header_row + 3}
    # The new headers look like the Measure header (A3), copied in one call.
    (copy,) = [a for a in actions if a["func"] == "copyRange"]
    assert (copy["start_row"], copy["start_column"], copy["args"][1]) == (2, 0, "$E$3:$H$3")


# What stops the button: one line, no traceback, nothing written.


@pytest.mark.parametrize(
    ("settings", "line"),
    [
        (
            {"Reporting period": "November 2023"},
            "own.xlsx: no authority is given for DfE's comparators: fill in Authority in the "
            "Settings sheet with its DfE number (such as 878) or name",
        ),
        (
            {"Authority": "Narnia"},
            'own.xlsx: no English local authority is called "Narnia": give its DfE number '
            "(such as 878) or its name",
        ),
    ],
)
def test_an_authority_missing_or_unknown_is_one_line(licensed, tmp_path, settings, line):
    book = open_book(officer_workbook(tmp_path / "own.xlsx", settings))

    assert run_comparators(book) is None
    (alert,) = book.json()["actions"]
    assert (alert["func"], alert["args"][:2], alert["args"][3]) == (
        "alert",
        [line, "xl_tools"],
        "critical",
    )


def test_the_message_box_is_cut_short():
    found = indicator("care_leavers_in_touch")
    left = tuple(
        Match(n, f"Measure {n}", f"M{n:02}", found, "name", "no figure") for n in range(20)
    )
    warning = Problem(ProblemCode.BAD_VALUE, "odd", file="m.xlsx", severity=Severity.WARNING)
    result = ComparatorsResult("Devon (878)", (), left, (warning,))

    lines = filling_message(result).splitlines()
    assert len(lines) == MAX_LINES
    assert lines[:2] == [
        "Devon (878): 0 measures filled from DfE's published figures",
        "M00 left: no figure",
    ]
    assert lines[-1] == "... and 8 more: press Check to list every problem in the Problems sheet"


# xlwings Lite.


def test_the_lite_script_runs_the_same_function(licensed, monkeypatch, unfilled):
    from xlwings.server import custom_scripts_call, script

    from xl_tools.excel.read import read_number_formats

    remote_book.lite_formats(monkeypatch, unfilled)
    spec = importlib.util.spec_from_file_location("lite_main", LITE_SCRIPT)
    assert spec is not None and spec.loader is not None
    lite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lite)
    # Off Lite, xlwings' ``script`` is a no-op; Lite wraps the function as this one does.
    module = type(lite)("wrapped")
    module.comparators = script(name="Comparators")(lite.comparators)
    book = open_book(unfilled)
    returned = asyncio.run(
        custom_scripts_call(module, "comparators", typehint_to_value={xw.Book: book})
    )

    assert returned is book
    expected = open_book(unfilled)
    run_comparators(expected, number_formats=asyncio.run(read_number_formats(expected)))
    assert book.json()["actions"] == expected.json()["actions"]
