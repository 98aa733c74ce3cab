"""Sparklines added to a saved workbook: the XML Excel expects, nothing else touched."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlsxwriter

from xl_tools.errors import NotAWorkbookError, WorkbookLockedError, WorkbookNotFoundError
from xl_tools.write import parts
from xl_tools.write.sparklines import (
    SPARKLINE_EXT_URI,
    Sparkline,
    SparklineKind,
    add_sparklines,
    count_sparklines,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
XM = "{http://schemas.microsoft.com/office/excel/2006/main}"
BOARD_PART = "xl/worksheets/sheet1.xml"
ROWS = range(5, 10)
LINES = [Sparkline(f"R{row}", f"'Board'!S{row}:AD{row}") for row in ROWS]
CF_EXT = (
    '<ext xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"'
    ' uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}"><x14:conditionalFormattings/></ext>'
)
OTHER_EXT = '<ext uri="{00000000-AAAA-4000-8000-000000000001}"><other xmlns="urn:x"/></ext>'
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """A workbook whose first sheet, Board, has 12 months of figures in S5:AD9."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Board"
    for row in ROWS:
        sheet.cell(row, 1, f"Measure {row}")
        for month in range(12):
            sheet.cell(row, 19 + month, (month * row) % 7 + 1)
    workbook.create_sheet("Measures")["A1"] = "Measure"
    path = tmp_path / "board.xlsx"
    workbook.save(path)
    return path


def sheet_root(path: Path, part: str = BOARD_PART) -> ElementTree.Element:
    with zipfile.ZipFile(path) as package:
        return ElementTree.fromstring(package.read(part))


def sparkline_ext(root: ElementTree.Element) -> ElementTree.Element:
    (ext,) = [ext for ext in root.iter(f"{MAIN}ext") if ext.get("uri") == SPARKLINE_EXT_URI]
    return ext


