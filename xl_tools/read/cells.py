"""A sheet's cells as plain data, whichever back end read them.

The file reader (openpyxl) and the live-workbook reader (xlwings) each turn a sheet into a
`SheetCells`; everything that interprets a sheet (headers, settings, the measures table)
works on this snapshot only, so it is written once for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GENERAL = "General"


@dataclass(frozen=True)
class SheetCells:
    """The values and number formats of one sheet, from A1 to its last filled cell.

    Rows and columns are 1-based in the methods, as Excel numbers them; cells outside the
    snapshot read as blank with the General format.

    Attributes:
        name: The sheet's name.
        values: One tuple per row of cell values (None for blank, str, int, float, bool,
            datetime); rows may be of different lengths.
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
    """

    name: str
    values: tuple[tuple[object, ...], ...]
    formats: tuple[tuple[str, ...], ...] = ()
    uncached: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    hidden: bool = False

    @property
    def n_rows(self) -> int:
        """The number of rows in the snapshot."""
        return len(self.values)

    @property
    def n_columns(self) -> int:
        """The width of the widest row."""
        return max((len(row) for row in self.values), default=0)

    def value(self, row: int, column: int) -> object:
        """The value of a cell (1-based), None where blank or outside the snapshot."""
        # As `_at`, written out: the reader asks for thousands of values a workbook.
        if row > 0 and column > 0:
            try:
                return self.values[row - 1][column - 1]
            except IndexError:
                pass
        return None

    def number_format(self, row: int, column: int) -> str:
        """The number format of a cell (1-based), General where none is known."""
        # As `_at`, written out, as `value` is.
        if row > 0 and column > 0:
            try:
                return str(self.formats[row - 1][column - 1] or GENERAL)
            except IndexError:
                pass
        return GENERAL

    def is_uncached(self, row: int, column: int) -> bool:
        """Whether the cell is a formula with no saved result."""
        return (row, column) in self.uncached

    def row(self, row: int) -> tuple[object, ...]:
        """The values of one row (1-based), empty beyond the snapshot."""
        return self.values[row - 1] if 1 <= row <= len(self.values) else ()


def _at(grid: tuple[tuple[object, ...], ...], row: int, column: int, default: object) -> object:
    if 1 <= row <= len(grid):
        cells = grid[row - 1]
        if 1 <= column <= len(cells):
            return cells[column - 1]
    return default


def column_letter(column: int) -> str:
    """The letters of a 1-based column number.

    >>> column_letter(1), column_letter(26), column_letter(27), column_letter(703)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_address(row: int, column: int) -> str:
    """A cell's A1 address from 1-based row and column.

    >>> cell_address(14, 6)
    'F14'
    """
    return f"{column_letter(column)}{row}"


def is_blank(value: object) -> bool:
    """Whether a cell value is empty: None, or text of spaces only.

    >>> is_blank(None), is_blank("  "), is_blank(0)
    (True, True, False)
    """
    return value is None or (isinstance(value, str) and not value.strip())
