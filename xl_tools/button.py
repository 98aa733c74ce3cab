"""The buttons in Excel: build the board, fill DfE's comparators, check the workbook, and
start next month, in the open workbook.

One engine for the desktop buttons and xlwings Lite (DESIGN 7.3), the same as the CLI's:
`build_board` takes an ``xw.Book``, reads it, computes the measures and writes the
computed columns and the board sheet back through xlwings; `fill_comparators` fills its
Statistical neighbours, England and Region from DfE's published figures (DESIGN 10);
`check_workbook` lists every problem, as ``xl-tools check`` does, in a Problems sheet;
`start_new_month` writes next month's workbook beside this one (desktop) or rolls the
open one forward (xlwings Lite), as ``xl-tools new-month`` does. The template's macros
(`xl_tools.excel.buttons`) run the fixed entry points `main`, `comparators_main`,
`check_main` and `new_month_main`::

    RunPython "import xl_tools.button; xl_tools.button.check_main()"

Problems with the workbook are told in a message box, one line each, as the CLI prints
them; a job that fails changes nothing, and every warning of a build, and every problem
Check finds, goes in the Problems sheet too. Anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from xl_tools.errors import Problem, Severity, XlToolsError
from xl_tools.excel.comparators import NO_AUTHORITY, ComparatorsResult, fill_comparators
from xl_tools.excel.new_month import NewMonthResult, start_new_month
from xl_tools.excel.read import FormatGrid, read_measures
from xl_tools.messages import SHEET_LISTS_THEM, grouped_lines

__all__ = [
    "NO_AUTHORITY",
    "BoardResult",
    "CheckResult",
    "ComparatorsResult",
    "NewMonthResult",
    "build_board",
    "check_main",
    "check_workbook",
    "comparators_main",
    "fill_comparators",
    "main",
    "new_month_main",
    "run_button",
    "run_check",
    "run_comparators",
    "run_new_month",
    "start_new_month",
]

if TYPE_CHECKING:
    import pandas as pd
    import xlwings as xw

    from xl_tools.excel.new_month import Formulas

TITLE = "xl_tools"
# A message box taller than the screen hides its OK button.
MAX_LINES = 15
# Where the officer sees every problem, ending a message box cut short.
SEE_ALL = SHEET_LISTS_THEM
PRESS_CHECK = "press Check to list every problem in the Problems sheet"

Result = TypeVar("Result")
Formats = Mapping[str, FormatGrid]


@dataclass(frozen=True)
class BoardResult:
    """What a press of the button did.

    Attributes:
        computed: The computed measures table, as ``xl-tools compute`` gives it.
        problems: Warnings found on the way (errors are raised instead).
    """

    computed: pd.DataFrame
    problems: tuple[Problem, ...] = ()


def build_board(book: xw.Book, *, number_formats: Formats | None = None) -> BoardResult:
    """Read the open workbook, compute its measures and write the results into it.

    Writes the computed columns into the measures sheet and replaces the board sheet, as
    ``xl-tools build --in-place`` does for a file, through xlwings in blocks; the
    warnings go in the Problems sheet (which a build with none empties, where it has one).

    Args:
        book: The open workbook (``xw.Book.caller()``, or the book xlwings Lite gives).
        number_formats: Each sheet's number formats by sheet name where the caller read
            them (xlwings Lite); without them they are read where the engine allows, and
            where it allows none, percentages are read as typed
            (`xl_tools.excel.read.read_measures`).

    Returns:
        The computed table and the warnings found.

    Raises:
        XlToolsError: The workbook's measures table is missing or unreadable.
    """
    from xl_tools.compute import compute_measures
    from xl_tools.excel.problems import PROBLEMS_SHEET, write_problems
    from xl_tools.excel.write import write_board, write_measure_columns
    from xl_tools.pipeline import row_problems
    from xl_tools.write.board import plan_board
    from xl_tools.write.plan import plan_measure_columns
    from xl_tools.write.records import drafted_records

    measures, _ = read_measures(book, number_formats, population_needed=True)
    computed = compute_measures(measures.frame, measures.settings)
    layout = measures.layout
    sheet = book.sheets[layout.sheet]
    records = drafted_records(computed, measures.settings)  # drafted once, for both
    plans = plan_measure_columns(computed, layout, measures.settings, records=records)
    write_measure_columns(sheet, plans, layout)
    # xlwings draws no sparklines: the board has no Last 12 months column to leave empty.
    plan = plan_board(computed, measures.settings, records=records, sparklines=False)
    board = write_board(book, plan)
    problems = (*measures.problems, *row_problems(computed, layout, book.name))
    if problems or PROBLEMS_SHEET in [sheet.name for sheet in book.sheets]:
        write_problems(book, problems)
        board.activate()  # the board is what the officer pressed for
    return BoardResult(computed, problems)


def run_button(book: xw.Book, *, number_formats: Formats | None = None) -> BoardResult | None:
    """Build the board and tell the officer about any problem in a message box.

    Warnings are told as a build tells them on the command line: a kind found on many
    measures a few times, then counted; all of them are in the Problems sheet.

    Args:
        book: The open workbook.
        number_formats: As for `build_board`.

    Returns:
        What was built, or None when the workbook could not be read (the message box
        then says why, and nothing is changed: Check lists every problem).
    """
    return _press(
        book,
        lambda: build_board(book, number_formats=number_formats),
        lambda result: message(result.problems, more=SEE_ALL) if result.problems else "",
    )


@dataclass(frozen=True)
class CheckResult:
    """What a press of Check found.

    Attributes:
        problems: Every problem, errors and warnings, in the order ``xl-tools check``
            lists them; none when the workbook is clean.
        selected: Where the officer was taken, the first problem's cell (``Measures!F5``),
            or None for the Problems sheet.
    """

    problems: tuple[Problem, ...]
    selected: str | None = None

    @property
    def errors(self) -> int:
        """The number of errors, which would stop a build."""
        return sum(problem.severity is Severity.ERROR for problem in self.problems)


def check_workbook(book: xw.Book, *, number_formats: Formats | None = None) -> CheckResult:
    """Read and validate the open workbook as ``xl-tools check`` does, and list every problem
    in the Problems sheet, the first one's cell selected.

    Nothing else in the workbook changes: the measures are read and computed, as a build
    does, and nothing is written but the Problems sheet.

    Args:
        book: The open workbook.
        number_formats: As for `build_board`.

    Returns:
        Every problem found, errors first, and where the officer was taken.
    """
    from xl_tools.compute import compute_measures
    from xl_tools.excel.problems import go_to_problem, write_problems
    from xl_tools.messages import ordered
    from xl_tools.pipeline import row_problems

    try:
        measures, _ = read_measures(book, number_formats, population_needed=True)
        computed = compute_measures(measures.frame, measures.settings)
        found = [*measures.problems, *row_problems(computed, measures.layout, book.name)]
    except XlToolsError as err:
        found = list(err.problems)
    problems = tuple(ordered(found))
    write_problems(book, problems)
    return CheckResult(problems, go_to_problem(book, problems))


def run_check(book: xw.Book, *, number_formats: Formats | None = None) -> CheckResult:
    """Check the workbook and tell the officer what was found and where the first problem is."""
    result = check_workbook(book, number_formats=number_formats)
    mode = "critical" if result.errors else "info"
    book.app.alert(check_message(book.name, result), title=TITLE, mode=mode)
    return result


def check_message(name: str, result: CheckResult) -> str:
    """What Check found, in a line.

    >>> print(check_message("m.xlsx", CheckResult(())))
    m.xlsx: no problems found
    >>> from xl_tools.errors import ProblemCode
    >>> found = Problem(ProblemCode.BAD_VALUE, "bad", file="m.xlsx", sheet="M", cell="F5")
    >>> print(check_message("m.xlsx", CheckResult((found,), "M!F5")).replace("; ", ";\\n"))
    m.xlsx: 1 error and 0 warnings, each a row of the Problems sheet;
    the first is at M!F5, selected
    """
    if not result.problems:
        return f"{name}: no problems found"
    warnings = len(result.problems) - result.errors
    counts = f"{_count(result.errors, 'error')} and {_count(warnings, 'warning')}"
    first = f"at {result.selected}, selected" if result.selected else "of the whole workbook"
    return f"{name}: {counts}, each a row of the Problems sheet; the first is {first}"


def run_comparators(
    book: xw.Book, *, number_formats: Formats | None = None
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


def run_new_month(
    book: xw.Book,
    *,
    confirmed: bool = False,
    number_formats: Formats | None = None,
    formulas: Formulas | None = None,
) -> NewMonthResult | None:
    """Start next month and tell the officer where it is, or what confirming would do.

    Args:
        book: The open workbook.
        confirmed: As for `start_new_month`.
        number_formats: As for `build_board`.
        formulas: As for `start_new_month`.

    Returns:
        What was done, or None when the workbook cannot move on (the message box says why).
    """
    return _press(
        book,
        lambda: start_new_month(
            book, confirmed=confirmed, number_formats=number_formats, formulas=formulas
        ),
        lambda result: new_month_message(book.name, result),
    )


def new_month_message(name: str, result: NewMonthResult) -> str:
    """What New month did, or what confirming it would do, and what the officer does next.

    >>> from pathlib import Path
    >>> done = NewMonthResult("m_december_2023.xlsx", Path("/months/m_december_2023.xlsx"))
    >>> print(new_month_message("m_november_2023.xlsx", done).replace(", ", ",\\n"))
    m_november_2023.xlsx is saved,
    and next month's workbook is m_december_2023.xlsx,
    beside it in /months: open it to fill in the new month's figures
    """
    if result.written is not None:
        return (
            f"{name} is saved, and next month's workbook is {result.written.name}, beside it "
            f"in {result.written.parent}: open it to fill in the new month's figures"
        )
    from_period = f" from {result.period}" if result.period else ""
    if not result.rolled:
        return (
            f"New month rolls this workbook forward{from_period} in place, to be saved as "
            f"{result.name}: this month's values go into their month column, the month's "
            "figures and the tool's columns are cleared, and the Board sheet goes. Save a "
            "copy of this month's workbook first (File > Save a copy), then tick confirm "
            "and run New month again"
        )
    return (
        f"{name} is rolled forward{from_period} ({result.cells} cells changed): save it as "
        f"{result.name} (File > Save a copy), and fill in the new month's figures"
    )


def message(problems: Iterable[Problem], *, more: str = PRESS_CHECK) -> str:
    """The problems as a build prints them, errors first, a kind of warning found on many
    measures shown a few times and then counted, cut short to fit a message box.

    Args:
        problems: What was found.
        more: Where the officer sees every problem, ending a box cut short.

    >>> from xl_tools.errors import ProblemCode
    >>> print(message([Problem(ProblemCode.NO_MEASURES_TABLE, "no measures table", file="m.xlsx")]))
    m.xlsx: no measures table
    """
    return _fit(grouped_lines(problems, all_of_them=more), more)


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
        ],
        PRESS_CHECK,
    )


def main() -> None:
    """The entry point of the template's "Build board" button (``RunPython``)."""
    import xlwings as xw

    run_button(xw.Book.caller())


