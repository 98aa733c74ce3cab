"""Read an .xlsx or .xlsm file's worksheets into `SheetCells`, through the package layer.

Values are the results Excel last saved, never formula text; a formula with no saved
result is marked as such. A sheet is read only as far as it is looked at: every sheet's
head, for a table's headers, and the whole of the measures and settings sheets. A large
data sheet beside the measures costs the reading of its first rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from xl_tools import marks
from xl_tools.errors import (
    NotAWorkbookError,
    Problem,
    ProblemCode,
    WorkbookLockedError,
    WorkbookNotFoundError,
)
from xl_tools.package import Cell, Sheet, Workbook
from xl_tools.read.cells import GENERAL, HEAD_ROWS, SheetCells

# A sheet larger than this is read as it streams in, not parsed whole to find its head.
STREAMED_FROM = 4 * 1024 * 1024
# The files the tool reads: workbooks and templates, with or without macros.
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def open_workbook(path: str | Path) -> Workbook:
    """Open a workbook file to read (and change) its parts.

    Raises:
        WorkbookNotFoundError: There is no such file.
        WorkbookLockedError: The file cannot be opened for reading.
        NotAWorkbookError: The file is not an .xlsx or .xlsm workbook, or is damaged.
    """
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise WorkbookNotFoundError(Problem(ProblemCode.FILE_NOT_FOUND, "no such file", file=name))
    if path.is_dir():
        raise _not_a_workbook(name, "is a folder, not a workbook")
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        raise _not_a_workbook(
            name,
            f"is not an Excel workbook the tool can read ({suffix or 'no extension'}): "
            "save it from Excel as .xlsx or .xlsm",
        )
    try:
        return Workbook.open(path)
    except PermissionError as error:
        raise WorkbookLockedError(
            Problem(
                ProblemCode.FILE_LOCKED,
                "cannot be opened: permission denied (is it open in another program?)",
                file=name,
            )
        ) from error


def _not_a_workbook(name: str, message: str) -> NotAWorkbookError:
    return NotAWorkbookError(Problem(ProblemCode.NOT_A_WORKBOOK, message, file=name))


class WorksheetSource:
    """One worksheet of an open workbook, read as far as it is looked at (`SheetSource`)."""

    def __init__(self, book: Workbook, sheet: Sheet) -> None:
        self._book, self._sheet = book, sheet
        self._head: SheetCells | None = None
        self._head_rows: list[tuple[int, list[Cell]]] = []
        self._whole: SheetCells | None = None

    @property
    def name(self) -> str:
        """The sheet's name."""
        return self._sheet.name

    @property
    def hidden(self) -> bool:
        """Whether the sheet is hidden in Excel."""
        return self._sheet.hidden

    @property
    def is_board(self) -> bool:
        """Whether the sheet is a board the tool wrote."""
        return marks.is_tool_board(self._book, self._sheet)

    @property
    def owned_columns(self) -> frozenset[int]:
        """The columns the tool marked as its own on the sheet (none where it marked none)."""
        return marks.owned_columns(self._book, self._sheet) or frozenset()

    def head(self) -> SheetCells:
        """The sheet's first rows, as far as a table's headers are looked for.

        A large sheet is read as it streams in, and no further: a data sheet of any length
        costs its first rows only. A small one is parsed whole, once: the measures sheet's
        parse is the one the tool then writes its cells into.
        """
        if self._whole is not None:
            return self._whole
        if self._head is None:
            book, part = self._book, self._part
            if book.package.size(part) > STREAMED_FROM:
                self._head_rows = book.first_rows(part, HEAD_ROWS)
            else:
                rows = book.cell_reader().rows_of(book.package.xml(part), last_row=HEAD_ROWS)
                self._head_rows = list(rows)
            self._head = self._cells(self._head_rows)
        return self._head

    def whole(self) -> SheetCells:
        """Every cell of the sheet, its part parsed whole (once)."""
        if self._whole is None:
            book = self._book
            # The rows of its head, read already, and the rest from the parse.
            first = HEAD_ROWS + 1 if self._head is not None else 1
            rest = book.cell_reader().rows_of(book.package.xml(self._part), first)
            self._whole = self._cells([*self._head_rows, *rest])
        return self._whole

    @property
    def _part(self) -> str:
        assert self._sheet.part is not None  # only worksheets with a part are sources
        return self._sheet.part

    def _cells(self, found: Iterable[tuple[int, list[Cell]]]) -> SheetCells:
        book, sheet = self._book, self._sheet
        reader = book.cell_reader()
        number_formats: dict[int, str] = {}  # most cells share a few styles
        rows: dict[int, tuple[object, ...]] = {}
        formats: dict[int, tuple[str, ...]] = {}
        uncached = set()
        for number, cells in found:
            width = max(cell[0] for cell in cells)  # cells are in order, all but always
            values: list[object] = [None] * width
            shown = [GENERAL] * width
            for column, value, style, no_result in cells:
                values[column - 1] = value
                if style:
                    if (shown_as := number_formats.get(style)) is None:
                        shown_as = number_formats[style] = reader.styles.number_format(style)
                    shown[column - 1] = shown_as
                if no_result:
                    uncached.add((number, column))
            rows[number] = tuple(values)
            formats[number] = tuple(shown)
        return SheetCells(sheet.name, rows, formats, frozenset(uncached), sheet.hidden)


def worksheet_sources(book: Workbook) -> tuple[WorksheetSource, ...]:
    """Every worksheet of a workbook, in tab order (chart sheets have no cells)."""
    return tuple(
        WorksheetSource(book, sheet)
        for sheet in book.sheets
        if sheet.kind == "worksheet" and sheet.part is not None
    )
