"""The file back end: render the results into an openpyxl workbook held in memory.

The CLI, batch mode and the tests write through here; saving the workbook to disk safely
is the caller's job. What goes where is decided in `xl_tools.write.plan`; this module only
turns those plans into cells, styles, conditional formats and print settings.
"""

from __future__ import annotations

from collections.abc import Hashable
from copy import copy

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from xl_tools.errors import MeasuresTableError, Problem, ProblemCode
from xl_tools.model import BOARD_SHEET, Layout, Settings
from xl_tools.write import trends
from xl_tools.write.plan import (
    BoardPlan,
    CellValue,
    ColumnPlan,
    plan_board,
    plan_measure_columns,
)
from xl_tools.write.sparklines import Sparkline

NEW_COLUMN_WIDTH = 16.0
SERIES_WIDTH = 8.0
_HEADER_LOOK = ("font", "fill", "border", "alignment")  # what a new header takes from the table
_PAPER_SIZES = {"A4": Worksheet.PAPERSIZE_A4, "A3": Worksheet.PAPERSIZE_A3}


def write_results(
    book: Workbook, computed: pd.DataFrame, settings: Settings, layout: Layout
) -> BoardPlan:
    """Write the computed columns into the measures sheet and the board sheet, in memory.

    Only the computed columns of the measures sheet are touched (created to the right of the
    table when missing); the board sheet is replaced whole, so that writing twice gives the
    same workbook.

    Args:
        book: The workbook the measures were read from.
        computed: The measures table with the computed columns.
        settings: The workbook's settings, for the board's title and notes.
        layout: Where the measures table sits in `book`.

    Returns:
        The board as planned, for adding its sparklines once the workbook is saved
        (`board_sparklines`).

    Raises:
        MeasuresTableError: The layout's sheet is missing from `book`, or is the board sheet.
    """
    sheet = _measures_sheet(book, layout)
    write_measure_columns(sheet, plan_measure_columns(computed, layout), layout)
    plan = plan_board(computed, settings)
    write_board(book, plan)
    return plan


def board_sparklines(plan: BoardPlan) -> tuple[Sparkline, ...]:
    """The board's sparklines, one a measure, drawing the figures `write_board` wrote.

    Empty where the board has no monthly history to draw.
    """
    if plan.sparkline_column is None:
        return ()
    return trends.board_sparklines(
        plan.first_row,
        len(plan.rows),
        plan.sparkline_column,
        plan.series_column,
        len(plan.series_headers),
    )


def write_measure_columns(sheet: Worksheet, plans: tuple[ColumnPlan, ...], layout: Layout) -> None:
    """Fill the computed columns of the measures sheet; new columns get a styled header.

    A new header copies the font, fill, border and alignment of the table's Measure header
    (or its last header), so that it looks like the rest of the table.
    """
    model = sheet.cell(layout.header_row, layout.columns.get("measure", layout.last_column))
    looks = _Looks()
    header_look = {attribute: copy(getattr(model, attribute)) for attribute in _HEADER_LOOK}
    for plan in plans:
        if plan.is_new:
            header = sheet.cell(plan.header_row, plan.column)
            _put(header, plan.header)
            looks.give(header, "header", **header_look)
            sheet.column_dimensions[get_column_letter(plan.column)].width = NEW_COLUMN_WIDTH
        for row, value, number_format in zip(
            plan.rows, plan.values, plan.number_formats, strict=True
        ):
            cell = _cell(sheet, row, plan.column)
            _put(cell, value)
            if number_format is not None:
                # Through `_Looks`, as the board's cells: a number format set on each
                # cell is looked up by openpyxl each time.
                looks.give(cell, "figure", number_format)


