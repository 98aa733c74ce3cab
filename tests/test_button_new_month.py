"""The New month button: in place through xlwings' remote engine (as xlwings Lite runs it),
beside the file on the desktop, each against ``xl-tools new-month`` on the same file."""

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
from tests.remote_book import cells_written, open_book
from tests.workbooks import write_measures_workbook
from xl_tools import cli
from xl_tools.button import new_month_main, run_new_month, start_new_month
from xl_tools.errors import WouldOverwriteError, XlToolsError
from xl_tools.excel.new_month import new_month_beside, saved_path
from xl_tools.excel.problems import PROBLEMS_SHEET
from xl_tools.excel.read import read_formulas, read_number_formats
from xl_tools.model import BOARD_SHEET
from xl_tools.read import read_workbook

REPO = Path(__file__).parent.parent
EXAMPLE = REPO / "examples" / "devon_november_2023.xlsx"
LITE_SCRIPT = REPO / "examples" / "xlwings_lite" / "main.py"
# The example's 41 measures lose their inputs and the tool's columns (a few blocks of
# neighbouring cells), November's values go into their month column, and the period moves
# on: 8 blocks of values and the message box. Cell by cell it would be over 100 writes.
ACTION_BUDGET = 15
# openpyxl, which reads the files here, does not know a built board's sparklines.
pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension:UserWarning")
CONFIRM = (
    "New month rolls this workbook forward from November 2023 in place, to be saved as "
    "devon_december_2023.xlsx: this month's values go into their month column, the month's "
    "figures and the tool's columns are cleared, and the Board sheet goes. Save a copy of "
    "this month's workbook first (File > Save a copy), then tick confirm and run New month "
    "again"
)


