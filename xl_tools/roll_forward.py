"""Next month's workbook from this one: ``xl-tools new-month`` (DESIGN 3.1).

The reporting period moves on a month (or to the one given); this month's value goes into
its month column; the month's inputs and the tool's results are cleared for the new
figures; measures, targets, comparators and the table's headings stay. At the turn of the
financial year the month columns move on a year: the year just ended stays for comparison
and the year before it drops off. The workbook read is never changed and no existing file
is overwritten.
"""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path

from xl_tools import marks
from xl_tools.compute import compute_measures
from xl_tools.errors import Problem, ProblemCode, SettingsError, WouldOverwriteError
from xl_tools.model import WRITTEN_HEADERS, Layout, MeasuresWorkbook, Unit
from xl_tools.months import (
    add_months,
    financial_year_start,
    months_between,
    parse_month,
    period_name,
)
from xl_tools.package import Workbook, WorksheetEditor, to_serial
from xl_tools.read import SheetCells, SheetSource, interpret, open_workbook, worksheet_sources
from xl_tools.read.settings import SETTINGS_SHEET, setting_field

Month = datetime.date

# The month's inputs, cleared for the new figures; the tool's own columns are cleared too.
CLEARED_FIELDS = ("value", "numerator", "denominator", "count", "previous", "commentary")
_MONTH_NAMES = "|".join(
    f"{datetime.date(2000, n, 1):%B}|{datetime.date(2000, n, 1):%b}" for n in range(1, 13)
)
_FULL_NAMES = frozenset(f"{datetime.date(2000, n, 1):%B}".lower() for n in range(1, 13))
_MONTH_IN_NAME = re.compile(rf"(?i)({_MONTH_NAMES})([ _\-]?)(\d{{4}}|\d{{2}})(?!\d)")


def new_month(path: Path, *, period: str | None = None, out: Path | None = None) -> Path:
    """Write next month's workbook, made from this month's.

    Only the cells that move on change (the period, this month's values, the inputs
    cleared, and the month columns at the turn of the year), and last month's board goes:
    every other part of the workbook is kept as it was.

    Args:
        path: This month's measures workbook.
        period: The new reporting period (``2023-12``, ``December 2023``); by default
            the month after the workbook's own.
        out: The file (or existing folder) to write; by default the input's name with the
            new month in it (``devon_november_2023`` becomes ``devon_december_2023``, and
            ``measures`` becomes ``measures_december_2023``), beside it.

    Returns:
        The workbook written.

    Raises:
        SettingsError: The workbook's period is not a month and no period was given, the
            new period is not after it, or the workbook has no Reporting period to move on.
        WouldOverwriteError: The file to write exists already.
        MeasuresTableError: The workbook cannot be read, or has no column for a month it
            needs and its month columns are not a block that can move on.
    """
    from xl_tools.save import save_workbook

    with open_workbook(path) as book:
        sources = worksheet_sources(book)
        measures = interpret(sources, source=str(path))
        current, new = _months(measures, period, str(path))
        target = _target(path, out, current, new)
        layout = measures.layout
        table, editor = _measures_sheet(book, sources, layout)
        columns = _month_block(book, editor, table, layout, {current, new}, new, str(path))
        _record_values(book, editor, measures, columns.get(current))
        _clear_inputs(editor, layout)
        _set_period(book, sources, (table, editor), layout, new, str(path))
        editor.finish()
        if editor.formulas_removed:
            book.drop_calc_chain()
        board = marks.tool_board(book)
        if board is not None:  # last month's board: the next build writes this month's
            if book.calc_chain_names(board):
                book.drop_calc_chain()
            book.remove_sheet(board.name)
        save_workbook(book, target)
    return target


def workbook_for_month(source: Path, target: Path, month: Month) -> Path:
    """Write a copy of a blank workbook, such as the template, set to a reporting month.

    The Reporting period becomes the month, and the month columns, where the workbook has
    them, move to the month's financial year as new-month moves them; every other part of
    the workbook is kept as it was. ``xl-tools init`` starts a month from the templates so.

    Args:
        source: The workbook to start from; it is left as it is.
        target: The file to write; one that exists is replaced.
        month: The reporting month, as its first day.

    Returns:
        The workbook written.

    Raises:
        SettingsError: The workbook has no Reporting period setting, or its month columns
            cannot move to the month's year.
        MeasuresTableError: The workbook cannot be read.
    """
    from xl_tools.save import save_workbook

    with open_workbook(source) as book:
        sources = worksheet_sources(book)
        layout = interpret(sources, source=str(source)).layout
        table, editor = _measures_sheet(book, sources, layout)
        _month_block(book, editor, table, layout, {month}, month, str(source))
        _set_period(book, sources, (table, editor), layout, month, str(source))
        editor.finish()
        if editor.formulas_removed:
            book.drop_calc_chain()
        save_workbook(book, target)
    return target


