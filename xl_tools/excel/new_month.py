"""Next month's workbook from the open one: beside it on the desktop, in place in xlwings Lite.

Desktop Excel has the workbook's file, so the button saves it and runs ``xl-tools
new-month`` on it (`xl_tools.roll_forward.new_month`): next month's workbook is written
beside it and this month's is left as it is.

xlwings Lite (and xlwings Server) has no file of the workbook, so the workbook is rolled
forward in place. So that no rule of the roll forward is written twice, the same
`new_month` runs on a snapshot: the open workbook's cells (values and, where read, number
formats) are written to a temporary file, rolled forward there, and the cells that
changed are written back through xlwings in blocks. What the snapshot cannot hold is
kept by writing only what changed: formulas the officer wrote in the cleared columns are
left as they are where they were read (`xl_tools.excel.read.read_formulas`), and the
Board and Problems sheets, last month's, go.
"""

from __future__ import annotations

import dataclasses
import datetime
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_tools.errors import Problem, ProblemCode, WouldOverwriteError, XlToolsError
from xl_tools.excel.problems import PROBLEMS_SHEET
from xl_tools.excel.read import FormatGrid, can_read_formats, read_measures
from xl_tools.excel.write import write_formats, write_values
from xl_tools.model import BOARD_SHEET
from xl_tools.read import SheetCells, open_workbook, worksheet_sources
from xl_tools.read.cells import GENERAL
from xl_tools.read.xlsx import WORKBOOK_SUFFIXES

if TYPE_CHECKING:
    import xlwings as xw

# Each sheet's cells holding a formula, by sheet name, as (row, column) from 1.
Formulas = Mapping[str, frozenset[tuple[int, int]]]
# Last month's sheets of the tool's own, which the next build or check writes anew.
LAST_MONTHS = (BOARD_SHEET, PROBLEMS_SHEET)
ALREADY_THERE = (
    "exists already: New month never overwrites a workbook; open it, or move it away and "
    "press New month again"
)
NO_FORMATS = (
    "number formats could not be read here, and New month puts this month's figures into "
    "cells blank today as their formats show them: run New month from the xlwings Lite "
    "script, which reads them"
)
NEVER_SAVED = (
    "has never been saved, so next month's workbook has no folder to go in: save it "
    "(File > Save As) where the months' workbooks are kept, then press New month again"
)


@dataclass(frozen=True)
class MonthChange:
    """What a roll forward in place does, or would do, to the open workbook.

    Attributes:
        name: The name next month's workbook takes: ``devon_december_2023.xlsx``.
        cells: The cells that change, by sheet name: each (value, number format), the
            format None where it stays as it is.
        sheets_removed: Last month's sheets that go (the board, the problems).
    """

    name: str
    cells: Mapping[str, Mapping[tuple[int, int], tuple[object, str | None]]]
    sheets_removed: tuple[str, ...]

    @property
    def count(self) -> int:
        """The number of cells that change."""
        return sum(len(cells) for cells in self.cells.values())


@dataclass(frozen=True)
class NewMonthResult:
    """What a press of New month did.

    Attributes:
        name: Next month's workbook's file name: ``devon_december_2023.xlsx``.
        written: Where next month's workbook was written (desktop Excel), or None where
            the open workbook was rolled forward in place (xlwings Lite).
        rolled: Whether the open workbook was rolled forward; False where the officer has
            still to confirm it, and on the desktop, where a new file is written instead.
        period: The reporting period the workbook moves on from (``November 2023``).
        cells: The cells changed in place.
    """

    name: str
    written: Path | None = None
    rolled: bool = False
    period: str = ""
    cells: int = 0


