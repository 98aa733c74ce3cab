"""What writing puts where: one description of the results, rendered by either back end.

`plan_measure_columns` says which cells of the measures sheet get the computed columns;
`plan_board` describes the board sheet whole. Both return frozen dataclasses of plain
data (str, float, int, None; colours as ``RRGGBB`` hex; number formats as Excel codes), so
that the file back end (the package layer) and the live-workbook back end (xlwings) draw
the same thing. Every ``str`` value in a plan is text and must be written as text, never
as a formula, whatever it starts with (DESIGN 6). Rows and columns are 1-based.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from xl_tools.model import (
    BOARD_SHEET,
    HISTORY_COLUMN,
    WRITTEN_HEADERS,
    Comparator,
    Layout,
    Settings,
    Trend,
    Unit,
    comparator_fields,
)
from xl_tools.write import formats, trends
from xl_tools.write.description import (
    RAG_COLOURS,
    BoardCell,
    BoardColumn,
    BoardPlan,
    BoardStyle,
    CellValue,
    ColumnPlan,
    PageSetup,
    Row,
)
from xl_tools.write.formats import GENERAL

TITLE = "Children's social care performance measures"
HEADER_ROW = 3
_WIDEST = {"Measure": 46.0, "Section": 18.0, "Direction of travel": 16.0}
_WIDEST_OTHER = 13.0
# "1,234 / 4,316" lines up with the figures beside it; the RAG word sits in its coloured cell.
_ALIGN = {"Actual numbers": "right", "RAG": "center"}
_FLOAT64, _OBJECT = np.dtype("float64"), np.dtype(object)
_COMPARATOR_FIELDS = tuple(
    (fields["value"], fields["variance"]) for fields in map(comparator_fields, Comparator)
)
# A blank cell: frozen, so one serves every blank of a board.
_EMPTY = BoardCell(None)


BOARD_HEADERS = (
    *("Section", "ID", "Measure", "Value", "Actual numbers"),
    *("Target", "Variance to target", "RAG"),
    *("Statistical neighbours", "Variance to statistical neighbours"),
    *("England", "Variance to England", "Region", "Variance to region"),
    *("Previous", "Direction of travel"),
)


def plan_measure_columns(computed: pd.DataFrame, layout: Layout) -> tuple[ColumnPlan, ...]:
    """Where each computed column goes in the measures sheet, and what it holds.

    A column the table already has (found by reading, from an earlier run) is overwritten in
    place; the others are appended to the right of the table, after `layout.last_column`, in
    the order of `WRITTEN_HEADERS`, so that nothing else in the sheet moves.

    Args:
        computed: The measures table with the computed columns, one row a measure.
        layout: Where the table sits, as reading found it.

    Raises:
        ValueError: The layout does not have one sheet row for each measure.
    """
    if len(layout.rows) != len(computed):
        raise ValueError(
            f"the layout of sheet {layout.sheet!r} has {len(layout.rows)} measure rows "
            f"but the computed table has {len(computed)} measures"
        )
    records = _records(computed)
    units = [_unit(record) for record in records]
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


def plan_board(computed: pd.DataFrame, settings: Settings) -> BoardPlan:
    """Describe the board sheet: sections in order of appearance, one row a measure.

    Args:
        computed: The measures table with the computed columns.
        settings: The workbook's settings, for the title and the amber tolerance.
    """
    records = _in_section_order(_records(computed))
    with_history = HISTORY_COLUMN in computed.columns
    rows = tuple(_board_row(record, with_history) for record in records)
    headers = (*BOARD_HEADERS, *trends.TREND_HEADERS) if with_history else BOARD_HEADERS
    columns = _board_columns(rows, headers)
    style = BoardStyle()
    place = ", ".join(part for part in (settings.authority, settings.period) if part)
    months = trends.series_headers(settings.period) if with_history else ()
    notes = board_notes(settings) + (f" {trends.TREND_NOTE}" if with_history else "")
    return BoardPlan(
        sheet=BOARD_SHEET,
        title=f"{TITLE}: {place}" if place else TITLE,
        subtitle=notes,
        header_row=HEADER_ROW,
        columns=columns,
        rows=rows,
        header_height=_height([column.header for column in columns], columns, style, bold=True),
        row_heights=tuple(_height([cell.value for cell in row], columns, style) for row in rows),
        rag_column=BOARD_HEADERS.index("RAG") + 1,
        rag_colours=RAG_COLOURS,
        style=style,
        page=PageSetup(repeat_rows=(HEADER_ROW, HEADER_ROW), footer_left=_footer_text(place)),
        freeze=(HEADER_ROW + 1, 1),
        sparkline_column=headers.index(trends.TREND_HEADERS[0]) + 1 if months else None,
        series_headers=months,
        series=tuple(_series(record) for record in records) if months else (),
    )


def board_notes(settings: Settings) -> str:
    """The line under the board's title: how RAG is set and when the figures are from.

    >>> print(board_notes(Settings(period="November 2023", tolerance=0.025)))
    RAG against target: Amber within 2.5% of target. Variances to percentages are in \