def write_board(book: Workbook, plan: BoardPlan) -> Worksheet:
    """Replace the board sheet with a new one drawn from `plan`, in the old one's place.

    Returns:
        The new board sheet.
    """
    position, was_active = None, False
    if plan.sheet in book.sheetnames:
        old = book[plan.sheet]
        position, was_active = book.index(old), book.active is old
        # Removing the sheet also removes its conditional formats and print titles, so
        # nothing piles up from one run to the next.
        book.remove(old)
    sheet = book.create_sheet(plan.sheet, position)
    if was_active:
        book.active = sheet
    _write_titles(sheet, plan)
    _write_table(sheet, plan)
    _write_series(sheet, plan)
    _add_rag_rules(sheet, plan)
    _set_page(sheet, plan)
    sheet.freeze_panes = sheet.cell(*plan.freeze).coordinate
    return sheet


def _measures_sheet(book: Workbook, layout: Layout) -> Worksheet:
    if layout.sheet == BOARD_SHEET:
        raise MeasuresTableError(
            Problem(
                ProblemCode.WOULD_OVERWRITE,
                f'holds the measures table, but "{BOARD_SHEET}" is the sheet the tool '
                "rewrites with its board; rename the sheet",
                sheet=layout.sheet,
            )
        )
    if layout.sheet not in book.sheetnames:
        raise MeasuresTableError(
            Problem(
                ProblemCode.NO_MEASURES_TABLE,
                "the measures sheet is not in the workbook; sheets there: "
                + ", ".join(f'"{name}"' for name in book.sheetnames),
                sheet=layout.sheet,
            )
        )
    return book[layout.sheet]


def _cell(sheet: Worksheet, row: int, column: int) -> Cell:
    """The sheet's cell, made if new, as ``sheet.cell(row, column)`` gives it.

    At half the cost of openpyxl's own, which checks its arguments and goes through three
    calls: the thousands of cells a build writes are a fair part of its time.
    """
    cells = sheet._cells  # not public in openpyxl (pinned <3.2 in pyproject)
    cell = cells.get((row, column))
    if cell is None:
        cell = cells[row, column] = Cell(sheet, row=row, column=column)
        sheet._current_row = max(row, sheet._current_row)
    return cell


def _put(cell: Cell, value: CellValue, number_format: str | None = None) -> None:
    """Set a cell's value; text stays text even when it starts with "=" (DESIGN 6)."""
    if type(value) is float or type(value) is int:
        # What openpyxl's setter does with a number, without its checks of every type:
        # most of a board's cells are numbers.
        cell._value, cell.data_type = value, "n"
    else:
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    if number_format is not None:
        cell.number_format = number_format


class _Looks:
    """Cell styles registered with the workbook once each, then given to cells by index.

    openpyxl looks up every font, fill, border, alignment and number format given to a
    cell by its hash, computed afresh each time over all its parts; on a board of thousands
    of cells that is most of the writing. A look is given whole once, and its indexes
    copied after that; so is each number format given with it.
    """

    def __init__(self) -> None:
        self._looks: dict[Hashable, StyleArray] = {}
        self._styles: dict[Hashable, StyleArray] = {}

    def give(
        self, cell: Cell, key: Hashable, number_format: str | None = None, **look: object
    ) -> None:
        """Style `cell` with `look` (attributes such as ``font``), which `key` names.

        The number format varies within a look (one column's figures); `key` need not
        name it.
        """
        # The style's bytes rather than a tuple of it: as good a key, and cheaper to make.
        start = (key, b"" if cell._style is None else cell._style.tobytes())
        style = self._styles.get((start, number_format))
        if style is not None:
            cell._style = StyleArray(style)
            return
        looked = self._looks.get(start)
        if looked is None:
            for attribute, value in look.items():
                setattr(cell, attribute, value)
            # A new cell has no style yet where `look` is empty: none is the zero style.
            self._looks[start] = StyleArray() if cell._style is None else StyleArray(cell._style)
        else:
            cell._style = StyleArray(looked)
        if number_format is not None:
            cell.number_format = number_format
        self._styles[start, number_format] = StyleArray(cell._style)


def _write_titles(sheet: Worksheet, plan: BoardPlan) -> None:
    style = plan.style
    title = sheet.cell(plan.title_row, 1)
    _put(title, plan.title)
    title.font = Font(
        name=style.font_name, bold=True, size=style.title_size, color=style.title_font
    )
    sheet.row_dimensions[plan.title_row].height = style.title_size * 1.8
    notes = sheet.cell(plan.subtitle_row, 1)
    _put(notes, plan.subtitle)
    notes.font = Font(name=style.font_name, size=style.font_size, color=style.text_font)


