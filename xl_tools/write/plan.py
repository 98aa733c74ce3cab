"""What writing puts where: one description of the results, rendered by either back end.

`plan_measure_columns` says which cells of the measures sheet get the computed columns;
`plan_board` describes the board sheet whole. Both return frozen dataclasses of plain
data (str, float, int, None; colours as ``RRGGBB`` hex; number formats as Excel codes), so
that the file back end (openpyxl) and the live-workbook back end (xlwings) draw the same
thing. Every ``str`` value in a plan is text and must be written as text, never as a
formula, whatever it starts with (DESIGN 6). Rows and columns are 1-based.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

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
)
from xl_tools.write import formats, trends

CellValue = str | float | None
Row = Mapping[str, object]


@dataclass(frozen=True)
class ColumnPlan:
    """One computed column of the measures sheet.

    Attributes:
        field: The computed field written, a key of `WRITTEN_HEADERS`.
        header: The header to write when the column is new.
        column: The sheet column it goes in.
        is_new: True when the table has no such column yet: the header is written too.
        header_row: The sheet row of the table's headers.
        rows: The sheet row of each measure, in the table's order.
        values: One value a measure row; None clears the cell.
        number_formats: One number format a measure row.
    """

    field: str
    header: str
    column: int
    is_new: bool
    header_row: int
    rows: tuple[int, ...]
    values: tuple[CellValue, ...]
    number_formats: tuple[str, ...]


@dataclass(frozen=True)
class BoardCell:
    """One cell of the board's table: a value and the number format that shows it."""

    value: CellValue
    number_format: str = formats.GENERAL


@dataclass(frozen=True)
class BoardColumn:
    """A column of the board's table.

    Attributes:
        header: The header text.
        width: The width in Excel's character units.
        align: Horizontal alignment of the body: ``general`` (text left, numbers right),
            ``left``, ``right`` or ``center``.
    """

    header: str
    width: float
    align: str = "general"


@dataclass(frozen=True)
class RagColour:
    """How conditional formatting colours a RAG cell holding `word`."""

    word: str
    fill: str
    font: str


@dataclass(frozen=True)
class BoardStyle:
    """Colours and fonts of the board, as ``RRGGBB`` hex."""

    font_name: str = "Arial"
    title_font: str = "1F3864"
    title_size: float = 14
    text_font: str = "000000"
    background: str = "FFFFFF"
    header_fill: str = "1F3864"
    header_font: str = "FFFFFF"
    border: str = "808080"
    font_size: float = 10

    @property
    def line_height(self) -> float:
        """The height of one line of body text, in points."""
        return round(self.font_size * 1.3, 1)


@dataclass(frozen=True)
class PageSetup:
    """How the board prints.

    Footer texts use Excel's codes: ``&P`` the page, ``&N`` the pages, ``&D`` the date.
    """

    landscape: bool = True
    paper: str = "A4"
    fit_to_width: bool = True
    repeat_rows: tuple[int, int] = (3, 3)
    footer_left: str = ""
    footer_centre: str = "Page &P of &N"
    footer_right: str = "Printed &D"


