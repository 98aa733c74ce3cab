"""The board sheet of a built workbook, read back as its table: headers, and a row a measure.

The board's title, notes and summary stand above its table and section headings stand
between its measures, so the table is found by its header row (the row holding a
"Measure" header) and a measure row by having a measure in that column.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from xl_tools.model import BOARD_SHEET


@dataclass(frozen=True)
class BoardTable:
    """The board's table.

    Attributes:
        header_row: The sheet row of its headers.
        headers: Its headers, left to right, up to the last column of the table.
        rows: Each measure's sheet row and its cells by header, in the board's order.
        sections: The section headings, top to bottom, with their sheet rows.
    """

    header_row: int
    headers: list[str]
    rows: list[tuple[int, dict[str, object]]]
    sections: list[tuple[int, str]]

    def by(self, header: str) -> dict[object, dict[str, object]]:
        """The measure rows by the value in one column (``ID`` or ``Measure``)."""
        return {cells[header]: cells for _, cells in self.rows}

    def column(self, header: str) -> int:
        """The sheet column (1-based) of a header."""
        return self.headers.index(header) + 1


def load_board(path: Path, sheet: str = BOARD_SHEET) -> Worksheet:
    """The board sheet of a built workbook, as openpyxl reads it."""
    with warnings.catch_warnings():
        # openpyxl drops the sparklines it cannot read; the cells are what is checked here.
        warnings.filterwarnings("ignore", "Sparkline Group extension", UserWarning)
        return openpyxl.load_workbook(path)[sheet]


def read_board(path: Path, sheet: str = BOARD_SHEET) -> BoardTable:
    """The table of the board sheet of a built workbook."""
    board = load_board(path, sheet)
    grid = [list(row) for row in board.iter_rows(values_only=True)]
    header_row = next(n for n, row in enumerate(grid, 1) if "Measure" in row)
    headers = list(grid[header_row - 1])
    width = headers.index(None) if None in headers else len(headers)
    headers = headers[:width]
    measure = headers.index("Measure")
    rows, sections = [], []
    for number, row in enumerate(grid[header_row:], start=header_row + 1):
        cells = row[:width]
        if cells[measure] is not None:
            rows.append((number, dict(zip(headers, cells, strict=True))))
        elif cells[0] is not None:
            sections.append((number, cells[0]))
    return BoardTable(header_row, headers, rows, sections)
