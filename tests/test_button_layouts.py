"""Each of the four buttons on the example and on officers' own layouts, through xlwings'
remote engine, against the CLI's command on the same file; a bad workbook; and a layout
only the workbook's Column map sheet makes readable."""

from __future__ import annotations

import asyncio
import json
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests import remote_book
from tests.make_layouts import layouts, write_layout
from tests.remote_book import cells_written, check_lines, open_book, sheet_rows
from tests.workbooks import write_measures_workbook
from xl_tools import cli
from xl_tools.button import run_button, run_check, run_comparators, run_new_month
from xl_tools.excel.problems import NO_PROBLEMS
from xl_tools.excel.read import read_number_formats
from xl_tools.pipeline import RunOptions, compute_workbook

REPO = Path(__file__).parent.parent
EXAMPLE = REPO / "examples" / "devon_november_2023.xlsx"
LAYOUTS = {layout.name: layout for layout in layouts()}
# Three ways officers lay the table out: everything at once (other header names, heading
# rows, units from names, percentages as text, numbers as text, shuffled columns, hidden
# rows, merged cells, settings above the table), sections as heading rows, and
# percentages typed in points.
OFFICERS = ("officer-everything", "section-heading-rows", "percent-as-points")
WORKBOOKS = ("example", *OFFICERS)


@pytest.fixture(params=WORKBOOKS)
def workbook(request, tmp_path) -> Path:
    """The example, or an officer's layout, in a folder of its own."""
    folder = tmp_path / "in"
    folder.mkdir()
    if request.param == "example":
        return Path(shutil.copyfile(EXAMPLE, folder / EXAMPLE.name))
    return write_layout(LAYOUTS[request.param], folder / f"{request.param}.xlsx")


def file_values(path: Path) -> dict[str, dict[tuple[int, int], object]]:
    """Every cell's value, by sheet name."""
    book = openpyxl.load_workbook(path)
    try:
        return {
            sheet.title: {
                (cell.row, cell.column): cell.value
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            }
            for sheet in book.worksheets
        }
    finally:
        book.close()


def changed_by(before: Path, after: Path) -> dict[str, dict[tuple[int, int], object]]:
    """The values a command changed, by sheet name (None where it emptied a cell)."""
    old, new = file_values(before), file_values(after)
    return {
        name: {
            at: cells.get(at)
            for at in {*cells, *old.get(name, {})}
            if cells.get(at) != old.get(name, {}).get(at)
        }
        for name, cells in new.items()
    }


def written_by(actions, names: list[str]) -> dict[str, dict[tuple[int, int], object]]:
    """The values the button wrote, by sheet name (None where it emptied a cell)."""
    return {
        name: {
            at: None if value == "" else value
            for at, value in cells_written(actions, position, "setValues").items()
        }
        for position, name in enumerate(names)
    }


