"""Finding what openpyxl would drop from a workbook, in workbooks built with XlsxWriter."""

from __future__ import annotations

import io
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from xl_tools import losses
from xl_tools.errors import NotAWorkbookError, ProblemCode, WorkbookNotFoundError
from xl_tools.losses import find_losses
from xl_tools.model import BOARD_SHEET

UNTOUCHED = "which the tool cannot keep when it saves the workbook: the file is left untouched."
MOVE_IT = "Delete it or move it to another workbook, then build again."
MOVE_THEM = "Delete them or move them to another workbook, then build again."


def a_png() -> bytes:
    """A one-pixel PNG picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def a_workbook(path: Path, decorate: Callable[[xlsxwriter.Workbook, Worksheet], None]) -> Path:
    """A workbook with a small measures table, decorated as a test needs."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Measures")
    sheet.write_row(0, 0, ["Measure", "Value", "Previous", "Target"])
    for row in range(1, 5):
        sheet.write_row(row, 0, [f"Measure {row}", row * 10, row * 9, row * 11])
    decorate(book, sheet)
    book.close()
    return path


def sparklines(book, sheet):
    sheet.add_sparkline("E2", {"range": "Measures!B2:D2"})
    sheet.add_sparkline("E3", {"range": "Measures!B3:D3"})


def text_box(book, sheet):
    sheet.insert_textbox("G2", "Commentary for the board")


def text_boxes(book, sheet):
    sheet.insert_textbox("G2", "One")
    sheet.insert_textbox("G12", "Two")


def data_bar_2010(book, sheet):
    sheet.conditional_format("B2:B5", {"type": "data_bar", "data_bar_2010": True})


def picture(book, sheet):
    sheet.insert_image("G2", "logo.png", {"image_data": io.BytesIO(a_png())})


def button(book, sheet):
    sheet.insert_button("G2", {"macro": "build_board", "caption": "Build"})


def what_openpyxl_keeps(book, sheet):
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=Measures!$B$2:$B$5"})
    sheet.insert_chart("G2", chart)
    sheet.write_comment("A2", "Checked with the data team")
    sheet.data_validation("B2:B5", {"validate": "decimal", "criteria": ">=", "value": 0})
    sheet.conditional_format("D2:D5", {"type": "cell", "criteria": ">", "value": 40})
    sheet.conditional_format("C2:C5", {"type": "data_bar"})
    sheet.add_table("F10:G12", {"columns": [{"header": "A"}, {"header": "B"}]})
    book.define_name("Targets", "=Measures!$D$2:$D$5")


def nothing(book, sheet):
    pass


@pytest.mark.parametrize(
    ("decorate", "message"),
    [
        (sparklines, f"has 2 sparklines, {UNTOUCHED} {MOVE_THEM}"),
        (text_box, f"has 1 text box, {UNTOUCHED} {MOVE_IT}"),
        (text_boxes, f"has 2 text boxes, {UNTOUCHED} {MOVE_THEM}"),
        (
            data_bar_2010,
            f"has 1 extended conditional format, {UNTOUCHED} Delete it in Home > Conditional "
            "Formatting > Manage Rules (data bars, icon sets and rules on other sheets' cells "
            "of Excel 2010 and later), then build again.",
        ),
        (button, f"has 1 form control, {UNTOUCHED} {MOVE_IT}"),
    ],
)
def test_each_loss_is_reported_with_its_sheet(tmp_path, decorate, message):
    path = a_workbook(tmp_path / "measures.xlsx", decorate)
    (problem,) = find_losses(path)
    assert problem.code == ProblemCode.WOULD_LOSE
    assert (problem.file, problem.sheet) == (str(path), "Measures")
    assert str(problem) == f"{path}: Measures: {message}"


@pytest.mark.parametrize("decorate", [nothing, what_openpyxl_keeps])
def test_a_workbook_losing_nothing_has_no_losses(tmp_path, decorate):
    assert find_losses(a_workbook(tmp_path / "measures.xlsx", decorate)) == []


def test_pictures_are_lost_only_without_pillow(tmp_path, monkeypatch):
    path = a_workbook(tmp_path / "measures.xlsx", picture)
    monkeypatch.setattr(losses, "_keeps_pictures", lambda: True)
    assert find_losses(path) == []
    monkeypatch.setattr(losses, "_keeps_pictures", lambda: False)
    assert [str(problem) for problem in find_losses(path)] == [
        f"{path}: Measures: has 1 picture, {UNTOUCHED} Install Pillow (pip install "
        "pillow) so that the tool can keep pictures, or move it to another workbook, then "
        "build again."
    ]


