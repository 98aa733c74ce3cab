"""A1 references: column letters, cell addresses and ranges, as Excel writes them."""

from __future__ import annotations

import re
from functools import lru_cache

MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


@lru_cache(maxsize=1024)
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


@lru_cache(maxsize=1024)
def column_number(letters: str) -> int:
    """The 1-based number of a column's letters.

    >>> column_number("A"), column_number("AA"), column_number("xfd")
    (1, 27, 16384)
    """
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def cell_address(row: int, column: int) -> str:
    """A cell's A1 address from 1-based row and column.

    >>> cell_address(14, 6)
    'F14'
    """
    return f"{column_letter(column)}{row}"


def parse_cell(address: str) -> tuple[int, int] | None:
    """The (row, column) of an A1 address, None where it is not one within the sheet.

    >>> parse_cell("F14"), parse_cell("$AB$2"), parse_cell("XFE1"), parse_cell("A0")
    ((14, 6), (2, 28), None, None)
    """
    match = _CELL.fullmatch(address)
    if match is None:
        return None
    row, column = int(match[2]), column_number(match[1])
    if not (1 <= row <= MAX_ROW and 1 <= column <= MAX_COLUMN):
        return None
    return row, column


def parse_range(text: str) -> tuple[int, int, int, int] | None:
    """The (first row, first column, last row, last column) of ``A1:C4`` or ``B2``.

    >>> parse_range("A1:C4"), parse_range("B2"), parse_range("C4:A1"), parse_range("x")
    ((1, 1, 4, 3), (2, 2, 2, 2), (1, 1, 4, 3), None)
    """
    first, _, last = text.partition(":")
    start, end = parse_cell(first), parse_cell(last or first)
    if start is None or end is None:
        return None
    return (min(start[0], end[0]), min(start[1], end[1]), max(start[0], end[0]),
            max(start[1], end[1]))  # fmt: skip


def range_address(first_row: int, first_column: int, last_row: int, last_column: int) -> str:
    """An A1 range, or a single cell's address where it covers one cell.

    >>> range_address(1, 1, 4, 3), range_address(2, 2, 2, 2)
    ('A1:C4', 'B2')
    """
    start = cell_address(first_row, first_column)
    end = cell_address(last_row, last_column)
    return start if start == end else f"{start}:{end}"
