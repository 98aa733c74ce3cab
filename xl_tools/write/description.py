"""The description of what writing puts where: plain data that either back end renders.

Frozen dataclasses of str, float, int and None (colours as ``RRGGBB`` hex, number formats as
Excel codes), so that the file back end (the package layer) and the live-workbook back end
(xlwings) draw the same thing. Every ``str`` value is text and must be written as text,
never as a formula, whatever it starts with (DESIGN 6). Rows and columns are 1-based.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from xl_tools.write import formats

CellValue = str | float | None
Row = Mapping[str, object]
# The width of a column the tool adds to the measures sheet, in Excel's character units.
NEW_COLUMN_WIDTH = 16.0


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


class BoardCell(NamedTuple):
    """One cell of the board's table: a value and the number format that shows it.

    A named tuple rather than a dataclass: a board has thousands, made in a moment.
    """

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