def _write_table(sheet: Worksheet, plan: BoardPlan) -> None:
    style = plan.style
    side = Side(style="thin", color=style.border)
    border = Border(left=side, right=side, top=side, bottom=side)
    header_font = Font(
        name=style.font_name, bold=True, size=style.font_size, color=style.header_font
    )
    header_fill = PatternFill(fill_type="solid", start_color=style.header_fill)
    header_alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    body_font = Font(name=style.font_name, size=style.font_size, color=style.text_font)
    alignments = [
        Alignment(wrap_text=True, vertical="top", horizontal=c.align) for c in plan.columns
    ]
    looks = _Looks()
    for index, column in enumerate(plan.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        cell = sheet.cell(plan.header_row, index)
        _put(cell, column.header)
        looks.give(
            cell,
            "header",
            font=header_font,
            fill=header_fill,
            border=border,
            alignment=header_alignment,
        )
    sheet.row_dimensions[plan.header_row].height = plan.header_height
    for row_number, row in enumerate(plan.rows, start=plan.first_row):
        sheet.row_dimensions[row_number].height = plan.row_heights[row_number - plan.first_row]
        for index, board_cell in enumerate(row, start=1):
            cell = _cell(sheet, row_number, index)
            _put(cell, board_cell.value)
            looks.give(
                cell,
                index,
                font=body_font,
                border=border,
                alignment=alignments[index - 1],
                number_format=board_cell.number_format,
            )


def _write_series(sheet: Worksheet, plan: BoardPlan) -> None:
    """The figures the sparklines draw, right of the table, headed by their months."""
    if not plan.series_headers:
        return
    font = Font(name=plan.style.font_name, size=plan.style.font_size, color=plan.style.text_font)
    header_font = Font(name=plan.style.font_name, size=plan.style.font_size, bold=True)
    looks = _Looks()
    for offset, month in enumerate(plan.series_headers):
        column = plan.series_column + offset
        sheet.column_dimensions[get_column_letter(column)].width = SERIES_WIDTH
        header = sheet.cell(plan.header_row, column)
        _put(header, month)
        looks.give(header, "header", font=header_font)
        for row_number, row in enumerate(plan.series, start=plan.first_row):
            cell = _cell(sheet, row_number, column)
            _put(cell, row[offset].value)
            looks.give(cell, "figure", row[offset].number_format, font=font)
    # The board prints as its table; the figures beside it are the sparklines' own.
    last = get_column_letter(len(plan.columns))
    sheet.print_area = f"A1:{last}{plan.last_row}"


def _add_rag_rules(sheet: Worksheet, plan: BoardPlan) -> None:
    """Colour RAG cells by their word, so that a later edit of the word recolours the cell."""
    if not plan.rows:
        return
    letter = get_column_letter(plan.rag_column)
    cells = f"{letter}{plan.first_row}:{letter}{plan.last_row}"
    for colour in plan.rag_colours:
        rule = CellIsRule(
            operator="equal",
            formula=[f'"{colour.word}"'],
            font=Font(color=colour.font),
            fill=PatternFill(fill_type="solid", start_color=colour.fill, end_color=colour.fill),
        )
        sheet.conditional_formatting.add(cells, rule)


def _set_page(sheet: Worksheet, plan: BoardPlan) -> None:
    page = plan.page
    sheet.page_setup.orientation = "landscape" if page.landscape else "portrait"
    sheet.page_setup.paperSize = _PAPER_SIZES.get(page.paper, Worksheet.PAPERSIZE_A4)
    if page.fit_to_width:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    first, last = page.repeat_rows
    sheet.print_title_rows = f"{first}:{last}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top, sheet.page_margins.bottom = 0.5, 0.7
    sheet.oddFooter.left.text = page.footer_left or None
    sheet.oddFooter.center.text = page.footer_centre or None
    sheet.oddFooter.right.text = page.footer_right or None
