"""Where DfE's published comparators go in the measures sheet (`xl-tools comparators`).

The Statistical neighbours, England and Region columns are the officer's: the tool fills
them on request, for the measures it recognised only, and writes the year and source
beside them in a Comparator source column. A column the table lacks is added at its
right, as the build adds its own. Every other cell is left as it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xl_tools.model import COMPARATOR_LABELS, FIELDS_BY_NAME, Comparator, Layout, Unit

if TYPE_CHECKING:
    from xl_tools.published.filling import Fill

# The columns written, in the order new ones are added.
FILLED_FIELDS = (*(comparator.value for comparator in Comparator), "comparator_source")
_HEADERS = {
    **{comparator.value: COMPARATOR_LABELS[comparator] for comparator in Comparator},
    "comparator_source": FIELDS_BY_NAME["comparator_source"].headers[0],
}


@dataclass(frozen=True)
class FilledColumn:
    """One column written: its field, header and sheet column, and whether it is new."""

    field: str
    header: str
    column: int
    is_new: bool


@dataclass(frozen=True)
class FilledRow:
    """One measure's row: its sheet row, figures (in points) by field, and source."""

    row: int
    figures: dict[str, float | None]
    source: str
    percent: bool


@dataclass(frozen=True)
class ComparatorCells:
    """The cells `xl-tools comparators` writes into the measures sheet.

    Attributes:
        header_row: The table's header row.
        columns: The four columns written (Statistical neighbours, England, Region,
            Comparator source).
        rows: The measures filled, each with its figures and source.
        value_column: The Value column, whose number format a percentage follows where
            its own cell has none; None where the table has none.
    """

    header_row: int
    columns: tuple[FilledColumn, ...]
    rows: tuple[FilledRow, ...]
    value_column: int | None

    def column(self, field: str) -> int:
        """The sheet column of a field written."""
        return next(c.column for c in self.columns if c.field == field)


def plan_comparator_cells(fills: Sequence[Fill], layout: Layout) -> ComparatorCells:
    """The cells to write for the measures filled, in a table laid out as `layout`.

    With no measure filled, nothing is written: no column is added.
    """
    columns: list[FilledColumn] = []
    next_column = layout.last_column + 1
    for field in FILLED_FIELDS if fills else ():
        column = layout.columns.get(field)
        if column is None:
            column, next_column = next_column, next_column + 1
        columns.append(FilledColumn(field, _HEADERS[field], column, field not in layout.columns))
    rows = tuple(
        FilledRow(
            row=layout.rows[fill.match.position],
            figures={
                Comparator.STATISTICAL_NEIGHBOURS.value: fill.comparators.statistical_neighbours,
                Comparator.ENGLAND.value: fill.comparators.england,
                Comparator.REGION.value: fill.comparators.region,
            },
            source=fill.comparators.source,
            percent=fill.match.indicator.unit is Unit.PERCENT,
        )
        for fill in fills
    )
    return ComparatorCells(layout.header_row, tuple(columns), rows, layout.columns.get("value"))


def with_columns(layout: Layout, cells: ComparatorCells) -> Layout:
    """The layout once the columns written are in the table."""
    columns = dict(layout.columns) | {c.field: c.column for c in cells.columns}
    last = max([layout.last_column, *(c.column for c in cells.columns)])
    return dataclasses.replace(layout, columns=columns, last_column=last)
