"""Small measures workbooks for tests, built with openpyxl wherever a test asks (tmp_path).

`write_measures_workbook` lays out a measures sheet like the shipped template by default;
its arguments give the variations officers' own workbooks have: a title and notes above
the headers, other header names and orders, heading rows, hidden rows, a settings sheet.
A value written as text beginning with "=" becomes a formula with no saved result, as
openpyxl saves none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

TEMPLATE_HEADERS = (
    "ID",
    "Section",
    "Measure",
    "Unit",
    "Polarity",
    "Value",
    "Numerator",
    "Denominator",
    "Count",
    "Actual numbers",
    "Target",
    "Amber threshold",
    "Statistical neighbours",
    "England",
    "Region",
    "Previous",
    "Commentary",
)
TEMPLATE_TITLE = ("Children's social care performance measures",)


@dataclass(frozen=True)
class Formatted:
    """A cell value with its number format, e.g. ``Formatted(0.22, "0%")``."""

    value: object
    number_format: str


Row = Sequence[object] | Mapping[str, object]


def write_measures_workbook(
    path: Path,
    rows: Iterable[Row],
    *,
    headers: Sequence[str] = TEMPLATE_HEADERS,
    above: Sequence[Sequence[object]] = (TEMPLATE_TITLE, ()),
    settings: Mapping[str, object] | None = None,
    sheet: str = "Measures",
    first_column: int = 1,
    hidden_rows: Iterable[int] = (),
    more_sheets: Mapping[str, Sequence[Sequence[object]]] | None = None,
    hidden_sheets: Iterable[str] = (),
) -> Path:
    """Write a workbook with a measures sheet, and a Settings sheet when `settings` given.

    Args:
        path: Where to save (an .xlsx or .xlsm name).
        rows: The table's rows under the headers: sequences in header order, or mappings
            from header to value (missing headers blank). Values may be `Formatted`.
        headers: The header row.
        above: Rows written above the header row (a title, notes); the header row is
            the one after them.
        settings: Label -> value pairs for a "Settings" sheet, in columns A and B under a
            "Setting | Value" header, as the template has them.
        sheet: The measures sheet's name.
        first_column: The column the table starts in.
        hidden_rows: Sheet rows to hide.
        more_sheets: Further sheets by name, as rows of values.
        hidden_sheets: Names of sheets to hide.

    Returns:
        The path written.
    """
    book = Workbook()
    measures = book.active
    measures.title = sheet
    table = [list(line) for line in above]
    table.append(list(headers))
    table.extend(_in_header_order(row, headers) for row in rows)
    _write_rows(measures, table, first_column)
    for row in hidden_rows:
        measures.row_dimensions[row].hidden = True
    if settings is not None:
        lines = [("Setting", "Value"), *settings.items()]
        _write_rows(book.create_sheet("Settings"), lines, 1)
    for name, lines in (more_sheets or {}).items():
        _write_rows(book.create_sheet(name), lines, 1)
    for name in hidden_sheets:
        book[name].sheet_state = "hidden"
    book.save(path)
    return path


def header_row_of(above: Sequence[Sequence[object]] = (TEMPLATE_TITLE, ())) -> int:
    """The sheet row the headers land on for the rows written `above` them."""
    return len(above) + 1


def _in_header_order(row: Row, headers: Sequence[str]) -> list[object]:
    if isinstance(row, Mapping):
        unknown = set(row) - set(headers)
        if unknown:
            raise KeyError(f"not among the headers: {sorted(unknown)}")
        return [row.get(header) for header in headers]
    return list(row)


def _write_rows(worksheet, rows: Iterable[Sequence[object]], first_column: int) -> None:
    for row_number, row in enumerate(rows, start=1):
        for offset, value in enumerate(row):
            if value is None:
                continue
            cell = worksheet.cell(row_number, first_column + offset)
            if isinstance(value, Formatted):
                cell.value = value.value
                cell.number_format = value.number_format
            else:
                cell.value = value


def write_text_file(
    path: Path, text: str = "ID,Measure,Value\nVA02,Number of referrals,599\n"
) -> Path:
    """Write a text file (by default a CSV) under a name that may claim to be a workbook."""
    path.write_text(text, encoding="utf-8")
    return path
