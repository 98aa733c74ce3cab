"""The remote-book harness: a real .xlsx opened as xlwings' remote book, and what writes produce.

The Excel button writes through xlwings; under the remote engine every write becomes one
action in ``book.json()["actions"]``, which is what these tests read.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import types

import openpyxl
import pytest
import xlwings as xw
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table

from tests.xlwings_payload import LICENCE_ENV, excel_value, payload_from_xlsx, remote_licence


@pytest.fixture
def measures_path(tmp_path):
    """A small measures workbook: a title, a header row in row 3 from column B, a settings sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Measures"
    sheet["B1"] = "Children's services scorecard"
    rows = [
        ("Measure", "Value", "Target", "Reported"),
        ("Referrals per 10,000", 512.5, 480, dt.datetime(2024, 3, 31)),
        ("% repeat referrals", 0.22, None, dt.datetime(2024, 3, 31, 9, 30)),
        ("Number of children", "c", 10, None),
    ]
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=2):
            sheet.cell(row=3 + offset, column=column, value=value)
    sheet["C5"].number_format = "0%"
    sheet.add_table(Table(displayName="MeasuresTable", ref="B3:E6"))
    settings = workbook.create_sheet("Settings")
    settings["A1"], settings["B1"] = "Population 0-17", 51234
    workbook.defined_names["Population"] = DefinedName("Population", attr_text="Settings!$B$1")
    path = tmp_path / "measures.xlsx"
    workbook.save(path)
    return path


@pytest.fixture
def book(licensed, measures_path):
    return xw.Book(json=payload_from_xlsx(measures_path))


def actions(book):
    return book.json()["actions"]


# --- the payload ---------------------------------------------------------------------------


def test_payload_carries_what_excel_sends(measures_path):
    payload = payload_from_xlsx(measures_path)

    assert payload["client"] == "Office.js"
    assert payload["version"] == xw.__version__
    assert payload["book"] == {
        "name": "measures.xlsx",
        "active_sheet_index": 0,
        "selection": "A1",
        "calculation": "Automatic",
    }
    measures = payload["sheets"][0]
    assert measures["used_range_address"] == "B1:E6"
    assert measures["tables"][0]["data_body_range_address"] == "B4:E6"
    assert len(measures["values"]) == 6
    assert {len(row) for row in measures["values"]} == {5}


def test_payload_values_start_at_a1_in_excels_form(measures_path):
    values = payload_from_xlsx(measures_path)["sheets"][0]["values"]

    assert values[0] == ["", "Children's services scorecard", "", "", ""]
    assert values[3] == ["", "Referrals per 10,000", 512.5, 480, "2024-03-31T00:00:00.000Z"]
    assert values[4][2] == 0.22
    assert values[4][4] == "2024-03-31T09:30:00.000Z"


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (None, ""),
        ("c", "c"),
        (7, 7),
        (False, False),
        (dt.date(2024, 1, 2), "2024-01-02T00:00:00.000Z"),
        (dt.datetime(2024, 1, 2, 3, 4, 5, 999_600), "2024-01-02T03:04:06.000Z"),
        (dt.time(6, 0), "1899-12-30T06:00:00.000Z"),
        (dt.timedelta(days=1, hours=12), "1899-12-31T12:00:00.000Z"),
    ],
)
def test_cell_values_are_sent_as_excel_sends_them(value, sent):
    assert excel_value(value) == sent


def test_payload_names_point_at_one_range(measures_path):
    (name,) = payload_from_xlsx(measures_path)["names"]

    assert name == {
        "name": "Population",
        "sheet_index": 1,
        "address": "B1",
        "book_scope": True,
        "scope_sheet_name": None,
        "scope_sheet_index": None,
        "refers_to": "=Settings!$B$1",
    }


def test_caller_sheet_becomes_the_active_sheet(measures_path):
    payload = payload_from_xlsx(measures_path, caller_sheet="Settings")

    assert payload["book"]["active_sheet_index"] == 1


