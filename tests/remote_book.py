"""The buttons' writes read back: a file opened as xlwings' remote book, and its actions as cells.

Every write a button makes becomes one action in ``book.json()["actions"]``; `cells_written`
turns them back into cells. The remote engine cannot read number formats; `desktop_formats`
and `lite_formats` let it read a file's, as desktop Excel and xlwings Lite give them.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import xlwings as xw

from tests.xlwings_payload import payload_from_xlsx, remote_range_class


def open_book(path: Path) -> xw.Book:
    """The workbook at `path` as the remote engine gets it from Excel."""
    return xw.Book(json=payload_from_xlsx(path))


def cells_written(actions, sheet_position: int, func: str) -> dict[tuple[int, int], object]:
    """The value (setValues) or number format (setNumberFormat) of every cell, 1-based."""
    cells = {}
    for action in actions:
        if action["func"] != func or action["sheet_position"] != sheet_position:
            continue
        top, left = action["start_row"] + 1, action["start_column"] + 1
        for r in range(action["row_count"]):
            for c in range(action["column_count"]):
                cell = action["values"][r][c] if func == "setValues" else action["args"][0]
                cells[top + r, left + c] = cell
    return cells


def file_formats(path: Path) -> dict[tuple[str, int, int], str]:
    """Every cell's number format in the file, by (sheet, row, column)."""
    workbook = openpyxl.load_workbook(path)
    try:
        return {
            (sheet.title, cell.row, cell.column): cell.number_format
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
        }
    finally:
        workbook.close()


def range_format(formats, impl) -> str | None:
    """What Excel gives for a range's number format: the shared one, or None when mixed."""
    rows, columns = impl.shape
    found = {
        formats.get((impl.sheet.name, impl.row + r, impl.column + c), "General")
        for r in range(rows)
        for c in range(columns)
    }
    return found.pop() if len(found) == 1 else None


def desktop_formats(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Let ``Range.number_format`` read the file's formats, as desktop Excel answers it."""
    formats = file_formats(path)
    remote_range = remote_range_class(payload_from_xlsx(path))
    setter = remote_range.number_format.fset
    getter = property(lambda impl: range_format(formats, impl), setter)
    monkeypatch.setattr(remote_range, "number_format", getter)


def lite_formats(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Let the file's formats be read as xlwings Lite reads them: only through the async getter."""
    formats = file_formats(path)

    async def get_number_format(impl):
        return range_format(formats, impl)

    remote_range = remote_range_class(payload_from_xlsx(path))
    monkeypatch.setattr(remote_range, "get_number_format", get_number_format)


def sheet_rows(actions, sheet_position: int) -> list[tuple[object, ...]]:
    """The rows a sheet was written with, from A1, blanks as None, each as wide as the widest."""
    cells = cells_written(actions, sheet_position, "setValues")
    if not cells:
        return []
    width = max(column for _, column in cells)
    return [
        tuple(None if cells.get((row, c), "") == "" else cells[row, c] for c in range(1, width + 1))
        for row in range(1, max(row for row, _ in cells) + 1)
    ]


def check_lines(rows, name: str) -> list[str]:
    """The Problems sheet's rows (below its header) as ``xl-tools check`` prints problems."""
    from xl_tools.errors import quote_sheet

    lines = []
    for severity, code, sheet, cell, text in rows[1:]:
        where = f"{quote_sheet(sheet)}!{cell}" if sheet and cell else sheet
        place = ": ".join(part for part in (name, where, text) if part)
        lines.append(f"{severity} [{code}]: {place}")
    return lines


def lite_formulas(
    monkeypatch: pytest.MonkeyPatch, path: Path, more: dict[tuple[str, int, int], str]
) -> None:
    """Let the file's formulas (and `more`, by sheet, row and column) be read as xlwings Lite
    reads them: through the async getter, a grid of formulas, or values where there are none."""
    workbook = openpyxl.load_workbook(path)
    try:
        cells = {
            (sheet.title, cell.row, cell.column): cell.value
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
        }
    finally:
        workbook.close()
    cells.update(more)

    async def get_formula(impl):
        rows, columns = impl.shape
        return [
            [
                cells.get((impl.sheet.name, impl.row + r, impl.column + c), "")
                for c in range(columns)
            ]
            for r in range(rows)
        ]

    remote_range = remote_range_class(payload_from_xlsx(path))
    monkeypatch.setattr(remote_range, "get_formula", get_formula)