def next_name(stem: str, current: Month, new: Month) -> str:
    """A workbook's name with the new month in place of this one, or added to it.

    >>> nov, dec = datetime.date(2023, 11, 1), datetime.date(2023, 12, 1)
    >>> next_name("devon_november_2023", nov, dec), next_name("Measures Nov-23", nov, dec)
    ('devon_december_2023', 'Measures Dec-23')
    >>> next_name("measures", nov, dec)
    'measures_december_2023'
    """
    for match in _MONTH_IN_NAME.finditer(stem):
        if parse_month(f"{match[1]} {match[3]}") != current:
            continue
        full = match[1].lower() in _FULL_NAMES
        name = f"{new:%B}" if full else f"{new:%b}"
        name = name.lower() if match[1].islower() else name.upper() if match[1].isupper() else name
        year = f"{new:%Y}" if len(match[3]) == 4 else f"{new:%y}"
        return stem[: match.start()] + f"{name}{match[2]}{year}" + stem[match.end() :]
    return f"{stem}_{new:%B}_{new:%Y}".lower() if stem.islower() else f"{stem}_{new:%B_%Y}"


def _months(measures: MeasuresWorkbook, period: str | None, source: str) -> tuple[Month, Month]:
    current = parse_month(measures.settings.period)
    if current is None:
        found = measures.settings.period or "blank"
        raise _settings_error(
            f"the Reporting period ({found}) is not a month such as November 2023, so the "
            "workbook cannot move on a month: fill it in on the Settings sheet",
            source,
        )
    if period is None:
        return current, add_months(current, 1)
    new = parse_month(period)
    if new is None:
        raise _settings_error(
            f'"{period}" is not a month: give the new period as YYYY-MM, such as 2023-12',
            source,
        )
    if new <= current:
        raise _settings_error(
            f"the new period ({period_name(new)}) must come after the workbook's own "
            f"({period_name(current)})",
            source,
        )
    return current, new


def _settings_error(message: str, source: str) -> SettingsError:
    return SettingsError(Problem(ProblemCode.BAD_SETTING, message, file=source))


def _target(path: Path, out: Path | None, current: Month, new: Month) -> Path:
    name = next_name(path.stem, current, new) + path.suffix.lower()
    target = path.with_name(name) if out is None else out / name if out.is_dir() else out
    if target.exists():
        raise WouldOverwriteError(
            Problem(
                ProblemCode.WOULD_OVERWRITE,
                "exists already: new-month never overwrites a workbook; move it away or "
                "give another file with -o",
                file=str(target),
            )
        )
    return target


def _measures_sheet(
    book: Workbook, sources: tuple[SheetSource, ...], layout: Layout
) -> tuple[SheetCells, WorksheetEditor]:
    """The measures sheet's cells as read, and an editor of them."""
    source = next(source for source in sources if source.name == layout.sheet)
    return source.whole(), _editor(book, layout.sheet)


def _editor(book: Workbook, name: str) -> WorksheetEditor:
    """An editor of a worksheet's cells, its changes written back on saving."""
    sheet = book.sheet(name)
    assert sheet is not None and sheet.part is not None  # a sheet that was read
    editor = WorksheetEditor(book.package.xml(sheet.part))
    book.package.track(sheet.part, editor)
    return editor