percentage points (pts). Figures as at November 2023.
    """
    notes = [
        f"RAG against target: Amber within {formats.percent_text(settings.tolerance)} of target.",
        "Variances to percentages are in percentage points (pts).",
    ]
    if settings.period:
        notes.append(f"Figures as at {settings.period}.")
    return " ".join(notes)


def _footer_text(text: str) -> str:
    # A lone "&" starts a code in Excel's headers and footers ("Brighton & Hove").
    return text.replace("&", "&&")


def _records(computed: pd.DataFrame) -> list[Row]:
    """The measures as dicts, with None wherever a field is missing (NaN, pandas' NA)."""
    # Column by column: pandas' own conversion (to_dict) and a pandas test of each cell
    # for missing were most of planning.
    names = [str(field) for field in computed.columns]
    floats = [dtype == _FLOAT64 for dtype in computed.dtypes]
    columns = [
        # The only missing value a float column holds is NaN, the one float unequal to itself.
        [None if value != value else value for value in values]
        if is_float
        else [None if _missing(value) else value for value in values]
        for values, is_float in zip(_column_values(computed, floats), floats, strict=True)
    ]
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _column_values(computed: pd.DataFrame, floats: list[bool]) -> list[list[object]]:
    """Each column's values as plain Python objects (floats, and objects as they are)."""
    dtypes = zip(floats, computed.dtypes, strict=True)
    if not all(is_float or dtype == _OBJECT for is_float, dtype in dtypes):
        return [column.tolist() for _, column in computed.items()]
    # A table of floats and objects, as computing makes it, in one conversion rather than
    # one pandas column lookup a column: float64 becomes Python float either way.
    return computed.to_numpy(dtype=object).T.tolist()  # type: ignore[no-any-return]


def _in_section_order(records: list[Row]) -> list[Row]:
    order: dict[str, int] = {}
    for record in records:
        order.setdefault(_text(record.get("section")) or "", len(order))
    # sorted() is stable: measures keep their order within a section.
    return sorted(records, key=lambda record: order[_text(record.get("section")) or ""])


def _written_cells(
    field: str, values: list[object], units: list[Unit | None]
) -> list[tuple[CellValue, str]]:
    """The (value, number format) of each measure's cell in one written column."""
    if field.endswith("relative_variance") or field == "relative_variance_to_target":
        return [(None, GENERAL) if v is None else (float(v), formats.RELATIVE) for v in values]  # type: ignore[arg-type]
    if field.endswith("variance") or field == "variance_to_target":
        cells = map(_variance, values, units)
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
    return _text(value)


def _board_row(record: Row, with_history: bool = False) -> tuple[BoardCell, ...]:
    unit = _unit(record)
    comparators = []
    for figure, variance in _COMPARATOR_FIELDS:
        comparators += [
            _figure(record.get(figure), unit),
            _variance(record.get(variance), unit),
        ]
    return (
        BoardCell(_text(record.get("section"))),
        BoardCell(_text(record.get("id"))),
        BoardCell(_text(record.get("measure"))),
        _value_cell(record, unit),
        BoardCell(_text(record.get("actual_numbers"))),
        _figure(record.get("target"), unit),
        _variance(record.get("variance_to_target"), unit),
        BoardCell(formats.rag_word(record.get("rag")) or None),  # type: ignore[arg-type]
        *comparators,
        _figure(record.get("previous"), unit),
        BoardCell(
            formats.direction_text(record.get("direction"), record.get("trend")) or None  # type: ignore[arg-type]
        ),
        *(_trend_cells(record, unit) if with_history else ()),
    )


def _trend_cells(record: Row, unit: Unit | None) -> tuple[BoardCell, ...]:
    """The sparkline's cell (left empty for it), the trend in words, year to date, a year ago."""
    return (
        BoardCell(None),
        BoardCell(trends.trend_text(record)),
        _figure(record.get("year_to_date"), unit),
        _figure(record.get("same_month_last_year"), unit),
    )


def _series(record: Row) -> tuple[BoardCell, ...]:
    figures = record.get("last_12_months") or ()
    assert isinstance(figures, tuple | list)
    unit = _unit(record)
    # A figure is nearly always a float, and a float is missing only where NaN.
    return tuple(
        _figure(f if type(f) is float and f == f else None if _missing(f) else f, unit)
        for f in figures
    )


def _value_cell(record: Row, unit: Unit | None) -> BoardCell:
    if record.get("value") is None:
        return BoardCell(_text(record.get("no_figure")))
    return _figure(record.get("value"), unit)


def _figure(value: object, unit: Unit | None) -> BoardCell:
    if value is None:
        return _EMPTY
    number = float(value)  # type: ignore[arg-type]
    return BoardCell(formats.stored_value(number, unit), formats.value_format(number, unit))


def _variance(value: object, unit: Unit | None) -> BoardCell:
    if value is None:
        return _EMPTY
    number = float(value)  # type: ignore[arg-type]
    return BoardCell(number, formats.variance_format(number, unit))


def _board_columns(
    rows: tuple[tuple[BoardCell, ...], ...], headers: tuple[str, ...] = BOARD_HEADERS
) -> tuple[BoardColumn, ...]:
    columns = []
    for index, header in enumerate(headers):
        cells = [(row[index].value, row[index].number_format) for row in rows]
        cap = _WIDEST.get(header, trends.TREND_WIDTHS.get(header, _WIDEST_OTHER))
        if header == trends.TREND_HEADERS[0]:
            columns.append(BoardColumn(header, cap))  # wide enough for the sparkline
            continue
        width = formats.column_width(header, cells, cap)
        columns.append(BoardColumn(header, width, _ALIGN.get(header, "general")))
    return tuple(columns)


def _height(
    values: list[CellValue], columns: tuple[BoardColumn, ...], style: BoardStyle, bold: bool = False
) -> float:
    # Letters are narrower than the digit Excel measures widths in; bold ones less so.
    lines = [
        formats.wrapped_lines(value, column.width, 1.0 if bold else 1.2)
        for value, column in zip(values, columns, strict=True)
        if isinstance(value, str)
    ]
    return max([1, *lines]) * style.line_height + 3


def _unit(record: Row) -> Unit | None:
    unit = record.get("unit")
    if unit is None or isinstance(unit, Unit):
        return unit
    return Unit(unit)  # type: ignore[arg-type]


def _text(value: object) -> str | None:
    text = "" if value is None else str(value)
    return text if text.strip() else None


def _missing(value: object) -> bool:
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