@dataclass(frozen=True)
class BoardPlan:
    """The whole board sheet: a title, a line of notes, then a plain table with one header row.

    Attributes:
        sheet: The sheet's name.
        title: What, where and when, in the first row.
        subtitle: How to read the ratings, in the second row.
        header_row: The row of the table's headers; the body follows it.
        columns: The table's columns, left to right from column A.
        rows: The body, one tuple of cells a measure, as wide as `columns`.
        header_height: The header row's height in points, tall enough for wrapped headers.
        row_heights: Each body row's height in points, tall enough for its wrapped text.
        rag_column: The column holding the RAG words, coloured by conditional formatting.
        rag_colours: The colours of each RAG word.
        style: Colours and fonts.
        page: Print settings.
        freeze: The first cell (row, column) not frozen: panes freeze above and left of it.
        sparkline_column: The column whose cells get each measure's sparkline, where the
            measures have a monthly history.
        series_headers: The months the sparklines draw, oldest first, as ``Nov-23``.
        series: Each body row's figures for those months, drawn by its sparkline; they
            go right of the table, after one empty column, outside the print area.
    """

    sheet: str
    title: str
    subtitle: str
    header_row: int
    columns: tuple[BoardColumn, ...]
    rows: tuple[tuple[BoardCell, ...], ...]
    header_height: float
    row_heights: tuple[float, ...]
    rag_column: int
    rag_colours: tuple[RagColour, ...]
    style: BoardStyle
    page: PageSetup
    freeze: tuple[int, int]

    title_row: int = 1
    subtitle_row: int = 2
    sparkline_column: int | None = None
    series_headers: tuple[str, ...] = ()
    series: tuple[tuple[BoardCell, ...], ...] = ()

    @property
    def series_column(self) -> int:
        """The first column of the sparklines' figures."""
        return len(self.columns) + 2

    @property
    def first_row(self) -> int:
        """The sheet row of the first measure."""
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """The sheet row of the last measure (the header row when there is none)."""
        return self.header_row + len(self.rows)

    def colour_pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (text colour, fill colour) pair the board shows, for contrast checks."""
        style = self.style
        return (
            (style.title_font, style.background),
            (style.text_font, style.background),
            (style.header_font, style.header_fill),
            *((colour.font, colour.fill) for colour in self.rag_colours),
        )


# Excel's own "light red fill with dark red text" and its amber and green siblings: familiar
# to officers, and each pair passes WCAG AA contrast (4.5:1).
RAG_COLOURS = (
    RagColour("Red", fill="FFC7CE", font="9C0006"),
    RagColour("Amber", fill="FFEB9C", font="9C5700"),
    RagColour("Green", fill="C6EFCE", font="006100"),
)

TITLE = "Children's social care performance measures"
HEADER_ROW = 3
_WIDEST = {"Measure": 46.0, "Section": 18.0, "Direction of travel": 16.0}
_WIDEST_OTHER = 13.0
# "1,234 / 4,316" lines up with the figures beside it; the RAG word sits in its coloured cell.
_ALIGN = {"Actual numbers": "right", "RAG": "center"}


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
    plans = []
    next_column = layout.last_column + 1
    for field, header in WRITTEN_HEADERS.items():
        column = layout.columns.get(field)
        if column is None:
            column, next_column = next_column, next_column + 1
        cells = [_measure_cell(field, record) for record in records]
        plans.append(
            ColumnPlan(
                field=field,
                header=header,
                column=column,
                is_new=field not in layout.columns,
                header_row=layout.header_row,
                rows=tuple(layout.rows),
                values=tuple(cell.value for cell in cells),
                number_formats=tuple(cell.number_format for cell in cells),
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
    return [
        {str(field): None if _missing(value) else value for field, value in record.items()}
        for record in computed.to_dict("records")
    ]


def _in_section_order(records: list[Row]) -> list[Row]:
    order: dict[str, int] = {}
    for record in records:
        order.setdefault(_text(record.get("section")) or "", len(order))
    # sorted() is stable: measures keep their order within a section.
    return sorted(records, key=lambda record: order[_text(record.get("section")) or ""])


def _measure_cell(field: str, record: Row) -> BoardCell:
    value = record.get(field)
    if field.endswith("relative_variance") or field == "relative_variance_to_target":
        return _number(value, lambda _: formats.RELATIVE)
    if field.endswith("variance") or field == "variance_to_target":
        return _variance(value, record)
    if field == "rag":
        return BoardCell(formats.rag_word(value) or None)  # type: ignore[arg-type]
    if field.endswith("judgement"):
        return BoardCell(formats.judgement_word(value) or None)  # type: ignore[arg-type]
    if field == "direction":
        return BoardCell(formats.direction_text(value) or None)  # type: ignore[arg-type]
    if field == "trend":
        return BoardCell(Trend(value).value.capitalize() if value else None)  # type: ignore[arg-type]
    if field == "warnings":
        return BoardCell("; ".join(value or ()) or None)  # type: ignore[arg-type]
    return BoardCell(_text(value))


def _board_row(record: Row, with_history: bool = False) -> tuple[BoardCell, ...]:
    comparators = []
    for comparator in Comparator:
        comparators += [
            _figure(record.get(comparator.value), record),
            _variance(record.get(f"{comparator.value}_variance"), record),
        ]
    return (
        BoardCell(_text(record.get("section"))),
        BoardCell(_text(record.get("id"))),
        BoardCell(_text(record.get("measure"))),
        _value_cell(record),
        BoardCell(_text(record.get("actual_numbers"))),
        _figure(record.get("target"), record),
        _variance(record.get("variance_to_target"), record),
        _measure_cell("rag", record),
        *comparators,
        _figure(record.get("previous"), record),
        BoardCell(
            formats.direction_text(record.get("direction"), record.get("trend")) or None  # type: ignore[arg-type]
        ),
        *(_trend_cells(record) if with_history else ()),
    )


def _trend_cells(record: Row) -> tuple[BoardCell, ...]:
    """The sparkline's cell (left empty for it), the trend in words, year to date, a year ago."""
    return (
        BoardCell(None),
        BoardCell(trends.trend_text(record)),
        _figure(record.get("year_to_date"), record),
        _figure(record.get("same_month_last_year"), record),
    )


def _series(record: Row) -> tuple[BoardCell, ...]:
    figures = record.get("last_12_months") or ()
    return tuple(_figure(None if _missing(f) else f, record) for f in figures)  # type: ignore[union-attr]


def _value_cell(record: Row) -> BoardCell:
    if record.get("value") is None:
        return BoardCell(_text(record.get("no_figure")))
    return _figure(record.get("value"), record)


def _figure(value: object, record: Row) -> BoardCell:
    unit = _unit(record)
    if value is None:
        return BoardCell(None)
    number = float(value)  # type: ignore[arg-type]
    return BoardCell(formats.stored_value(number, unit), formats.value_format(number, unit))


def _variance(value: object, record: Row) -> BoardCell:
    unit = _unit(record)
    return _number(value, lambda number: formats.variance_format(number, unit))


def _number(value: object, number_format: Callable[[float], str]) -> BoardCell:
    if value is None:
        return BoardCell(None)
    number = float(value)  # type: ignore[arg-type]
    return BoardCell(number, number_format(number))


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
    return None if unit is None else Unit(unit)  # type: ignore[arg-type]


def _text(value: object) -> str | None:
    text = "" if value is None else str(value)
    return text if text.strip() else None


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str | tuple | list):
        return False
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False
