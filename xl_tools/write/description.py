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
    """Colours and fonts of the board, as ``RRGGBB`` hex; sizes in points."""

    font_name: str = "Arial"
    title_font: str = "1F3864"
    title_size: float = 14
    text_font: str = "000000"
    background: str = "FFFFFF"
    header_fill: str = "1F3864"
    header_font: str = "FFFFFF"
    section_fill: str = "D9E1F2"
    draft_font: str = "595959"
    border: str = "808080"
    font_size: float = 10

    @property
    def line_height(self) -> float:
        """The height of one line of body text, in points."""
        return round(self.font_size * 1.3, 1)


@dataclass(frozen=True)
class PageSetup:
    """How the board prints: A4 landscape at a scale that keeps its text readable.

    Attributes:
        scale: The print scale in per cent: 100, or a little less where that fits the page.
        repeat_rows: The rows printed at the top of every page (the table's header row).
        breaks: The rows that begin a new page, set so that no section splits badly.
        footer: Left, centre and right footer texts, in Excel's codes (``&P`` the page,
            ``&N`` the pages; a literal ampersand doubled).
    """

    scale: int = 100
    repeat_rows: tuple[int, int] = (3, 3)
    breaks: tuple[int, ...] = ()
    footer: tuple[str, str, str] = ("", "Page &P of &N", "")
    landscape: bool = True
    paper: str = "A4"


@dataclass(frozen=True)
class BodyRow:
    """A row of the board's table below its header: a measure, or the heading of a section.

    Attributes:
        cells: One cell a column; a section's heading has its name in the first.
        height: The row's height in points, tall enough for its wrapped text.
        section: Whether it is a section's heading row.
        draft: The column whose text is a drafted commentary (shown as such), if any.
        series: The figures its sparkline draws, where the board has sparklines.
    """

    cells: tuple[BoardCell, ...]
    height: float
    section: bool = False
    draft: int | None = None
    series: tuple[BoardCell, ...] = ()


@dataclass(frozen=True)
class BoardPlan:
    """The whole board sheet: title, notes, summary, then a plain table with one header row.

    Rows from the top: the title, a line of notes, the summary's lines, an empty row, the
    table's header row and its body (section headings and measures). Rows and columns are
    1-based.

    Attributes:
        sheet: The sheet's name.
        title: What, where and when, in the first row.
        notes: How to read the ratings, in the second row.
        summary: The summary's lines, one row each, each as wide as the table.
        columns: The table's columns, left to right from column A.
        body: The table's rows below its header.
        header_height: The header row's height in points, tall enough for wrapped headers.
        notes_height: The notes' height in points, wrapped across the table.
        summary_heights: Each summary line's height in points.
        rag_column: The column holding the RAG words, coloured by conditional formatting.
        rag_colours: The colours of each RAG word.
        style: Colours and fonts.
        page: Print settings.
        sparkline_column: The column whose measure cells get sparklines, if any.
        series_headers: The months the sparklines draw, oldest first, as ``Nov-23``; the
            figures go right of the table, after one empty column, outside the print area.
    """

    sheet: str
    title: str
    notes: str
    summary: tuple[str, ...]
    columns: tuple[BoardColumn, ...]
    body: tuple[BodyRow, ...]
    header_height: float
    notes_height: float
    summary_heights: tuple[float, ...]
    rag_column: int | None
    rag_colours: tuple[RagColour, ...]
    style: BoardStyle
    page: PageSetup
    sparkline_column: int | None = None
    series_headers: tuple[str, ...] = ()

    title_row: int = 1
    notes_row: int = 2

    @property
    def summary_row(self) -> int:
        """The row of the summary's first line."""
        return self.notes_row + 1

    @property
    def header_row(self) -> int:
        """The row of the table's headers, below the summary and an empty row."""
        return self.summary_row + len(self.summary) + 1

    @property
    def first_row(self) -> int:
        """The sheet row of the table's first body row."""
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """The sheet row of the table's last body row (the header row when it has none)."""
        return self.header_row + len(self.body)

    @property
    def series_column(self) -> int:
        """The first column of the sparklines' figures."""
        return len(self.columns) + 2

    @property
    def freeze(self) -> tuple[int, int]:
        """The first cell not frozen: the panes keep the header row and the measure in view."""
        return (self.first_row, 1)

    def colour_pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (text colour, fill colour) pair the board shows, for contrast checks."""
        style = self.style
        return (
            (style.title_font, style.background),
            (style.text_font, style.background),
            (style.draft_font, style.background),
            (style.text_font, style.section_fill),
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
