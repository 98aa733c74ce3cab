"""The buttons in Excel: build the board, or fill DfE's comparators, in the open workbook.

One engine for the desktop buttons and xlwings Lite (DESIGN 7.3): `build_board` takes an
``xw.Book``, reads it, computes the measures with the same core as the CLI and writes the
computed columns and the board sheet back through xlwings; `fill_comparators` fills its
Statistical neighbours, England and Region from DfE's published figures, as ``xl-tools
comparators`` does (DESIGN 10). `main` and `comparators_main` are the fixed entry points
the template's "Build board" and "Comparators" macros run::

    RunPython "import xl_tools.button; xl_tools.button.main()"
    RunPython "import xl_tools.button; xl_tools.button.comparators_main()"

Problems with the workbook are shown to the officer in a message box, one line each, as
the CLI prints them; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from xl_tools.errors import Problem, ProblemCode, XlToolsError

if TYPE_CHECKING:
    import pandas as pd
    import xlwings as xw

    from xl_tools.excel.read import FormatGrid
    from xl_tools.model import MeasuresWorkbook
    from xl_tools.published import Authority
    from xl_tools.published.filling import Fill, Match
    from xl_tools.read.cells import SheetCells

TITLE = "xl_tools"
# A message box taller than the screen hides its OK button.
MAX_LINES = 15
NO_AUTHORITY = (
    "no authority is given for DfE's comparators: fill in Authority in the Settings sheet "
    "with its DfE number (such as 878) or name"
)

Result = TypeVar("Result")


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
    from xl_tools.excel.write import write_board, write_measure_columns
    from xl_tools.pipeline import row_problems
    from xl_tools.write.board import plan_board
    from xl_tools.write.plan import plan_measure_columns
    from xl_tools.write.records import drafted_records

    measures, _ = _read(book, number_formats, population_needed=True)
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
    return _press(
        book,
        lambda: build_board(book, number_formats=number_formats),
        lambda result: message(result.problems) if result.problems else "",
    )


@dataclass(frozen=True)
class ComparatorsResult:
    """What a press of the Comparators button did.

    Attributes:
        authority: The authority filled for, as DfE publishes it: ``Devon (878)``.
        filled: The measures filled, with the year and figures used.
        left: The measures recognised but not filled, each with why.
        problems: Warnings found on the way (errors are raised instead).
    """

    authority: str
    filled: tuple[Fill, ...]
    left: tuple[Match, ...]
    problems: tuple[Problem, ...] = ()


def fill_comparators(
    book: xw.Book, *, number_formats: Mapping[str, FormatGrid] | None = None
) -> ComparatorsResult:
    """Fill the open workbook's Statistical neighbours, England and Region from DfE's figures.

    As ``xl-tools comparators`` does for a file, through xlwings in blocks: each measure
    the catalogue recognises gets the shipped figures of the workbook's own Authority for
    the newest year DfE had published by its reporting period (the SN mean, in DfE's
    neighbour grouping of that year), with the year and source in a Comparator source
    column; nothing else in the workbook changes.

    Args:
        book: The open workbook.
        number_formats: As for `build_board`; they decide whether a percentage goes in as
            a fraction (`xl_tools.excel.write.write_comparator_cells`).

    Returns:
        The authority, the measures filled, those left with why, and the warnings found.

    Raises:
        XlToolsError: The measures table is missing or unreadable, the Settings name no
            authority or one DfE does not know.
    """
    from xl_tools.excel.read import can_read_formats
    from xl_tools.excel.write import write_comparator_cells
    from xl_tools.months import parse_month
    from xl_tools.published import PublishedDataError, shipped
    from xl_tools.published.filling import FillRequest, plan_fill
    from xl_tools.write.comparators import plan_comparator_cells

    measures, sheets = _read(book, number_formats, population_needed=False)
    authority = _authority(measures)
    records: list[dict[str, object]] = measures.frame.to_dict("records")  # type: ignore[assignment]
    month = parse_month(measures.settings.period)
    try:
        fills, left = plan_fill(records, shipped(), FillRequest(authority), month)
    except PublishedDataError as error:
        raise _published_error(error, measures) from None
    layout = measures.layout
    known = number_formats is not None or can_read_formats(book)
    formats = next(sheet for sheet in sheets if sheet.name == layout.sheet) if known else None
    cells = plan_comparator_cells(fills, layout)
    write_comparator_cells(book.sheets[layout.sheet], cells, layout, formats)
    name = f"{authority.name} ({authority.code})"
    return ComparatorsResult(name, tuple(fills), tuple(left), tuple(measures.problems))


def run_comparators(
    book: xw.Book, *, number_formats: Mapping[str, FormatGrid] | None = None
) -> ComparatorsResult | None:
    """Fill the comparators and tell the officer what was filled, and what left, and why.

    Args:
        book: The open workbook.
        number_formats: As for `build_board`.

    Returns:
        What was filled, or None when nothing could be (the message box then says why,
        one line a problem).
    """
    return _press(
        book, lambda: fill_comparators(book, number_formats=number_formats), filling_message
    )


def message(problems: Iterable[Problem]) -> str:
    """The problems as the CLI prints them, one line each, cut short to fit a message box.

    >>> from xl_tools.errors import ProblemCode
    >>> print(message([Problem(ProblemCode.NO_MEASURES_TABLE, "no measures table", file="m.xlsx")]))
    m.xlsx: no measures table
    """
    from xl_tools.messages import describe

    return _fit([describe(problem) for problem in problems])


def filling_message(result: ComparatorsResult) -> str:
    """How many measures were filled, each measure left and why, then the warnings: a line
    each, cut short to fit a message box.

    >>> print(filling_message(ComparatorsResult("Devon (878)", (), ())))
    Devon (878): 0 measures filled from DfE's published figures
    """
    from xl_tools.messages import describe

    return _fit(
        [
            f"{result.authority}: {len(result.filled)} measures filled from DfE's published "
            "figures",
            *(f"{match.label} left: {match.left}" for match in result.left),
            *(describe(problem) for problem in result.problems),
        ]
    )


def main() -> None:
    """The entry point of the template's "Build board" button (``RunPython``)."""
    import xlwings as xw

    run_button(xw.Book.caller())


