"""Open a real .xlsx as xlwings' remote book, so the Excel button can be tested without Excel.

xlwings' remote engine (``xw.Book(json=payload)``) builds a book from the JSON that Excel's
client sends with every call and records what Python does to it as a list of actions
(``book.json()["actions"]``). `payload_from_xlsx` writes that JSON from a workbook on disk,
in the form the Office.js client of xlwings 0.37.8 sends it:

- ``book``: file name, 0-based active sheet, selection without the sheet name, calculation;
- ``names``: defined names that point at one range, book and sheet scope;
- ``sheets``: each worksheet's values from A1 to the last used cell as a rectangular 2D
  list, empty cells as ``""``, date and time cells as ISO strings ending in ``Z`` (Excel
  sends the cell's serial number as a JavaScript date), plus its used range, tables and
  visibility.

Number formats, fonts and fills are not part of the payload: Excel does not send them, and
the remote engine raises ``NotImplementedError`` when asked to read them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import xlwings as xw
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from tests.conftest import LICENCE_ENV, NONCOMMERCIAL_KEY

CLIENT = "Office.js"

# Excel's serial day 0 as JavaScript dates count it: times of day and durations are
# fractions of a day after it, and Excel sends them as dates on that day.
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_CALCULATION = {"auto": "Automatic", "manual": "Manual", "autoNoTable": "AutomaticExceptTables"}
_VISIBILITY = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}


def excel_value(value: Any) -> Any:
    """Turn one cell value read by openpyxl into the JSON value Excel sends for it.

    Args:
        value: A cell value as openpyxl gives it (with ``data_only=True``).

    Returns:
        ``""`` for an empty cell, an ISO string for dates and times (to the millisecond,
        as JavaScript's ``toISOString`` writes them), and numbers, booleans and text
        (error values such as ``#N/A`` included) unchanged.

    Examples:
        >>> excel_value(None)
        ''
        >>> excel_value(dt.datetime(2024, 3, 31))
        '2024-03-31T00:00:00.000Z'
        >>> excel_value(dt.time(12, 30))
        '1899-12-30T12:30:00.000Z'
        >>> excel_value(0.22), excel_value(True), excel_value("#N/A")
        (0.22, True, '#N/A')
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _iso_z(value)
    if isinstance(value, dt.date):
        return _iso_z(dt.datetime.combine(value, dt.time()))
    if isinstance(value, dt.time):
        return _iso_z(dt.datetime.combine(_EXCEL_EPOCH.date(), value))
    if isinstance(value, dt.timedelta):
        return _iso_z(_EXCEL_EPOCH + value)
    return value


def _iso_z(moment: dt.datetime) -> str:
    # JavaScript dates hold milliseconds; rounding first keeps 59.9996 s from printing as 59.999.
    rounded = moment.replace(tzinfo=None) + dt.timedelta(microseconds=500)
    return rounded.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rounded.microsecond // 1000:03d}Z"


def payload_from_xlsx(path: str | os.PathLike[str], *, caller_sheet: str | None = None) -> dict:
    """Build the JSON that Excel would send to xlwings' remote engine for a workbook.

    Formulas are given by their cached results, as Excel sends values, not formulas; a file
    saved by openpyxl has no cached results, so its formula cells arrive empty.

    Args:
        path: The .xlsx or .xlsm file.
        caller_sheet: The sheet the button sits on, sent as the active sheet; by default
            the sheet that was active when the file was saved.

    Returns:
        The payload for ``xw.Book(json=...)``.

    Raises:
        ValueError: If ``caller_sheet`` is not a worksheet of the workbook.
    """
    workbook = openpyxl.load_workbook(path, data_only=True)
    try:
        sheets = workbook.worksheets
        active = _active_index(workbook, caller_sheet, Path(path).name)
        return {
            "client": CLIENT,
            "version": xw.__version__,
            "book": {
                "name": Path(path).name,
                "active_sheet_index": active,
                "selection": _selection(sheets[active]),
                "calculation": _CALCULATION.get(workbook.calculation.calcMode, "Automatic"),
            },
            "names": _names(workbook),
            "sheets": [_sheet(sheet) for sheet in sheets],
        }
    finally:
        workbook.close()


def _active_index(workbook: openpyxl.Workbook, caller_sheet: str | None, file_name: str) -> int:
    titles = [sheet.title for sheet in workbook.worksheets]
    if caller_sheet is None:
        active = workbook.active
        return titles.index(active.title) if active is not None and active.title in titles else 0
    if caller_sheet not in titles:
        raise ValueError(
            f'{file_name}: no sheet "{caller_sheet}" to call from; '
            f"the sheets are {', '.join(repr(t) for t in titles)}"
        )
    return titles.index(caller_sheet)


def _selection(sheet: Worksheet) -> str | None:
    selections = sheet.sheet_view.selection
    sqref = str(selections[0].sqref) if selections and selections[0].sqref else "A1"
    # Office.js cannot give one address for a selection of several areas and sends null.
    return None if " " in sqref.strip() else sqref.strip()


def _names(workbook: openpyxl.Workbook) -> list[dict]:
    titles = [sheet.title for sheet in workbook.worksheets]
    names = [_name(dn, titles, None) for dn in workbook.defined_names.values()]
    for scope_index, sheet in enumerate(workbook.worksheets):
        names += [_name(dn, titles, scope_index) for dn in sheet.defined_names.values()]
    return [name for name in names if name is not None]


def _name(defined_name: Any, titles: list[str], scope_index: int | None) -> dict | None:
    # Excel's client sends only names that refer to a single range.
    destinations = list(defined_name.destinations) if defined_name.type == "RANGE" else []
    if defined_name.name.startswith("_xlnm.") or len(destinations) != 1:
        return None
    sheet_title, coordinate = destinations[0]
    if sheet_title not in titles:
        return None
    return {
        "name": defined_name.name,
        "sheet_index": titles.index(sheet_title),
        "address": coordinate.replace("$", ""),
        "book_scope": scope_index is None,
        "scope_sheet_name": None if scope_index is None else titles[scope_index],
        "scope_sheet_index": scope_index,
        "refers_to": f"={defined_name.attr_text}",
    }


def _sheet(sheet: Worksheet) -> dict:
    used = _used_bounds(sheet)
    return {
        "name": sheet.title,
        "visibility": _VISIBILITY.get(sheet.sheet_state, "Visible"),
        "values": _values(sheet, used),
        "used_range_address": _address(used) if used else None,
        "pictures": [],
        "shapes": [],
        "charts": [],
        "notes": [],
        "tables": [_table(table) for table in sheet.tables.values()],
        "print_area": None,
        "show_gridlines": bool(sheet.sheet_view.showGridLines is not False),
        "pivot_tables": [],
    }


def _used_bounds(sheet: Worksheet) -> tuple[int, int, int, int] | None:
    """First row, first column, last row, last column of the cells holding a value."""
    filled = [(c.row, c.column) for row in sheet.iter_rows() for c in row if c.value is not None]
    if not filled:
        return None
    rows, columns = zip(*filled, strict=True)
    return min(rows), min(columns), max(rows), max(columns)


def _values(sheet: Worksheet, used: tuple[int, int, int, int] | None) -> list[list[Any]]:
    # Excel sends values from A1, not from the used range's corner, so indexes stay sheet-wide.
    if used is None:
        return [[]]
    _, _, last_row, last_column = used
    rows = sheet.iter_rows(min_row=1, max_row=last_row, min_col=1, max_col=last_column)
    return [[excel_value(cell.value) for cell in row] for row in rows]


def _address(bounds: tuple[int, int, int, int]) -> str:
    first_row, first_column, last_row, last_column = bounds
    first = f"{get_column_letter(first_column)}{first_row}"
    last = f"{get_column_letter(last_column)}{last_row}"
    return first if first == last else f"{first}:{last}"


def _table(table: Any) -> dict:
    first_column, first_row, last_column, last_row = range_boundaries(table.ref)
    headers = table.headerRowCount if table.headerRowCount is not None else 1
    totals = table.totalsRowCount or 0
    body = (first_row + headers, first_column, last_row - totals, last_column)
    return {
        "name": table.displayName or table.name,
        "range_address": _address((first_row, first_column, last_row, last_column)),
        "header_row_range_address": (
            _address((first_row, first_column, first_row, last_column)) if headers else None
        ),
        "data_body_range_address": _address(body) if body[0] <= body[2] else None,
        "total_row_range_address": (
            _address((last_row, first_column, last_row, last_column)) if totals else None
        ),
        "show_headers": bool(headers),
        "show_totals": bool(totals),
        "table_style": table.tableStyleInfo.name if table.tableStyleInfo else None,
        "show_autofilter": table.autoFilter is not None,
    }


@contextlib.contextmanager
def remote_licence() -> Iterator[None]:
    """Let xlwings' remote engine run for the duration of a ``with`` block.

    The remote engine (``xw.Book(json=...)``) is a licensed xlwings feature: xlwings
    registers it at import only when a licence key is found (``tests/conftest.py`` gives it
    one for that moment), checks the key again whenever a book is opened, and accepts the
    literal key ``noncommercial`` for its free noncommercial licence. Only tests use it;
    the shipped paths (desktop ``RunPython`` and xlwings Lite) need no key. The environment
    variable is restored afterwards.

    Yields:
        Nothing; inside the block ``xw.Book(json=payload)`` works.
    """
    if "remote" not in [engine.name for engine in xw.engines]:
        raise RuntimeError(
            "xlwings was imported without a licence key, so it has no remote engine: "
            "tests/conftest.py gives it one when it is imported first"
        )
    previous = os.environ.get(LICENCE_ENV)
    os.environ[LICENCE_ENV] = NONCOMMERCIAL_KEY
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(LICENCE_ENV, None)
        else:
            os.environ[LICENCE_ENV] = previous


def remote_range_class(payload: dict) -> type:
    """The remote engine's class of a range, as a book opened from `payload` gives it."""
    with remote_licence():
        return type(xw.Book(json=payload).sheets[0].range("A1").impl)
