"""Cells written straight as XML are the cells openpyxl writes, to the byte."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray

from xl_tools.write.sheet_xml import (
    EMPTY_DIMENSION,
    SheetRow,
    dimension,
    render_rows,
    with_added_cells,
    with_cells,
)

# Text a cell can hold: openpyxl refuses the control characters XML cannot carry.
LEGAL = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12).filter(
    lambda text: not ILLEGAL_CHARACTERS_RE.search(text)
)
TEXT = LEGAL | st.sampled_from(
    ["=SUM(A1:A2)", " leading", "trailing ", "a & b <c>", "Brighton & Hove", "-1", "two\nlines"]
)
NUMBER = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**12), 10**12)
VALUE = st.none() | TEXT | NUMBER


def _styled_book() -> tuple[Workbook, list[int]]:
    """A workbook with a few cell styles registered, and their indexes."""
    book = Workbook()
    sheet = book.active
    indexes = [0]
    for number, (bold, number_format) in enumerate([(True, "0.0"), (False, '+0.0" pts"')], 1):
        cell = sheet.cell(1, number)
        cell.font = Font(name="Arial", bold=bold)
        cell.alignment = Alignment(wrap_text=True)
        cell.number_format = number_format
        indexes.append(cell.style_id)
    sheet.delete_rows(1)
    return book, indexes


@st.composite
def sheet_rows(draw: st.DrawFn, styles: int) -> list[SheetRow]:
    numbers = sorted(draw(st.sets(st.integers(1, 60), max_size=6)))
    rows = []
    for number in numbers:
        columns = sorted(draw(st.sets(st.integers(1, 40), max_size=5)))
        cells = [(c, draw(VALUE), draw(st.integers(0, styles - 1))) for c in columns]
        height = draw(st.none() | st.sampled_from([13.0, 15.5, 25.2, 40.0]))
        rows.append(SheetRow(number, height, cells))
    return rows


def _as_openpyxl_writes_them(rows: list[SheetRow], path: Path) -> str:
    """The sheet XML openpyxl's own `save` writes for the same cells, styles and heights."""
    book, indexes = _styled_book()
    sheet = book.active
    for row in rows:
        if row.height is not None:
            sheet.row_dimensions[row.number].height = row.height
        for column, value, style in row.cells:
            cell = sheet.cell(row.number, column)
            cell._value, cell.data_type = value, "n"
            if isinstance(value, str):
                cell.data_type = "s"
            if style:
                cell._style = StyleArray(book._cell_styles[style])
    book.save(path)
    with zipfile.ZipFile(path) as package:
        return package.read("xl/worksheets/sheet1.xml").decode()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_rendered_cells_are_the_xml_openpyxl_writes(tmp_path: Path, data: st.DataObject) -> None:
    book, indexes = _styled_book()
    rows = data.draw(sheet_rows(len(indexes)))
    rows = [SheetRow(r.number, r.height, [(c, v, indexes[s]) for c, v, s in r.cells]) for r in rows]
    # openpyxl writes a row only when it has cells or a height.
    rows = [row for row in rows if row.cells or row.height is not None]
    theirs = _as_openpyxl_writes_them(rows, tmp_path / "theirs.xlsx")
    ours = render_rows(rows)

    assert re.search(r"<dimension [^>]*/>", theirs).group() == ours.dimension
    assert re.search(r"<sheetData>.*</sheetData>|<sheetData />", theirs, re.S).group() == ours.data


def test_cells_read_back_as_written(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Board"
    path = tmp_path / "board.xlsx"
    book.save(path)
    cells = render_rows(
        [SheetRow(2, 30.0, [(1, "=1+1", 0), (3, 0.125, 0)]), SheetRow(4, None, [(28, "Z\x0b", 0)])]
    )
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    part = "xl/worksheets/sheet1.xml"
    parts[part] = with_cells(parts[part].decode(), cells).encode()
    with zipfile.ZipFile(path, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)

    sheet = load_workbook(path)["Board"]
    assert (sheet["A2"].value, sheet["A2"].data_type, sheet["C2"].value) == ("=1+1", "s", 0.125)
    assert sheet["AB4"].value == "Z"  # a control character XML cannot hold is left out
    assert sheet.row_dimensions[2].height == 30.0
    assert sheet.calculate_dimension() == "A2:AB4"


def test_no_rows_leave_the_sheet_as_empty_as_openpyxl_writes_it() -> None:
    assert render_rows([]).dimension == EMPTY_DIMENSION


def test_cells_go_only_into_a_sheet_with_none() -> None:
    with pytest.raises(ValueError, match="expected the XML of a worksheet with no cells"):
        with_cells("<worksheet><sheetData><row r='1'/></sheetData></worksheet>", render_rows([]))


@st.composite
def base_and_added(draw: st.DrawFn, styles: int) -> tuple[dict, dict, dict]:
    """Cells a sheet has, cells added elsewhere, and row heights, by coordinate."""
    places = st.tuples(st.integers(1, 12), st.integers(1, 30))
    cells = st.tuples(VALUE, st.integers(0, styles - 1))
    base = draw(st.dictionaries(places, cells, max_size=25))
    added = draw(st.dictionaries(places.filter(lambda p: p not in base), cells, max_size=25))
    heights = draw(st.dictionaries(st.integers(1, 14), st.sampled_from([15.5, 30.0]), max_size=3))
    return base, added, heights


def _saved_sheet(cells: dict, heights: dict, path: Path, edit=None) -> str:
    book, indexes = _styled_book()
    sheet = book.active
    for number, height in heights.items():
        sheet.row_dimensions[number].height = height
    for (row, column), (value, style) in cells.items():
        cell = sheet.cell(row, column)
        cell._value, cell.data_type = value, "s" if isinstance(value, str) else "n"
        if style:
            cell._style = StyleArray(book._cell_styles[indexes[style]])
    book.save(path)
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    return xml if edit is None else edit(xml, indexes)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_added_cells_are_where_openpyxl_writes_them(tmp_path: Path, data: st.DataObject) -> None:
    base, added, heights = data.draw(base_and_added(3))

    def add(xml: str, indexes: list[int]) -> str:
        rows: dict[int, list] = {}
        for (row, column), (value, style) in added.items():
            rows.setdefault(row, []).append((column, value, indexes[style]))
        return with_added_cells(xml, rows, dimension([*base, *added]))

    theirs = _saved_sheet({**base, **added}, heights, tmp_path / "theirs.xlsx")
    ours = _saved_sheet(base, heights, tmp_path / "ours.xlsx", add)

    assert ours == theirs
