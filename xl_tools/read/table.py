"""Interpret a workbook's sheets as its measures table, settings and layout (DESIGN 3).

Backend-neutral: works on `SheetCells`, so that a file and a live workbook are read alike.
Every unreadable cell is collected before anything is raised, so that the officer sees
all of them at once.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from xl_tools.columns import make_column
from xl_tools.errors import MeasuresTableError, Problem, ProblemCode, Severity
from xl_tools.model import (
    FIGURE_COLUMNS,
    INPUT_COLUMNS,
    WRITTEN_HEADERS,
    Layout,
    MeasuresWorkbook,
    Unit,
)
from xl_tools.months import period_name
from xl_tools.read.cells import SheetCells, SheetSource, is_blank
from xl_tools.read.column_map_sheet import column_map_of, is_column_map, merged
from xl_tools.read.headers import (
    HeaderRow,
    check_extra_headers,
    find_header_row,
    header_lookup,
    normalise,
)
from xl_tools.read.history import month_columns, read_history
from xl_tools.read.measures import MeasureReader
from xl_tools.read.owned import assign_owned
from xl_tools.read.rows import ENDS_TABLE, RowKind, classify_rows, heading_text, table_cells
from xl_tools.read.settings import SettingsOverrides, read_settings
from xl_tools.references import cell_address

_TABLE_NEEDS = (
    "header row with a Measure column and a Value column (or Numerator, Denominator or Count)"
)


def interpret(
    sheets: Sequence[SheetSource],
    *,
    source: str,
    overrides: SettingsOverrides | None = None,
    sheet: str | None = None,
    extra_headers: Mapping[str, Sequence[str]] | None = None,
    population_needed: bool = True,
) -> MeasuresWorkbook:
    """Find the measures table among a workbook's sheets and read it, with the settings.

    Args:
        sheets: The workbook's sheets; the board sheet the tool writes is never read. Each
            is read only as far as needed: its head, and the whole of the measures sheet
            and the settings sheet.
        source: The file name, for messages.
        overrides: Settings given to the tool, which win over the workbook's.
        sheet: The measures sheet's name, where more than one sheet holds a table.
        extra_headers: More header names per field, e.g. from a column map file; the
            workbook's own Column map sheet adds its names too.
        population_needed: Whether rates per 10,000 with no count need the child
            population (to compute them); filling comparators does not.

    Returns:
        The measures, settings, layout and warnings.

    Raises:
        MeasuresTableError: No table (or several) was found, or any cell or setting is
            unreadable; it carries every problem found, warnings included.
    """
    sheets, extra_headers = _tables_and_headers(sheets, source, extra_headers)
    found, header = _find_table(sheets, source, sheet, extra_headers)
    table = found.whole()
    header, officers = assign_owned(header, found.owned_columns, header_lookup(extra_headers))
    reader = MeasureReader(table, header, source)
    last_row = _read_rows(reader, header_lookup(extra_headers))
    settings, setting_problems = read_settings(
        sheets,
        source=source,
        measures=table,
        in_table=_table_block(header, last_row),
        overrides=overrides,
    )
    history = read_history(
        table, header, reader.records, reader.rows, period=settings.period, source=source
    )
    if settings.period is None and history.month is not None:
        # The month the history reports on, taken as the period (with a warning that says
        # so): the board's title and the computed table name it.
        settings = dataclasses.replace(settings, period=period_name(history.month))
    problems = [
        *_ignored_columns(table, header, source, extra_headers, officers),
        *reader.problems,
        *history.problems,
        *setting_problems,
    ]
    if not reader.records:
        problems.append(_empty_table(table, header, source))
    elif settings.population is None and population_needed:
        problems.extend(_no_population(reader.records, table.name, source))
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise MeasuresTableError(problems)
    last_column = _last_column(table, header, last_row)
    layout = Layout(table.name, header.row, dict(header.columns), reader.rows, last_column)
    frame = history.attach(_frame(reader.records))
    return MeasuresWorkbook(frame, settings, layout, tuple(problems), source)


def find_table(
    sheets: Sequence[SheetSource],
    *,
    source: str,
    sheet: str | None = None,
    extra_headers: Mapping[str, Sequence[str]] | None = None,
) -> tuple[SheetSource, HeaderRow]:
    """Find the measures table as `interpret` finds it, without reading its rows.

    For what needs only to know where the table is (the buttons put beside it), so that
    a figure not yet typed in, or not a number, stops nothing.

    Returns:
        The sheet holding the table, and its header row.

    Raises:
        MeasuresTableError: No table (or several) was found, or the extra headers name
            fields the tool does not know.
    """
    sheets, extra_headers = _tables_and_headers(sheets, source, extra_headers)
    return _find_table(sheets, source, sheet, extra_headers)


def _tables_and_headers(
    sheets: Sequence[SheetSource], source: str, extra_headers: Mapping[str, Sequence[str]] | None
) -> tuple[list[SheetSource], dict[str, tuple[str, ...]]]:
    """The sheets that may hold the table, and every header name given or mapped."""
    check_extra_headers(extra_headers, source)
    # The workbook's own map first; names given to the tool (--map) added after them.
    given = {
        field: (names,) if isinstance(names, str) else tuple(names)
        for field, names in (extra_headers or {}).items()
    }
    headers = merged(column_map_of(sheets, source), given)
    return [found for found in sheets if not is_column_map(found)], headers


def _find_table(
    sheets: Sequence[SheetSource],
    source: str,
    name: str | None,
    extra_headers: Mapping[str, Sequence[str]] | None,
) -> tuple[SheetSource, HeaderRow]:
    candidates = [s for s in sheets if not s.is_board]
    if name is not None:
        candidates = _named_sheet(candidates, name, source)
    found = [
        (s, h) for s in candidates if (h := find_header_row(s.head(), extra_headers)) is not None
    ]
    names = ", ".join(s.name for s in candidates)
    if not found:
        where = f'sheet "{name}"' if name is not None else f"any sheet (looked at: {names})"
        message = f"no measures table found: no {_TABLE_NEEDS} in the first 30 rows of {where}"
        raise MeasuresTableError(Problem(ProblemCode.NO_MEASURES_TABLE, message, file=source))
    if len(found) > 1:
        # A hidden copy (last month's table, a lookup) is not what the officer means.
        visible = [(s, h) for s, h in found if not s.hidden]
        found = visible if len(visible) == 1 else found
    if len(found) > 1:
        holding = ", ".join(f'"{s.name}"' for s, _ in found)
        message = f"several sheets hold a measures table ({holding}): choose one with --sheet"
        raise MeasuresTableError(Problem(ProblemCode.SEVERAL_TABLES, message, file=source))
    table, header = found[0]
    return table, header


def _named_sheet(sheets: list[SheetSource], name: str, source: str) -> list[SheetSource]:
    for wanted in (name, name.strip().lower()):
        chosen = [s for s in sheets if s.name == wanted or s.name.strip().lower() == wanted]
        if chosen:
            return chosen[:1]
    names = ", ".join(f'"{s.name}"' for s in sheets)
    message = f'has no sheet named "{name}" (its sheets: {names})'
    raise MeasuresTableError(Problem(ProblemCode.NO_MEASURES_TABLE, message, file=source))


def _read_rows(reader: MeasureReader, lookup: Mapping[str, str]) -> int:
    """Read the rows under the headers until the table ends; the table's last sheet row.

    The table ends at the sheet's last row, or, once a measure has been read, at a notes,
    source or key line, a block of settings or another table's headers: whatever lies
    below those is the sheet's, not measures.
    """
    sheet, header = reader.sheet, reader.header
    for row, kind in classify_rows(sheet, header, lookup):
        if kind in ENDS_TABLE and reader.records:
            return row - 1
        if kind is RowKind.HEADING:
            reader.start_section(heading_text(table_cells(sheet, header, row), header) or "")
        elif kind is RowKind.MEASURE:
            reader.read_measure(row)
        elif kind is RowKind.UNNAMED:
            reader.warn_unnamed(row)
    return sheet.n_rows


def _table_block(header: HeaderRow, last_row: int) -> Callable[[int, int], bool]:
    """Whether a cell lies in the table: its rows, from column A to its last header."""

    def in_table(row: int, column: int) -> bool:
        return header.row <= row <= last_row and column <= header.last_column

    return in_table


def _last_column(sheet: SheetCells, header: HeaderRow, last_row: int) -> int:
    """The right-most column used in the table's rows, so that new columns go beyond it.

    Anything beside the table (a note, a settings block) is kept clear of the columns the
    tool adds.
    """
    last = header.last_column
    for row in sheet.filled_rows(header.row, last_row):
        cells = sheet.row(row)
        # A row's last filled cell, looked for from the right: only it can widen the table.
        for column in range(len(cells), last, -1):
            if not is_blank(cells[column - 1]):
                last = column
                break
    return last


def _ignored_columns(
    sheet: SheetCells,
    header: HeaderRow,
    source: str,
    extra_headers: Mapping[str, Sequence[str]] | None,
    officers: Mapping[int, str],
) -> list[Problem]:
    lookup = header_lookup(extra_headers)
    problems = []
    months = month_columns(sheet, header)
    for column, text in header.ignored:
        if column in months:
            continue  # a month of the history, read as such
        field = lookup.get(normalise(text))
        if column in officers:
            message = (
                "is a column of your own, kept as you typed it: the tool writes its "
                f"{WRITTEN_HEADERS[officers[column]]} in a column of its own, right of the table"
            )
        elif field is not None and field in header.columns:
            where = cell_address(header.row, header.columns[field])
            message = f"is a second {header.headers[field]} column: only the one at {where} is read"
        else:
            message = "is not a column the tool reads: it is left as it is"
        problems.append(
            Problem(
                ProblemCode.IGNORED_COLUMN,
                message,
                file=source,
                sheet=sheet.name,
                cell=cell_address(header.row, column),
                found=text,
                severity=Severity.WARNING,
            )
        )
    return problems


def _empty_table(sheet: SheetCells, header: HeaderRow, source: str) -> Problem:
    start = cell_address(header.row, header.first_column)
    message = f"the measures table with its headers at {start} holds no measures"
    return Problem(ProblemCode.NO_MEASURES_TABLE, message, file=source, sheet=sheet.name)


def _no_population(records: list[dict[str, object]], sheet: str, source: str) -> list[Problem]:
    rates = [
        str(r["measure"])
        for r in records
        if r["unit"] is Unit.RATE_PER_10K
        and _has(r["value"])
        and not any(_has(r[part]) for part in ("count", "numerator", "denominator"))
    ]
    if not rates:
        return []
    named = ", ".join(f'"{name}"' for name in rates[:3])
    if len(rates) > 3:
        named += f" and {len(rates) - 3} more"
    message = (
        "no 0-17 child population is given, so the number of children behind the rates "
        f'per 10,000 cannot be worked out ({named}): fill in "Population 0-17" on the '
        "Settings sheet, give a Count for each rate, or give --population"
    )
    return [Problem(ProblemCode.NO_POPULATION, message, file=source, sheet=sheet)]


def _has(figure: object) -> bool:
    return isinstance(figure, float) and not math.isnan(figure)


def _frame(records: list[dict[str, object]]) -> pd.DataFrame:
    """The measures as a DataFrame of `INPUT_COLUMNS`: floats for figures, objects else."""
    index = pd.RangeIndex(len(records))
    # object keeps None and enum members as they are (pandas would make text NaN).
    columns = {
        column: make_column([record[column] for record in records], index, column in FIGURE_COLUMNS)
        for column in INPUT_COLUMNS
    }
    return pd.DataFrame(columns, index=index)