def replace_member(path: Path, part: str, edit) -> None:
    """Rewrite one member of a zip through ``edit(text) -> text``, for making fixtures."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename == part:
                data = edit(data.decode()).encode()
            target.writestr(info, data)


def with_ext_list(path: Path, *exts: str) -> None:
    replace_member(
        path,
        BOARD_PART,
        lambda xml: xml.replace("</worksheet>", f"<extLst>{''.join(exts)}</extLst></worksheet>"),
    )


def soffice_convert(source: Path, target_format: str, tmp_path: Path) -> Path:
    out = tmp_path / f"lo-{target_format}"
    command = [
        str(SOFFICE),
        "--headless",
        f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
        "--convert-to",
        target_format,
        "--outdir",
        str(out),
        str(source),
    ]
    subprocess.run(command, check=False, capture_output=True, timeout=120)
    return out / f"{source.stem}.{target_format}"


def load_with_openpyxl(path: Path) -> openpyxl.Workbook:
    with pytest.warns(UserWarning, match="Sparkline Group extension is not supported"):
        return openpyxl.load_workbook(path)


def test_each_cell_gets_a_sparkline_drawing_its_row(board: Path) -> None:
    add_sparklines(board, "Board", LINES)

    found = [
        (line.findtext(f"{XM}f"), line.findtext(f"{XM}sqref"))
        for line in sparkline_ext(sheet_root(board)).iter(f"{X14}sparkline")
    ]
    assert found == [(f"Board!S{row}:AD{row}", f"R{row}") for row in ROWS]
    assert count_sparklines(board, "Board") == 5


def test_the_extension_list_is_the_sheets_last_child(board: Path) -> None:
    add_sparklines(board, "Board", LINES)

    assert list(sheet_root(board))[-1].tag == f"{MAIN}extLst"


@pytest.mark.parametrize(
    ("kind", "xlsxwriter_options"),
    [
        (SparklineKind.LINE, {"type": "line", "markers": True}),
        (SparklineKind.COLUMN, {"type": "column"}),
        (SparklineKind.WIN_LOSS, {"type": "win_loss"}),
        ("line", {"type": "line", "markers": True}),
    ],
)
def test_the_xml_is_what_xlsxwriter_writes_for_the_same_sparklines(
    board: Path, tmp_path: Path, kind: SparklineKind | str, xlsxwriter_options: dict
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

    add_sparklines(board, "Board", LINES, kind=kind)

    assert ElementTree.canonicalize(
        ElementTree.tostring(sparkline_ext(sheet_root(board)))
    ) == ElementTree.canonicalize(ElementTree.tostring(sparkline_ext(sheet_root(reference))))


def test_adding_again_replaces_the_sparklines(board: Path) -> None:
    add_sparklines(board, "Board", LINES)
    add_sparklines(board, "Board", LINES)
    assert count_sparklines(board, "Board") == 5
    assert len(list(sheet_root(board).iter(f"{X14}sparklineGroups"))) == 1

    add_sparklines(board, "Board", LINES[:2])
    assert count_sparklines(board, "Board") == 2


def test_no_sparklines_removes_them_and_an_emptied_extension_list(board: Path) -> None:
    add_sparklines(board, "Board", LINES)

    add_sparklines(board, "Board", [])

    assert count_sparklines(board, "Board") == 0
    assert sheet_root(board).find(f"{MAIN}extLst") is None


def test_other_extensions_are_kept_in_order_with_sparklines_where_excel_puts_them(
    board: Path,
) -> None:
    with_ext_list(board, CF_EXT, OTHER_EXT)

    add_sparklines(board, "Board", LINES)
    add_sparklines(board, "Board", LINES)

    (ext_list,) = sheet_root(board).findall(f"{MAIN}extLst")
    assert [ext.get("uri") for ext in ext_list] == [
        "{78C0D931-6437-407d-A8EE-F0AAD7539E65}",
        SPARKLINE_EXT_URI,
        "{00000000-AAAA-4000-8000-000000000001}",
    ]
    with zipfile.ZipFile(board) as package:
        text = package.read(BOARD_PART).decode()
    assert OTHER_EXT in text and CF_EXT in text


def test_a_sheet_written_with_a_namespace_prefix_keeps_it(board: Path) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    replace_member(
        board, BOARD_PART, lambda _: f'<x:worksheet xmlns:x="{main}"><x:sheetData/></x:worksheet>'
    )

    add_sparklines(board, "Board", LINES[:1])

    with zipfile.ZipFile(board) as package:
        text = package.read(BOARD_PART).decode()
    assert text.startswith('<x:worksheet xmlns:x="http://schemas.openxmlformats.org/')
    assert "<x:sheetData/><x:extLst><x:ext " in text
    assert count_sparklines(board, "Board") == 1


def test_an_excel_written_macro_workbook_keeps_its_root_declarations_and_vba(
    board: Path,
) -> None:
    excel_root = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' mc:Ignorable="x14ac xr"'
        ' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"'
        ' xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision">'
    )
    replace_member(board, BOARD_PART, lambda xml: excel_root + xml.partition(">")[2])
    macro = board.rename(board.with_suffix(".xlsm"))
    with zipfile.ZipFile(macro, "a") as package:
        package.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 project")

    add_sparklines(macro, "Board", LINES)

    with zipfile.ZipFile(macro) as package:
        assert package.read(BOARD_PART).decode().startswith(excel_root)
        assert package.read("xl/vbaProject.bin") == b"\xd0\xcf\x11\xe0 project"
    assert count_sparklines(macro, "Board") == 5


def test_every_other_part_is_kept_byte_for_byte_in_order_with_its_compression(
    board: Path,
) -> None:
    with zipfile.ZipFile(board) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(board, "w") as target:  # one part stored, the others deflated
        for info, data in members:
            info.compress_type = zipfile.ZIP_STORED if info.filename == "docProps/app.xml" else 8
            target.writestr(info, data)
    before = {info.filename: (info.compress_type, data, info.date_time) for info, data in members}

    add_sparklines(board, "Board", LINES)

    with zipfile.ZipFile(board) as package:
        assert package.namelist() == [info.filename for info, _ in members]
        for info in package.infolist():
            if info.filename != BOARD_PART:
                assert (info.compress_type, package.read(info), info.date_time) == before[
                    info.filename
                ]
    assert {path.name for path in board.parent.iterdir()} == {"board.xlsx"}


@pytest.mark.parametrize(
    "inside",
    [
        "<!-- </sheetData> -->",  # text that looks like the end of the cells
        "<?note </sheetData>?>",
        "<![CDATA[ </sheetData> ]]>",
    ],
)
def test_cells_are_read_tag_by_tag_where_text_could_look_like_their_end(
    board: Path, inside: str
) -> None:
    replace_member(
        board, BOARD_PART, lambda xml: xml.replace("<sheetData>", f"<sheetData>{inside}")
    )

    add_sparklines(board, "Board", LINES)

    root = sheet_root(board)
    assert [child.tag for child in root][-1] == f"{MAIN}extLst"
    assert count_sparklines(board, "Board") == len(LINES)


def test_the_file_keeps_its_permissions(board: Path) -> None:
    board.chmod(0o640)

    add_sparklines(board, "Board", LINES)

    assert board.stat().st_mode & 0o777 == 0o640


def test_openpyxl_still_loads_the_workbook(board: Path) -> None:
    add_sparklines(board, "Board", LINES)

    workbook = load_with_openpyxl(board)

    assert workbook.sheetnames == ["Board", "Measures"]
    assert workbook["Board"]["S5"].value == 1


def test_openpyxl_drops_sparklines_on_load_and_save(board: Path, tmp_path: Path) -> None:
    # Why DESIGN section 6 must refuse to write back into a workbook holding sparklines.
    add_sparklines(board, "Measures", [Sparkline("B1", "Board!S5:AD5")])
    assert count_sparklines(board, "Measures") == 1

    load_with_openpyxl(board).save(tmp_path / "saved.xlsx")

    assert count_sparklines(tmp_path / "saved.xlsx", "Measures") == 0


@needs_soffice
def test_libreoffice_opens_the_workbook_and_prints_it(board: Path, tmp_path: Path) -> None:
    add_sparklines(board, "Board", LINES)

    pdf = soffice_convert(board, "pdf", tmp_path)

    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


@needs_soffice
def test_libreoffice_keeps_the_sparklines(board: Path, tmp_path: Path) -> None:
    add_sparklines(board, "Board", LINES)

    saved = soffice_convert(board, "xlsx", tmp_path)

    assert count_sparklines(saved, "Board") == 5


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


def test_a_missing_workbook_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.xlsx"
    with pytest.raises(WorkbookNotFoundError, match=f"^{missing}: no such workbook$"):
        add_sparklines(missing, "Board", LINES)


def test_a_file_that_is_not_a_workbook_is_an_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    with pytest.raises(NotAWorkbookError, match=r"notes\.xlsx: is not an Excel workbook"):
        count_sparklines(text, "Board")


def test_a_zip_without_a_workbook_inside_is_an_error(tmp_path: Path) -> None:
    archive = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("readme.txt", "hello")
    with pytest.raises(NotAWorkbookError, match=r"archive\.xlsx: has no readable _rels/\.rels$"):
        add_sparklines(archive, "Board", LINES)


def test_a_missing_sheet_is_an_error_that_lists_the_sheets(board: Path) -> None:
    with pytest.raises(
        ValueError, match='no sheet named "Trends" \\(sheets: "Board", "Measures"\\)$'
    ):
        add_sparklines(board, "Trends", LINES)


def test_a_chart_sheet_cannot_hold_sparklines(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.create_chartsheet("Chart")
    path = tmp_path / "chart.xlsx"
    workbook.save(path)
    with pytest.raises(ValueError, match='chart.xlsx: sheet "Chart" is not a worksheet$'):
        add_sparklines(path, "Chart", LINES)


def test_an_unknown_kind_is_an_error(board: Path) -> None:
    with pytest.raises(ValueError, match="'curve' is not a valid SparklineKind"):
        add_sparklines(board, "Board", LINES, kind="curve")


def test_a_workbook_that_cannot_be_replaced_is_left_as_it_was(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = board.read_bytes()

    def refuse(*_: object) -> None:
        raise PermissionError("in use")

    monkeypatch.setattr(parts.os, "replace", refuse)
    with pytest.raises(
        WorkbookLockedError, match=r"board\.xlsx: cannot be replaced: close it in Excel"
    ):
        add_sparklines(board, "Board", LINES)

    assert board.read_bytes() == before
    assert {path.name for path in board.parent.iterdir()} == {"board.xlsx"}
