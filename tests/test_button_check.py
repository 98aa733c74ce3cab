"""The Check button and the Problems sheet, run through xlwings' remote engine.

The Problems sheet's rows are compared with what ``xl-tools check`` prints for the same
file: the same problems, in the same order.
"""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import xlwings as xw

from tests import remote_book
from tests.remote_book import cells_written, check_lines, open_book, sheet_rows
from tests.workbooks import write_measures_workbook
from xl_tools import cli
from xl_tools.button import check_main, check_workbook, run_button, run_check
from xl_tools.excel.problems import HEADERS, NO_PROBLEMS, PROBLEMS_SHEET
from xl_tools.excel.read import read_number_formats

REPO = Path(__file__).parent.parent
EXAMPLE = REPO / "examples" / "devon_november_2023.xlsx"
# Measures, Settings, About, Lists: the Problems sheet goes after them.
AFTER_THE_SHEETS = 4
DEVON = {"Authority": "Devon", "Reporting period": "November 2023", "Population 0-17": 147541}
CLEAN_ROWS = [
    ["VA02", "Activity", "Number of referrals", "Number", "Lower is better", 599, *[None] * 4, 600],
    [
        "PR08",
        "Process",
        "% children starting a CP plan for a second time",
        "Percentage",
        "Lower is better",
        38,
        19,
        50,
        None,
        None,
        24,
    ],
]
# A check writes the Problems sheet (the sheet, its table in one block, its look: about
# 12 actions), takes the officer to the first problem (2) and says what it found (1).
ACTION_BUDGET = 20


