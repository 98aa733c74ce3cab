"""The file back end: render the results into an openpyxl workbook held in memory.

The CLI, batch mode and the tests write through here; saving the workbook to disk safely
is the caller's job (`xl_tools.save.save_workbook`, with the sheet edits returned here).
What goes where is decided in `xl_tools.write.plan`; this module only turns those plans
into cells, styles, conditional formats and print settings. The cells the tool writes (the
board's, and the measures sheet's computed columns) go into the sheets' XML as it is saved
(`xl_tools.write.sheet_xml`), with their styles registered here: thousands of openpyxl
cells would cost more than the rest of a build's writing.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from copy import copy
from functools import partial

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
from xl_tools.write import formats, trends
from xl_tools.write.description import BoardStyle
from xl_tools.write.openpyxl_save import SheetEdit
from xl_tools.write.plan import (
    BoardPlan,
    CellValue,
    ColumnPlan,
    plan_board,
    plan_measure_columns,
)
from xl_tools.write.sheet_xml import (
    SheetCells,
    SheetRow,
    dimension,
    render_rows,
    with_added_cells,
    with_cells,
)
from xl_tools.write.sparklines import Sparkline, SparklineKind, with_sparklines

NEW_COLUMN_WIDTH = 16.0
SERIES_WIDTH = 8.0
_HEADER_LOOK = ("font", "fill", "border", "alignment")  # what a new header takes from the table
_PAPER_SIZES = {"A4": Worksheet.PAPERSIZE_A4, "A3": Worksheet.PAPERSIZE_A3}


def write_results(
    book: Workbook, computed: pd.DataFrame, settings: Settings, layout: Layout
) -> Mapping[str, SheetEdit]:
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
        The edits to save the workbook with (`xl_tools.save.save_workbook`): the board's
        cells and sparklines go into its XML as it is saved.

    Raises:
        MeasuresTableError: The layout's sheet is missing from `book`, or is the board sheet.
    """
    sheet = _measures_sheet(book, layout)
    return {
        layout.sheet: write_measure_columns(sheet, plan_measure_columns(computed, layout), layout),
        BOARD_SHEET: write_board(book, plan_board(computed, settings)),
    }


def board_sparklines(plan: BoardPlan) -> tuple[Sparkline, ...]:
    """The board's sparklines, one a measure, drawing the figures `write_board` writes.

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


def write_measure_columns(
    sheet: Worksheet, plans: tuple[ColumnPlan, ...], layout: Layout
) -> SheetEdit:
    """Fill the computed columns of the measures sheet; new columns get a styled header.

    A new header copies the font, fill, border and alignment of the table's Measure header
    (or its last header), so that it looks like the rest of the table. A cell written over
    keeps its own look, with the column's number format. The cells go into the sheet's XML
    as it is saved, through the edit returned; their styles and the new columns' widths
    are set on the workbook now.

    Returns:
        The edit `xl_tools.save.save_workbook` makes to the sheet's XML.
    """
    model = sheet.cell(layout.header_row, layout.columns.get("measure", layout.last_column))
    header_look = {attribute: copy(getattr(model, attribute)) for attribute in _HEADER_LOOK}
    styles = _ColumnStyles(sheet)
    # A cell written over is taken out of the sheet: its successor goes in as it is saved.
    cells = sheet._cells  # not public in openpyxl (pinned <3.2)
    added: dict[int, list[tuple[int, CellValue, int]]] = {}
    for plan in plans:
        if plan.is_new:
            old = cells.pop((plan.header_row, plan.column), None)
            added.setdefault(plan.header_row, []).append(
                (plan.column, plan.header, styles.index(old, None, **header_look))
            )
            sheet.column_dimensions[get_column_letter(plan.column)].width = NEW_COLUMN_WIDTH
        for row, value, number_format in zip(
            plan.rows, plan.values, plan.number_formats, strict=True
        ):
            style = styles.index(cells.pop((row, plan.column), None), number_format)
            added.setdefault(row, []).append((plan.column, value, style))
    extent = dimension(
        [*sheet._cells, *((row, c) for row, cells in added.items() for c, _, _ in cells)]
    )
    return partial(with_added_cells, added=added, extent=extent)


class _ColumnStyles:
    """The styles of the computed columns' cells, registered with the workbook by index.

    A cell written over keeps its style; a new cell starts from none. Either way the look
    given is set, and the number format where there is one.
    """

    def __init__(self, sheet: Worksheet) -> None:
        self._sheet = sheet
        self._indexes: dict[tuple[bytes, bool, str | None], int] = {}

    def index(self, old: Cell | None, number_format: str | None, **look: object) -> int:
        """The style index of a cell written over `old` (None where there is no cell)."""
        start = None if old is None else old._style
        key = (b"" if start is None else start.tobytes(), bool(look), number_format)
        index = self._indexes.get(key)  # one look is given here: the header's
        if index is None:
            cell = _styled(self._sheet, start, number_format, look)
            index = self._indexes[key] = cell.style_id
        return index


def write_board(book: Workbook, plan: BoardPlan) -> SheetEdit:
    """Replace the board sheet with a new one drawn from `plan`, in the old one's place.

    The sheet's settings (column widths, frozen panes, RAG colours, print setup) are set
    on the workbook; its cells and sparklines go into its XML as it is saved, through the
    edit returned (see `xl_tools.write.sheet_xml`), and its cell styles are registered
    with the workbook now.

    Returns:
        The edit `xl_tools.save.save_workbook` makes to the board's XML.
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
    styles = _BoardStyles(sheet, plan.style)
    cells = render_rows([*_title_rows(plan, styles), *_table_rows(plan, styles)])
    _set_widths(sheet, plan)
    _add_rag_rules(sheet, plan)
    _set_page(sheet, plan)
    row, column = plan.freeze
    sheet.freeze_panes = f"{get_column_letter(column)}{row}"  # as a name: a cell would be kept
    sparklines = board_sparklines(plan)
    return partial(_with_board_cells, cells=cells, sheet=plan.sheet, sparklines=sparklines)