def comparators_main() -> None:
    """The entry point of the template's "Comparators" button (``RunPython``)."""
    import xlwings as xw

    run_comparators(xw.Book.caller())


def check_main() -> None:
    """The entry point of the template's "Check" button (``RunPython``)."""
    import xlwings as xw

    run_check(xw.Book.caller())


def new_month_main() -> None:
    """The entry point of the template's "New month" button (``RunPython``)."""
    import xlwings as xw

    run_new_month(xw.Book.caller())


def _press(
    book: xw.Book, press: Callable[[], Result], told: Callable[[Result], str]
) -> Result | None:
    """Run a button's job, showing what `told` says of it, or its problems if it fails (the
    job then changes nothing)."""
    try:
        result = press()
    except XlToolsError as err:
        book.app.alert(message(err.problems), title=TITLE, mode="critical")
        return None
    text = told(result)
    if text:
        book.app.alert(text, title=TITLE, mode="info")
    return result


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"


def _fit(lines: list[str], more: str) -> str:
    """Lines cut short to fit a message box, the last saying how many more there are."""
    if len(lines) > MAX_LINES:
        hidden = len(lines) - MAX_LINES + 1
        lines = [*lines[: MAX_LINES - 1], f"... and {hidden} more: {more}"]
    return "\n".join(lines)