def test_form_controls_survive_in_a_macro_enabled_workbook(tmp_path):
    # openpyxl keeps the legacy drawing of a workbook loaded with keep_vba=True.
    assert find_losses(a_workbook(tmp_path / "measures.xlsm", button)) == []


def test_the_board_sheet_is_never_counted(tmp_path):
    def board(book, sheet):
        own = book.add_worksheet(BOARD_SHEET)
        own.write_row(0, 0, [1, 2, 3])
        own.add_sparkline("D1", {"range": f"{BOARD_SHEET}!A1:C1"})
        own.insert_textbox("F2", "Board notes")
        own.conditional_format("A1:C1", {"type": "data_bar", "data_bar_2010": True})

    assert find_losses(a_workbook(tmp_path / "measures.xlsx", board)) == []


def test_losses_are_listed_sheet_by_sheet(tmp_path):
    def two_sheets(book, sheet):
        sparklines(book, sheet)
        text_box(book, book.add_worksheet("Notes"))

    found = [
        (p.sheet, p.message.split(",")[0])
        for p in find_losses(a_workbook(tmp_path / "measures.xlsx", two_sheets))
    ]
    assert found == [("Measures", "has 2 sparklines"), ("Notes", "has 1 text box")]


def with_extension(path: Path, uri: str, content: str) -> Path:
    """The workbook at `path` with an extension added to its first sheet."""
    changed = path.with_name("changed.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                extension = (
                    '<extLst><ext uri="' + uri + '" xmlns:x14="http://schemas.microsoft.com/'
                    'office/spreadsheetml/2009/9/main">' + content + "</ext></extLst>"
                )
                data = data.replace(b"</worksheet>", extension.encode() + b"</worksheet>")
            target.writestr(item, data)
    return changed


@pytest.mark.parametrize(
    ("uri", "content", "expected"),
    [
        (
            "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}",
            "<x14:dataValidations><x14:dataValidation/><x14:dataValidation/></x14:dataValidations>",
            [
                f"has 2 extended data validations, {UNTOUCHED} Give them a named range as the "
                "source of the list instead of another sheet's cells, then build again."
            ],
        ),
        (
            "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}",
            "<x14:slicerList><x14:slicer/></x14:slicerList>",
            [f"has 1 slicer, {UNTOUCHED} {MOVE_IT}"],
        ),
        (
            "{12345678-0000-0000-0000-000000000000}",
            "<x14:somethingNew/>",
            [f"has 1 Excel extension, {UNTOUCHED} {MOVE_IT}"],
        ),
        ("{01252117-D84E-4e92-8308-4BE1C098FCBB}", "<x14:ignoredErrors/>", []),
    ],
)
def test_sheet_extensions(tmp_path, uri, content, expected):
    path = with_extension(a_workbook(tmp_path / "measures.xlsx", nothing), uri, content)
    assert [problem.message for problem in find_losses(path)] == expected


@pytest.mark.parametrize(
    "decorate", [sparklines, text_boxes, data_bar_2010, button, what_openpyxl_keeps]
)
def test_what_is_reported_is_what_openpyxl_drops(tmp_path, decorate):
    path = a_workbook(tmp_path / "measures.xlsx", decorate)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of the extensions it drops
        book = openpyxl.load_workbook(path)
    book.save(tmp_path / "saved.xlsx")
    assert find_losses(tmp_path / "saved.xlsx") == []
    kept = zipfile.ZipFile(tmp_path / "saved.xlsx").namelist()
    if decorate is what_openpyxl_keeps:
        assert {"xl/charts/chart1.xml", "xl/comments/comment1.xml"} <= set(kept)


def test_a_missing_file(tmp_path):
    with pytest.raises(WorkbookNotFoundError) as raised:
        find_losses(tmp_path / "measures.xlsx")
    assert str(raised.value) == f"{tmp_path / 'measures.xlsx'}: does not exist"


def test_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "measures.xlsx"
    path.write_text("Measure,Value\nReferrals,599\n")
    with pytest.raises(NotAWorkbookError) as raised:
        find_losses(path)
    assert str(raised.value) == f"{path}: is not an Excel workbook"


def test_a_cell_naming_an_extension_list_is_not_one(tmp_path):
    path = tmp_path / "measures.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "<extLst> is where Excel keeps sparklines"  # an inline string
    book.save(path)
    assert find_losses(path) == []
    sparkly = with_extension(path, "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}", "<x14:sparkline/>")
    assert [problem.message.split(",")[0] for problem in find_losses(sparkly)] == [
        "has 1 sparkline"
    ]
