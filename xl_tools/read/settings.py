"""The workbook's settings: authority, period, population, tolerance, board columns (DESIGN 3.2).

They are found, in order of precedence, in what the officer gave the tool (the command
line), labelled cells anywhere on the measures sheet outside the table (above it, beside it
or below it), and a "Settings" sheet of label/value pairs. A label's value is the cell to
its right, or else the cell below it.

A population of 0 or below, or beyond any figure (`MAX_FIGURE`), is an error wherever it
comes from; one above `LARGEST_POPULATION` is a warning, and the build goes on.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache

from xl_tools.errors import Problem, ProblemCode, Severity
from xl_tools.model import (
    BOARD_COLUMNS,
    DEFAULT_TOLERANCE,
    NOT_A_TOLERANCE,
    Settings,
    tolerance_fraction,
)
from xl_tools.read.cells import SheetCells, SheetSource, is_blank
from xl_tools.read.headers import normalise
from xl_tools.read.values import (
    MAX_FIGURE,
    TOO_LARGE,
    Figure,
    Unreadable,
    is_percent_format,
    parse_figure,
)
from xl_tools.references import cell_address

SETTINGS_SHEET = "settings"

# Setting labels by field, compared normalised and without a trailing "(...)" or colon.
SETTING_LABELS: dict[str, tuple[str, ...]] = {
    "authority": ("Authority", "Local authority"),
    "period": ("Reporting period", "Period"),
    "population": ("Population 0-17", "Child population", "0-17 population"),
    "tolerance": ("Amber tolerance", "Tolerance"),
    "board_columns": ("Board columns", "Columns on the board"),
}
_FIELD_BY_LABEL = {
    normalise(label): field for field, labels in SETTING_LABELS.items() for label in labels
}
_SETTING_NAMES = {field: labels[0] for field, labels in SETTING_LABELS.items()}
_TRAILING_NOTE = re.compile(r"\s*(\([^)]*\))?\s*:?\s*$")
_NO_SAVED_RESULT = "is a formula with no saved result"
_NO_SAVED_RESULT_HINT = "open and save the file in Excel, or type the setting"
NOT_A_POPULATION = "is not a population: it must be a number above 0"

# England's whole 0-17 population is about 12 million (ONS mid-year estimates); the largest
# council's is a few hundred thousand. A population above this is a slip (a total
# population, an extra digit): the rates and counts worked out from it would be wrong.
LARGEST_POPULATION = 15_000_000
TOO_MANY_CHILDREN = (
    f"is more than {LARGEST_POPULATION:,}, beyond any council's 0-17 population "
    "(England's is about 12 million): check the figure"
)

# Whether a (row, column) cell belongs to the measures table, where no label is read.
CellTest = Callable[[int, int], bool]


@dataclass(frozen=True)
class SettingsOverrides:
    """Settings given to the reader, which win over the workbook's own.

    Attributes:
        authority: The local authority's name.
        period: The reporting period, e.g. "November 2023".
        population: The 0-17 child population.
        tolerance: The amber tolerance, as a fraction (0.05) or in points (5).
        board_columns: The board's columns, in order (names of `BOARD_COLUMNS`).
    """

    authority: str | None = None
    period: str | None = None
    population: float | None = None
    tolerance: float | None = None
    board_columns: tuple[str, ...] | None = None


@dataclass(frozen=True)
class _Found:
    field: str
    value: object
    number_format: str
    sheet: str
    cell: str
    uncached: bool = False


def setting_field(label: object) -> str | None:
    """The setting a label names, if any.

    >>> setting_field("Population 0-17 (ONS mid-2023):"), setting_field("Commentary")
    ('population', None)
    """
    if not isinstance(label, str):
        return None
    return _label_field(label)


# Every text cell of every sheet is tried as a label, the measures table's included, and
# its names come back on every sheet and every build.
@lru_cache(maxsize=4096)
def _label_field(label: str) -> str | None:
    return _FIELD_BY_LABEL.get(normalise(_TRAILING_NOTE.sub("", label)))


def labelled_cells(sheet: SheetCells, in_table: CellTest | None = None) -> Iterator[_Found]:
    """Every setting label of a sheet, with its value, in reading order.

    Args:
        sheet: The sheet to search.
        in_table: Whether a cell belongs to the measures table; neither a label nor its
            value is taken from there (a measure may be named "Child population").
    """
    in_table = in_table or (lambda row, column: False)
    for row in sheet.filled_rows():
        for column, label in enumerate(sheet.row(row), start=1):
            if not isinstance(label, str):
                continue  # only text is a label; most cells are figures
            field = setting_field(label)
            if field is None or in_table(row, column):
                continue
            place = _value_place(sheet, row, column, in_table)
            if place is not None:
                yield _Found(
                    field,
                    sheet.value(*place),
                    sheet.number_format(*place),
                    sheet.name,
                    cell_address(*place),
                    sheet.is_uncached(*place),
                )


def _value_place(
    sheet: SheetCells, row: int, column: int, in_table: CellTest
) -> tuple[int, int] | None:
    for place in ((row, column + 1), (row + 1, column)):
        value = sheet.value(*place)
        filled = not is_blank(value) or sheet.is_uncached(*place)
        if filled and not in_table(*place) and setting_field(value) is None:
            return place
    return None


def read_settings(
    sheets: Sequence[SheetSource],
    *,
    source: str,
    measures: SheetCells | None = None,
    in_table: CellTest | None = None,
    overrides: SettingsOverrides | None = None,
) -> tuple[Settings, tuple[Problem, ...]]:
    """Gather the settings and the problems with their values.

    Each setting is taken from the first place that has it: the overrides, then labelled
    cells on the measures sheet, then the settings sheet.

    Args:
        sheets: Every sheet of the workbook; one named "Settings" is searched for labels.
        source: The file name, for messages.
        measures: The measures sheet, searched for labels outside its table.
        in_table: Whether a cell of the measures sheet belongs to its table.
        overrides: Settings given to the tool, which win.

    Returns:
        The settings, and a BAD_SETTING error for each unreadable value not overridden.

    >>> sheet = SheetCells("Settings", (("Population 0-17", "147,541"), ("Tolerance", "5%")))
    >>> settings, problems = read_settings([sheet], source="m.xlsx")
    >>> settings.population, settings.tolerance, problems
    (147541.0, 0.05, ())
    """
    found = [
        *(labelled_cells(measures, in_table) if measures is not None else ()),
        *(
            item
            for sheet in sheets
            if sheet.name.strip().lower() == SETTINGS_SHEET and sheet.name != _name(measures)
            for item in labelled_cells(sheet.whole())
        ),
    ]
    overrides = overrides or SettingsOverrides()
    given = {f.name: getattr(overrides, f.name) for f in fields(SettingsOverrides)}
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for item in found:
        if item.field in values or given[item.field] is not None:
            continue
        value, reason = _interpret(item)
        if reason is None:
            values[item.field] = value
            if item.field == "population" and value > LARGEST_POPULATION:  # type: ignore[operator]
                problems.append(_too_many_children(item, source))
        else:
            problems.append(_bad_setting(item, reason, source))
    problems.extend(_check_overrides(given, source))
    values |= {name: _override(name, value) for name, value in given.items() if value is not None}
    return Settings(**values), tuple(problems)  # type: ignore[arg-type]


def _name(sheet: SheetCells | None) -> str | None:
    return None if sheet is None else sheet.name


def _bad_setting(item: _Found, reason: str, source: str) -> Problem:
    message = f"{reason} ({_SETTING_NAMES[item.field]})"
    if item.uncached:
        message += f": {_NO_SAVED_RESULT_HINT}"
        return Problem(ProblemCode.NO_CACHED_VALUE, message, source, item.sheet, item.cell)
    found = " ".join(str(item.value).split())
    return Problem(ProblemCode.BAD_SETTING, message, source, item.sheet, item.cell, found)


def _too_many_children(item: _Found, source: str) -> Problem:
    found = " ".join(str(item.value).split())
    message = f"{TOO_MANY_CHILDREN} ({_SETTING_NAMES[item.field]})"
    return Problem(
        ProblemCode.QUESTIONABLE_FIGURE,
        message,
        source,
        item.sheet,
        item.cell,
        found,
        Severity.WARNING,
    )


def _interpret(item: _Found) -> tuple[object, str | None]:
    if item.uncached:
        return None, _NO_SAVED_RESULT
    if item.field == "period":
        return period_text(item.value), None
    if item.field == "authority":
        return " ".join(str(item.value).split()), None
    if item.field == "board_columns":
        return board_columns(item.value)
    reading = parse_figure(item.value, item.number_format)
    if isinstance(reading, Unreadable) and reading.reason == TOO_LARGE:
        return None, TOO_LARGE
    if not isinstance(reading, Figure):
        return None, "is not a number"
    if item.field == "population":
        if reading.number <= 0:
            return None, NOT_A_POPULATION
        return reading.number, None
    points = None
    if isinstance(item.value, str) and item.value.strip().endswith("%"):
        points = True
    elif is_percent_format(item.number_format):
        points = False
    try:
        return tolerance_fraction(reading.number, points=points), None
    except ValueError as error:
        return None, str(error)


_BOARD_COLUMN_NAMES = {normalise(name): name for name in BOARD_COLUMNS}
_LIST_SEPARATORS = re.compile(r"\s*[,;\n]\s*")


def board_columns(value: object) -> tuple[tuple[str, ...], str | None]:
    """The board columns an officer listed, in their order, or why the list cannot be read.

    >>> board_columns("Measure, value; RAG, Statistical neighbours")
    (('Measure', 'Value', 'RAG', 'Statistical neighbours'), None)
    >>> board_columns("Measure, Trend")[1].split(":")[0]
    'names "Trend", which is not a column of the board'
    >>> board_columns("Value, RAG")[1]
    "leaves out Measure: the board needs each measure's name"
    """
    names = [name for name in _LIST_SEPARATORS.split(str(value).strip()) if name]
    chosen: list[str] = []
    for name in names:
        column = _BOARD_COLUMN_NAMES.get(normalise(name))
        if column is None:
            known = ", ".join(BOARD_COLUMNS)
            return (), f'names "{name}", which is not a column of the board: name some of {known}'
        if column not in chosen:
            chosen.append(column)
    if "Measure" not in chosen:
        return (), "leaves out Measure: the board needs each measure's name"
    return tuple(chosen), None


def period_text(value: object) -> str:
    """The reporting period as the board shows it: a date as its month and year.

    >>> period_text(datetime.datetime(2023, 11, 30)), period_text(" Q3 2023/24 ")
    ('November 2023', 'Q3 2023/24')
    >>> period_text(2023.0)
    '2023'
    """
    if isinstance(value, datetime.date):
        return value.strftime("%B %Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _check_overrides(given: dict[str, object], source: str) -> Iterator[Problem]:
    population, tolerance = given["population"], given["tolerance"]
    if population is not None:
        yield from _check_population(float(population), source)  # type: ignore[arg-type]
    if tolerance is not None and _tolerance(tolerance) is None:
        yield Problem(
            ProblemCode.BAD_SETTING,
            f"{NOT_A_TOLERANCE} (--tolerance)",
            file=source,
            found=tolerance,
        )


def _check_population(population: float, source: str) -> Iterator[Problem]:
    """The problem of a population given to the tool, if any: the rule of a settings cell."""
    whole = population.is_integer() and population < MAX_FIGURE
    found = int(population) if whole else population
    if not population > 0:  # NaN included
        message, severity = NOT_A_POPULATION, Severity.ERROR
    elif population >= MAX_FIGURE:  # infinity included
        message, severity = TOO_LARGE, Severity.ERROR
    elif population > LARGEST_POPULATION:
        message, severity = TOO_MANY_CHILDREN, Severity.WARNING
    else:
        return
    code = (
        ProblemCode.BAD_SETTING if severity is Severity.ERROR else ProblemCode.QUESTIONABLE_FIGURE
    )
    yield Problem(code, f"{message} (--population)", source, found=found, severity=severity)


def _tolerance(value: object) -> float | None:
    """A tolerance given to the reader as a fraction or in points; None where it is none."""
    try:
        return tolerance_fraction(float(value))  # type: ignore[arg-type]
    except ValueError:
        return None


def _override(name: str, value: object) -> object:
    if name == "tolerance":
        fraction = _tolerance(value)
        return DEFAULT_TOLERANCE if fraction is None else fraction
    if name == "population":
        return float(value)  # type: ignore[arg-type]
    return value
