"""A sheet's cells as plain data, whichever back end read them.

The file reader (the package layer) and the live-workbook reader (xlwings) each turn a
sheet into a `SheetCells`; everything that interprets a sheet (headers, settings, the
measures table) works on this snapshot only, so it is written once for both.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from typing import Protocol

from xl_tools.model import BOARD_SHEET

GENERAL = "General"


class SheetSource(Protocol):
    """A sheet the reader may look at: its head first, its whole only where needed.

    A workbook's other sheets (a data extract of a hundred thousand rows) are looked at
    only as far as a measures table's headers could be; `SheetCells` is its own head and
    whole.
    """

    @property
    def name(self) -> str:
        """The sheet's name."""

    @property
    def hidden(self) -> bool:
        """Whether the sheet is hidden in Excel."""

    @property
    def is_board(self) -> bool:
        """Whether the sheet is the tool's own board, never read as a measures table."""

    @property
    def owned_columns(self) -> frozenset[int] | None:
        """The columns the tool wrote on the sheet; None where that is not known."""

    def head(self) -> SheetCells:
        """At least the sheet's first `HEAD_ROWS` rows."""

    def whole(self) -> SheetCells:
        """Every cell of the sheet."""


HEAD_ROWS = 30


class SheetCells:
    """The values and number formats of one sheet's cells: those it holds, and no others.

    Rows and columns are 1-based in the methods, as Excel numbers them; a cell the sheet
    does not hold reads as blank with the General format. Only rows holding something are
    kept, so a stray cell far down the sheet costs one row, not a grid.

    Args:
        name: The sheet's name.
        values: The cell values (None for blank, str, int, float, bool, datetime), a tuple
            of them a row from column A: either every row from row 1, or the rows that
            hold something by their row number. Rows may be of different lengths.
        formats: The number formats, shaped like `values` (may be shorter: missing is
            General).
        uncached: The (row, column) cells holding a formula whose result was never saved.
        hidden: Whether the sheet is hidden in Excel.

    >>> sheet = SheetCells("Measures", (("ID", "Measure"), ("VA01", 0.22)),
    ...                    ((GENERAL, GENERAL), (GENERAL, "0%")))
    >>> sheet.value(2, 2), sheet.number_format(2, 2), sheet.value(9, 9)
    (0.22, '0%', None)
    >>> sheet.n_rows, sheet.n_columns
    (2, 2)
    >>> far = SheetCells("Data", {1: ("Measure",), 1048576: (None, 5)})
    >>> far.filled_rows(), far.value(1048576, 2)
    ([1, 1048576], 5)
    """

    def __init__(
        self,
        name: str,
        values: Sequence[Sequence[object]] | Mapping[int, Sequence[object]] = (),
        formats: Sequence[Sequence[str]] | Mapping[int, Sequence[str]] = (),
        uncached: frozenset[tuple[int, int]] = frozenset(),
        hidden: bool = False,
    ) -> None:
        self.name = name
        self.hidden = hidden
        self.uncached = frozenset(uncached)
        self._rows = _by_row(values)
        self._formats = _by_row(formats)
        self._filled = sorted(n for n, row in self._rows.items() if any(v is not None for v in row))

    @property
    def is_board(self) -> bool:
        """Whether the sheet is the tool's board: in a live workbook, the one of its name."""
        return self.name == BOARD_SHEET

    @property
    def owned_columns(self) -> frozenset[int] | None:
        """Not known of a snapshot: every column recognised is taken as the tool's."""
        return None

    def head(self) -> SheetCells:
        """The sheet itself: it is whole already."""
        return self

    def whole(self) -> SheetCells:
        """The sheet itself."""
        return self

    @property
    def n_rows(self) -> int:
        """The number of the last row holding a value."""
        return self._filled[-1] if self._filled else 0

    @property
    def n_columns(self) -> int:
        """The width of the widest row."""
        return max((len(row) for row in self._rows.values()), default=0)

    def filled_rows(self, first: int = 1, last: int | None = None) -> list[int]:
        """The numbers of the rows holding a value, from `first` to `last`, in order."""
        start = bisect.bisect_left(self._filled, first)
        end = len(self._filled) if last is None else bisect.bisect_right(self._filled, last)
        return self._filled[start:end]

    def value(self, row: int, column: int) -> object:
        """The value of a cell (1-based), None where blank or outside the sheet's cells."""
        cells = self._rows.get(row)
        if cells is not None and 0 < column <= len(cells):
            return cells[column - 1]
        return None

    def number_format(self, row: int, column: int) -> str:
        """The number format of a cell (1-based), General where none is known."""
        formats = self._formats.get(row)
        if formats is not None and 0 < column <= len(formats):
            return str(formats[column - 1] or GENERAL)
        return GENERAL

    def is_uncached(self, row: int, column: int) -> bool:
        """Whether the cell is a formula with no saved result."""
        return (row, column) in self.uncached

    def row(self, row: int) -> tuple[object, ...]:
        """The values of one row (1-based), empty where the row holds none."""
        return self._rows.get(row, ())


def is_blank(value: object) -> bool:
    """Whether a cell value is empty: None, or text of spaces only.

    >>> is_blank(None), is_blank("  "), is_blank(0)
    (True, True, False)
    """
    return value is None or (isinstance(value, str) and not value.strip())


def _by_row(
    rows: Sequence[Sequence[object]] | Mapping[int, Sequence[object]],
) -> dict[int, tuple[object, ...]]:
    """Rows by their number, from a mapping of them or a sequence of them from row 1."""
    if isinstance(rows, Mapping):
        return {number: tuple(row) for number, row in rows.items()}
    return {number: tuple(row) for number, row in enumerate(rows, start=1) if row}
