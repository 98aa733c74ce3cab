"""The computed measures as plain records, and the board cells that show their figures.

Writing works measure by measure: each is a dict of its fields (`xl_tools.model.FIELDS`)
with None wherever a figure or text is missing, never NaN, so that what is written, drafted
and summarised asks one question of a missing figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tools.model import Settings, Unit
from xl_tools.months import add_months, parse_month
from xl_tools.write import formats
from xl_tools.write.description import BoardCell, Row
from xl_tools.write.drafts import draft_commentary

_FLOAT64, _OBJECT = np.dtype("float64"), np.dtype(object)
# A blank cell: frozen, so one serves every blank of a board.
EMPTY = BoardCell(None)


def measure_records(computed: pd.DataFrame) -> list[Row]:
    """The measures as dicts, with None wherever a field is missing (NaN, pandas' NA)."""
    # Column by column: pandas' own conversion (to_dict) and a pandas test of each cell
    # for missing were most of planning.
    names = [str(field) for field in computed.columns]
    floats = [dtype == _FLOAT64 for dtype in computed.dtypes]
    columns = [
        # The only missing value a float column holds is NaN, the one float unequal to itself.
        [None if value != value else value for value in values]
        if is_float
        else [None if missing(value) else value for value in values]
        for values, is_float in zip(_column_values(computed, floats), floats, strict=True)
    ]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def drafted_records(computed: pd.DataFrame, settings: Settings) -> list[Row]:
    """The measures as records, in table order, each with its drafted commentary."""
    return with_drafts(measure_records(computed), settings)


def with_drafts(records: list[Row], settings: Settings) -> list[Row]:
    """The measures, each with its drafted commentary (`xl_tools.write.drafts`)."""
    month = parse_month(settings.period)
    before = None if month is None else add_months(month, -1).strftime("%B")
    return [
        {
            **record,
            "draft_commentary": draft_commentary(
                record, tolerance=settings.tolerance, previous_period=before
            ),
        }
        for record in records
    ]


def _column_values(computed: pd.DataFrame, floats: list[bool]) -> list[list[object]]:
    """Each column's values as plain Python objects (floats, and objects as they are)."""
    dtypes = zip(floats, computed.dtypes, strict=True)
    if not all(is_float or dtype == _OBJECT for is_float, dtype in dtypes):
        return [column.tolist() for _, column in computed.items()]
    # A table of floats and objects, as computing makes it, in one conversion rather than
    # one pandas column lookup a column: float64 becomes Python float either way.
    return computed.to_numpy(dtype=object).T.tolist()  # type: ignore[no-any-return]


def unit_of(record: Row) -> Unit | None:
    """A measure's unit, None where it is not known."""
    unit = record.get("unit")
    if unit is None or isinstance(unit, Unit):
        return unit
    return Unit(unit)  # type: ignore[arg-type]


def text_of(value: object) -> str | None:
    """A field as text, None where it is blank."""
    text = "" if value is None else str(value)
    return text if text.strip() else None


def figure_cell(value: object, unit: Unit | None) -> BoardCell:
    """A figure as the board shows it: stored as a number, shown in the measure's unit."""
    if value is None:
        return EMPTY
    number = float(value)  # type: ignore[arg-type]
    return BoardCell(formats.stored_value(number, unit), formats.value_format(number, unit))


def variance_cell(value: object, unit: Unit | None) -> BoardCell:
    """A variance as the board shows it: signed, in points for a percentage."""
    if value is None:
        return EMPTY
    number = float(value)  # type: ignore[arg-type]
    return BoardCell(number, formats.variance_format(number, unit))


def value_cell(record: Row) -> BoardCell:
    """A measure's figure this period, or the words that say it has none."""
    if record.get("value") is None:
        return BoardCell(text_of(record.get("no_figure")))
    return figure_cell(record.get("value"), unit_of(record))


def shown_text(cell: BoardCell) -> str:
    """The text a cell shows: its figure under its number format, or its words."""
    return formats.shown(cell.value, cell.number_format)


def missing(value: object) -> bool:
    """Whether a value is no value: None, NaN or pandas' NA."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN, the one float unequal to itself; no need to ask pandas
    if isinstance(value, str | tuple | list):
        return False
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