def test_unknown_caller_sheet_is_refused(measures_path):
    with pytest.raises(ValueError) as error:
        payload_from_xlsx(measures_path, caller_sheet="Board")

    assert str(error.value) == (
        "measures.xlsx: no sheet \"Board\" to call from; the sheets are 'Measures', 'Settings'"
    )


# --- the licence ---------------------------------------------------------------------------


def test_remote_engine_needs_the_licence_and_the_key_goes_after(measures_path, monkeypatch):
    monkeypatch.delenv(LICENCE_ENV, raising=False)
    payload = payload_from_xlsx(measures_path)
    engines = "import xlwings; print(sorted(engine.name for engine in xlwings.engines))"
    unlicensed = subprocess.run(
        [sys.executable, "-c", engines], capture_output=True, text=True, check=True
    )

    with remote_licence():
        assert os.environ[LICENCE_ENV] == "noncommercial"
        assert xw.Book(json=payload).name == "measures.xlsx"
    assert "remote" not in unlicensed.stdout
    assert LICENCE_ENV not in os.environ


# --- reading -------------------------------------------------------------------------------


def test_used_range_keeps_its_real_corner_and_converts_values(book):
    used = book.sheets["Measures"].used_range

    assert used.address == "$B$1:$E$6"
    assert used.value[2:] == [
        ["Measure", "Value", "Target", "Reported"],
        ["Referrals per 10,000", 512.5, 480, dt.datetime(2024, 3, 31)],
        ["% repeat referrals", 0.22, None, dt.datetime(2024, 3, 31, 9, 30)],
        ["Number of children", "c", 10, None],
    ]


def test_table_and_name_resolve_to_ranges(book):
    assert book.sheets["Measures"]["MeasuresTable"].address == "$B$4:$E$6"
    assert book.names["Population"].refers_to_range.value == 51234


@pytest.mark.parametrize(
    ("read", "hint"),
    [
        (lambda rng: rng.number_format, "get_number_format"),
        (lambda rng: rng.color, "get_color"),
        (lambda rng: rng.font.bold, "get_bold"),
        (lambda rng: rng.font.color, "get_color"),
        (lambda rng: rng.formula, "get_formula"),
        (lambda rng: rng.merge_cells, "merge"),
        (lambda rng: len(rng.conditional_formats), "get_conditional_formats"),
    ],
)
def test_formats_cannot_be_read(book, read, hint):
    with pytest.raises(NotImplementedError, match=hint):
        read(book.sheets["Measures"]["C5"])


# --- writing -------------------------------------------------------------------------------


@pytest.mark.parametrize(("cell_by_cell", "count"), [(False, 1), (True, 6)])
def test_a_block_write_is_one_action(book, cell_by_cell, count):
    sheet = book.sheets["Measures"]
    block = [[1, 2], [3, 4], [5, 6]]
    if cell_by_cell:
        for row, values in enumerate(block, start=1):
            for column, value in enumerate(values, start=5):
                sheet.cells(row, column).value = value
    else:
        sheet["E1:F3"].value = block

    assert [action["func"] for action in actions(book)] == ["setValues"] * count


def test_a_block_write_carries_its_place_and_values(book):
    book.sheets["Measures"]["F1:G3"].value = [
        ["Actual numbers", None],
        [dt.date(2024, 3, 31), dt.datetime(2024, 3, 31, 9, 30)],
        [float("nan"), "Red"],
    ]

    (action,) = actions(book)
    assert action["values"] == [
        ["Actual numbers", ""],
        ["2024-03-31", "2024-03-31 09:30:00"],
        ["", "Red"],
    ]
    assert (action["sheet_position"], action["start_row"], action["start_column"]) == (0, 0, 5)
    assert (action["row_count"], action["column_count"]) == (3, 2)


def test_written_values_are_not_read_back(book):
    sheet = book.sheets["Measures"]
    sheet["G1"].value = "written"

    assert sheet["G1"].value is None


