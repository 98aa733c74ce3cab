"""The Excel button, run through xlwings' remote engine on the shipped Devon example.

Every write the button makes becomes one action in ``book.json()["actions"]``; the tests
read those actions back into cells and compare them with the writing plans and with what
``xl-tools compute`` gives for the same file.
"""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwings as xw

from tests import remote_book
from tests.remote_book import cells_written, open_book
from xl_tools import cli
from xl_tools.button import SEE_ALL, build_board, message, run_button
from xl_tools.errors import Problem, ProblemCode, Severity
from xl_tools.excel.problems import PROBLEMS_SHEET
from xl_tools.excel.write import as_text
from xl_tools.model import BOARD_SHEET
from xl_tools.pipeline import RunOptions, compute_workbook, read
from xl_tools.write.board import plan_board
from xl_tools.write.plan import plan_measure_columns

REPO = Path(__file__).parent.parent
EXAMPLE = REPO / "examples" / "devon_november_2023.xlsx"
LITE_SCRIPT = REPO / "examples" / "xlwings_lite" / "main.py"
# Measures, Settings, About, Lists: the board goes after them.
BOARD_POSITION = 4

# Each action is one round trip to Excel. For the example (41 measures, 15 new computed
# columns, a 16-column board) the button needs about 90: 5 for the new headers and
# values, ~30 number-format rectangles (formats differ by unit from row to row), 1 sheet,
# 1 value block, ~30 styles (12 of them borders), ~15 column widths, 3 RAG rules and a
# few settings; the example's published comparators give its variance columns figures in
# alternating units, each run a number format. Its warnings add the Problems sheet: the
# sheet, its table in one block, 5 widths, its header's look and the board made active
# again (about 15); 137 in all. Cell by cell it would be over 2,000 writes; 170 leaves
# room for a workbook whose units alternate more, and still fails a change that writes a
# column cell by cell.
ACTION_BUDGET = 170


