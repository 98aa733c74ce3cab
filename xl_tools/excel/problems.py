"""The Problems sheet: every problem the buttons found, a row each, in the open workbook.

A message box holds a few lines; the sheet holds them all, as ``xl-tools check`` lists
them (errors first, in the order found), so that an officer with no command line (xlwings
Lite) sees every one. It is a plain table with one header row (Severity, Code, Sheet,
Cell, Problem), replaced whole each time, after the workbook's other sheets; a workbook
with no problem says so in it. The button then takes the officer to the first problem's
cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from xl_tools.errors import Problem
from xl_tools.excel.write import as_text, column_width, replace_sheet
from xl_tools.messages import ordered

if TYPE_CHECKING:
    import xlwings as xw

PROBLEMS_SHEET = "Problems"
HEADERS = ("Severity", "Code", "Sheet", "Cell", "Problem")
# Widths in characters: the codes run to 22 characters, a problem to a few lines wrapped.
WIDTHS = (10, 24, 16, 8, 110)
NO_PROBLEMS = "No problems found"
_HEADER_FILL = "#1F4E78"
_HEADER_FONT = "#FFFFFF"

Row = tuple[str, str, str, str, str]


def problem_rows(problems: Sequence[Problem]) -> list[Row]:
    """The problems as the sheet's rows, in the order ``xl-tools check`` lists them.

    >>> from xl_tools.errors import ProblemCode
    >>> problem_rows([Problem(ProblemCode.BAD_VALUE, "is not a number", file="m.xlsx",
    ...                       sheet="Measures", cell="F5", found="twelve")])
    [('error', 'bad-value', 'Measures', 'F5', '"twelve" is not a number')]
    """
    return [
        (
            problem.severity.value,
            problem.code.value,
            problem.sheet or "",
            problem.cell or "",
            " ".join(problem.text.split()),
        )
        for problem in ordered(problems)
    ]


def write_problems(book: xw.Book, problems: Sequence[Problem]) -> xw.Sheet:
    """Replace the Problems sheet with one listing `problems`, or saying there are none.

    Written in blocks: the table in one write, then its look (header, wrapping, widths).

    Returns:
        The sheet written.
    """
    sheet = replace_sheet(book, PROBLEMS_SHEET)
    rows: list[Sequence[str]] = list(problem_rows(problems)) or [(NO_PROBLEMS,)]
    width = len(HEADERS)
    grid: list[list[str | None]] = [
        list(HEADERS),
        *([*row, *[None] * (width - len(row))] for row in rows),
    ]
    table = sheet.range((1, 1), (len(grid), width))
    # An empty Sheet or Cell is a blank cell, not an empty text.
    table.value = [[as_text(value or None) for value in row] for row in grid]
    table.vertical_alignment = "top"
    header = sheet.range((1, 1), (1, width))
    header.font.bold = True
    header.font.color = _HEADER_FONT
    header.color = _HEADER_FILL
    if problems:
        sheet.range((2, width), (len(grid), width)).wrap_text = True
    for column, characters in enumerate(WIDTHS, start=1):
        sheet.range((1, column)).column_width = column_width(book, characters)
    sheet.freeze_panes.freeze_at("A2")
    return sheet


def go_to_problem(book: xw.Book, problems: Sequence[Problem]) -> str | None:
    """Show the officer the first problem's cell: its sheet made active, the cell selected.

    A problem of the whole workbook, or on a sheet it no longer has, is shown on the
    Problems sheet instead.

    Returns:
        Where the officer was taken (``Measures!F5``), or None for the Problems sheet.
    """
    first = ordered(problems)[0] if problems else None
    names = [sheet.name for sheet in book.sheets]
    if first is not None and first.sheet in names and first.cell:
        sheet = book.sheets[first.sheet]
        sheet.activate()
        sheet.range(first.cell).select()
        return first.where
    sheet = book.sheets[PROBLEMS_SHEET]
    sheet.activate()
    sheet.range("A2").select()
    return None
