"""Interpret a workbook's sheets as its measures table, settings and layout (DESIGN 3).

Backend-neutral: works on `SheetCells`, so that a file and a live workbook are read alike.
Every unreadable cell is collected before anything is raised, so that the officer sees
all of them at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from xl_tools.errors import MeasuresTableError, Problem, ProblemCode, Severity
from xl_tools.model import (
    BOARD_SHEET,
    FIGURE_COLUMNS,
    INPUT_COLUMNS,
    Layout,
    MeasuresWorkbook,
    Unit,
)
from xl_tools.read.cells import SheetCells, cell_address, is_blank
from xl_tools.read.headers import HeaderRow, find_header_row, header_lookup, normalise
from xl_tools.read.measures import MeasureReader
from xl_tools.read.settings import SettingsOverrides, read_settings
from xl_tools.read.values import unit_from_name

_NOTE = re.compile(r"^(\*|(sources?|notes?|n\.?b|key)\s*([:.\-–]|$))", re.IGNORECASE)
_TOTALS = frozenset({"total", "totals", "grandtotal", "overalltotal"})
_TABLE_NEEDS = (
    "header row with a Measure column and a Value column (or Numerator, Denominator or Count)"
)


def interpret(
    sheets: Sequence[SheetCells],
    *,
    source: str,
    overrides: SettingsOverrides | None = None,
    sheet: str | None = None,
    extra_headers: Mapping[str, Sequence[str]] | None = None,
) -> MeasuresWorkbook:
    """Find the measures table among a workbook's sheets and read it, with the settings.

    Args:
        sheets: The workbook's sheets; the board sheet the tool writes is never read.
        source: The file name, for messages.
        overrides: Settings given to the tool, which win over the workbook's.
        sheet: The measures sheet's name, where more than one sheet holds a table.
        extra_headers: More header names per field, e.g. from a column map file.

    Returns:
        The measures, settings, layout and warnings.

    Raises:
        MeasuresTableError: No table (or several) was found, or any cell or setting is
            unreadable; it carries every problem found, warnings included.
    """
    table, header = _find_table(sheets, source, sheet, extra_headers)
    reader = MeasureReader(table, header, source)
    for row in range(header.row + 1, table.n_rows + 1):
        _read_row(reader, table, header, row)
    settings, setting_problems = read_settings(
        sheets,
        source=source,
        measures=table,
        outside_table=range(1, header.row),
        overrides=overrides,
    )
    problems = [
        *_ignored_columns(table, header, source, extra_headers),
        *reader.problems,
        *setting_problems,
    ]
    if not reader.records:
        problems.append(_empty_table(table, header, source))
    elif settings.population is None:
        problems.extend(_no_population(reader.records, table.name, source))
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise MeasuresTableError(problems)
    layout = Layout(table.name, header.row, dict(header.columns), reader.rows, header.last_column)
    return MeasuresWorkbook(_frame(reader.records), settings, layout, tuple(problems), source)


def _find_table(
    sheets: Sequence[SheetCells],
    source: str,
    name: str | None,
    extra_headers: Mapping[str, Sequence[str]] | None,
) -> tuple[SheetCells, HeaderRow]:
    candidates = [s for s in sheets if s.name != BOARD_SHEET]
    if name is not None:
        candidates = _named_sheet(candidates, name, source)
    found = [(s, h) for s in candidates if (h := find_header_row(s, extra_headers)) is not None]
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
    return found[0]


def _named_sheet(sheets: list[SheetCells], name: str, source: str) -> list[SheetCells]:
    for wanted in (name, name.strip().lower()):
        chosen = [s for s in sheets if s.name == wanted or s.name.strip().lower() == wanted]
        if chosen:
            return chosen[:1]
    names = ", ".join(f'"{s.name}"' for s in sheets)
    message = f'has no sheet named "{name}" (its sheets: {names})'
    raise MeasuresTableError(Problem(ProblemCode.NO_MEASURES_TABLE, message, file=source))


def _read_row(reader: MeasureReader, sheet: SheetCells, header: HeaderRow, row: int) -> None:
    """Read one row under the headers as a measure, a section heading, or nothing."""
    cells = sheet.row(row)
    filled = [(c, v) for c, v in enumerate(cells, start=1) if not is_blank(v)]
    if not filled or _NOTE.match(str(filled[0][1]).strip()):
        return
    inputs = set(header.input_columns.values())
    measure_column = header.columns["measure"]
    name = sheet.value(row, measure_column)
    if normalise(name if not is_blank(name) else filled[0][1]) in _TOTALS:
        return
    heading = _heading(filled, inputs, header)
    if heading is not None:
        reader.start_section(heading)
    elif not is_blank(name):
        reader.read_measure(row)
    elif any(c in inputs and isinstance(v, int | float) for c, v in filled):
        reader.warn_unnamed(row)
    # What is left holds text only outside the measure column: notes, kept as they are.


def _heading(filled: list[tuple[int, object]], inputs: set[int], header: HeaderRow) -> str | None:
    """The section a row heads: its only text, in the measure or first column, or left of it.

    A lone name that gives its unit away ("... (per 10,000)") is a measure with no figures
    yet, not a heading.
    """
    first = header.first_column
    in_table = [(c, v) for c, v in filled if c in inputs or c < first]
    if len(in_table) != 1:
        return None
    column, text = in_table[0]
    at_start = column in (header.columns["measure"], first) or column < first
    if not isinstance(text, str) or not at_start or unit_from_name(text) is not None:
        return None
    return " ".join(text.split())


def _ignored_columns(
    sheet: SheetCells,
    header: HeaderRow,
    source: str,
    extra_headers: Mapping[str, Sequence[str]] | None,
) -> list[Problem]:
    lookup = header_lookup(extra_headers)
    problems = []
    for column, text in header.ignored:
        field = lookup.get(normalise(text))
        if field is not None:
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
        if r["unit"] is Unit.RATE_PER_10K and _has(r["value"]) and not _has(r["count"])
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
    columns = {}
    for column in INPUT_COLUMNS:
        values = [record[column] for record in records]
        if column in FIGURE_COLUMNS:
            columns[column] = pd.Series(values, dtype="float64")
        else:
            # object keeps None and enum members as they are (pandas would make text NaN).
            columns[column] = pd.Series(values, dtype="object")
    return pd.DataFrame(columns)
