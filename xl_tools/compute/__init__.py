"""Computing: the measures table in, the same table with every figure of DESIGN 4 out.

This is the pure core: a pandas DataFrame in, a new DataFrame out, no Excel and no files.
Each rule is a small function of plain numbers in its own module (actuals, variance, rag,
comparators, direction); this module applies them to every row.

>>> import pandas as pd
>>> from xl_tools.model import INPUT_COLUMNS, Polarity, Settings, Unit
>>> row = dict.fromkeys(INPUT_COLUMNS, float("nan"))
>>> row.update(id="PR08", unit=Unit.PERCENT, polarity=Polarity.LOWER_BETTER,
...            value=38.0, denominator=50.0, target=24.0, previous=35.0)
>>> computed = compute_measures(pd.DataFrame([row]), Settings())
>>> first = computed.iloc[0]
>>> first["actual_numbers"], float(first["variance_to_target"]), first["rag"], first["trend"]
('19 / 50', 14.0, <Rag.RED: 'red'>, <Trend.WORSENING: 'worsening'>)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

import pandas as pd

from xl_tools.columns import make_column
from xl_tools.compute.actuals import derive_actuals
from xl_tools.compute.comparators import judge_against
from xl_tools.compute.direction import direction_of_travel
from xl_tools.compute.history import reporting_month, summarise_history
from xl_tools.compute.rag import rate_against_target
from xl_tools.compute.variance import relative_variance, variance
from xl_tools.model import (
    COMPUTED_COLUMNS,
    DERIVED_COLUMNS,
    HISTORY_COLUMN,
    HISTORY_COMPUTED_COLUMNS,
    INPUT_COLUMNS,
    Comparator,
    FieldKind,
    FieldRole,
    Polarity,
    Settings,
    Unit,
    comparator_fields,
    field_names,
)

__all__ = ["compute_measure", "compute_measures"]

# The columns computing makes of floats: the figures it derives, and every computed figure.
_FLOAT_COLUMNS = (
    *DERIVED_COLUMNS,
    *field_names(role=FieldRole.COMPUTED, kind=FieldKind.FIGURE),
)
# Each comparator's input column and the three columns worked out from it.
_COMPARATOR_COLUMNS = tuple(
    (fields["value"], fields["variance"], fields["relative_variance"], fields["judgement"])
    for fields in map(comparator_fields, Comparator)
)
_HISTORY_FLOATS = (
    "twelve_month_start",
    "twelve_month_span",
    "year_to_date",
    "same_month_last_year",
)


def compute_measures(frame: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    """Compute actual numbers, variances, RAG, judgements and direction for every measure.

    Args:
        frame: The measures table with the `INPUT_COLUMNS` (it is not changed).
        settings: The workbook's settings: population for rates, tolerance for RAG.

    Returns:
        A new table with the `INPUT_COLUMNS`, value, numerator, denominator and count filled
        in where they can be derived, followed by the `COMPUTED_COLUMNS`. Where `frame`
        carries a monthly history (`HISTORY_COLUMN`), it is kept and followed by the
        `HISTORY_COMPUTED_COLUMNS`.

    Raises:
        ValueError: The table lacks some of the `INPUT_COLUMNS`.
    """
    missing = [column for column in INPUT_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(
            f"the measures table lacks the columns {', '.join(missing)} "
            f"(it has {', '.join(map(str, frame.columns)) or 'none'})"
        )
    columns = {column: frame[column] for column in INPUT_COLUMNS}
    # Records made from whole columns: pandas' own `to_dict` boxes every cell on its own.
    cells = [column.tolist() for column in columns.values()]
    records: list[dict[Hashable, object]] = [
        dict(zip(INPUT_COLUMNS, row, strict=True)) for row in zip(*cells, strict=True)
    ]
    rows = [compute_measure(record, settings) for record in records]
    # The table is put together once from whole columns: adding columns one at a time to
    # a frame makes pandas rework its storage each time, which costs more than computing.
    for column in (*DERIVED_COLUMNS, *COMPUTED_COLUMNS):
        values = [row[column] for row in rows]
        columns[column] = make_column(values, frame.index, column in _FLOAT_COLUMNS)
    if HISTORY_COLUMN in frame.columns:
        columns.update(_history_columns(columns, frame[HISTORY_COLUMN], settings))
    return pd.DataFrame(columns, index=frame.index)


def _history_columns(
    columns: Mapping[str, pd.Series], history: pd.Series, settings: Settings
) -> dict[str, pd.Series]:
    """The history, kept, and what it shows: the year's trend, year to date, a year ago.

    Args:
        columns: The computed table's columns so far, by name.
        history: The monthly history of each measure.
        settings: The workbook's settings, for the reporting period.
    """
    index = history.index
    histories = [tuple(h) if isinstance(h, tuple | list) else () for h in history]
    month = reporting_month(settings.period, histories)  # the same for every measure
    summaries = []
    for unit, polarity, value, months in zip(
        columns["unit"].tolist(),
        columns["polarity"].tolist(),
        columns["value"].tolist(),
        histories,
        strict=True,
    ):
        unit = unit if isinstance(unit, Unit) else None
        polarity = polarity if isinstance(polarity, Polarity) else Polarity.NONE
        summaries.append(summarise_history(months, month, value, unit, polarity))
    added = {HISTORY_COLUMN: make_column(histories, index, False)}
    for column in HISTORY_COMPUTED_COLUMNS:
        values = [summary[column] for summary in summaries]
        added[column] = make_column(values, index, column in _HISTORY_FLOATS)
    return added


def compute_measure(record: Mapping[Hashable, object], settings: Settings) -> dict[str, object]:
    """Compute one measure: its derived figures and every computed column.

    A measure with no figure (a `no_figure` marker such as "measure being developed") gets
    nothing computed: its value stays missing and so does everything worked out from it.

    Args:
        record: One row of the measures table, by column name.
        settings: The workbook's settings.

    Returns:
        value, numerator, denominator and count (as given, or derived), and the
        `COMPUTED_COLUMNS`.
    """
    unit = record["unit"] if isinstance(record["unit"], Unit) else None
    polarity = record["polarity"] if isinstance(record["polarity"], Polarity) else Polarity.NONE
    figures = {column: _figure(record[column]) for column in DERIVED_COLUMNS}
    if _has_text(record["no_figure"]):
        return {**figures, "value": math.nan, **_nothing_computed()}
    actuals = derive_actuals(unit, **figures, population=settings.population)
    value, tolerance = actuals.value, settings.tolerance
    target = _figure(record["target"])
    direction, trend = direction_of_travel(value, _figure(record["previous"]), polarity)
    computed: dict[str, object] = {
        "value": value,
        "numerator": actuals.numerator,
        "denominator": actuals.denominator,
        "count": actuals.count,
        "actual_numbers": actuals.text,
        "variance_to_target": variance(value, target),
        "relative_variance_to_target": relative_variance(value, target),
        "rag": rate_against_target(
            value, target, polarity, _figure(record["amber_threshold"]), tolerance
        ),
        "direction": direction,
        "trend": trend,
        "warnings": actuals.warnings,
    }
    for column, variance_column, relative_column, judgement_column in _COMPARATOR_COLUMNS:
        figure = _figure(record[column])
        computed[variance_column] = variance(value, figure)
        computed[relative_column] = relative_variance(value, figure)
        computed[judgement_column] = judge_against(value, figure, polarity, tolerance)
    return computed


def _nothing_computed() -> dict[str, object]:
    nothing: dict[str, object] = {
        column: math.nan if column in _FLOAT_COLUMNS else None for column in COMPUTED_COLUMNS
    }
    nothing["warnings"] = ()
    return nothing


def _figure(cell: object) -> float:
    """A figure as a float, NaN where there is none."""
    if cell is None or isinstance(cell, str):
        return math.nan
    try:
        return float(cell)  # type: ignore[arg-type]
    except TypeError:
        # pandas' NA refuses to become a float; it is a missing figure.
        return math.nan


def _has_text(cell: object) -> bool:
    return isinstance(cell, str) and bool(cell.strip())