@pytest.mark.parametrize(
    ("write", "func", "args"),
    [
        (lambda rng: setattr(rng, "number_format", "0.0%"), "setNumberFormat", ["0.0%"]),
        (lambda rng: setattr(rng, "color", (255, 199, 206)), "setRangeColor", ["#ffc7ce"]),
        (lambda rng: setattr(rng, "color", None), "setRangeColor", [None]),
        (lambda rng: setattr(rng.font, "bold", True), "setFontProperty", ["bold", True]),
        (
            lambda rng: setattr(rng.font, "color", "#9C0006"),
            "setFontProperty",
            ["color", "#9C0006"],
        ),
        (lambda rng: rng.set_colors([[None, ...]] * 3), "setRangeColors", [[[None, "keep"]] * 3]),
        (lambda rng: rng.clear_contents(), "rangeClearContents", [None]),
        (lambda rng: rng.autofit(), "setAutofit", ["columns"]),
    ],
)
def test_each_format_write_is_one_action_on_the_whole_block(book, write, func, args):
    write(book.sheets["Measures"]["E1:F3"])

    (action, *rest) = actions(book)
    assert (action["func"], action["args"]) == (func, args)
    assert (action["row_count"], action["column_count"]) == (3, 2)


def test_sheets_are_added_cleared_and_deleted(book):
    board = book.sheets.add("Board", after=book.sheets["Settings"])
    board["A1:B1"].value = [["Measure", "RAG"]]
    board.clear()
    old = book.sheets["Settings"]
    old.delete()

    assert [(a["func"], a["args"], a["sheet_position"]) for a in actions(book)] == [
        ("addSheet", [2, "Board"], None),
        ("setValues", [None], 2),
        ("sheetClear", [None], 2),
        ("sheetDelete", [None], 1),
    ]
    assert [sheet.name for sheet in book.sheets] == ["Measures", "Board"]


def test_conditional_format_on_a_text_value(book):
    rag = book.sheets["Measures"]["F4:F6"]
    rag.conditional_formats.add_cell_value(
        "equal_to", '"Red"', fill_color="#FFC7CE", font_color=(156, 0, 6)
    )
    rag.conditional_formats.add_custom('=$F4="Amber"', fill_color="#FFEB9C", font_bold=True)

    first, second = actions(book)
    assert first["func"] == second["func"] == "addConditionalFormat"
    assert first["args"] == [
        {
            "type": "CellValue",
            "operator": "EqualTo",
            "formula1": '"Red"',
            "formula2": None,
            "stop_if_true": False,
            "fill_color": "#ffc7ce",
            "font_color": "#9c0006",
            "font_bold": None,
            "font_italic": None,
        }
    ]
    assert (second["args"][0]["type"], second["args"][0]["formula"]) == ("Custom", '=$F4="Amber"')
    assert (first["start_row"], first["start_column"], first["row_count"]) == (3, 5, 3)


@pytest.mark.parametrize(
    ("operator", "formula1", "message"),
    [
        ("equals", "1", "Invalid conditional-format operator 'equals'"),
        ("equal_to", "", "formula1 must be a non-empty string or a finite number."),
    ],
)
def test_conditional_format_refuses_bad_rules(book, operator, formula1, message):
    formats = book.sheets["Measures"]["F4"].conditional_formats

    with pytest.raises(ValueError, match=message):
        formats.add_cell_value(operator, formula1)


def test_conditional_formats_are_cleared_in_one_action(book):
    book.sheets["Measures"]["F4:F6"].conditional_formats.clear()

    assert [(a["func"], a["args"]) for a in actions(book)] == [("clearConditionalFormats", [])]


# --- how the button is called --------------------------------------------------------------


def test_mock_caller_returns_the_remote_book(book):
    book.set_mock_caller()
    try:
        assert xw.Book.caller().name == "measures.xlsx"
    finally:
        del xw.Book._mock_caller


def test_a_lite_script_runs_on_the_remote_book(book):
    from xlwings.server import custom_scripts_call, script

    @script(button="[run_button]Measures!H2")
    def run(book: xw.Book):
        book.sheets["Measures"]["G3"].value = "done"

    module = types.SimpleNamespace(run=run)
    returned = asyncio.run(custom_scripts_call(module, "run", typehint_to_value={xw.Book: book}))

    assert returned is book
    assert run.__xlscript__["button"] == "[run_button]Measures!H2"
    assert [action["values"] for action in actions(book)] == [[["done"]]]