@pytest.fixture
def example(tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    return path


def file_cells(path: Path) -> dict[str, dict[tuple[int, int], tuple[object, str]]]:
    """Every cell's value and number format, by sheet name."""
    workbook = openpyxl.load_workbook(path)
    try:
        return {
            sheet.title: {
                (cell.row, cell.column): (cell.value, cell.number_format)
                for row in sheet.iter_rows()
                for cell in row
            }
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()


def by_the_cli(path: Path, tmp_path: Path) -> tuple[Path, dict, dict]:
    """``xl-tools new-month`` on the file: what it wrote, and the values and formats it
    changed, by sheet name."""
    out = tmp_path / "cli"
    out.mkdir(parents=True)
    assert cli.main(["new-month", str(path), "-o", str(out)]) == 0
    (written,) = out.iterdir()
    before, after = file_cells(path), file_cells(written)
    values, formats = {}, {}
    for name, cells in after.items():
        old = before[name]
        blank = (None, "General")
        values[name] = {
            at: cell[0] for at, cell in cells.items() if cell[0] != old.get(at, blank)[0]
        }
        formats[name] = {
            at: cell[1] for at, cell in cells.items() if cell[1] != old.get(at, blank)[1]
        }
    return written, values, formats


def by_the_button(actions, names: list[str]) -> tuple[dict, dict]:
    """The values and number formats the button wrote, by sheet name."""
    values = {
        name: {
            at: None if value == "" else value
            for at, value in cells_written(actions, position, "setValues").items()
        }
        for position, name in enumerate(names)
    }
    formats = {
        name: cells_written(actions, position, "setNumberFormat")
        for position, name in enumerate(names)
    }
    return values, formats


def sheet_names(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return workbook.sheetnames
    finally:
        workbook.close()


def rolled_in_place(path: Path, monkeypatch, **more) -> tuple[object, list]:
    remote_book.lite_formats(monkeypatch, path)
    book = open_book(path)
    formats = asyncio.run(read_number_formats(book, blanks=True))
    result = run_new_month(book, confirmed=True, number_formats=formats, **more)
    return result, book.json()["actions"]


# In place, as in xlwings Lite.


def test_in_place_the_cells_change_as_the_command_changes_them(
    licensed, example, monkeypatch, tmp_path
):
    written, values, formats = by_the_cli(example, tmp_path)
    result, actions = rolled_in_place(example, monkeypatch)
    button_values, button_formats = by_the_button(actions, sheet_names(example))

    assert written.name == result.name == "devon_december_2023.xlsx"
    assert button_values == values
    # 10.2% would show as 10% in its month cell's "0%": it is given "0.0%".
    assert button_formats == formats
    assert formats["Measures"] == {(45, 37): "0.0%"}
    assert button_values["Settings"] == {(3, 2): "December 2023"}
    assert result.rolled and result.cells == sum(len(cells) for cells in values.values())


def test_in_place_the_officer_is_told_what_to_save(licensed, example, monkeypatch):
    _, actions = rolled_in_place(example, monkeypatch)

    assert actions[-1]["func"] == "alert"
    assert actions[-1]["args"][:4] == [
        "devon_november_2023.xlsx is rolled forward from November 2023 (118 cells changed): "
        "save it as devon_december_2023.xlsx (File > Save a copy), and fill in the new month's "
        "figures",
        "xl_tools",
        "ok",
        "info",
    ]


def test_in_place_writes_in_blocks(licensed, example, monkeypatch):
    _, actions = rolled_in_place(example, monkeypatch)
    counts = Counter(action["func"] for action in actions)

    assert len(actions) <= ACTION_BUDGET, counts


def test_nothing_changes_until_it_is_confirmed(licensed, example, monkeypatch):
    remote_book.lite_formats(monkeypatch, example)
    book = open_book(example)
    result = run_new_month(book, number_formats=asyncio.run(read_number_formats(book, blanks=True)))

    (alert,) = book.json()["actions"]
    assert alert["args"][:4] == [CONFIRM, "xl_tools", "ok", "info"]
    assert result is not None and not result.rolled and result.cells == 0


def test_last_months_board_and_problems_go(licensed, example, monkeypatch, tmp_path, capsys):
    built = tmp_path / "built" / example.name
    built.parent.mkdir()
    assert cli.main(["build", str(example), "-o", str(built)]) == 0
    workbook = openpyxl.load_workbook(built)
    workbook.create_sheet(PROBLEMS_SHEET).append(["Severity", "Code"])
    workbook.save(built)
    names = sheet_names(built)
    _, values, _ = by_the_cli(built, tmp_path)
    _, actions = rolled_in_place(built, monkeypatch)
    button_values, _ = by_the_button(actions, names)

    left, deleted = list(names), []
    for action in actions:
        if action["func"] == "sheetDelete":  # at its place among the sheets left
            deleted.append(left.pop(action["sheet_position"]))

    assert deleted == [BOARD_SHEET, PROBLEMS_SHEET]
    # The command drops the board too; the Problems sheet, the buttons' own, goes as well.
    by_the_command = sheet_names(by_the_cli(built, tmp_path / "again")[0])
    assert left == [name for name in by_the_command if name != PROBLEMS_SHEET]
    assert {name: button_values[name] for name in values} == values


def test_a_formula_in_a_cleared_column_is_kept(licensed, example, monkeypatch, tmp_path):
    # Commentary (Q) is cleared for the new month; a formula there, as Lite reads it, stays.
    remote_book.lite_formulas(monkeypatch, example, {("Measures", 7, 17): '="see "&A7'})
    remote_book.lite_formats(monkeypatch, example)
    book = open_book(example)
    formulas = asyncio.run(read_formulas(book))
    run_new_month(
        book,
        confirmed=True,
        number_formats=asyncio.run(read_number_formats(book, blanks=True)),
        formulas=formulas,
    )
    button_values, _ = by_the_button(book.json()["actions"], sheet_names(example))
    _, values, _ = by_the_cli(example, tmp_path)

    assert formulas["Measures"] == frozenset({(7, 17)})
    assert (7, 17) in values["Measures"]
    assert (7, 17) not in button_values["Measures"]
    assert len(button_values["Measures"]) == len(values["Measures"]) - 1


def test_a_period_that_is_no_month_stops_it(licensed, tmp_path, monkeypatch):
    settings = {"Reporting period": "Q3 2023/24", "Population 0-17": 147541}
    rows = [["VA02", "Activity", "Number of referrals", "Number", "Lower is better", 599]]
    path = write_measures_workbook(tmp_path / "quarter.xlsx", rows, settings=settings)
    remote_book.desktop_formats(monkeypatch, path)
    book = open_book(path)

    assert run_new_month(book, confirmed=True) is None
    (alert,) = book.json()["actions"]
    assert alert["args"][0] == (
        "quarter.xlsx: the Reporting period (Q3 2023/24) is not a month such as November 2023, "
        "so the workbook cannot move on a month: fill it in on the Settings sheet"
    )
    assert alert["args"][3] == "critical"


def test_new_month_main_asks_first(licensed, example, monkeypatch):
    remote_book.desktop_formats(monkeypatch, example)
    book = open_book(example)
    book.set_mock_caller()
    try:
        new_month_main()
    finally:
        del xw.Book._mock_caller

    (alert,) = book.json()["actions"]
    assert alert["args"][0] == CONFIRM


def test_without_formats_nothing_is_rolled_in_place(licensed, example):
    book = open_book(example)

    assert run_new_month(book, confirmed=True) is None
    (alert,) = book.json()["actions"]
    assert alert["args"][0] == (
        "devon_november_2023.xlsx: number formats could not be read here, and New month puts "
        "this month's figures into cells blank today as their formats show them: run New "
        "month from the xlwings Lite script, which reads them"
    )


def test_the_lite_script_runs_the_same_function(licensed, example, monkeypatch):
    from xlwings.server import custom_scripts_call, script

    remote_book.lite_formats(monkeypatch, example)
    remote_book.lite_formulas(monkeypatch, example, {})
    spec = importlib.util.spec_from_file_location("lite_main", LITE_SCRIPT)
    assert spec is not None and spec.loader is not None
    lite = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lite)
    module = type(lite)("wrapped")
    module.new_month = script(name="New month")(lite.new_month)
    book = open_book(example)
    returned = asyncio.run(
        custom_scripts_call(module, "new_month", typehint_to_value={xw.Book: book}, args=[True])
    )

    assert returned is book
    expected = open_book(example)
    formats = asyncio.run(read_number_formats(expected, blanks=True))
    run_new_month(
        expected,
        confirmed=True,
        number_formats=formats,
        formulas=asyncio.run(read_formulas(expected)),
    )
    assert book.json()["actions"] == expected.json()["actions"]


# On the desktop, beside the file.


def test_beside_the_file_it_is_the_commands_workbook(example, tmp_path):
    written = new_month_beside(example)
    cli_written, _, _ = by_the_cli(example, tmp_path)

    assert written == example.with_name("devon_december_2023.xlsx")
    assert file_cells(written) == file_cells(cli_written)
    assert read_workbook(written).settings.period == "December 2023"


def test_beside_the_file_it_never_overwrites(example):
    new_month_beside(example)

    with pytest.raises(WouldOverwriteError) as raised:
        new_month_beside(example)
    assert str(raised.value) == (
        f"{example.with_name('devon_december_2023.xlsx')}: exists already: New month never "
        "overwrites a workbook; open it, or move it away and press New month again"
    )


def test_a_workbook_never_saved_has_no_folder(licensed, example):
    book = open_book(example)  # the remote engine's book has a name but no folder

    with pytest.raises(XlToolsError) as raised:
        saved_path(book)
    assert str(raised.value) == (
        "devon_november_2023.xlsx: has never been saved, so next month's workbook has no "
        "folder to go in: save it (File > Save As) where the months' workbooks are kept, then "
        "press New month again"
    )


def test_the_remote_engine_rolls_in_place_and_never_saves(licensed, example, monkeypatch):
    remote_book.desktop_formats(monkeypatch, example)
    book = open_book(example)
    result = start_new_month(book)

    assert result.written is None and not result.rolled
    assert book.json()["actions"] == []
