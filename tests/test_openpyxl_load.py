"""`load_as_openpyxl` gives exactly the workbook ``openpyxl.load_workbook`` gives.

Each workbook of a corpus is loaded both ways and compared sheet by sheet: every cell's
coordinate, kind, value, data type, style, link and comment; row and column sizes; merged
cells; conditional formatting; the warnings given; and every part of the file each saves
(at one fixed time). The corpus: the benchmark's workbooks, the layout corpus, workbooks
written by XlsxWriter with every kind of cell, the same with the XML edited (shared
formulas, cells and rows without coordinates, cells openpyxl reads in unusual ways), a
macro workbook, and workbooks of random cells.
"""

from __future__ import annotations

import datetime
import gc
import re
import shutil
import warnings
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
import xlwings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.writer.excel import ExcelWriter

from tests.make_layouts import UNCACHED, layouts, write_corpus
from tests.scripts import REPO, load_script
from xl_tools.read.openpyxl_load import load_as_openpyxl

SAVED_AT = datetime.datetime(2024, 3, 1, 9, 30)
PLAIN_TIMES = datetime.date | datetime.time | datetime.timedelta
LAYOUT_NAMES = [layout.name for layout in (*layouts(), UNCACHED)]


# Loading both ways and comparing.


def load(loader, path: Path, keep_vba: bool = False) -> tuple[openpyxl.Workbook, list]:
    """The workbook a loader gives, and the warnings it gives on the way."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = loader(path, keep_vba=keep_vba)
    return book, [(warning.category, str(warning.message)) for warning in caught]


def describe(value: Any) -> Any:
    """A value, link or comment as data that compares equal only when the same."""
    if value is None or isinstance(value, str | int | float | PLAIN_TIMES):
        return type(value).__name__, value
    if isinstance(value, Comment):
        return "Comment", value.content, value.author, value.width, value.height
    if hasattr(value, "__dict__") and not hasattr(value, "__elements__"):
        return type(value).__name__, vars(value)  # formulas
    return type(value).__name__, repr(value)  # openpyxl's objects show every field


def style_bytes(thing: Any) -> bytes | None:
    return None if thing._style is None else thing._style.tobytes()


def describe_cell(cell: Any) -> tuple:
    return (
        type(cell).__name__,
        cell.coordinate,
        describe(cell._value),
        cell.data_type,
        style_bytes(cell),
        describe(cell.hyperlink),
        describe(cell.comment),
    )


def describe_sheet(sheet: Any) -> dict[str, Any]:
    """Everything compared of a worksheet, but for what its saved XML shows."""
    return {
        "cells": [describe_cell(cell) for cell in sheet._cells.values()],
        "keys": list(sheet._cells),
        "current row": sheet._current_row,
        "rows": {i: (dict(d), style_bytes(d)) for i, d in sheet.row_dimensions.items()},
        "columns": {i: (dict(d), style_bytes(d)) for i, d in sheet.column_dimensions.items()},
        "merged": [str(cells) for cells in sheet.merged_cells.ranges],
        "formatting": [
            (str(formats.sqref), [repr(rule) for rule in formats.rules])
            for formats in sheet.conditional_formatting
        ],
    }


def saved_parts(book: openpyxl.Workbook, path: Path) -> list[tuple[str, bytes]]:
    """Each part of the file `book` saves at `SAVED_AT`, in order.

    Saved by openpyxl's writer as ``book.save`` saves, but for its stamping the time of
    saving; the zip entries' times differ, so their contents are compared.
    """
    book.properties.created = book.properties.modified = SAVED_AT
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
    with zipfile.ZipFile(path) as package:
        return [(name, package.read(name)) for name in package.namelist()]


def assert_loads_the_same(path: Path, out: Path, *, keep_vba: bool = False) -> None:
    expected, expected_warnings = load(openpyxl.load_workbook, path, keep_vba)
    found, found_warnings = load(load_as_openpyxl, path, keep_vba)
    assert found_warnings == expected_warnings
    assert found.sheetnames == expected.sheetnames
    with zipfile.ZipFile(path) as package:
        if "docProps/core.xml" in package.namelist():  # else the time of loading
            assert found.properties.created == expected.properties.created
    for want, got in zip(expected.worksheets, found.worksheets, strict=True):
        assert describe_sheet(got) == describe_sheet(want), got.title
    out.mkdir(exist_ok=True)
    suffix = path.suffix
    saved = saved_parts(found, out / f"found{suffix}")
    assert saved == saved_parts(expected, out / f"expected{suffix}")


# The corpus.


@pytest.fixture(scope="module")
def benchmark_books(tmp_path_factory) -> dict[str, Path]:
    generator = load_script(REPO / "benchmarks" / "make_workbooks.py")
    folder = tmp_path_factory.mktemp("benchmark")
    books = {
        "authority": generator.make_workbook(folder / "authority_001.xlsx", 1),
        "with data": generator.make_workbook(folder / "authority_002.xlsx", 2, data_rows=300),
    }
    for kind in ("no-measures-table", "rate-without-population"):
        books[kind] = generator.make_broken(folder / f"{kind}.xlsx", kind)
    return books


@pytest.fixture(scope="module")
def layout_books(tmp_path_factory) -> dict[str, Path]:
    return write_corpus(tmp_path_factory.mktemp("layouts"))


def vba_project() -> bytes:
    # xlwings ships a macro-enabled workbook whose VBA project is real Office output.
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart_standalone.xlsm") as book:
        return book.read("xl/vbaProject.bin")


def write_every_kind_of_cell(path: Path) -> Path:
    """A workbook by XlsxWriter with shared strings and every kind of cell openpyxl reads."""
    book = xlsxwriter.Workbook(path)
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    hours = book.add_format({"num_format": "[h]:mm:ss"})
    filled = book.add_format({"bg_color": "#FFFF00"})
    sheet = book.add_worksheet("Measures")
    sheet.write_row(0, 0, ["ID", "Measure", "Value", "Target", "Done", "When"], bold)
    rows = [
        ("VA02", "Number of referrals", 599, 600.5, True, datetime.date(2024, 3, 1)),
        ("VA03", "  padded  ", -3, 1e-20, False, datetime.datetime(2024, 3, 1, 9, 30)),
        ("VA04", "a & b < c > d", 0, 1.5e300, True, datetime.date(1900, 1, 1)),
        ("VA05", "line\nbreak, ünïcødé", 123456789012, 0.1 + 0.2, False, None),
        ("VA06", "", 2.5, None, None, datetime.date(2024, 2, 29)),
    ]
    for row, values in enumerate(rows, start=1):
        sheet.write_row(row, 0, values[:5])
        if values[5] is not None:
            sheet.write_datetime(row, 5, values[5], date)
    sheet.write_datetime("G2", datetime.timedelta(hours=25, minutes=3), hours)
    sheet.write_datetime("G3", datetime.time(13, 45), hours)
    sheet.write_blank("H2", None, filled)  # a styled empty cell
    sheet.write_rich_string("B8", "plain ", bold, "bold", " tail")
    sheet.write_formula("I2", "=C2*2", None, 1198)
    sheet.write_formula("I3", '=IF(C3<0,"low","ok")', None, "low")
    sheet.write_formula("I4", "=1/0", None, "#DIV/0!")
    sheet.write_array_formula("J2:J4", "{=C2:C4*2}")
    for row in range(1, 6):  # made shared formulas by `share_formulas`
        sheet.write_formula(row, 10, f"=C{row + 1}+D{row + 1}", None, 0)
    sheet.write_url("A10", "https://example.org/measures", string="Guide")
    sheet.write_url("A11", "internal:Notes!A1", string="Notes")
    sheet.write_comment("B2", "Referrals from all sources")
    sheet.merge_range("A12:C12", "Merged heading", bold)
    above = {"type": "cell", "criteria": ">", "value": 500, "format": filled}
    sheet.conditional_format("C2:C6", above)
    sheet.data_validation("E2:E6", {"validate": "list", "source": ["TRUE", "FALSE"]})
    sheet.set_row(3, 30, bold)
    sheet.set_column("B:B", 40)
    sheet.set_column("D:D", None, None, {"hidden": True})
    sheet.freeze_panes(1, 2)
    notes = book.add_worksheet("Notes")
    notes.write_column("A1", ["Trend", 1, 2, 3])
    notes.add_sparkline("B2", {"range": "Notes!A2:A4"})  # a feature openpyxl warns of
    book.define_name("Referrals", "=Measures!$C$2")
    if path.suffix == ".xlsm":
        book.add_vba_project(BytesIO(vba_project()), is_stream=True)
    book.close()
    return path


def edit_sheet(path: Path, out: Path, edit) -> Path:
    """A copy of a workbook with its first sheet's XML edited."""
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == member:
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(item, data)
    return out


