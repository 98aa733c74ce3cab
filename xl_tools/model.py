"""The words the whole tool shares: units, polarities, ratings, settings and the table's columns.

Nothing here knows about Excel. The measures table travelling from reading to computing to
writing is a pandas DataFrame with one row per measure and the columns named below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from xl_tools.errors import Problem


class Unit(StrEnum):
    """How a measure's value is expressed."""

    RATE_PER_10K = "rate_per_10k"
    PERCENT = "percent"
    COUNT = "count"
    AVERAGE = "average"


# Each unit as a sentence names it: "taken as a percentage".
UNIT_WORDS = {
    Unit.RATE_PER_10K: "a rate per 10,000",
    Unit.PERCENT: "a percentage",
    Unit.COUNT: "a number",
    Unit.AVERAGE: "an average",
}


class Polarity(StrEnum):
    """Which way is good for a measure; NONE for context measures."""

    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    NONE = "none"


class Rag(StrEnum):
    """Red, amber or green against the target."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Judgement(StrEnum):
    """How a measure stands against a comparator (DESIGN 4.4)."""

    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"


class Direction(StrEnum):
    """Movement since the previous period."""

    UP = "up"
    DOWN = "down"
    SAME = "same"


class Trend(StrEnum):
    """Whether the movement since the previous period is good news."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    STABLE = "stable"


class Comparator(StrEnum):
    """The published comparators a measure is set against."""

    STATISTICAL_NEIGHBOURS = "statistical_neighbours"
    ENGLAND = "england"
    REGION = "region"


DEFAULT_TOLERANCE = 0.05
NOT_A_TOLERANCE = "is not a tolerance: give a percentage from 0% to under 100%, such as 5%"


def tolerance_fraction(number: float, *, points: bool | None = None) -> float:
    """The amber tolerance as a fraction, however the officer gave it (DESIGN 4.3).

    The one rule for a tolerance, from a settings cell or the command line alike.

    Args:
        number: The tolerance as given: 5 (points) or 0.05 (a fraction).
        points: Whether it is in points (typed as ``5%``) or a fraction (a cell formatted
            as a percentage). Left None, 1 and above are points and below 1 a fraction:
            nobody means a tolerance of 1%% as 0.01 and 100%% or more is no tolerance.

    Raises:
        ValueError: It is not from 0% up to, and not including, 100% (`NOT_A_TOLERANCE`).

    >>> tolerance_fraction(0.05), tolerance_fraction(5), tolerance_fraction(0.5, points=True)
    (0.05, 0.05, 0.005)
    >>> tolerance_fraction(100)
    Traceback (most recent call last):
    ValueError: is not a tolerance: give a percentage from 0% to under 100%, such as 5%
    """
    if points is None:
        points = number >= 1
    fraction = number / 100 if points else number
    if not 0 <= fraction < 1:
        raise ValueError(NOT_A_TOLERANCE)
    return round(fraction, 10)


@dataclass(frozen=True)
class Settings:
    """What applies to every measure of one workbook.

    Attributes:
        authority: The local authority's name, for the board's title.
        period: The reporting period as the board shows it, e.g. "November 2023".
        population: The 0-17 child population that rates per 10,000 are taken of.
        tolerance: The amber tolerance as a fraction (0.05 for 5%).
        board_columns: The board's columns, in order, where the officer fixed them
            (names of `BOARD_COLUMNS`); empty for the columns where some measure has
            something to show.

    >>> Settings(authority="Devon").tolerance
    0.05
    """

    authority: str | None = None
    period: str | None = None
    population: float | None = None
    tolerance: float = DEFAULT_TOLERANCE
    board_columns: tuple[str, ...] = ()


class FieldKind(StrEnum):
    """What a field of the measures table holds."""

    TEXT = "text"  # str, or None
    CHOICE = "choice"  # a member of one of the enums above, or None
    FIGURE = "figure"  # a float, NaN for "no figure"; percentages in points (22 means 22%)
    NOTES = "notes"  # a tuple of warning texts


class FieldRole(StrEnum):
    """Where a field's value comes from."""

    INPUT = "input"  # read from the workbook
    COMPUTED = "computed"  # worked out by computing, and written back by the tool
    DRAFTED = "drafted"  # words drafted from the computed figures, and written back too


@dataclass(frozen=True)
class Field:
    """One field (column) of the measures table: every list of fields is made from these.

    Attributes:
        name: The column's name in the table, and the key in the JSON (DESIGN 7.2).
        kind: What it holds.
        role: Read from the workbook, or computed.
        headers: The header names officers give its column (DESIGN 3.2); for a computed
            field, the first is the header the tool writes.
        exported: Whether the computed table's JSON carries it.
        derivable: Whether computing fills it in where the other figures give it (4.1).
        comparator: The comparator it belongs to, where it is one of a comparator's group.
    """

    name: str
    kind: FieldKind
    role: FieldRole = FieldRole.INPUT
    headers: tuple[str, ...] = ()
    exported: bool = True
    derivable: bool = False
    comparator: Comparator | None = None

    @property
    def part(self) -> str:
        """Its name within its comparator's group: ``value``, ``variance``, ``judgement``.

        >>> FIELDS_BY_NAME["england_variance"].part, FIELDS_BY_NAME["england"].part
        ('variance', 'value')
        """
        if self.comparator is None:
            return self.name
        if self.name == self.comparator:
            return "value"
        return self.name.removeprefix(f"{self.comparator}_")