@pytest.fixture
def example(tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    return path


@pytest.fixture
def desktop_formats(monkeypatch, example):
    """Number formats readable as desktop Excel reads them (the remote engine cannot)."""
    remote_book.desktop_formats(monkeypatch, example)


@pytest.fixture
def lite_formats(monkeypatch, example):
    """Number formats readable as xlwings Lite reads them: only through the async getter."""
    remote_book.lite_formats(monkeypatch, example)


def cli_results(path: Path):
    measures = read(path, RunOptions())
    computed, settings = compute_workbook(path, options=RunOptions())
    return computed, settings, measures.layout


def sent(value):
    """A plan value as the remote engine sends it."""
    value = as_text(value)
    return "" if value is None else value


@pytest.fixture
def built(licensed, desktop_formats, example):
    book = open_book(example)
    result = run_button(book)
    return result, book.json()["actions"]


def test_figures_equal_the_cli_compute(built, example):
    result, _ = built
    computed, _, _ = cli_results(example)

    pd.testing.assert_frame_equal(result.computed, computed)


def test_lite_formats_give_the_same_figures(licensed, lite_formats, example):
    from xl_tools.excel.read import read_number_formats

    book = open_book(example)
    formats = asyncio.run(read_number_formats(book))
    result = build_board(book, number_formats=formats)

    pd.testing.assert_frame_equal(result.computed, cli_results(example)[0])


def test_without_formats_a_fraction_shown_as_a_percentage_is_refused(licensed, example):
    # The remote engine cannot read formats: 0.22 in a "0%" cell could be 22% or 0.22%.
    book = open_book(example)

    assert run_button(book) is None
    actions = book.json()["actions"]
    (alert,) = [a for a in actions if a["func"] == "alert"]
    lines = alert["args"][0].splitlines()
    assert lines[0] == (
        'devon_november_2023.xlsx: Measures!F7: "0.22" is a percentage below 1 (Value of "% of '
        'referrals which are repeat referrals"): 22% if its cell is formatted as a percentage, '
        "0.22% if not, and number formats cannot be read here; so are F14:F19, F21, F24:F26, "
        "F28:F30, F32:F43, F45: type percentages in points (22) or as text (22%), or use "
        "desktop Excel or the xlwings Lite script, which read formats"
    )
    assert [line.split(": ")[1] for line in lines[:6]] == [
        "Measures!F7",
        "Measures!K42",
        "Measures!M7",
        "Measures!N7",
        "Measures!O7",
        "Measures!AD43",
    ]
    assert "(Apr-23 of " in lines[5]
    assert actions == [alert]  # nothing is written


def test_computed_columns_land_in_their_cells(built, example):
    _, actions = built
    computed, settings, layout = cli_results(example)
    values = cells_written(actions, 0, "setValues")
    formats = cells_written(actions, 0, "setNumberFormat")

    for plan in plan_measure_columns(computed, layout, settings):
        if plan.is_new:
            assert values[plan.header_row, plan.column] == plan.header
        for row, value, number_format in zip(
            plan.rows, plan.values, plan.number_formats, strict=True
        ):
            assert values[row, plan.column] == sent(value), (plan.field, row)
            if value is not None:
                assert formats[row, plan.column] == number_format, (plan.field, row)


def test_nothing_else_in_the_measures_sheet_is_written(built, example):
    _, actions = built
    computed, settings, layout = cli_results(example)
    planned = {
        (row, plan.column)
        for plan in plan_measure_columns(computed, layout, settings)
        for row in (*plan.rows, *((plan.header_row,) if plan.is_new else ()))
    }

    assert set(cells_written(actions, 0, "setValues")) == planned


def test_the_board_sheet_holds_the_plans_cells(built, example):
    _, actions = built
    computed, settings, _ = cli_results(example)
    plan = plan_board(computed, settings, sparklines=False)
    values = cells_written(actions, BOARD_POSITION, "setValues")
    formats = cells_written(actions, BOARD_POSITION, "setNumberFormat")

    assert ("addSheet", [BOARD_POSITION, BOARD_SHEET]) in [(a["func"], a["args"]) for a in actions]
    assert values[1, 1] == plan.title
    assert values[2, 1] == plan.notes
    assert [values[plan.summary_row + n, 1] for n in range(len(plan.summary))] == [
        sent(line) for line in plan.summary
    ]
    assert [values[plan.header_row, c] for c in range(1, len(plan.columns) + 1)] == [
        column.header for column in plan.columns
    ]
    for row_number, row in enumerate(plan.body, start=plan.first_row):
        assert [values[row_number, c] for c in range(1, len(row.cells) + 1)] == [
            sent(cell.value) for cell in row.cells
        ]
        for column, cell in enumerate(row.cells, start=1):
            if cell.value is not None and not row.section:
                assert formats[row_number, column] == cell.number_format


def test_rag_rules_carry_the_plans_colours(built, example):
    _, actions = built
    computed, settings, _ = cli_results(example)
    plan = plan_board(computed, settings, sparklines=False)
    rules = [a for a in actions if a["func"] == "addConditionalFormat"]

    assert [
        (r["args"][0]["formula1"], r["args"][0]["fill_color"], r["args"][0]["font_color"])
        for r in rules
    ] == [(f'"{c.word}"', "#" + c.fill.lower(), "#" + c.font.lower()) for c in plan.rag_colours]
    for rule in rules:
        where = (rule["start_row"] + 1, rule["start_column"] + 1)
        assert where == (plan.first_row, plan.rag_column)
        assert rule["row_count"] == len(plan.body)


def test_a_second_press_replaces_the_board(licensed, desktop_formats, example, tmp_path):
    built_file = tmp_path / "built.xlsx"
    workbook = openpyxl.load_workbook(example)
    workbook.create_sheet(BOARD_SHEET, 1)
    workbook.save(built_file)
    book = open_book(built_file)
    run_button(book)

    funcs = [(a["func"], a["args"], a["sheet_position"]) for a in book.json()["actions"]]
    assert ("sheetDelete", [None], 1) in funcs
    assert [f for f in funcs if f[0] == "addSheet"] == [
        ("addSheet", [1, BOARD_SHEET], None),
        ("addSheet", [5, PROBLEMS_SHEET], None),
    ]


def test_the_button_writes_in_blocks(built):
    _, actions = built
    counts = Counter(action["func"] for action in actions)

    assert len(actions) <= ACTION_BUDGET, counts
    assert counts["setValues"] <= 5


def test_warnings_are_shown_as_the_cli_prints_them(built):
    result, actions = built
    (alert,) = [a for a in actions if a["func"] == "alert"]

    assert alert["args"][0] == message(result.problems, more=SEE_ALL)
    assert alert["args"][0].startswith("warning: devon_november_2023.xlsx: Measures!")


def test_the_board_stays_in_front_of_the_problems_sheet(built):
    _, actions = built
    sheets = [(a["func"], a["args"]) for a in actions if "Sheet" in a["func"]]

    assert sheets == [
        ("addSheet", [BOARD_POSITION, BOARD_SHEET]),
        ("activateSheet", [BOARD_POSITION]),
        ("addSheet", [BOARD_POSITION + 1, PROBLEMS_SHEET]),
        ("activateSheet", [BOARD_POSITION]),
    ]


def test_a_workbook_without_a_table_gives_one_line_and_no_traceback(
    licensed, tmp_path, monkeypatch, capsys
):
    path = tmp_path / "notes.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active["A1"] = "Nothing to see"
    workbook.save(path)
    book = open_book(path)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build", "notes.xlsx"]) == 1
    printed = capsys.readouterr()

    assert run_button(book) is None
    (alert,) = book.json()["actions"]  # and nothing is written
    text, title = alert["args"][:2]
    assert (alert["func"], title) == ("alert", "xl_tools")
    assert text.startswith("notes.xlsx: no measures table found: ")
    assert "\n" not in text
    assert text in (printed.out + printed.err).splitlines()


def test_the_message_box_is_cut_short():
    problems = [Problem(ProblemCode.BAD_VALUE, f"bad {n}", file="m.xlsx") for n in range(20)]

    lines = message(problems, more=SEE_ALL).splitlines()
    assert len(lines) == 15
    assert lines[-1] == "... and 6 more: all of them are in the Problems sheet"
    assert message(problems).splitlines()[-1] == (
        "... and 6 more: press Check to list every problem in the Problems sheet"
    )


def test_warnings_of_a_kind_are_counted_as_a_build_counts_them():
    warnings = [
        Problem(ProblemCode.NO_DENOMINATOR, f"no Y {n}", file="m.xlsx", severity=Severity.WARNING)
        for n in range(5)
    ]
    error = Problem(ProblemCode.BAD_VALUE, "bad", file="m.xlsx")

    assert message([*warnings, error], more=SEE_ALL).splitlines() == [
        "m.xlsx: bad",
        "warning: m.xlsx: no Y 0",
        "warning: m.xlsx: no Y 1",
        "warning: m.xlsx: no Y 2",
        "warning: m.xlsx: 2 more like the above [no-denominator]: all of them are in the "
        "Problems sheet",
    ]


def test_main_builds_the_callers_book(licensed, desktop_formats, example):
    from xl_tools.button import main

    book = open_book(example)
    book.set_mock_caller()
    try:
        main()
    finally:
        del xw.Book._mock_caller
    assert BOARD_SHEET in [sheet.name for sheet in book.sheets]


def test_the_lite_script_runs_the_same_function(licensed, lite_formats, example):
    from xlwings.server import custom_scripts_call, script

    spec = importlib.util.spec_from_file_location("lite_main", LITE_SCRIPT)
    assert spec is not None and spec.loader is not None
    lite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lite)
    # Off Lite, xlwings' ``script`` is a no-op; Lite wraps the function as this one does.
    module = type(lite)("wrapped")
    module.build_board = script(name="Build board")(lite.build_board)
    book = open_book(example)
    returned = asyncio.run(
        custom_scripts_call(module, "build_board", typehint_to_value={xw.Book: book})
    )

    assert returned is book
    expected = open_book(example)
    run_button(expected, number_formats=asyncio.run(_formats(expected)))
    assert book.json()["actions"] == expected.json()["actions"]


async def _formats(book):
    from xl_tools.excel.read import read_number_formats

    return await read_number_formats(book)