def share_formulas(xml: str) -> str:
    """Column K's formulas as one shared formula, as Excel writes a filled-down formula."""
    xml = xml.replace("<f>C2+D2</f>", '<f t="shared" ref="K2:K6" si="0">C2+D2</f>')
    return re.sub(r"<f>C[3-6]\+D[3-6]</f>", '<f t="shared" si="0"/>', xml)


def drop_coordinates(xml: str) -> str:
    """No coordinate on any cell, nor on rows past the third (counted, as readers do).

    Shared formulas are left out: openpyxl cannot read them without coordinates.
    """
    xml = re.sub(r'(<c) r="[A-Z]+[0-9]+"', r"\1", xml)
    return re.sub(r'<row r="([4-9]|[1-9][0-9])"', "<row", xml)


def odd_cells(date_style: int) -> str:
    """Cells openpyxl reads in unusual ways, as a sheet's data."""
    rows = [
        '<row r="1"><c r="A1" t="str"><v>text</v></c><c r="B1" t="d"><v>2024-01-02T03:04:05</v>'
        '</c><c r="C1" t="inlineStr"/><c r="D1" t="s"/><c r="E1"><v></v></c>'
        '<c r="F1" t="inlineStr"><is><t/></is></c></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><r><t>rich </t></r><r><rPr><b/></rPr><t>text'
        '</t></r></is></c><c r="B2" t="e"><v>#DIV/0!</v></c><c r="C2" t="b"><v>0</v></c>'
        f'<c r="D2" s="0"><v>1.5E-3</v></c><c r="E2" s="{date_style}"><v>45352.5</v></c>'
        f'<c r="F2" s="{date_style}"/><c r="G2" s="{date_style}" t="n"><v>-5</v></c></row>',
        '<row r="3" ht="30" customHeight="1"><c r="A3" t="inlineStr"><is><t xml:space='
        '"preserve"> spaced </t></is></c><c r="B3" t="s"><v>0</v></c><c r="C3"><v>1e3</v></c>'
        '<c r="D3" t="str"/><c r="E3" t="e"/><c r="F3" t="inlineStr"><v>dropped</v></c></row>',
        '<row><c t="n"><v>7</v></c><c><v>8</v></c><c s="1"/><c r="F4"><v>9</v></c><c/></row>',
        '<row r="6.0" spans="1:2"><c r="a6"><v>1</v></c><c r="B6" t="inlineStr"><is><t>a</t>'
        '<t>b</t></is></c><c r="C6" t="weird"><v>x</v></c><c r="D6"><v>2</v><extLst/></c></row>',
    ]
    return "<sheetData>" + "".join(rows) + "</sheetData>"


