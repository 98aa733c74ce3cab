"""The file back end: the writing plans drawn into the workbook's parts.

What goes where is decided in `xl_tools.write.plan`; this module turns those plans into
the package layer's terms. In the measures sheet only the cells of the tool's columns
change (and the new columns' headers and widths); the board is a sheet of the tool's own,
written whole and put in the place of the last one. Styles are added to the workbook's
stylesheet, never renumbered.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

import pandas as pd

from xl_tools import marks
from xl_tools.errors import MeasuresTableError, Problem, ProblemCode
from xl_tools.model import Layout, Settings
from xl_tools.package import (
    Alignment,
    Font,
    Look,
    NewSheet,
    Page,
    Row,
    Sheet,
    Sparkline,
    SparklineKind,
    Stylesheet,
    ValueColours,
    Workbook,
    WorksheetEditor,
    worksheet_xml,
)
from xl_tools.package.numbers import is_percent_format
from xl_tools.references import MAX_COLUMN, cell_address, column_letter, range_address
from xl_tools.write import formats
from xl_tools.write.board import plan_board
from xl_tools.write.description import (
    NEW_COLUMN_WIDTH,
    BoardPlan,
    BoardStyle,
    CellValue,
    ColumnPlan,
)
from xl_tools.write.plan import plan_measure_columns
from xl_tools.write.records import drafted_records

if TYPE_CHECKING:
    from xl_tools.write.comparators import ComparatorCells

SERIES_WIDTH = 8.0


def write_results(
    book: Workbook, computed: pd.DataFrame, settings: Settings, layout: Layout
) -> None:
    """Write the computed columns into the measures sheet and the board sheet.

    Only the computed columns of the measures sheet are touched (created to the right of the
    table when missing); the board sheet is replaced whole, so that writing twice gives the
    same workbook. Nothing is saved: `Workbook.save` writes the parts changed.

    Args:
        book: The workbook the measures were read from.
        computed: The measures table with the computed columns.
        settings: The workbook's settings, for the board's title and notes.
        layout: Where the measures table sits in `book`.

    Raises:
        MeasuresTableError: The layout's sheet is missing from `book`, or is the board sheet.
    """
    sheet = measures_sheet(book, layout)
    records = drafted_records(computed, settings)  # drafted once, for both
    plans = plan_measure_columns(computed, layout, settings, records=records)
    write_measure_columns(book, sheet, plans, layout)
    write_board(book, plan_board(computed, settings, records=records))


def write_measure_columns(
    book: Workbook, sheet: Sheet, plans: tuple[ColumnPlan, ...], layout: Layout
) -> None:
    """Fill the computed columns of the measures sheet; new columns get a header and width.

    A new header takes the look of the table's Measure header (or its last header), so
    that it looks like the rest of the table. A cell written over keeps its own look,
    with the column's number format; a cell the sheet has that now has nothing to show is
    emptied, and none is made where there is nothing to show.
    """
    _check_room(plans, layout, str(book.package.path))
    editor = _measures_editor(book, sheet)
    styles = book.styles
    _new_headers(editor, layout, [(plan.column, plan.header) for plan in plans if plan.is_new])
    with_format: dict[tuple[int, str], int] = {}
    # Row by row: the cells of a row are found once for all the columns written.
    columns = [plan.column for plan in plans]
    for index, row in enumerate(layout.rows):
        cells = []
        for plan, old in zip(plans, editor.styles(row, columns), strict=True):
            number_format = plan.number_formats[index]
            if (old, number_format) not in with_format:
                with_format[old, number_format] = styles.with_number_format(old, number_format)
            cells.append((plan.column, plan.values[index], with_format[old, number_format]))
        # An empty cell of the tool's is not made: a cell with nothing to show needs no look.
        editor.write_row(row, cells, blanks=False)
    editor.finish()
    if editor.formulas_removed:
        book.drop_calc_chain()
    marks.mark_columns(book, sheet, layout.header_row, [plan.column for plan in plans])


def write_comparator_cells(
    book: Workbook, sheet: Sheet, cells: ComparatorCells, layout: Layout
) -> None:
    """Write DfE's published comparators into the measures sheet, the rows filled only.

    A percentage goes in as a fraction where its cell, or else the row's Value cell, is
    formatted as a percentage (taking the Value cell's format), and in points otherwise:
    the figure follows the workbook. A cell written keeps its own look.
    """
    if not cells.rows:
        return
    new = [(column.column, column.header) for column in cells.columns if column.is_new]
    _check_room_for([column for column, _ in new], layout, str(book.package.path))
    editor = _measures_editor(book, sheet)
    styles = book.styles
    _new_headers(editor, layout, new)
    for filled in cells.rows:
        value_format = (
            styles.number_format(editor.style(filled.row, cells.value_column))
            if cells.value_column is not None
            else ""
        )
        written: list[tuple[int, CellValue, int]] = []
        for field, figure in filled.figures.items():
            column = cells.column(field)
            style = editor.style(filled.row, column)
            if filled.percent and figure is not None:
                if is_percent_format(styles.number_format(style)):
                    figure = figure / 100
                elif is_percent_format(value_format):
                    figure, style = figure / 100, styles.with_number_format(style, value_format)
            written.append((column, figure, style))
        source = cells.column("comparator_source")
        written.append((source, filled.source, editor.style(filled.row, source)))
        editor.write_row(filled.row, sorted(written), blanks=False)
    editor.finish()
    if editor.formulas_removed:
        book.drop_calc_chain()


def _measures_editor(book: Workbook, sheet: Sheet) -> WorksheetEditor:
    """An editor of the measures sheet, whose changes `Workbook.save` writes."""
    assert sheet.part is not None  # a measures sheet was read from its part
    editor = WorksheetEditor(book.package.xml(sheet.part))
    book.package.track(sheet.part, editor)
    return editor


def _new_headers(editor: WorksheetEditor, layout: Layout, new: list[tuple[int, str]]) -> None:
    """New columns' headers, in the look of the table's Measure header (or its last), at the
    new columns' width, so that they look like the rest of the table."""
    style = editor.style(layout.header_row, layout.columns.get("measure", layout.last_column))
    for column, header in new:
        editor.write(layout.header_row, column, header, style)
        editor.set_width(column, NEW_COLUMN_WIDTH)


def _check_room(plans: tuple[ColumnPlan, ...], layout: Layout, source: str) -> None:
    """Refuse columns beyond Excel's last (XFD), which no workbook can hold."""
    _check_room_for([plan.column for plan in plans if plan.is_new], layout, source)


def _check_room_for(new: list[int], layout: Layout, source: str) -> None:
    if new and max(new) > MAX_COLUMN:
        first = cell_address(layout.header_row, min(new))
        raise MeasuresTableError(
            Problem(
                ProblemCode.NO_ROOM,
                f"the table reaches column {column_letter(layout.last_column)}, so the tool's "
                f"{len(new)} columns would go from {first} beyond XFD, Excel's last column: "
                "move what lies right of the table, or the table, further left",
                file=source,
                sheet=layout.sheet,
            )
        )


def write_board(book: Workbook, plan: BoardPlan) -> Sheet:
    """Replace the tool's board with a new one drawn from `plan`, in the old one's place.

    The board is named as the plan says, unless a sheet of the officer's holds the name
    (`xl_tools.marks.board_name`): the tool never replaces a sheet it did not write.

    Returns:
        The new board sheet.
    """
    position = None
    old = marks.tool_board(book)
    name = marks.board_name(book, old)
    if old is not None:
        if book.calc_chain_names(old):
            book.drop_calc_chain()
        position = book.remove_sheet(old.name)
    styles = _BoardStyles(book.styles, plan.style)
    page = plan.page
    new = NewSheet(
        name=name,
        rows=[*_top_rows(plan, styles), *_table_rows(plan, styles)],
        widths=_widths(plan),
        freeze=plan.freeze,
        merged=_merged(plan),
        colours=_rag_colours(plan, book.styles),
        page=Page(
            landscape=page.landscape,
            paper=page.paper,
            scale=page.scale,
            footer=page.footer,
            breaks=page.breaks,
        ),
        # Column sparklines rather than lines: LibreOffice prints line sparklines as bare
        # markers, and a board is often read as a PDF.
        sparklines=_sparklines(plan),
        sparkline_kind=SparklineKind.COLUMN,
        selected=True,
    )
    sheet = book.add_worksheet(name, worksheet_xml(new), position)
    marks.mark_board(book, sheet)
    book.activate(sheet)  # the board is what the workbook opens on
    first, last = page.repeat_rows
    book.set_local_name("_xlnm.Print_Titles", sheet, f"${first}:${last}")
    # The board prints as its table; the figures beside it are the sparklines' own.
    last_column = column_letter(len(plan.columns))
    book.set_local_name("_xlnm.Print_Area", sheet, f"$A$1:${last_column}${plan.last_row}")
    return sheet


def measures_sheet(book: Workbook, layout: Layout) -> Sheet:
    """The measures sheet of `layout` in `book`.

    Raises:
        MeasuresTableError: It is missing, or not a worksheet.
    """
    sheet = book.sheet(layout.sheet)
    if sheet is None or sheet.part is None or sheet.kind != "worksheet":
        raise MeasuresTableError(
            Problem(
                ProblemCode.NO_MEASURES_TABLE,
                "the measures sheet is not in the workbook; sheets there: "
                + ", ".join(f'"{sheet.name}"' for sheet in book.sheets),
                file=str(book.package.path),
                sheet=layout.sheet,
            )
        )
    return sheet


class _BoardStyles:
    """The board's cell styles, each added to the stylesheet once, by its number.

    A style is named by its place (``"header"``, a body alignment) and its number format;
    the look given with a name must be the same each time.
    """

    def __init__(self, styles: Stylesheet, style: BoardStyle) -> None:
        self._styles = styles
        self._indexes: dict[tuple[Hashable, str], int] = {}
        self.border = style.border
        self.text_font = Font(name=style.font_name, size=style.font_size, colour=style.text_font)

    def index(self, name: Hashable, look: Look, number_format: str = formats.GENERAL) -> int:
        """The style number of `look` with `number_format`."""
        index = self._indexes.get((name, number_format))
        if index is None:
            index = self._styles.add(
                Look(look.font, look.fill, look.border, look.alignment, number_format)
            )
            self._indexes[name, number_format] = index
        return index


def _top_rows(plan: BoardPlan, styles: _BoardStyles) -> list[Row]:
    """The title, the notes and the summary's lines, above the table."""
    style = plan.style
    title = Font(name=style.font_name, bold=True, size=style.title_size, colour=style.title_font)
    wrapped = Look(font=styles.text_font, alignment=Alignment(vertical="top", wrap=True))
    text = styles.index("text", wrapped)
    rows = [
        Row(
            plan.title_row,
            style.title_size * 1.8,
            [(1, plan.title, styles.index("title", Look(font=title)))],
        ),
        Row(plan.notes_row, plan.notes_height, [(1, plan.notes, text)]),
    ]
    for offset, (line, height) in enumerate(zip(plan.summary, plan.summary_heights, strict=True)):
        rows.append(Row(plan.summary_row + offset, height, [(1, line, text)]))
    return rows


def _merged(plan: BoardPlan) -> list[str]:
    """The notes and each summary line, merged across the table so that they wrap within it."""
    width = len(plan.columns)
    if width < 2:
        return []
    lines = [plan.notes_row, *range(plan.summary_row, plan.summary_row + len(plan.summary))]
    return [range_address(row, 1, row, width) for row in lines]


def _table_rows(plan: BoardPlan, styles: _BoardStyles) -> list[Row]:
    """The header row, and a row a section heading or measure: the table, then the sparklines'
    figures."""
    style = plan.style
    header = styles.index(
        "header",
        Look(
            font=Font(
                name=style.font_name, bold=True, size=style.font_size, colour=style.header_font
            ),
            fill=style.header_fill,
            border=styles.border,
            alignment=Alignment(horizontal="center", vertical="center", wrap=True),
        ),
    )
    month = styles.index(
        "month", Look(font=Font(name=style.font_name, size=style.font_size, bold=True))
    )
    section = styles.index(
        "section",
        Look(
            font=Font(
                name=style.font_name, bold=True, size=style.font_size, colour=style.text_font
            ),
            # No border within the row: the section's name reads across it as one band.
            fill=style.section_fill,
            alignment=Alignment(vertical="center"),
        ),
    )
    series = plan.series_column
    headers = [(index, column.header, header) for index, column in enumerate(plan.columns, 1)]
    headers += [(series + offset, text, month) for offset, text in enumerate(plan.series_headers)]
    rows = [Row(plan.header_row, plan.header_height, headers)]
    # A body look a horizontal alignment, rather than a column: fewer looks to register.
    aligns = [("body", column.align) for column in plan.columns]
    looks = {
        align: Look(
            font=styles.text_font,
            border=styles.border,
            alignment=Alignment(horizontal=align[1], vertical="top", wrap=True),
        )
        for align in aligns
    }
    draft = Look(
        font=Font(name=style.font_name, size=style.font_size, colour=style.draft_font, italic=True),
        border=styles.border,
        alignment=Alignment(vertical="top", wrap=True),
    )
    figure = Look(font=styles.text_font)
    for offset, row in enumerate(plan.body):
        number = plan.first_row + offset
        if row.section:
            rows.append(
                Row(
                    number,
                    row.height,
                    [(index, cell.value, section) for index, cell in enumerate(row.cells, 1)],
                )
            )
            continue
        cells = [
            (index, cell.value, styles.index(align, looks[align], cell.number_format))
            for index, (cell, align) in enumerate(zip(row.cells, aligns, strict=True), start=1)
        ]
        if row.draft is not None:
            cells[row.draft - 1] = (
                row.draft,
                row.cells[row.draft - 1].value,
                styles.index("draft", draft),
            )
        cells += [
            (series + index, cell.value, styles.index("figure", figure, cell.number_format))
            for index, cell in enumerate(row.series)
        ]
        rows.append(Row(number, row.height, cells))
    return rows


def _widths(plan: BoardPlan) -> dict[int, float]:
    widths = {index: column.width for index, column in enumerate(plan.columns, start=1)}
    for offset in range(len(plan.series_headers)):
        widths[plan.series_column + offset] = SERIES_WIDTH
    return widths


def _rag_colours(plan: BoardPlan, styles: Stylesheet) -> list[ValueColours]:
    """Colour RAG cells by their word, so that a later edit of the word recolours the cell."""
    if not plan.body or plan.rag_column is None:
        return []
    cells = range_address(plan.first_row, plan.rag_column, plan.last_row, plan.rag_column)
    return [
        ValueColours(cells, colour.word, styles.add_differential(colour.font, colour.fill))
        for colour in plan.rag_colours
    ]


def _sparklines(plan: BoardPlan) -> tuple[Sparkline, ...]:
    """The board's sparklines, one a measure, drawing the figures beside the table."""
    if plan.sparkline_column is None:
        return ()
    rows = [plan.first_row + n for n, row in enumerate(plan.body) if not row.section]
    return board_sparklines(
        rows, plan.sparkline_column, plan.series_column, len(plan.series_headers)
    )


def board_sparklines(
    rows: list[int], location_column: int, data_column: int, months: int
) -> tuple[Sparkline, ...]:
    """One sparkline a measure's row, drawing that row's months from `data_column` on.

    >>> board_sparklines([5], 19, 24, 12)
    (Sparkline(location='S5', data='X5:AI5'),)
    """
    where, first = column_letter(location_column), column_letter(data_column)
    last = column_letter(data_column + months - 1)
    return tuple(Sparkline(f"{where}{row}", f"{first}{row}:{last}{row}") for row in rows)
