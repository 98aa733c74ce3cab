"""What the tool writes into the measures sheet: its computed columns, cell by cell.

`plan_measure_columns` says which cells get the computed and drafted columns, as a frozen
description of plain data (str, float, None; number formats as Excel codes) that the file
back end (the package layer) and the live-workbook back end (xlwings) write alike. Every
``str`` value is text and must be written as text, never as a formula, whatever it starts
with (DESIGN 6). Rows and columns are 1-based. The board is described in
`xl_tools.write.board`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from xl_tools.model import WRITTEN_HEADERS, Layout, Settings, Trend, Unit
from xl_tools.write import formats
from xl_tools.write.description import CellValue, ColumnPlan, Row
from xl_tools.write.formats import GENERAL
from xl_tools.write.records import drafted_records, text_of, unit_of, variance_cell


def plan_measure_columns(
    computed: pd.DataFrame,
    layout: Layout,
    settings: Settings,
    *,
    records: Sequence[Row] | None = None,
) -> tuple[ColumnPlan, ...]:
    """Where each computed column goes in the measures sheet, and what it holds.

    A column the table already has (found by reading, from an earlier run) is overwritten in
    place; the others are appended to the right of the table, after `layout.last_column`, in
    the order of `WRITTEN_HEADERS`, so that nothing else in the sheet moves.

    Args:
        computed: The measures table with the computed columns, one row a measure.
        layout: Where the table sits, as reading found it.
        settings: The workbook's settings, for the drafted commentary.
        records: The measures as `drafted_records` gives them, where the caller has them.

    Raises:
        ValueError: The layout does not have one sheet row for each measure.
    """
    if len(layout.rows) != len(computed):
        raise ValueError(
            f"the layout of sheet {layout.sheet!r} has {len(layout.rows)} measure rows "
            f"but the computed table has {len(computed)} measures"
        )
    if records is None:
        records = drafted_records(computed, settings)
    units = [unit_of(record) for record in records]
    plans = []
    next_column = layout.last_column + 1
    for field, header in WRITTEN_HEADERS.items():
        column = layout.columns.get(field)
        if column is None:
            column, next_column = next_column, next_column + 1
        cells = _written_cells(field, [record.get(field) for record in records], units)
        plans.append(
            ColumnPlan(
                field=field,
                header=header,
                column=column,
                is_new=field not in layout.columns,
                header_row=layout.header_row,
                rows=tuple(layout.rows),
                values=tuple(value for value, _ in cells),
                number_formats=tuple(number_format for _, number_format in cells),
            )
        )
    return tuple(plans)


def _written_cells(
    field: str, values: list[object], units: list[Unit | None]
) -> list[tuple[CellValue, str]]:
    """The (value, number format) of each measure's cell in one written column."""
    if field.endswith("relative_variance") or field == "relative_variance_to_target":
        return [(None, GENERAL) if v is None else (float(v), formats.RELATIVE) for v in values]  # type: ignore[arg-type]
    if field.endswith("variance") or field == "variance_to_target":
        cells = map(variance_cell, values, units)
        return [(cell.value, cell.number_format) for cell in cells]
    return [(_written_text(field, value), GENERAL) for value in values]


def _written_text(field: str, value: object) -> str | None:
    """The text of a written column's cell that is not a figure."""
    if field == "rag":
        return formats.rag_word(value) or None  # type: ignore[arg-type]
    if field.endswith("judgement"):
        return formats.judgement_word(value) or None  # type: ignore[arg-type]
    if field == "direction":
        return formats.direction_text(value) or None  # type: ignore[arg-type]
    if field == "trend":
        return Trend(value).value.capitalize() if value else None  # type: ignore[arg-type]
    if field == "warnings":
        return "; ".join(value or ()) or None  # type: ignore[arg-type]
    return text_of(value)