@pytest.fixture(scope="module")
def xlsxwriter_books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("xlsxwriter")
    written = write_every_kind_of_cell(folder / "cells.xlsx")
    book, _ = load(openpyxl.load_workbook, written)
    date_style = min(book._date_formats)
    book.save(folder / "resaved.xlsx")  # openpyxl writes its strings inline
    odd = re.compile("<sheetData>.*</sheetData>", re.S)
    return {
        "cells": written,
        "by openpyxl": folder / "resaved.xlsx",
        "shared formulas": edit_sheet(written, folder / "shared.xlsx", share_formulas),
        "no coordinates": edit_sheet(written, folder / "bare.xlsx", drop_coordinates),
        "odd cells": edit_sheet(
            written, folder / "odd.xlsx", lambda xml: odd.sub(odd_cells(date_style), xml)
        ),
    }


# The tests.


@pytest.mark.parametrize(
    "name", ["authority", "with data", "no-measures-table", "rate-without-population"]
)
def test_benchmark_workbooks_load_the_same(benchmark_books, tmp_path, name):
    assert_loads_the_same(benchmark_books[name], tmp_path)


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_layout_workbooks_load_the_same(layout_books, tmp_path, name):
    assert_loads_the_same(layout_books[name], tmp_path)


@pytest.mark.parametrize(
    "name", ["cells", "by openpyxl", "shared formulas", "no coordinates", "odd cells"]
)
def test_every_kind_of_cell_loads_the_same(xlsxwriter_books, tmp_path, name):
    assert_loads_the_same(xlsxwriter_books[name], tmp_path)