def comparators_main() -> None:
    """The entry point of the template's "Comparators" button (``RunPython``)."""
    import xlwings as xw

    run_comparators(xw.Book.caller())


def _press(
    book: xw.Book, press: Callable[[], Result], told: Callable[[Result], str]
) -> Result | None:
    """Run a button's job, showing what `told` says of it, or its problems if it fails."""
    try:
        result = press()
    except XlToolsError as err:
        book.app.alert(message(err.problems), title=TITLE, mode="critical")
        return None
    text = told(result)
    if text:
        book.app.alert(text, title=TITLE, mode="info")
    return result


def _read(
    book: xw.Book, number_formats: Mapping[str, FormatGrid] | None, *, population_needed: bool
) -> tuple[MeasuresWorkbook, tuple[SheetCells, ...]]:
    """The open workbook's measures, and its sheets as read.

    Args:
        book: The open workbook.
        number_formats: As for `build_board`.
        population_needed: Whether a rate per 10,000 with no count needs the child
            population, as it does to be computed; filling comparators does not.
    """
    from xl_tools.excel.read import read_sheets
    from xl_tools.read.table import interpret

    sheets = read_sheets(book, number_formats)
    measures = interpret(sheets, source=book.name, population_needed=population_needed)
    return measures, sheets


def _authority(measures: MeasuresWorkbook) -> Authority:
    """The authority the workbook's Authority setting names."""
    from xl_tools.published import PublishedDataError, find_authority

    if not measures.settings.authority:
        raise XlToolsError(
            Problem(ProblemCode.NO_PUBLISHED_DATA, NO_AUTHORITY, file=measures.source)
        )
    try:
        return find_authority(measures.settings.authority)
    except PublishedDataError as error:
        raise _published_error(error, measures) from None


def _published_error(error: ValueError, measures: MeasuresWorkbook) -> XlToolsError:
    return XlToolsError(Problem(ProblemCode.NO_PUBLISHED_DATA, str(error), file=measures.source))


def _fit(lines: list[str]) -> str:
    """Lines cut short to fit a message box, the last saying how many more there are."""
    if len(lines) > MAX_LINES:
        more = len(lines) - MAX_LINES + 1
        lines = [*lines[: MAX_LINES - 1], f"... and {more} more: run xl-tools check for all"]
    return "\n".join(lines)