COMPARATOR_LABELS = {
    Comparator.STATISTICAL_NEIGHBOURS: "Statistical neighbours",
    Comparator.ENGLAND: "England",
    Comparator.REGION: "Region",
}
_COMPARATOR_HEADERS = {
    Comparator.STATISTICAL_NEIGHBOURS: ("Stat neighbours", "SN", "SN average"),
    Comparator.ENGLAND: ("England average", "National"),
    Comparator.REGION: ("Regional", "Regional average", "South West"),
}


def _comparator_fields(comparator: Comparator) -> tuple[Field, ...]:
    """A comparator's figure, and its variance, relative variance and judgement."""
    label, computed = COMPARATOR_LABELS[comparator], FieldRole.COMPUTED
    return (
        Field(
            comparator.value,
            FieldKind.FIGURE,
            headers=(label, *_COMPARATOR_HEADERS[comparator]),
            comparator=comparator,
        ),
        Field(
            f"{comparator}_variance",
            FieldKind.FIGURE,
            computed,
            headers=(f"{label} variance",),
            comparator=comparator,
        ),
        Field(
            f"{comparator}_relative_variance",
            FieldKind.FIGURE,
            computed,
            headers=(f"{label} relative variance",),
            exported=False,
            comparator=comparator,
        ),
        Field(
            f"{comparator}_judgement",
            FieldKind.CHOICE,
            computed,
            headers=(f"{label} judgement",),
            comparator=comparator,
        ),
    )


_TEXT, _CHOICE, _FIGURE = FieldKind.TEXT, FieldKind.CHOICE, FieldKind.FIGURE
_COMPUTED = FieldRole.COMPUTED

# Every field of a measure, in the order of the computed table's JSON (DESIGN 7.2). The
# tool's own columns go into the measures sheet in this order too.
FIELDS: tuple[Field, ...] = (
    Field("id", _TEXT, headers=("ID", "Ref", "Measure ID", "Code")),
    Field("section", _TEXT, headers=("Section", "Heading", "Area", "Theme")),
    Field(
        "measure",
        _TEXT,
        headers=(
            "Measure",
            "Performance measure",
            "Indicator",
            "Performance indicator",
            "Description",
        ),
    ),  # fmt: skip
    Field("unit", _CHOICE, headers=("Unit", "Format", "Measure type")),
    Field("polarity", _CHOICE, headers=("Polarity", "Good is", "Good performance is")),
    # Which of DfE's published indicators the measure is, where its name does not say.
    Field("dfe_measure", _TEXT, headers=("DfE measure", "DfE indicator"), exported=False),
    # What the value counts over: the month (by default), the year, rolling 12 months.
    Field("basis", _TEXT, headers=("Basis", "Time basis", "Measured over"), exported=False),
    Field(
        "value",
        _FIGURE,
        headers=("Value", "Actual", "Latest", "Current", "Performance", "Result"),
        derivable=True,
    ),
    # The text of a value cell that says there is no figure ("measure being developed").
    Field("no_figure", _TEXT, exported=False),
    Field("numerator", _FIGURE, headers=("Numerator", "X"), derivable=True),
    Field("denominator", _FIGURE, headers=("Denominator", "Y", "Cohort"), derivable=True),
    Field(
        "count", _FIGURE, headers=("Count", "Number of children"), exported=False, derivable=True
    ),
    Field(
        "actual_numbers", _TEXT, _COMPUTED, headers=("Actual numbers", "Actual number", "Numbers")
    ),
    Field("target", _FIGURE, headers=("Target",)),
    Field("variance_to_target", _FIGURE, _COMPUTED, headers=("Variance to target",)),
    Field(
        "relative_variance_to_target", _FIGURE, _COMPUTED, headers=("Relative variance to target",)
    ),
    Field("rag", _CHOICE, _COMPUTED, headers=("RAG",)),
    *(field for comparator in Comparator for field in _comparator_fields(comparator)),
    # Where the published comparators came from, as `xl-tools comparators` wrote it.
    Field(
        "comparator_source",
        _TEXT,
        headers=("Comparator source", "Comparators source", "Source of comparators"),
        exported=False,
    ),
    Field("previous", _FIGURE, headers=("Previous", "Last month", "Previous period")),
    Field("direction", _CHOICE, _COMPUTED, headers=("Direction",)),
    Field("trend", _CHOICE, _COMPUTED, headers=("Trend",)),
    Field("amber_threshold", _FIGURE, headers=("Amber threshold", "Tolerance"), exported=False),
    Field("commentary", _TEXT, headers=("Commentary", "Comments"), exported=False),
    Field("draft_commentary", _TEXT, FieldRole.DRAFTED, headers=("Draft commentary",)),
    Field("warnings", FieldKind.NOTES, _COMPUTED, headers=("Warnings",)),
)
FIELDS_BY_NAME = {field.name: field for field in FIELDS}