def start_new_month(
    book: xw.Book,
    *,
    confirmed: bool = False,
    number_formats: Mapping[str, FormatGrid] | None = None,
    formulas: Formulas | None = None,
) -> NewMonthResult:
    """Start next month from the open workbook, as ``xl-tools new-month`` does.

    In desktop Excel the workbook is saved, and next month's is written beside its file,
    which is left as it is. In xlwings Lite (and xlwings Server), which have no file, the
    open workbook itself is rolled forward, once `confirmed`: its period moves on a
    month, this month's values go into their month column, the month's inputs and the
    tool's columns are cleared, and last month's Board and Problems sheets go.

    Args:
        book: The open workbook.
        confirmed: Whether the officer has agreed to roll the open workbook forward in
            place; without it, nothing is written (the desktop asks no confirmation, as it
            writes a new file).
        number_formats: Each sheet's number formats, blank cells' too, where the caller
            read them (xlwings Lite: ``read_number_formats(book, blanks=True)``); in place,
            without them (xlwings Server), nothing is rolled forward, as next month's
            figures go into blank cells in the form their formats show.
        formulas: The cells holding formulas, by sheet, where read
            (`xl_tools.excel.read.read_formulas`): a formula the roll forward would clear
            is kept.

    Raises:
        XlToolsError: The workbook cannot be rolled forward (its period is not a month,
            next month's file exists, a cell cannot be read), or has never been saved.
    """
    if book.app.engine.name != "remote":
        written = new_month_beside(saved_path(book))
        return NewMonthResult(written.name, written)
    if number_formats is None and not can_read_formats(book):
        raise XlToolsError(Problem(ProblemCode.NO_NUMBER_FORMATS, NO_FORMATS, file=book.name))
    measures, sheets = read_measures(book, number_formats, population_needed=False)
    change = plan_month_change(sheets, book.name, formats_known=True, formulas=formulas)
    if confirmed:
        apply_month_change(book, change)
    period = measures.settings.period or ""
    return NewMonthResult(change.name, None, confirmed, period, change.count if confirmed else 0)


def new_month_beside(path: Path) -> Path:
    """Write next month's workbook beside this month's saved file, as ``xl-tools new-month``.

    Raises:
        XlToolsError: The workbook cannot be rolled forward (its period is not a month,
            ...), as the command says, or next month's file exists already.
    """
    from xl_tools.roll_forward import new_month

    try:
        return new_month(path)
    except WouldOverwriteError as error:
        raise WouldOverwriteError(
            dataclasses.replace(problem, message=ALREADY_THERE) for problem in error.problems
        ) from None


def saved_path(book: xw.Book) -> Path:
    """The open workbook's file, saved first, so that the file is what the officer sees.

    Raises:
        XlToolsError: The workbook has never been saved, so has no file.
    """
    path = Path(book.fullname)
    if not path.is_absolute():
        raise XlToolsError(Problem(ProblemCode.BAD_OUTPUT, NEVER_SAVED, file=book.name))
    book.save()
    return path


def plan_month_change(
    sheets: Sequence[SheetCells],
    name: str,
    *,
    formats_known: bool,
    formulas: Formulas | None = None,
) -> MonthChange:
    """Roll a snapshot of the open workbook forward and see which cells change.

    Args:
        sheets: The open workbook's sheets as read (`xl_tools.excel.read.read_sheets`).
        name: The workbook's name, for the new month's name and for messages.
        formats_known: Whether the sheets carry their number formats; where they do not,
            no format is changed.
        formulas: The cells holding formulas, where read (`read_formulas`): a formula in
            a cell the roll forward clears is kept.

    Raises:
        XlToolsError: The workbook cannot be rolled forward, as ``xl-tools new-month``
            says for a file.
    """
    kept = [sheet for sheet in sheets if sheet.name not in LAST_MONTHS]
    with tempfile.TemporaryDirectory() as folder:
        snapshot = Path(folder) / _file_name(name)
        write_snapshot(kept, snapshot)
        target = _rolled(snapshot, Path(folder) / "next", name)
        before, after = _cells_of(snapshot), _cells_of(target)
    cells = {}
    for sheet in kept:
        changed = changed_cells(before[sheet.name], after[sheet.name], formats=formats_known)
        protected = (formulas or {}).get(sheet.name, frozenset())
        changed = {
            at: cell for at, cell in changed.items() if at not in protected or cell[0] is not None
        }
        if changed:
            cells[sheet.name] = changed
    removed = tuple(sheet.name for sheet in sheets if sheet.name in LAST_MONTHS)
    return MonthChange(target.name, cells, removed)