def _month_block(
    book: Workbook,
    editor: WorksheetEditor,
    table: SheetCells,
    layout: Layout,
    needed: set[Month],
    new: Month,
    source: str,
) -> dict[Month, int]:
    """The column of each month, the block moved on a year where a needed month is missing."""
    found: dict[Month, int] = {}
    fields = set(layout.columns.values())
    for column, value in enumerate(table.row(layout.header_row), start=1):
        month = parse_month(value)
        if column not in fields and month is not None and month not in found:
            found[month] = column
    if not found or needed <= set(found):
        return found
    ordered = sorted(found.items(), key=lambda item: item[1])
    first_month, first_column = ordered[0]
    consecutive = all(
        months_between(first_month, m) == c - first_column == i for i, (m, c) in enumerate(ordered)
    )
    if not consecutive:
        missing = ", ".join(f"{m:%b-%y}" for m in sorted(needed - set(found)))
        raise _settings_error(
            f"the Measures sheet has no month column for {missing}, and its month columns "
            "are not one block of consecutive months that can move on: add a column headed "
            f"{min(needed - set(found)):%b-%y}",
            source,
        )
    # The block ends with March of the new period's financial year, as the template's does.
    last = add_months(financial_year_start(new), 11)
    first = add_months(last, 1 - len(ordered))
    closing = min(needed)
    if closing < first:
        # Whole years more, so that the block still ends with a March when it has moved.
        extra = -(-(months_between(closing, last) + 1) // 12) * 12 - len(ordered)
        raise _settings_error(
            f"the month columns ({first_month:%b-%y} to {ordered[-1][0]:%b-%y}) are too few "
            f"to move on to {period_name(new)} and keep {closing:%b-%y}, the month being "
            f"closed: add columns for {add_months(first_month, -extra):%b-%y} to "
            f"{add_months(first_month, -1):%b-%y} before them, or start {period_name(new)} "
            "from the template and keep this workbook for its figures",
            source,
        )
    return _move_block(book, editor, table, layout, ordered, first)


def _move_block(
    book: Workbook,
    editor: WorksheetEditor,
    table: SheetCells,
    layout: Layout,
    ordered: list[tuple[Month, int]],
    first: Month,
) -> dict[Month, int]:
    """Move each month's figures to the column its month has once the block starts at `first`."""
    styles = book.styles
    columns = {add_months(first, i): column for i, (_, column) in enumerate(ordered)}
    for row in layout.rows:
        kept = {
            month: (editor.content(row, column), table.number_format(row, column))
            for month, column in ordered
        }
        for month, column in columns.items():
            if month in kept:
                content, number_format = kept[month]
                style = styles.with_number_format(editor.style(row, column), number_format)
                editor.put(row, column, content, style)
            else:
                editor.clear(row, column)
    headers = {}
    for month, column in columns.items():
        if isinstance(table.value(layout.header_row, column), str):
            headers[layout.header_row, column] = f"{month:%b-%y}"
            editor.write(layout.header_row, column, f"{month:%b-%y}")
        else:
            editor.write(layout.header_row, column, to_serial(month, book.date1904))
    sheet = book.sheet(layout.sheet)
    assert sheet is not None  # the sheet being moved on
    book.rename_table_columns(sheet, headers)
    return columns


def _record_values(
    book: Workbook, editor: WorksheetEditor, measures: MeasuresWorkbook, column: int | None
) -> None:
    """Put this month's values into the month's column, as the cell's format shows them."""
    if column is None:
        return
    styles = book.styles
    computed = compute_measures(measures.frame, measures.settings)
    for row, value, unit in zip(
        measures.layout.rows, computed["value"], computed["unit"], strict=True
    ):
        if math.isnan(value):
            continue
        style = editor.style(row, column)
        number_format = styles.number_format(style)
        if unit is Unit.PERCENT and "%" in number_format:
            if round(value) != round(value, 1) and "." not in number_format:
                style = styles.with_number_format(style, "0.0%")  # 10.2% must not show as 10%
            editor.write(row, column, value / 100, style)
        else:
            editor.write(row, column, value)


def _clear_inputs(editor: WorksheetEditor, layout: Layout) -> None:
    """Clear the month's inputs and the tool's results; formulas an officer wrote stay."""
    fields = (*CLEARED_FIELDS, *WRITTEN_HEADERS)
    for column in (layout.columns[f] for f in fields if f in layout.columns):
        for row in layout.rows:
            if not editor.has_formula(row, column):
                editor.clear(row, column)


def _set_period(
    book: Workbook,
    sources: tuple[SheetSource, ...],
    measures: tuple[SheetCells, WorksheetEditor],
    layout: Layout,
    new: Month,
    source: str,
) -> None:
    """Write the new period where the workbook's Reporting period is.

    Args:
        book: The workbook.
        sources: Its worksheets.
        measures: The measures sheet, and the editor of its cells.
        layout: Where the measures table sits.
        new: The new period.
        source: The file name, for messages.
    """
    table, measures_editor = measures
    settings = [s for s in sources if s.name.strip().lower() == SETTINGS_SHEET]
    places = [(s.whole(), None) for s in settings] + [(table, layout.header_row - 1)]
    for sheet, last_row in places:
        for row in sheet.filled_rows(1, last_row):
            for column, label in enumerate(sheet.row(row), start=1):
                if setting_field(label) != "period":
                    continue
                right, below = (row, column + 1), (row + 1, column)
                # Below, as the settings are read, where the right is blank and below is
                # a value rather than the next setting's label.
                use_below = (
                    sheet.value(*right) is None
                    and sheet.value(*below) is not None
                    and setting_field(sheet.value(*below)) is None
                )
                editor = measures_editor if sheet is table else _editor(book, sheet.name)
                editor.write(*(below if use_below else right), period_name(new))
                return
    raise _settings_error(
        'has no "Reporting period" setting to move on: add one to the Settings sheet', source
    )
