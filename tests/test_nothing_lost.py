"""A build keeps everything the officer's workbook holds (DESIGN 6).

Each test builds a real workbook holding one kind of content, runs `xl-tools build`, and
opens the output again to find that content unchanged.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
import xlwings

from xl_tools.cli import main
from xl_tools.model import BOARD_SHEET

HEADERS = ("ID", "Measure", "Unit", "Polarity", "Value", "Target")
MEASURES = (
    ("VA02", "Number of referrals", "Number", "None", 599, None),
    ("AU01", "% of audits with feedback from families", "Percentage", "Higher is better", 30, 80),
)
# xlwings ships a macro-enabled workbook whose VBA project is real Office output.
QUICKSTART = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"


def vba_project() -> bytes:
    with zipfile.ZipFile(QUICKSTART) as package:
        return package.read("xl/vbaProject.bin")


def write_rich_workbook(path: Path) -> None:
    """A measures workbook with formulas, names, validation, a comment, widths and panes."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Measures")
    sheet.write_row(0, 0, HEADERS)
    for row, measure in enumerate(MEASURES, start=1):
        sheet.write_row(row, 0, measure)
    notes = book.add_worksheet("Notes")
    notes.write_formula("A1", "=Measures!E2*2", None, 1198)
    sheet.write_comment("B2", "Referrals from all sources")
    sheet.data_validation("D2:D3", {"validate": "list", "source": ["Higher is better", "None"]})
    sheet.set_column("B:B", 55)
    sheet.freeze_panes(1, 2)
    book.define_name("Referrals", "=Measures!$E$2")
    if path.suffix == ".xlsm":
        book.add_vba_project(BytesIO(vba_project()), is_stream=True)
    book.close()


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    path = tmp_path / "measures.xlsx"
    write_rich_workbook(path)
    return path


def build(path: Path) -> Path:
    assert main(["build", str(path), "--period", "November 2023"]) == 0
    return path.with_name(f"{path.stem}-board{path.suffix}")


def test_sheets_formulas_and_names_survive(rich):
    book = openpyxl.load_workbook(build(rich))
    assert book.sheetnames == ["Measures", "Notes", BOARD_SHEET]
    assert book["Notes"]["A1"].value == "=Measures!E2*2"
    assert book.defined_names["Referrals"].attr_text == "Measures!$E$2"


def test_validation_comments_widths_and_panes_survive(rich):
    sheet = openpyxl.load_workbook(build(rich))["Measures"]
    validation = sheet.data_validations.dataValidation[0]
    assert str(validation.sqref) == "D2:D3"
    assert validation.formula1 == '"Higher is better,None"'
    assert sheet["B2"].comment.text == "Referrals from all sources"
    assert sheet.column_dimensions["B"].width == pytest.approx(55, abs=1)
    assert sheet.freeze_panes == "C2"


def test_an_xlsm_keeps_its_macros(tmp_path):
    path = tmp_path / "measures.xlsm"
    write_rich_workbook(path)
    output = build(path)
    assert output.suffix == ".xlsm"
    with zipfile.ZipFile(output) as package:
        assert package.read("xl/vbaProject.bin") == vba_project()
        types = package.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types


def test_only_the_tool_s_own_columns_are_added(rich):
    before = openpyxl.load_workbook(rich)["Measures"]
    after = openpyxl.load_workbook(build(rich))["Measures"]
    for row in before.iter_rows():
        for cell in row:
            assert after[cell.coordinate].value == cell.value, cell.coordinate
    added = [cell.value for cell in after[1]][len(HEADERS) :]
    assert added[:4] == [
        "Actual numbers",
        "Variance to target",
        "Relative variance to target",
        "RAG",
    ]