def sheet_names(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return book.sheetnames
    finally:
        book.close()


def cli_run(args: list[str], folder: Path, monkeypatch, capsys) -> tuple[int, str, list[str]]:
    monkeypatch.chdir(folder)
    code = cli.main(args)
    printed = capsys.readouterr()
    return code, printed.out, printed.err.splitlines()


# The four buttons, each against its command.


def test_build_board_computes_as_the_cli(licensed, workbook, monkeypatch):
    remote_book.desktop_formats(monkeypatch, workbook)
    result = run_button(open_book(workbook))
    computed, _ = compute_workbook(workbook, options=RunOptions())

    assert result is not None
    pd.testing.assert_frame_equal(result.computed, computed)


def test_comparators_fill_as_the_cli(licensed, workbook, monkeypatch, tmp_path, capsys):
    out = tmp_path / "cli" / workbook.name
    out.parent.mkdir()
    assert (
        cli_run(["comparators", str(workbook), "-o", str(out)], tmp_path, monkeypatch, capsys)[0]
        == 0
    )
    remote_book.desktop_formats(monkeypatch, workbook)
    book = open_book(workbook)
    result = run_comparators(book)
    names = sheet_names(workbook)
    measures = names.index(next(iter(file_values(workbook))))

    assert result is not None and result.filled
    written = written_by(book.json()["actions"], names)[names[measures]]
    by_the_command = file_values(out)[names[measures]]
    # The button writes each cell the command fills, as the command has it (the example's
    # comparators are filled already, so there the command changes nothing).
    assert {at: by_the_command.get(at) for at in written} == written
    assert set(changed_by(workbook, out)[names[measures]]) <= set(written)


def test_check_lists_what_the_cli_prints(licensed, workbook, monkeypatch, capsys):
    _, _, printed = cli_run(["check", workbook.name], workbook.parent, monkeypatch, capsys)
    remote_book.desktop_formats(monkeypatch, workbook)
    book = open_book(workbook)
    run_check(book)
    position = [sheet.name for sheet in book.sheets].index("Problems")
    rows = sheet_rows(book.json()["actions"], position)

    if printed:
        assert check_lines(rows, workbook.name) == printed
    else:  # the layouts are clean
        assert rows[1:] == [(NO_PROBLEMS, None, None, None, None)]


def test_new_month_changes_what_the_cli_changes(licensed, workbook, monkeypatch, capsys, tmp_path):
    out = tmp_path / "cli"
    out.mkdir()
    args = ["new-month", str(workbook), "-o", str(out)]
    assert cli_run(args, tmp_path, monkeypatch, capsys)[0] == 0
    (written,) = out.iterdir()
    remote_book.lite_formats(monkeypatch, workbook)
    book = open_book(workbook)
    formats = asyncio.run(read_number_formats(book, blanks=True))
    result = run_new_month(book, confirmed=True, number_formats=formats)

    assert result is not None and result.name == written.name
    assert written_by(book.json()["actions"], sheet_names(workbook)) == changed_by(
        workbook, written
    )


# A workbook with a figure that is no number: each button says so in one line.


@pytest.fixture
def bad(tmp_path) -> Path:
    rows = [
        ["VA02", "Activity", "Number of referrals", "Number", "Lower is better", "twelve"],
        ["VA03", "Activity", "% repeat referrals", "Percentage", "Lower is better", 22],
    ]
    settings = {"Authority": "Devon", "Reporting period": "November 2023"}
    return write_measures_workbook(tmp_path / "bad.xlsx", rows, settings=settings)


BAD_LINE = 'bad.xlsx: Measures!F4: "twelve" is not a number (Value of "Number of referrals")'


@pytest.mark.parametrize(
    "press",
    [run_button, run_comparators, run_new_month],
    ids=["build board", "comparators", "new month"],
)
def test_a_bad_figure_stops_each_button_in_one_line(licensed, bad, monkeypatch, press):
    remote_book.desktop_formats(monkeypatch, bad)
    book = open_book(bad)

    assert press(book) is None
    alert = book.json()["actions"][-1]
    assert (alert["func"], alert["args"][0], alert["args"][3]) == ("alert", BAD_LINE, "critical")


def test_a_bad_figure_is_the_first_row_check_lists(licensed, bad, monkeypatch, capsys):
    code, _, printed = cli_run(["check", bad.name], bad.parent, monkeypatch, capsys)
    remote_book.desktop_formats(monkeypatch, bad)
    book = open_book(bad)
    result = run_check(book)
    lines = check_lines(sheet_rows(book.json()["actions"], 2), bad.name)

    assert code == 1 and lines == printed
    assert lines[0] == f"error [bad-value]: {BAD_LINE}"
    assert result.selected == "Measures!F4"


# The workbook's own column map.


@pytest.fixture
def own_names(tmp_path) -> tuple[Path, Path]:
    """The layout with the officer's own header names, without and with a Column map sheet."""
    layout = LAYOUTS["own-names-with-column-map"]
    without = write_layout(replace(layout, column_map={}), tmp_path / "own.xlsx")
    mapped = tmp_path / "mapped" / "own.xlsx"
    mapped.parent.mkdir()
    workbook = openpyxl.load_workbook(without)
    sheet = workbook.create_sheet("Column map")
    sheet.append(["Field", "Header names"])
    for field, names in layout.column_map.items():
        sheet.append([field, *names])
    workbook.save(mapped)
    return without, mapped


def test_the_column_map_sheet_makes_the_layout_readable(licensed, own_names, monkeypatch, capsys):
    without, mapped = own_names
    remote_book.desktop_formats(monkeypatch, mapped)
    result = run_button(open_book(mapped))
    assert cli.main(["compute", str(mapped)]) == 0
    by_the_cli = json.loads(capsys.readouterr().out)["measures"]

    assert result is not None
    assert [row["value"] for row in by_the_cli] == [
        None if pd.isna(value) else pytest.approx(value) for value in result.computed["value"]
    ]
    assert result.computed["value"].notna().sum() >= 7


def test_without_the_map_the_layout_is_not_found(licensed, own_names, monkeypatch):
    without, _ = own_names
    remote_book.desktop_formats(monkeypatch, without)
    book = open_book(without)

    assert run_button(book) is None
    alert = book.json()["actions"][-1]
    assert alert["args"][0].startswith("own.xlsx: no measures table found")
