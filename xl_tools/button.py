"""The button in Excel: build the board in the workbook that is open (DESIGN 7.3).

One engine for the desktop button and xlwings Lite: `build_board` takes an ``xw.Book``,
reads it, computes the measures with the same core as the CLI and writes the computed
columns and the board sheet back through xlwings. `main` is the fixed entry point the
template's "Build board" macro runs::

    RunPython "import xl_tools.button; xl_tools.button.main()"

Problems with the workbook are shown to the officer in a message box, one line each, as
the CLI prints them; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xl_tools.errors import Problem, XlToolsError

if TYPE_CHECKING:
    import pandas as pd
    import xlwings as xw

    from xl_tools.excel.read import FormatGrid

TITLE = "xl_tools"
# A message box taller than the screen hides its OK button.
MAX_LINES = 15


@dataclass(frozen=True)
class BoardResult:
    """What a press of the button did.

    Attributes:
        computed: The computed measures table, as ``xl-tools compute`` gives it.
        problems: Warnings found on the way (errors are raised instead).
    """

    computed: pd.DataFrame
    problems: tuple[Problem, ...] = ()


def build_board(
    book: xw.Book, *, number_formats: Mapping[str, FormatGrid] | None = None
) -> BoardResult:
    """Read the open workbook, compute its measures and write the results into it.

    Writes the computed columns into the measures sheet and replaces the board sheet, as
    ``xl-tools build --in-place`` does for a file, through xlwings in blocks.

    Args:
        book: The open workbook (``xw.Book.caller()``, or the book xlwings Lite gives).
        number_formats: Each sheet's number formats by sheet name where the caller read
            them (xlwings Lite); without them they are read where the engine allows.

    Returns:
        The computed table and the warnings found.

    Raises:
        XlToolsError: The workbook's measures table is missing or unreadable.
    """
    from xl_tools.compute import compute_measures
    from xl_tools.excel.read import read_sheets
    from xl_tools.excel.write import write_board, write_measure_columns
    from xl_tools.pipeline import row_problems
    from xl_tools.read.table import interpret
    from xl_tools.write.board import plan_board
    from xl_tools.write.plan import plan_measure_columns
    from xl_tools.write.records import drafted_records

    measures = interpret(read_sheets(book, number_formats), source=book.name)
    computed = compute_measures(measures.frame, measures.settings)
    layout = measures.layout
    sheet = book.sheets[layout.sheet]
    records = drafted_records(computed, measures.settings)  # drafted once, for both
    plans = plan_measure_columns(computed, layout, measures.settings, records=records)
    write_measure_columns(sheet, plans, layout)
    write_board(book, plan_board(computed, measures.settings, records=records))
    problems = (*measures.problems, *row_problems(computed, layout, book.name))
    return BoardResult(computed, problems)


def run_button(
    book: xw.Book, *, number_formats: Mapping[str, FormatGrid] | None = None
) -> BoardResult | None:
    """Build the board and tell the officer about any problem in a message box.

    Args:
        book: The open workbook.
        number_formats: As for `build_board`.

    Returns:
        What was built, or None when the workbook could not be read (the message box
        then lists why, one line a problem).
    """
    try:
        result = build_board(book, number_formats=number_formats)
    except XlToolsError as err:
        book.app.alert(message(err.problems), title=TITLE, mode="critical")
        return None
    if result.problems:
        book.app.alert(message(result.problems), title=TITLE, mode="info")
    return result


def message(problems: Iterable[Problem]) -> str:
    """The problems as the CLI prints them, one line each, cut short to fit a message box.

    >>> from xl_tools.errors import ProblemCode
    >>> print(message([Problem(ProblemCode.NO_MEASURES_TABLE, "no measures table", file="m.xlsx")]))
    m.xlsx: no measures table
    """
    from xl_tools.messages import describe

    lines = [describe(problem) for problem in problems]
    if len(lines) > MAX_LINES:
        more = len(lines) - MAX_LINES + 1
        lines = [*lines[: MAX_LINES - 1], f"... and {more} more: run xl-tools check for all"]
    return "\n".join(lines)


def main() -> None:
    """The entry point of the template's "Build board" button (``RunPython``)."""
    import xlwings as xw

    run_button(xw.Book.caller())
