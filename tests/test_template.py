"""The shipped measures template: what the script makes, and what an officer finds in it."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.scripts import REPO, load_script
from tests.workbooks import TEMPLATE_HEADERS
from tests.xlsx_parts import differing_parts
from xl_tools.model import Polarity, Unit

SCRIPT = REPO / "workbook_templates" / "make_template.py"
COMMITTED = REPO / "workbook_templates" / "measures_template.xlsx"


make_template = load_script(SCRIPT)

HEADERS = list(TEMPLATE_HEADERS)
INPUTS = [h for h in HEADERS if h not in ("ID", "Section", "Measure", "Unit", "Polarity")]
INPUTS.remove("Actual numbers")
UNIT_WORDS = {"rate": "Rate per 10,000", "pct": "Percentage", "num": "Number", "avg": "Average"}
POLARITY_WORDS = {"high": "Higher is better", "low": "Lower is better", "none": "None"}
# The board report's measures in its order: ID, section initial, unit, polarity.
SEED = """
VA01 V rate none|VA02 V num none|VA03 V pct low|VA04 V rate none|VA05 V rate none
VA06 V rate none|VA07 V rate none|VA08 V rate none|VA09 V rate none|PR01 P pct none
PR02 P pct none|PR03 P pct low|PR04 P pct high|PR05 P pct none|PR06 P pct high
PR07 P pct low|PR08 P pct low|PR09 P rate none|PR10 P rate none|IM01 I pct high
IM02 I pct high|IM03 I pct high|IM04 I pct high|IM05 I pct low|IM06 I pct high
IM07 I pct high|IM08 I num low|IM09 I pct high|IM10 I pct high|IM11 I pct high
IM12 I pct high|IM13 I pct high|IM14 I pct high|IM15 I pct high|IM16 I pct high
IM17 I pct high|IM18 I pct high|AU01 A pct high|ST01 S pct low|ST02 S avg low
ST03 S pct low
"""
SEED_ROWS = [row.split() for row in SEED.replace("\n", "|").split("|") if row.strip()]
SECTIONS = {
    "V": "Volume of Activity",
    "P": "Process",
    "I": "Impact",
    "A": "Audit",
    "S": "Staffing",
}
FIRST_ROW = 5
LAST_ROW = FIRST_ROW + len(SEED_ROWS) - 1


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = make_template.build_template(tmp_path_factory.mktemp("template") / "t.xlsx")
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def measures(workbook: openpyxl.Workbook) -> Worksheet:
    return workbook["Measures"]


def column(header: str) -> int:
    return HEADERS.index(header) + 1


def test_committed_template_is_what_the_script_makes(tmp_path: Path) -> None:
    made = make_template.build_template(tmp_path / "fresh.xlsx")
    assert differing_parts(made, COMMITTED) == []


def test_script_runs_from_any_folder(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    subprocess.run([sys.executable, str(SCRIPT), str(out)], cwd=tmp_path, check=True)
    assert differing_parts(out, COMMITTED) == []


def test_title_hint_and_headers(measures: Worksheet) -> None:
    assert measures["A1"].value == "Children's social care performance measures"
    assert "input" in measures["A2"].value
    assert measures["A3"].value is None
    assert [cell.value for cell in measures[4]][: len(HEADERS)] == HEADERS
    assert all(cell.font.bold for cell in measures[4])


MONTHS = [datetime.datetime(2022 + (3 + n) // 12, (3 + n) % 12 + 1, 1) for n in range(24)]


def test_month_columns_are_two_financial_years_of_dates(measures: Worksheet) -> None:
    headers = [cell for cell in measures[4]][len(HEADERS) :]
    assert [cell.value for cell in headers] == MONTHS
    assert (MONTHS[0].date(), MONTHS[12].date(), MONTHS[-1].date()) == (
        datetime.date(2022, 4, 1),
        datetime.date(2023, 4, 1),
        datetime.date(2024, 3, 1),
    )
    assert {cell.number_format for cell in headers} == {"mmm-yy"}


@pytest.mark.parametrize(
    ("measure_id", "number_format"), [("VA01", "0.0"), ("VA03", "0%"), ("VA02", "#,##0")]
)
def test_month_cells_are_inputs_in_the_measures_unit(
    measures: Worksheet, measure_id: str, number_format: str
) -> None:
    row = next(r for r in range(FIRST_ROW, LAST_ROW + 1) if measures.cell(r, 1).value == measure_id)
    cells = [measures.cell(row, column) for column in range(18, 42)]
    assert {cell.value for cell in cells} == {None}
    assert {cell.number_format for cell in cells} == {number_format}
    assert {cell.fill.fgColor.rgb for cell in cells} == {"00FFF2CC"}


def test_month_columns_are_read_as_history_not_ignored(tmp_path: Path) -> None:
    from xl_tools.read import read_workbook

    path = make_template.build_template(tmp_path / "t.xlsx")
    measures = read_workbook(path)
    assert "history" in measures.frame.columns
    assert not [p for p in measures.problems if p.code == "ignored-column"]


@pytest.mark.parametrize(("offset", "seed"), list(enumerate(SEED_ROWS)))
def test_every_measure_in_order_with_unit_and_polarity(
    measures: Worksheet, offset: int, seed: list[str]
) -> None:
    measure_id, section, unit, polarity = seed
    row = [cell.value for cell in measures[FIRST_ROW + offset]][:5]
    assert row[0] == measure_id
    assert row[1] == SECTIONS[section]
    assert row[2]
    assert row[3:5] == [UNIT_WORDS[unit], POLARITY_WORDS[polarity]]


def test_no_rows_after_the_last_measure(measures: Worksheet) -> None:
    assert measures.max_row == LAST_ROW


def test_words_cover_the_tools_units_and_polarities() -> None:
    assert set(make_template.UNIT_WORDS) == {unit.value for unit in Unit}
    assert set(make_template.POLARITY_WORDS) == {polarity.value for polarity in Polarity}


@pytest.mark.parametrize(
    ("header", "words"),
    [("Unit", list(UNIT_WORDS.values())), ("Polarity", list(POLARITY_WORDS.values()))],
)
def test_drop_down_lists(workbook: openpyxl.Workbook, header: str, words: list[str]) -> None:
    letter = openpyxl.utils.get_column_letter(column(header))
    found = [
        dv
        for dv in workbook["Measures"].data_validations.dataValidation
        if f"{letter}{FIRST_ROW}:{letter}{LAST_ROW}" in str(dv.sqref)
    ]
    assert len(found) == 1
    assert found[0].type == "list"
    assert found[0].showErrorMessage
    sheet, cells = found[0].formula1.split("!")
    listed = [row[0].value for row in workbook[sheet][cells.replace("$", "")]]
    assert listed == words
    assert workbook[sheet].sheet_state == "hidden"


@pytest.mark.parametrize("header", INPUTS)
def test_input_cells_are_styled_as_inputs(measures: Worksheet, header: str) -> None:
    for row in range(FIRST_ROW, LAST_ROW + 1):
        cell = measures.cell(row, column(header))
        assert cell.fill.fgColor.rgb == "00FFF2CC", cell.coordinate
        assert cell.border.left.style == "thin"
        assert cell.value is None


@pytest.mark.parametrize("header", ["ID", "Section", "Measure", "Unit", "Polarity"])
def test_fixed_cells_are_not_styled_as_inputs(measures: Worksheet, header: str) -> None:
    fills = {measures.cell(r, column(header)).fill.fgColor.rgb for r in range(5, LAST_ROW + 1)}
    assert fills == {"00DDEBF7"}


def test_actual_numbers_are_left_for_the_tool(measures: Worksheet) -> None:
    cells = [measures.cell(r, column("Actual numbers")) for r in range(5, LAST_ROW + 1)]
    assert {cell.value for cell in cells} == {None}
    assert {cell.fill.fgColor.rgb for cell in cells} == {"00D9D9D9"}


@pytest.mark.parametrize(
    ("measure_id", "header", "number_format"),
    [
        ("VA03", "Value", "0%"),
        ("VA03", "Target", "0%"),
        ("VA03", "Amber threshold", "0%"),
        ("PR08", "Statistical neighbours", "0%"),
        ("PR08", "England", "0%"),
        ("PR08", "Region", "0%"),
        ("PR08", "Previous", "0%"),
        ("PR08", "Numerator", "#,##0"),
        ("ST03", "Denominator", "#,##0"),
        ("VA01", "Value", "0.0"),
        ("VA09", "Statistical neighbours", "0.0"),
        ("VA09", "Count", "#,##0"),
        ("VA02", "Value", "#,##0"),
        ("IM08", "Target", "#,##0"),
        ("ST02", "Value", "0.0"),
        ("ST02", "Denominator", "#,##0.0"),
    ],
)
def test_number_formats_follow_the_unit(
    measures: Worksheet, measure_id: str, header: str, number_format: str
) -> None:
    row = next(r for r in range(FIRST_ROW, LAST_ROW + 1) if measures.cell(r, 1).value == measure_id)
    assert measures.cell(row, column(header)).number_format == number_format


def test_panes_frozen_below_headers_and_right_of_measure(measures: Worksheet) -> None:
    assert measures.freeze_panes == "D5"


@pytest.mark.parametrize(
    ("row", "label", "default", "number_format"),
    [
        (2, "Authority", None, "@"),
        (3, "Reporting period", None, "@"),
        (4, "Population 0-17", None, "#,##0"),
        (5, "Amber tolerance", 0.05, "0%"),
        (6, "Board columns", None, "@"),
    ],
)
def test_settings_sheet(
    workbook: openpyxl.Workbook, row: int, label: str, default: float | None, number_format: str
) -> None:
    settings = workbook["Settings"]
    assert settings.cell(row, 1).value == label
    value = settings.cell(row, 2)
    assert (value.value, value.number_format) == (default, number_format)
    assert value.fill.fgColor.rgb == "00FFF2CC"
    assert settings.cell(row, 3).value


def test_population_note_says_what_it_is(workbook: openpyxl.Workbook) -> None:
    assert "0-17 mid-year estimate" in workbook["Settings"]["C4"].value
    assert "10,000" in workbook["Settings"]["C4"].value


def test_sheets_and_fixed_properties(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["Measures", "Settings", "About", "Lists"]
    assert 3 <= workbook["About"].max_row <= 8
    assert workbook.properties.creator == "xl_tools"
    assert workbook.properties.created == make_template.FIXED_TIME
    assert workbook.properties.modified == make_template.FIXED_TIME