@pytest.fixture
def example(tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    return path


def cli_check(path: Path, monkeypatch, capsys) -> tuple[int, list[str], str]:
    """``xl-tools check`` on the file by its name, as an officer runs it beside the file."""
    monkeypatch.chdir(path.parent)
    code = cli.main(["check", path.name])
    printed = capsys.readouterr()
    return code, printed.err.splitlines(), printed.out


def pressed_check(path: Path, monkeypatch, *, formats: bool = True):
    if formats:
        remote_book.desktop_formats(monkeypatch, path)
    book = open_book(path)
    result = run_check(book)
    return result, book.json()["actions"]


def test_the_problems_sheet_lists_what_the_cli_check_prints(licensed, example, monkeypatch, capsys):
    code, printed, _ = cli_check(example, monkeypatch, capsys)
    result, actions = pressed_check(example, monkeypatch)
    rows = sheet_rows(actions, AFTER_THE_SHEETS)

    assert code == 0 and len(printed) == 27
    assert rows[0] == HEADERS
    assert check_lines(rows, example.name) == printed
    assert len(result.problems) == 27 and result.errors == 0


def test_the_first_problem_is_selected_and_the_officer_told(licensed, example, monkeypatch):
    result, actions = pressed_check(example, monkeypatch)
    activate, select, alert = actions[-3:]

    assert (activate["func"], activate["args"]) == ("activateSheet", [0])
    assert (select["func"], select["sheet_position"]) == ("rangeSelect", 0)
    assert (select["start_row"] + 1, select["start_column"] + 1) == (7, 8)  # H7
    assert result.selected == "Measures!H7"
    assert alert["args"][:4] == [
        "devon_november_2023.xlsx: 0 errors and 27 warnings, each a row of the Problems sheet; "
        "the first is at Measures!H7, selected",
        "xl_tools",
        "ok",
        "info",
    ]


def test_a_check_writes_nothing_else_and_in_blocks(licensed, example, monkeypatch):
    _, actions = pressed_check(example, monkeypatch)
    counts = Counter(action["func"] for action in actions)

    assert {a["sheet_position"] for a in actions} == {AFTER_THE_SHEETS, 0, None}
    assert [a["func"] for a in actions if a["sheet_position"] == 0] == [
        "activateSheet",
        "rangeSelect",
    ]
    assert counts["setValues"] == 1
    assert len(actions) <= ACTION_BUDGET, counts


def test_the_problems_sheet_is_readable(licensed, example, monkeypatch):
    _, actions = pressed_check(example, monkeypatch)
    sheet = [a for a in actions if a["sheet_position"] == AFTER_THE_SHEETS]
    by_func = {a["func"]: a for a in sheet}

    assert ("addSheet", [AFTER_THE_SHEETS, PROBLEMS_SHEET]) in [
        (a["func"], a["args"]) for a in actions
    ]
    wrap = by_func["setWrapText"]
    assert (wrap["start_column"], wrap["start_row"], wrap["row_count"]) == (4, 1, 27)
    widths = [a["args"] for a in sheet if a["func"] == "setColumnWidth"]
    # In points, as the remote engine takes widths: the Problem column is 110 characters.
    assert len(widths) == 5 and max(widths) == [(110 * 7 + 5) * 0.75]
    assert by_func["freezePaneAtRange"]["args"] == ["A2"]
    bold = [a["args"] for a in sheet if a["func"] == "setFontProperty"]
    assert ["bold", True] in bold


def test_a_clean_workbook_says_so(licensed, tmp_path, monkeypatch, capsys):
    path = write_measures_workbook(tmp_path / "clean.xlsx", CLEAN_ROWS, settings=DEVON)
    code, printed, out = cli_check(path, monkeypatch, capsys)
    result, actions = pressed_check(path, monkeypatch)

    assert (code, printed) == (0, [])
    assert "clean.xlsx: no problems found" in out.splitlines()
    assert result.problems == () and result.selected is None
    assert sheet_rows(actions, 2) == [HEADERS, (NO_PROBLEMS, None, None, None, None)]
    assert actions[-1]["args"][:4] == ["clean.xlsx: no problems found", "xl_tools", "ok", "info"]
    # The officer is taken to the Problems sheet, which says so.
    assert [(a["func"], a["args"]) for a in actions[-3:-1]] == [
        ("activateSheet", [2]),
        ("rangeSelect", [None]),
    ]


def test_errors_are_listed_first_and_the_box_is_critical(licensed, tmp_path, monkeypatch, capsys):
    rows = [
        *CLEAN_ROWS,
        ["VA03", "Activity", "% repeat referrals", "Percentage", "Lower is better", "twelve"],
        ["VA04", "Activity", "% re-referrals", "Percentage", "Lower is better", 22, 60, 50],
    ]
    path = write_measures_workbook(tmp_path / "bad.xlsx", rows, settings=DEVON)
    code, printed, _ = cli_check(path, monkeypatch, capsys)
    result, actions = pressed_check(path, monkeypatch)
    lines = check_lines(sheet_rows(actions, 2), path.name)

    assert code == 1
    assert lines == printed
    assert lines[0] == (
        'error [bad-value]: bad.xlsx: Measures!F6: "twelve" is not a number (Value of "% '
        'repeat referrals")'
    )
    assert result.errors == 1 and result.selected == "Measures!F6"
    assert actions[-1]["args"][0] == (
        "bad.xlsx: 1 error and 1 warning, each a row of the Problems sheet; the first is at "
        "Measures!F6, selected"
    )
    assert actions[-1]["args"][3] == "critical"


def test_a_check_replaces_the_last_problems_sheet(licensed, example, monkeypatch, tmp_path):
    path = tmp_path / "checked.xlsx"
    workbook = openpyxl.load_workbook(example)
    old = workbook.create_sheet(PROBLEMS_SHEET)
    old.append(["Severity", "Code", "Sheet", "Cell", "Problem"])
    old.append(["error", "bad-value", "Measures", "F7", "last month's"])
    workbook.save(path)
    _, actions = pressed_check(path, monkeypatch)
    funcs = [(a["func"], a["args"], a["sheet_position"]) for a in actions]

    assert ("sheetDelete", [None], AFTER_THE_SHEETS) in funcs
    assert ("addSheet", [AFTER_THE_SHEETS, PROBLEMS_SHEET], None) in funcs
    assert len(sheet_rows(actions, AFTER_THE_SHEETS)) == 28


def test_a_problems_sheet_in_the_file_changes_nothing_the_cli_finds(
    licensed, example, monkeypatch, capsys, tmp_path
):
    _, before, _ = cli_check(example, monkeypatch, capsys)
    _, actions = pressed_check(example, monkeypatch)
    path = tmp_path / "with-problems.xlsx"
    workbook = openpyxl.load_workbook(example)
    sheet = workbook.create_sheet(PROBLEMS_SHEET)
    for row in sheet_rows(actions, AFTER_THE_SHEETS):
        sheet.append(row)
    workbook.save(path)
    _, after, _ = cli_check(path, monkeypatch, capsys)

    assert [line.replace(path.name, example.name) for line in after] == before


def test_a_workbook_that_cannot_be_read_lists_why(licensed, tmp_path, monkeypatch, capsys):
    path = tmp_path / "notes.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active["A1"] = "Nothing to see"
    workbook.save(path)
    code, printed, _ = cli_check(path, monkeypatch, capsys)
    result, actions = pressed_check(path, monkeypatch)

    assert code == 1
    assert check_lines(sheet_rows(actions, 1), path.name) == printed
    assert printed[0].startswith("error [no-measures-table]: notes.xlsx: no measures table found")
    assert result.selected is None
    assert actions[-1]["args"][0] == (
        "notes.xlsx: 1 error and 0 warnings, each a row of the Problems sheet; the first is of "
        "the whole workbook"
    )


def test_check_main_checks_the_callers_book(licensed, example, monkeypatch):
    remote_book.desktop_formats(monkeypatch, example)
    book = open_book(example)
    book.set_mock_caller()
    try:
        check_main()
    finally:
        del xw.Book._mock_caller

    assert PROBLEMS_SHEET in [sheet.name for sheet in book.sheets]


def test_the_engine_alone_tells_nothing(licensed, example, monkeypatch):
    remote_book.desktop_formats(monkeypatch, example)
    book = open_book(example)
    result = check_workbook(book)

    assert "alert" not in [a["func"] for a in book.json()["actions"]]
    assert result.selected == "Measures!H7"


# Build's problems in the Problems sheet.


def test_a_build_lists_all_its_warnings_as_check_does(licensed, example, monkeypatch, capsys):
    _, printed, _ = cli_check(example, monkeypatch, capsys)
    remote_book.desktop_formats(monkeypatch, example)
    book = open_book(example)
    run_button(book)
    actions = book.json()["actions"]
    (alert,) = [a for a in actions if a["func"] == "alert"]

    # The Board went in at position 4, the Problems sheet after it.
    assert check_lines(sheet_rows(actions, 5), example.name) == printed
    assert alert["args"][0].splitlines()[-1] == (
        "warning: devon_november_2023.xlsx: 24 more like the above [no-denominator]: all of "
        "them are in the Problems sheet"
    )


def test_a_clean_build_adds_no_problems_sheet(licensed, tmp_path, monkeypatch):
    path = write_measures_workbook(tmp_path / "clean.xlsx", CLEAN_ROWS, settings=DEVON)
    remote_book.desktop_formats(monkeypatch, path)
    book = open_book(path)
    run_button(book)

    assert PROBLEMS_SHEET not in [sheet.name for sheet in book.sheets]
    assert "alert" not in [a["func"] for a in book.json()["actions"]]


def test_a_clean_build_empties_the_last_problems_sheet(licensed, tmp_path, monkeypatch):
    path = write_measures_workbook(
        tmp_path / "clean.xlsx",
        CLEAN_ROWS,
        settings=DEVON,
        more_sheets={PROBLEMS_SHEET: [HEADERS, ("warning", "no-denominator", "M", "H7", "old")]},
    )
    remote_book.desktop_formats(monkeypatch, path)
    book = open_book(path)
    run_button(book)
    actions = book.json()["actions"]
    names = [sheet.name for sheet in book.sheets]

    # Replaced where it was; the board, new, goes after it and is in front again.
    assert names == ["Measures", "Settings", PROBLEMS_SHEET, "Board"]
    assert sheet_rows(actions, 2) == [HEADERS, (NO_PROBLEMS, None, None, None, None)]
    assert (actions[-1]["func"], actions[-1]["args"]) == ("activateSheet", [3])
    assert cells_written(actions, 3, "setValues")


def test_the_lite_script_runs_the_same_check(licensed, example, monkeypatch):
    from xlwings.server import custom_scripts_call, script

    remote_book.lite_formats(monkeypatch, example)
    spec = importlib.util.spec_from_file_location(
        "lite_main", REPO / "examples/xlwings_lite/main.py"
    )
    assert spec is not None and spec.loader is not None
    lite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lite)
    module = type(lite)("wrapped")
    module.check = script(name="Check")(lite.check)
    book = open_book(example)
    returned = asyncio.run(custom_scripts_call(module, "check", typehint_to_value={xw.Book: book}))

    assert returned is book
    expected = open_book(example)
    run_check(expected, number_formats=asyncio.run(read_number_formats(expected)))
    assert book.json()["actions"] == expected.json()["actions"]