def field_names(*, role: FieldRole | None = None, kind: FieldKind | None = None) -> tuple[str, ...]:
    """The names of the fields of one role and kind, in table order.

    >>> field_names(role=FieldRole.INPUT, kind=FieldKind.CHOICE)
    ('unit', 'polarity')
    """
    return tuple(
        field.name
        for field in FIELDS
        if (role is None or field.role is role) and (kind is None or field.kind is kind)
    )


def comparator_fields(comparator: Comparator) -> dict[str, str]:
    """The names of one comparator's fields by part: value, variance, relative_variance, ...

    >>> comparator_fields(Comparator.ENGLAND)["variance"]
    'england_variance'
    """
    return {field.part: field.name for field in FIELDS if field.comparator is comparator}


# The measures table as reading hands it to computing. Text columns hold str or None, enum
# columns hold members of the enums above (or None for unit when it is not known), figure
# columns hold floats with NaN for "no figure". Percentages are in points (22 means 22%).
INPUT_COLUMNS = field_names(role=FieldRole.INPUT)
TEXT_COLUMNS = field_names(role=FieldRole.INPUT, kind=FieldKind.TEXT)
ENUM_COLUMNS = field_names(role=FieldRole.INPUT, kind=FieldKind.CHOICE)
FIGURE_COLUMNS = field_names(role=FieldRole.INPUT, kind=FieldKind.FIGURE)

# What computing adds. value, numerator, denominator and count are also filled in where
# they can be derived from the other figures (DESIGN 4.1).
COMPUTED_COLUMNS = field_names(role=FieldRole.COMPUTED)
DERIVED_COLUMNS = tuple(field.name for field in FIELDS if field.derivable)

# The fields a column map may name (DESIGN 3.2): those read from the workbook, and the one
# column of the tool's own that officers keep under names of their own.
MAPPED_FIELDS = (
    *(field.name for field in FIELDS if field.role is FieldRole.INPUT and field.headers),
    "actual_numbers",
)

# The headers of the columns the tool writes into the measures sheet, by field: what
# computing works out and the commentary drafted from it. Reading recognises them on the
# next run, so that they are overwritten rather than added again.
WRITTEN_HEADERS = {
    field.name: field.headers[0] for field in FIELDS if field.role is not FieldRole.INPUT
}


@dataclass(frozen=True)
class Layout:
    """Where the measures table sits in its workbook, so that writing can put results back.

    Reading makes it; computing never sees it. Rows and columns are 1-based sheet numbers.

    Attributes:
        sheet: The measures sheet's name.
        header_row: The row holding the table's headers.
        columns: The column of each field found, by field name (``"value"``, ``"target"``,
            ``"actual_numbers"``, computed columns from an earlier run, ...).
        rows: The sheet row of each measure, in the order of the table's rows.
        last_column: The right-most column of the table as found (headers included).
    """

    sheet: str
    header_row: int
    columns: dict[str, int]
    rows: tuple[int, ...]
    last_column: int


@dataclass(frozen=True)
class MeasuresWorkbook:
    """What reading gives: the measures table, its settings and where it came from.

    Attributes:
        frame: One row per measure with the `INPUT_COLUMNS`.
        settings: The workbook's own settings, overridden by any given to the reader.
        layout: Where the table sits.
        problems: Warnings found while reading (errors are raised instead).
        source: The file name it was read from, for messages.
    """

    frame: pd.DataFrame
    settings: Settings
    layout: Layout
    problems: tuple[Problem, ...] = ()
    source: str | None = None


# The sheet the tool writes the board to. It is the tool's own: rewritten whole on every
# run, and never read as a measures table. Where an officer's own sheet has the name, the
# board takes another (`xl_tools.marks`).
BOARD_SHEET = "Board"
BOARD_TITLE = "Children's social care performance measures"
# The board's columns, in its own order: the names an officer may list in the Settings
# sheet's "Board columns" to fix the board's shape (`xl_tools.write.board_columns`).
BOARD_COLUMNS = (
    "ID",
    "Measure",
    "Value",
    "Actual numbers",
    "Target",
    "Variance to target",
    "RAG",
    *COMPARATOR_LABELS.values(),
    "Previous",
    "Direction of travel",
    "Last 12 months",
    "Trend over 12 months",
    "Year to date",
    "Same month last year",
    "Commentary",
)

# A table read from a workbook with month columns (DESIGN 3.1) also carries this column:
# each measure's monthly figures as a tuple of (first day of the month, figure) pairs,
# oldest first, in the same unit as the value (percentages in points).
HISTORY_COLUMN = "history"

# What computing adds from that history, where the table carries one: the figures of the
# twelve months to the reporting period (NaN for a month with none), the first of them and
# how many months back it lies, the direction and trend from it to this period, the year to
# date (April to this period) and the figure of the same month a year before.
HISTORY_COMPUTED_COLUMNS = (
    "last_12_months",
    "twelve_month_start",
    "twelve_month_span",
    "twelve_month_direction",
    "twelve_month_trend",
    "year_to_date",
    "same_month_last_year",
)
