"""Write a grid of cells as a workbook with openpyxl or XlsxWriter, for the layout corpus.

openpyxl saves formulas without results (as a program that does not calculate does);
XlsxWriter saves the result it is given, as Excel would have.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

# A merged range: first row, first column, last row, last column (1-based).
Merge = tuple[int, int, int, int]


def write_grid(
    writer: object,
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    first_column: int,
    settings: Sequence[tuple[str, object]],
    hidden_rows: Sequence[int] = (),
    hidden_columns: Sequence[int] = (),
    merges: Sequence[Merge] = (),
) -> Path:
    """Write `rows` of `Cell` on a "Measures" sheet from `first_column`, and a settings sheet.

    Args:
        writer: `openpyxl.Workbook` or the `xlsxwriter` module.
        path: Where to save.
        rows: The sheet's rows of `tests.make_layouts.Cell`.
        first_column: The column the rows start in.
        settings: Label / value pairs for a "Settings" sheet; none, no sheet.
        hidden_rows: Sheet rows to hide.
        hidden_columns: Sheet columns to hide.
        merges: Ranges to merge (openpyxl only).
    """
    if writer is xlsxwriter:
        if merges:
            raise ValueError("merged ranges are written with openpyxl only")
        return _with_xlsxwriter(path, rows, first_column, settings, hidden_rows, hidden_columns)
    return _with_openpyxl(path, rows, first_column, settings, hidden_rows, hidden_columns, merges)


def _with_openpyxl(path, rows, first_column, settings, hidden_rows, hidden_columns, merges):
    book = Workbook()
    sheet = book.active
    sheet.title = "Measures"
    for row_number, row in enumerate(rows, start=1):
        for offset, cell in enumerate(row):
            if cell.value is None and cell.formula is None:
                continue
            target = sheet.cell(row_number, first_column + offset)
            target.value = cell.formula or cell.value
            if cell.number_format:
                target.number_format = cell.number_format
    for row in hidden_rows:
        sheet.row_dimensions[row].hidden = True
    for column in hidden_columns:
        sheet.column_dimensions[get_column_letter(column)].hidden = True
    for first_row, first_col, last_row, last_col in merges:
        sheet.merge_cells(
            start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col
        )
    if settings:
        extra = book.create_sheet("Settings")
        for line in (("Setting", "Value"), *settings):
            extra.append(line)
    book.save(path)
    return path


def _with_xlsxwriter(path, rows, first_column, settings, hidden_rows, hidden_columns):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Measures")
    formats: dict[str, object] = {}
    for row_number, row in enumerate(rows):
        for offset, cell in enumerate(row):
            column = first_column - 1 + offset
            number_format = None
            if cell.number_format:
                number_format = formats.setdefault(
                    cell.number_format, book.add_format({"num_format": cell.number_format})
                )
            if cell.formula is not None:
                sheet.write_formula(row_number, column, cell.formula, number_format, cell.value)
            elif isinstance(cell.value, str):
                sheet.write_string(row_number, column, cell.value, number_format)
            elif cell.value is not None:
                sheet.write_number(row_number, column, cell.value, number_format)
    for row in hidden_rows:
        sheet.set_row(row - 1, None, None, {"hidden": True})
    for column in hidden_columns:
        sheet.set_column(column - 1, column - 1, None, None, {"hidden": True})
    if settings:
        extra = book.add_worksheet("Settings")
        for row_number, line in enumerate((("Setting", "Value"), *settings)):
            for column, value in enumerate(line):
                extra.write(row_number, column, value)
    book.close()
    return path