def _with_board_cells(
    xml: str, *, cells: SheetCells, sheet: str, sparklines: tuple[Sparkline, ...]
) -> str:
    """The board's XML as openpyxl wrote it, with its cells and sparklines put in."""
    # Column sparklines rather than lines: LibreOffice prints line sparklines as bare
    # markers, and a board is often read as a PDF.
    return with_sparklines(with_cells(xml, cells), sheet, sparklines, kind=SparklineKind.COLUMN)


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


class _BoardStyles:
    """The board's cell styles, each registered with the workbook once, by its index.

    A style is named by its place (``"header"``, a table column's number) and its number
    format; the look given with a name must be the same each time.
    """

    def __init__(self, sheet: Worksheet, style: BoardStyle) -> None:
        self._sheet = sheet
        self._looks: dict[Hashable, StyleArray] = {}
        self._indexes: dict[tuple[Hashable, str], int] = {}
        side = Side(style="thin", color=style.border)
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.text_font = Font(name=style.font_name, size=style.font_size, color=style.text_font)

    def index(self, name: Hashable, number_format: str = formats.GENERAL, **look: object) -> int:
        """The style index of `look` (attributes such as ``font``) with `number_format`."""
        index = self._indexes.get((name, number_format))
        if index is None:
            # openpyxl hashes a look's every part to register it: each look is registered
            # once, whatever formats go with it.
            if (looked := self._looks.get(name)) is None:
                looked = self._looks[name] = _styled(self._sheet, None, None, look)._style
            cell = _styled(self._sheet, looked, number_format, {})
            index = self._indexes[name, number_format] = cell.style_id
        return index


def _styled(
    sheet: Worksheet, start: StyleArray | None, number_format: str | None, look: dict
) -> Cell:
    """A cell styled `start`, then `look` (attributes such as ``font``) and `number_format`.

    Never put in the sheet: it gathers a style for `Cell.style_id` to register.
    """
    cell = Cell(sheet)
    if start is not None:
        cell._style = StyleArray(start)
    for attribute, value in look.items():
        setattr(cell, attribute, value)
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _title_rows(plan: BoardPlan, styles: _BoardStyles) -> list[SheetRow]:
    style = plan.style
    title = Font(name=style.font_name, bold=True, size=style.title_size, color=style.title_font)
    notes = {"font": styles.text_font}
    return [
        SheetRow(
            plan.title_row,
            style.title_size * 1.8,
            [(1, plan.title, styles.index("title", font=title))],
        ),
        SheetRow(plan.subtitle_row, None, [(1, plan.subtitle, styles.index("notes", **notes))]),
    ]


def _table_rows(plan: BoardPlan, styles: _BoardStyles) -> list[SheetRow]:
    """The header row and a row a measure: the table, then the sparklines' figures."""
    style = plan.style
    header = styles.index(
        "header",
        font=Font(name=style.font_name, bold=True, size=style.font_size, color=style.header_font),
        fill=PatternFill(fill_type="solid", start_color=style.header_fill),
        border=styles.border,
        alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
    )
    month = styles.index("month", font=Font(name=style.font_name, size=style.font_size, bold=True))
    series = plan.series_column
    headers = [(index, column.header, header) for index, column in enumerate(plan.columns, 1)]
    headers += [(series + offset, text, month) for offset, text in enumerate(plan.series_headers)]
    rows = [SheetRow(plan.header_row, plan.header_height, headers)]
    # A body look a horizontal alignment, rather than a column: fewer looks to register.
    aligns = [("body", column.align) for column in plan.columns]
    font = styles.text_font
    looks = {
        align: {
            "font": font,
            "border": styles.border,
            "alignment": Alignment(wrap_text=True, vertical="top", horizontal=align[1]),
        }
        for align in aligns
    }
    for offset, (row, height) in enumerate(zip(plan.rows, plan.row_heights, strict=True)):
        cells = [
            (index, cell.value, styles.index(align, cell.number_format, **looks[align]))
            for index, (cell, align) in enumerate(zip(row, aligns, strict=True), start=1)
        ]
        figures = plan.series[offset] if plan.series_headers else ()
        cells += [
            (series + index, cell.value, styles.index("figure", cell.number_format, font=font))
            for index, cell in enumerate(figures)
        ]
        rows.append(SheetRow(plan.first_row + offset, height, cells))
    return rows


def _set_widths(sheet: Worksheet, plan: BoardPlan) -> None:
    for index, column in enumerate(plan.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for offset in range(len(plan.series_headers)):
        sheet.column_dimensions[get_column_letter(plan.series_column + offset)].width = SERIES_WIDTH
    if plan.series_headers:
        # The board prints as its table; the figures beside it are the sparklines' own.
        sheet.print_area = f"A1:{get_column_letter(len(plan.columns))}{plan.last_row}"


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
