"""Sparklines on a sheet the tool writes: the XML Excel and XlsxWriter write, read by others."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xlsxwriter

from tests.libreoffice import convert_to, require_tools
from tests.xlsx_parts import count_sparklines, sheet_parts
from xl_tools.package import NewSheet, Row, Sparkline, SparklineKind, worksheet_xml
from xl_tools.package.sparklines import SPARKLINE_EXT_URI
from xl_tools.read import open_workbook
from xl_tools.save import save_workbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
XM = "{http://schemas.microsoft.com/office/excel/2006/main}"
ROWS = range(5, 10)
LINES = [Sparkline(f"R{row}", f"'Board'!S{row}:AD{row}") for row in ROWS]


def board_rows() -> list[Row]:
    """Five measures with 12 months of figures in S:AD."""
    return [
        Row(
            row,
            None,
            [(1, f"Measure {row}", 0)] + [(19 + m, (m * row) % 7 + 1, 0) for m in range(12)],
        )
        for row in ROWS
    ]


def with_board(tmp_path: Path, kind: SparklineKind = SparklineKind.LINE) -> Path:
    """A workbook made by XlsxWriter, given a board with sparklines by the tool."""
    source = tmp_path / "source.xlsx"
    made = xlsxwriter.Workbook(source)
    made.add_worksheet("Measures").write("A1", "Measure")
    made.close()
    path = tmp_path / "board.xlsx"
    with open_workbook(source) as book:
        sheet = NewSheet("Board", board_rows(), sparklines=LINES, sparkline_kind=kind)
        book.add_worksheet("Board", worksheet_xml(sheet))
        save_workbook(book, path)
    return path


def sheet_root(path: Path, sheet: str = "Board") -> ElementTree.Element:
    with zipfile.ZipFile(path) as package:
        return ElementTree.fromstring(package.read(sheet_parts(path)[sheet]))


def sparkline_ext(root: ElementTree.Element) -> ElementTree.Element:
    (ext,) = [ext for ext in root.iter(f"{MAIN}ext") if ext.get("uri") == SPARKLINE_EXT_URI]
    return ext


def test_each_cell_gets_a_sparkline_drawing_its_row(tmp_path: Path) -> None:
    board = with_board(tmp_path)

    found = [
        (line.findtext(f"{XM}f"), line.findtext(f"{XM}sqref"))
        for line in sparkline_ext(sheet_root(board)).iter(f"{X14}sparkline")
    ]
    assert found == [(f"Board!S{row}:AD{row}", f"R{row}") for row in ROWS]
    assert count_sparklines(board, "Board") == 5
    assert list(sheet_root(board))[-1].tag == f"{MAIN}extLst"


@pytest.mark.parametrize(
    ("kind", "xlsxwriter_options"),
    [
        (SparklineKind.LINE, {"type": "line", "markers": True}),
        (SparklineKind.COLUMN, {"type": "column"}),
        (SparklineKind.WIN_LOSS, {"type": "win_loss"}),
    ],
)
def test_the_xml_is_what_xlsxwriter_writes_for_the_same_sparklines(
    tmp_path: Path, kind: SparklineKind, xlsxwriter_options: dict
) -> None:
    reference = tmp_path / "reference.xlsx"
    workbook = xlsxwriter.Workbook(reference)
    colours = ("series", "markers", "first", "last", "high", "low")
    workbook.add_worksheet("Board").add_sparkline(
        "R5",
        {
            "location": [line.location for line in LINES],
            "range": [line.formula("Board") for line in LINES],
            **{f"{name}_color": "#1F4E79" for name in colours},
            "negative_color": "#C00000",
            **xlsxwriter_options,
        },
    )
    workbook.close()

    board = with_board(tmp_path, kind)

    assert ElementTree.canonicalize(
        ElementTree.tostring(sparkline_ext(sheet_root(board)))
    ) == ElementTree.canonicalize(ElementTree.tostring(sparkline_ext(sheet_root(reference))))


def test_libreoffice_opens_the_workbook_and_keeps_the_sparklines(tmp_path: Path) -> None:
    require_tools()
    board = with_board(tmp_path)

    pdf = convert_to(board, "pdf", tmp_path / "pdf")
    saved = convert_to(board, "xlsx", tmp_path / "xlsx")

    assert pdf.read_bytes().startswith(b"%PDF")
    assert count_sparklines(saved, "Board") == 5


def test_a_sheet_without_sparklines_has_no_extension_list() -> None:
    root = worksheet_xml(NewSheet("Board", board_rows()))
    assert root.find(f"{MAIN}extLst") is None


@pytest.mark.parametrize(
    ("data", "sheet_name", "formula"),
    [
        ("'Board'!S5:AD5", "Board", "Board!S5:AD5"),
        ("S5:AD5", "Board", "Board!S5:AD5"),
        ("S5:AD5", "Trend board", "'Trend board'!S5:AD5"),
        ("'Bob''s data'!$S$5:$AD$5", "Board", "'Bob''s data'!$S$5:$AD$5"),
        ("History!B2:B13", "Board", "History!B2:B13"),
    ],
)
def test_the_data_range_names_its_sheet_as_excel_writes_it(
    data: str, sheet_name: str, formula: str
) -> None:
    assert Sparkline("R5", data).formula(sheet_name) == formula


@pytest.mark.parametrize(
    ("location", "data", "message"),
    [
        ("r5", "S5:AD5", 'sparkline location "r5" is not a cell such as R5'),
        ("R5:R6", "S5:AD5", 'sparkline location "R5:R6" is not a cell such as R5'),
        ("R0", "S5:AD5", 'sparkline location "R0" is not a cell such as R5'),
        ("R5", "Board!", 'sparkline data "Board!" is not a range such as Board!S5:AD5'),
        ("R5", "'Board!S5:AD5", 'sparkline data "\'Board!S5:AD5" is not a range such as'),
        ("R5", "", 'sparkline data "" is not a range such as Board!S5:AD5'),
    ],
)
def test_a_sparkline_must_name_a_cell_and_a_range(location: str, data: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("$", r"\$")):
        Sparkline(location, data)