def apply_month_change(book: xw.Book, change: MonthChange) -> None:
    """Write the cells that change into the open workbook, in blocks, and drop last month's
    board and problems."""
    for name, cells in change.cells.items():
        sheet = book.sheets[name]
        # Values as the file reader gives them: text, numbers, dates, which xlwings writes.
        values: dict[tuple[int, int], Any] = {at: value for at, (value, _) in cells.items()}
        write_values(sheet, values)
        write_formats(
            sheet, {at: (values[at], code) for at, (_, code) in cells.items() if code is not None}
        )
    for name in change.sheets_removed:
        book.sheets[name].delete()


def write_snapshot(sheets: Sequence[SheetCells], path: Path) -> Path:
    """Write sheets' values and number formats to a workbook file, for the roll forward.

    Text stays text (a cell reading ``=A1`` is not made a formula), a date stays a date,
    and a blank cell keeps its number format.
    """
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        for row in sheet.filled_rows():
            for column in range(1, sheet.n_columns + 1):
                value, code = sheet.value(row, column), sheet.number_format(row, column)
                if value is None and code == GENERAL:
                    continue
                cell = worksheet.cell(row, column, value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
                # A blank cell keeps its format: next month's figures go into it as it shows.
                if code != GENERAL or not isinstance(value, datetime.date | datetime.time):
                    cell.number_format = code
    workbook.save(path)
    return path


def changed_cells(
    before: SheetCells, after: SheetCells, *, formats: bool
) -> dict[tuple[int, int], tuple[object, str | None]]:
    """The cells whose value (or, where formats are known, number format) differs.

    Returns:
        Each cell's new value and its new format, None where the format is unchanged
        or unknown.

    >>> before = SheetCells("M", (("Period", "November 2023"), (38.0, None)),
    ...                     (("General", "General"), ("0%", "0%")))
    >>> after = SheetCells("M", (("Period", "December 2023"), (None, 0.38)),
    ...                    (("General", "General"), ("0%", "0.0%")))
    >>> changed_cells(before, after, formats=True)
    {(1, 2): ('December 2023', None), (2, 1): (None, None), (2, 2): (0.38, '0.0%')}
    """
    found = {}
    for row in sorted({*before.filled_rows(), *after.filled_rows()}):
        width = max(len(before.row(row)), len(after.row(row)))
        for column in range(1, width + 1):
            value = after.value(row, column)
            code = after.number_format(row, column)
            new_format = formats and code != before.number_format(row, column)
            if value != before.value(row, column) or new_format:
                found[row, column] = (value, code if new_format else None)
    return found


def _file_name(name: str) -> str:
    """A workbook file name for the snapshot: the book's own, with an extension the reader
    takes (a book not yet saved has none)."""
    return name if Path(name).suffix.lower() in WORKBOOK_SUFFIXES else f"{name}.xlsx"


def _rolled(snapshot: Path, folder: Path, name: str) -> Path:
    """Roll the snapshot forward into `folder`, its problems naming the workbook itself."""
    from xl_tools.roll_forward import new_month

    folder.mkdir()
    try:
        return new_month(snapshot, out=folder)
    except XlToolsError as error:
        raise type(error)(
            dataclasses.replace(problem, file=name) if problem.file == str(snapshot) else problem
            for problem in error.problems
        ) from None


def _cells_of(path: Path) -> dict[str, SheetCells]:
    """Every worksheet of a file, read whole, by name."""
    with open_workbook(path) as book:
        return {source.name: source.whole() for source in worksheet_sources(book)}
