"""How the tool knows, in a workbook file, its own board and its own columns: hidden names.

A sheet named "Board" may be the officer's own, and a column headed "RAG" may be one the
officer types by hand. So the tool marks what it writes with hidden defined names of the
sheet's own, which Excel keeps with the sheet and its cells as they move:

- ``xl_tools.board`` on the board sheet;
- ``xl_tools.columns`` on the measures sheet, naming the header cells of the tool's columns.

A board written before boards were marked is known by its name and the title in its A1.
"""

from __future__ import annotations

from xl_tools.model import BOARD_SHEET, BOARD_TITLE
from xl_tools.package import Sheet, Workbook
from xl_tools.references import column_letter, parse_range

BOARD_MARK = "xl_tools.board"
COLUMNS_MARK = "xl_tools.columns"
# What the board is called where the officer's own sheet holds `BOARD_SHEET`.
OTHER_BOARD_NAME = "xl-tools Board"


def is_tool_board(book: Workbook, sheet: Sheet) -> bool:
    """Whether a sheet is a board the tool wrote (and so its own to replace)."""
    if BOARD_MARK in book.local_names(sheet):
        return True
    if sheet.name != BOARD_SHEET or sheet.part is None or sheet.kind != "worksheet":
        return False
    first = next(iter(book.cell_reader().rows_of(book.package.xml(sheet.part), last_row=1)), None)
    if first is None:
        return False
    number, cells = first
    title = cells[0][1] if number == 1 and cells[0][0] == 1 else None
    return isinstance(title, str) and title.startswith(BOARD_TITLE)


def tool_board(book: Workbook) -> Sheet | None:
    """The board the tool wrote in a workbook, if there is one."""
    return next((sheet for sheet in book.sheets if is_tool_board(book, sheet)), None)


def board_name(book: Workbook, board: Sheet | None) -> str:
    """The name for the tool's board: `BOARD_SHEET`, unless an officer's sheet holds it.

    Args:
        book: The workbook.
        board: The tool's board there now (replaced by the new one), if any.
    """
    taken = {sheet.name.lower() for sheet in book.sheets if sheet != board}
    name, number = BOARD_SHEET, 1
    while name.lower() in taken:
        number += 1
        name = OTHER_BOARD_NAME if number == 2 else f"{OTHER_BOARD_NAME} {number - 1}"
    return name


def mark_board(book: Workbook, sheet: Sheet) -> None:
    """Mark a sheet as the tool's board."""
    book.set_local_name(BOARD_MARK, sheet, "$A$1", hidden=True)


def owned_columns(book: Workbook, sheet: Sheet) -> frozenset[int] | None:
    """The columns of the tool's own on a measures sheet; None where it marks none."""
    marked = book.local_names(sheet).get(COLUMNS_MARK)
    if marked is None:
        return None
    columns: set[int] = set()
    for reference in marked.split(","):
        bounds = parse_range(reference.rpartition("!")[2])
        if bounds is not None:
            columns.update(range(bounds[1], bounds[3] + 1))
    return frozenset(columns)


def mark_columns(book: Workbook, sheet: Sheet, header_row: int, columns: list[int]) -> None:
    """Mark the header cells of the tool's own columns on the measures sheet.

    >>> _runs([3, 5, 6, 7, 9])
    [(3, 3), (5, 7), (9, 9)]
    """
    cells = [
        f"${column_letter(first)}${header_row}"
        + (f":${column_letter(last)}${header_row}" if last != first else "")
        for first, last in _runs(sorted(set(columns)))
    ]
    if cells:
        book.set_local_name(COLUMNS_MARK, sheet, ",".join(cells), hidden=True)


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    """Consecutive columns as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for column in columns:
        if runs and runs[-1][1] == column - 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs
