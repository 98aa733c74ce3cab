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


@dataclass(frozen=True)
class Settings:
    """What applies to every measure of one workbook.

    Attributes:
        authority: The local authority's name, for the board's title.
        period: The reporting period as the board shows it, e.g. "November 2023".
        population: The 0-17 child population that rates per 10,000 are taken of.
        tolerance: The amber tolerance as a fraction (0.05 for 5%).

    >>> Settings(authority="Devon").tolerance
    0.05
    """

    authority: str | None = None
    period: str | None = None
    population: float | None = None
    tolerance: float = DEFAULT_TOLERANCE


# The measures table as reading hands it to computing. Text columns hold str or None, enum
# columns hold members of the enums above (or None for unit when it is not known), figure
# columns hold floats with NaN for "no figure". Percentages are in points (22 means 22%).
TEXT_COLUMNS = ("id", "section", "measure", "commentary", "no_figure")
ENUM_COLUMNS = ("unit", "polarity")
FIGURE_COLUMNS = (
    "value",
    "numerator",
    "denominator",
    "count",
    "target",
    "statistical_neighbours",
    "england",
    "region",
    "previous",
    "amber_threshold",
)
INPUT_COLUMNS = (
    "id",
    "section",
    "measure",
    "unit",
    "polarity",
    "value",
    "no_figure",
    "numerator",
    "denominator",
    "count",
    "target",
    "statistical_neighbours",
    "england",
    "region",
    "previous",
    "amber_threshold",
    "commentary",
)

# What computing adds. value, numerator, denominator and count are also filled in where
# they can be derived from the other figures (DESIGN 4.1).
COMPUTED_COLUMNS = (
    "actual_numbers",
    "variance_to_target",
    "relative_variance_to_target",
    "rag",
    *(
        f"{comparator}_{part}"
        for comparator in Comparator
        for part in ("variance", "relative_variance", "judgement")
    ),
    "direction",
    "trend",
    "warnings",
)


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


COMPARATOR_LABELS = {
    Comparator.STATISTICAL_NEIGHBOURS: "Statistical neighbours",
    Comparator.ENGLAND: "England",
    Comparator.REGION: "Region",
}

# The headers of the columns the tool writes into the measures sheet, by field. Reading
# recognises them on the next run, so that they are overwritten rather than added again.
WRITTEN_HEADERS = {
    "actual_numbers": "Actual numbers",
    "variance_to_target": "Variance to target",
    "relative_variance_to_target": "Relative variance to target",
    "rag": "RAG",
    **{
        f"{comparator}_{part}": f"{label} {suffix}"
        for comparator, label in COMPARATOR_LABELS.items()
        for part, suffix in (
            ("variance", "variance"),
            ("relative_variance", "relative variance"),
            ("judgement", "judgement"),
        )
    },
    "direction": "Direction",
    "trend": "Trend",
    "warnings": "Warnings",
}

# The sheet the tool writes the board to. It is the tool's own: rewritten whole on every
# run, and never read as a measures table.
BOARD_SHEET = "Board"

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
