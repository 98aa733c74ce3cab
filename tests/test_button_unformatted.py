"""Where no number format can be read (xlwings Server, a synchronous Lite script), through
xlwings' remote engine, which reads none: percentages are read as typed, with one warning,
and one that could be a fraction shown as a percentage stops the button. Also: the board's
print setup, which only desktop Excel on Windows is given."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests import remote_book
from tests.make_layouts import layouts, write_layout
from tests.remote_book import open_book, sheet_rows
from tests.workbooks import write_measures_workbook
from xl_tools import cli
from xl_tools.button import build_board, run_button, run_check
from xl_tools.errors import MeasuresTableError, ProblemCode, Severity
from xl_tools.excel.page_setup import is_desktop_windows, page_setup, set_page_setup
from xl_tools.excel.read import read_number_formats
from xl_tools.pipeline import RunOptions, compute_workbook
from xl_tools.read.unformatted import READ_AS_TYPED
from xl_tools.write.board import plan_board

REPO = Path(__file__).parent.parent
EXAMPLE = REPO / "examples" / "devon_november_2023.xlsx"
LAYOUTS = {layout.name: layout for layout in layouts()}
SETTINGS = {"Authority": "Devon", "Reporting period": "November 2023"}
HEADERS = ("ID", "Measure", "Unit", "Polarity", "Value", "Target")


def warnings_of(problems, code):
    return [p for p in problems if p.code is code and p.severity is Severity.WARNING]


def test_percentages_typed_in_points_are_read_as_typed_with_one_warning(licensed, tmp_path):
    path = write_layout(LAYOUTS["percent-as-points"], tmp_path / "points.xlsx")
    result = build_board(open_book(path))
    computed, _ = compute_workbook(path, options=RunOptions())

    pd.testing.assert_frame_equal(result.computed, computed)
    (warning,) = warnings_of(result.problems, ProblemCode.NO_NUMBER_FORMATS)
    assert str(warning) == f"points.xlsx: Measures: {READ_AS_TYPED}"
    assert READ_AS_TYPED == (
        "number formats could not be read: percentages are read as typed, 22 as 22%; desktop "
        "Excel and the xlwings Lite script read them"
    )


def test_percentages_typed_as_text_need_no_format_and_no_warning(licensed, tmp_path):
    path = write_layout(LAYOUTS["officer-everything"], tmp_path / "text.xlsx")
    result = build_board(open_book(path))
    computed, _ = compute_workbook(path, options=RunOptions())

    pd.testing.assert_frame_equal(result.computed, computed)
    assert warnings_of(result.problems, ProblemCode.NO_NUMBER_FORMATS) == []


def test_with_formats_read_there_is_no_warning(licensed, tmp_path, monkeypatch):
    path = write_layout(LAYOUTS["percent-as-points"], tmp_path / "points.xlsx")
    remote_book.lite_formats(monkeypatch, path)
    book = open_book(path)
    result = build_board(book, number_formats=asyncio.run(read_number_formats(book)))

    assert warnings_of(result.problems, ProblemCode.NO_NUMBER_FORMATS) == []


def test_a_fraction_beside_points_names_the_cells(licensed, tmp_path):
    rows = [
        ["VA03", "% repeat referrals", "Percentage", "Lower is better", 0.22, 20],
        ["VA04", "% re-referrals", "Percentage", "Lower is better", 22, 20],
        ["VA05", "% reviews on time", "Percentage", "Higher is better", 1, 0.95],
        ["VA06", "% visits on time", "Percentage", "Higher is better", 0.875, 95],
        ["VA07", "Number of referrals", "Number", "Lower is better", 0.5, 600],
    ]
    path = write_measures_workbook(
        tmp_path / "mixed.xlsx", rows, headers=HEADERS, settings=SETTINGS
    )

    with pytest.raises(MeasuresTableError) as raised:
        build_board(open_book(path))
    errors = [p for p in raised.value.problems if p.severity is Severity.ERROR]
    assert [str(error) for error in errors] == [
        'mixed.xlsx: Measures!E4: "0.22" is a percentage below 1 (Value of "% repeat '
        'referrals"): 22% if its cell is formatted as a percentage, 0.22% if not, and number '
        "formats cannot be read here; so are E6:E7; the column also holds 22 at E5, in points: "
        "type percentages in points (22) or as text (22%), or use desktop Excel or the xlwings "
        "Lite script, which read formats",
        'mixed.xlsx: Measures!F6: "0.95" is a percentage below 1 (Target of "% reviews on '
        'time"): 95% if its cell is formatted as a percentage, 0.95% if not, and number '
        "formats cannot be read here; the column also holds 20 at F4, in points: type "
        "percentages in points (22) or as text (22%), or use desktop Excel or the xlwings "
        "Lite script, which read formats",
    ]
    assert {error.code for error in errors} == {ProblemCode.AMBIGUOUS_PERCENTAGE}


def test_check_lists_the_doubtful_percentages(licensed, tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    book = open_book(path)
    result = run_check(book)
    rows = sheet_rows(book.json()["actions"], 4)

    assert [row[:4] for row in rows[1:7]] == [
        ("error", "ambiguous-percentage", "Measures", cell)
        for cell in ("F7", "K42", "M7", "N7", "O7", "AD43")
    ]
    assert rows[7][:3] == ("warning", "no-number-formats", "Measures")
    assert result.selected == "Measures!F7"


def test_a_refused_build_writes_nothing_and_points_to_check(licensed, tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    book = open_book(path)

    assert run_button(book) is None
    (alert,) = book.json()["actions"]
    lines = alert["args"][0].splitlines()
    assert len(lines) == 7  # six columns of doubtful percentages, and the warning
    assert lines[-1] == (
        "warning: devon_november_2023.xlsx: Measures: number formats could not be read: "
        "percentages are read as typed, 22 as 22%; desktop Excel and the xlwings Lite script "
        "read them"
    )


# The board's print setup.


@pytest.fixture
def example(tmp_path) -> Path:
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    return path


@pytest.mark.filterwarnings("ignore:Sparkline Group extension:UserWarning")
def test_the_print_setup_is_the_file_back_ends(example, tmp_path):
    built = tmp_path / "built.xlsx"
    assert cli.main(["build", str(example), "-o", str(built)]) == 0
    computed, settings = compute_workbook(example, options=RunOptions())
    setup = page_setup(plan_board(computed, settings))
    book = openpyxl.load_workbook(built)
    board = book["Board"]

    assert setup["PrintTitleRows"] == board.print_title_rows == "$14:$14"
    assert setup["Orientation"] == 2 and board.page_setup.orientation == "landscape"
    assert str(setup["PaperSize"]) == str(board.page_setup.paperSize) == "9"
    footer = board.oddFooter
    assert (setup["LeftFooter"], setup["CenterFooter"], setup["RightFooter"]) == (
        footer.left.text,
        footer.center.text,
        footer.right.text,
    )
    assert (setup["Zoom"], setup["FitToPagesWide"], setup["FitToPagesTall"]) == (False, 1, False)
    assert list(setup)[0] == "Zoom"  # Excel fits to pages only once zoom is off


def test_the_remote_engine_skips_the_print_setup(licensed, example, monkeypatch):
    remote_book.desktop_formats(monkeypatch, example)
    book = open_book(example)
    computed, settings = compute_workbook(example, options=RunOptions())

    assert not is_desktop_windows(book)
    assert set_page_setup(book.sheets[0], plan_board(computed, settings)) is False
    assert book.json()["actions"] == []
    run_button(book)
    page = [a["func"] for a in book.json()["actions"] if "Print" in a["func"]]
    assert page == ["setPrintArea"]