def test_the_corpus_has_what_it_is_for(xlsxwriter_books):
    book = load(load_as_openpyxl, xlsxwriter_books["shared formulas"])[0]
    sheet = book["Measures"]
    assert [sheet[f"K{row}"].value for row in (2, 6)] == ["=C2+D2", "=C6+D6"]
    assert sheet["F2"].value == datetime.datetime(2024, 3, 1)
    assert sheet["G2"].value == datetime.timedelta(hours=25, minutes=3)
    assert sheet["J2"].value.ref == "J2:J4"
    assert (sheet["B8"].value, sheet["B8"].data_type) == ("plain bold tail", "s")
    assert sheet["A10"].hyperlink.target == "https://example.org/measures"
    assert sheet["B2"].comment.text == "Referrals from all sources"
    bare = load(load_as_openpyxl, xlsxwriter_books["no coordinates"])[0]["Measures"]
    assert [cell.value for cell in bare[2]][:3] == ["VA02", "Number of referrals", 599]
    odd = load(load_as_openpyxl, xlsxwriter_books["odd cells"])[0]["Measures"]
    assert [odd["A1"].data_type, odd["C1"].data_type] == ["s", "inlineStr"]
    assert odd["A2"].value == "rich text" and odd["E2"].is_date and odd["A6"].value == 1
    assert [odd["B4"].value, odd["F4"].value, odd["G4"].value] == [8, 9, None]


def test_a_macro_workbook_loads_the_same_with_its_macros(tmp_path):
    path = write_every_kind_of_cell(tmp_path / "measures.xlsm")
    assert_loads_the_same(path, tmp_path / "out", keep_vba=True)
    assert load(load_as_openpyxl, path, keep_vba=True)[0].vba_archive is not None
    assert_loads_the_same(path, tmp_path / "without", keep_vba=False)


def test_the_warnings_are_openpyxl_s_own(xlsxwriter_books):
    with pytest.warns(UserWarning, match="Sparkline Group extension is not supported"):
        load_as_openpyxl(xlsxwriter_books["cells"])


def raised(loader, path: Path) -> tuple[type, str, str]:
    """The error loading gives: its type, message and cause."""
    with warnings.catch_warnings():
        # openpyxl leaves the file open when it fails: not what is compared here.
        warnings.simplefilter("ignore", ResourceWarning)
        with pytest.raises(Exception) as caught:
            loader(path, keep_vba=False)
        error = caught.type, str(caught.value), repr(caught.value.__cause__)
        del caught
        gc.collect()
    return error


def test_a_text_file_raises_what_openpyxl_raises(tmp_path):
    path = tmp_path / "measures.xlsx"
    path.write_text("Measure,Value\nNumber of referrals,599\n")
    expected = raised(openpyxl.load_workbook, path)
    assert expected[0] is zipfile.BadZipFile
    assert raised(load_as_openpyxl, path) == expected


def test_other_files_raise_what_openpyxl_raises(tmp_path, xlsxwriter_books):
    csv = tmp_path / "measures.csv"
    shutil.copy(xlsxwriter_books["cells"], csv)
    assert raised(load_as_openpyxl, csv) == raised(openpyxl.load_workbook, csv)
    assert raised(load_as_openpyxl, csv)[0] is InvalidFileException
    package = tmp_path / "package.xlsx"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert raised(load_as_openpyxl, package) == raised(openpyxl.load_workbook, package)


@pytest.mark.parametrize(
    "cell",
    ['<c r="A1"><v>twelve</v></c>', '<c r="A1" t="b"><v>yes</v></c>', '<c r="1A"><v>1</v></c>',
     '<c r="A1" s="x"><v>1</v></c>', '<c r="A1" s=""><v>1</v></c>',
     '<c r="A1" t="s"><v>99</v></c>', '<c r="A1" s="999"/>',
     '<c r="A1" s="999"/><c r="B1"><v>twelve</v></c>'],
)  # fmt: skip
def test_a_broken_cell_raises_what_openpyxl_raises(tmp_path, xlsxwriter_books, cell):
    data = f'<sheetData><row r="1">{cell}</row></sheetData>'
    odd = re.compile("<sheetData>.*</sheetData>", re.S)
    path = edit_sheet(
        xlsxwriter_books["cells"], tmp_path / "broken.xlsx", lambda xml: odd.sub(data, xml)
    )
    assert raised(load_as_openpyxl, path) == raised(openpyxl.load_workbook, path)


CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=12),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(grid=st.lists(st.lists(CELL_VALUES, max_size=6), min_size=1, max_size=6))
def test_random_cells_load_the_same(tmp_path, grid):
    shared = tmp_path / "shared.xlsx"
    book = xlsxwriter.Workbook(shared)
    sheet = book.add_worksheet()
    for row, values in enumerate(grid):
        for column, value in enumerate(values):
            if value is not None:
                sheet.write(row, column, value)
    book.close()
    assert_loads_the_same(shared, tmp_path / "shared")
    inline = openpyxl.Workbook()
    for values in grid:
        inline.active.append(values)
    inline.save(tmp_path / "inline.xlsx")
    assert_loads_the_same(tmp_path / "inline.xlsx", tmp_path / "inline")
