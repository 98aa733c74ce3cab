"""Render the writing plans into an open workbook through xlwings, in as few calls as it takes.

The same plans as the file back end (`xl_tools.write.plan`) are drawn here; nothing is
decided anew. Every call to a range is a round trip to Excel, so values go in one block a
contiguous area, number formats one call a rectangle that shares one, and styles one call
for the whole range they apply to.

What xlwings offers on every engine is used, and beyond it only the board's print setup:
its orientation, fit to width, repeated header row and footer are not in xlwings' API, so
desktop Excel on Windows gets them through its own object model (`set_page_setup`) and
every other engine (xlwings Lite, xlwings Server, Excel on a Mac) leaves the board with
Excel's default page setup and a print area. Excel fits the rows' heights itself, where
the file back end has to give them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from xl_tools.excel.page_setup import set_page_setup
from xl_tools.model import Layout, Unit
from xl_tools.package.numbers import is_percent_format
from xl_tools.references import cell_address
from xl_tools.write.description import NEW_COLUMN_WIDTH, BoardPlan, CellValue, ColumnPlan
from xl_tools.write.formats import GENERAL, value_format

if TYPE_CHECKING:
    import xlwings as xw

    from xl_tools.read.cells import SheetCells
    from xl_tools.write.comparators import ComparatorCells

# (first row, first column, last row, last column, number format), all 1-based.
Block = tuple[int, int, int, int, str]
# Characters Excel might read as a formula, a number or a date rather than as text.
_FORMULA_START = ("=", "+", "-", "@")


def as_text(value: CellValue) -> CellValue:
    """A plan's value as it must be sent to Excel, so that text stays text (DESIGN 6).

    Excel reads a string written to a cell as if typed: ``=A1`` becomes a formula and
    ``1,234 / 4,316`` may become a number or a date. A leading apostrophe, which Excel
    does not show or keep in the value, makes it text.

    >>> as_text("=SUM(A1)"), as_text("19 / 50"), as_text("Red"), as_text(0.22)
    ("'=SUM(A1)", "'19 / 50", 'Red', 0.22)
    """
    if isinstance(value, str) and (
        value.startswith(_FORMULA_START) or not any(char.isalpha() for char in value)
    ):
        return "'" + value
    return value


def write_measure_columns(sheet: xw.Sheet, plans: Sequence[ColumnPlan], layout: Layout) -> None:
    """Fill the computed columns of the measures sheet: values, then number formats.

    New columns get their header, the look of the table's Measure header (copied in one
    call) and a width; columns found from an earlier run are overwritten in place.
    """
    new = {plan.column: plan.header for plan in plans if plan.is_new}
    if new:
        _write_new_headers(sheet, new, layout)
    cells = {
        (row, plan.column): (value, number_format)
        for plan in plans
        for row, value, number_format in zip(
            plan.rows, plan.values, plan.number_formats, strict=True
        )
    }
    write_values(sheet, {where: value for where, (value, _) in cells.items()})
    write_formats(sheet, cells)


def write_comparator_cells(
    sheet: xw.Sheet, cells: ComparatorCells, layout: Layout, formats: SheetCells | None
) -> None:
    """Write DfE's published comparators into the measures sheet, the rows filled only.

    The rules of the file back end (`xl_tools.write.xlsx.write_comparator_cells`): a
    percentage goes in as a fraction where its cell, or else the row's Value cell, is
    formatted as a percentage (and then takes the Value cell's format), and in points
    otherwise; a new column gets a header with the look of the Measure header. Values go
    in one block a run of neighbouring rows, formats one call a rectangle.

    Args:
        sheet: The measures sheet.
        cells: The cells to write (`xl_tools.write.comparators.plan_comparator_cells`).
        layout: Where the measures table sits.
        formats: The measures sheet as read, for its cells' number formats; None where the
            engine gives none (xlwings' remote engine). A blank cell's own format is known
            only where its whole column shares one (the reader asks no more of a cell
            without a figure), so elsewhere the Value cell's decides. Without formats a
            percentage goes in as Excel keeps one, a fraction, with the format the board
            gives a figure of its size (``0%``, or ``0.0%`` where it has a decimal), so
            that it shows as a percentage whatever the cell's format was.
    """
    if not cells.rows:
        return
    new = {column.column: column.header for column in cells.columns if column.is_new}
    if new:
        _write_new_headers(sheet, new, layout)
    values: dict[tuple[int, int], CellValue] = {}
    number_formats: dict[tuple[int, int], tuple[CellValue, str]] = {}
    for filled in cells.rows:
        for field, figure in filled.figures.items():
            where = (filled.row, cells.column(field))
            code = None
            if filled.percent and figure is not None:
                figure, code = _percentage(figure, where, cells.value_column, formats)
            values[where] = figure
            if code is not None:
                number_formats[where] = (figure, code)
        values[filled.row, cells.column("comparator_source")] = filled.source
    write_values(sheet, values)
    write_formats(sheet, number_formats)


def _percentage(
    points: float, where: tuple[int, int], value_column: int | None, formats: SheetCells | None
) -> tuple[float, str | None]:
    """A published percentage as its cell takes it, and the format to give the cell (None to
    keep its own)."""
    if formats is None:
        return _fraction(points), value_format(points, Unit.PERCENT)
    if is_percent_format(formats.number_format(*where)):
        return _fraction(points), None
    row, _ = where
    value_code = GENERAL if value_column is None else formats.number_format(row, value_column)
    if is_percent_format(value_code):
        return _fraction(points), value_code
    return points, None


def _fraction(points: float) -> float:
    """A percentage in points as a fraction, without the noise of dividing, as the file
    back end writes it.

    >>> 22.4 / 100, _fraction(22.4)
    (0.22399999999999998, 0.224)
    """
    # Ten places keep every digit of a published percentage (one decimal place in points).
    return round(points / 100, 10)


def write_board(book: xw.Book, plan: BoardPlan) -> xw.Sheet:
    """Replace the board sheet with a new one drawn from `plan`, in the old one's place.

    Returns:
        The new board sheet, made the active one so that the officer sees it.
    """
    sheet = replace_sheet(book, plan.sheet)
    width = len(plan.columns)
    lines: list[CellValue] = [plan.title, plan.notes, *plan.summary]
    grid: list[list[CellValue]] = [
        *([line, *[None] * (width - 1)] for line in lines),
        [None] * width,
        [column.header for column in plan.columns],
        *([cell.value for cell in row.cells] for row in plan.body),
    ]
    everything = sheet.range((plan.title_row, 1), (plan.last_row, width))
    everything.value = [[as_text(value) for value in row] for row in grid]
    _style_board(sheet, plan)
    write_formats(
        sheet,
        {
            (row_number, column): (cell.value, cell.number_format)
            for row_number, row in enumerate(plan.body, start=plan.first_row)
            for column, cell in enumerate(row.cells, start=1)
            if not row.section
        },
    )
    _set_widths(sheet, [column.width for column in plan.columns])
    _set_heights(sheet, plan)
    _add_rag_rules(sheet, plan)
    sheet.freeze_panes.freeze_at(cell_address(*plan.freeze))
    sheet.page_setup.print_area = everything.address
    set_page_setup(sheet, plan)
    sheet.activate()
    return sheet


def _set_heights(sheet: xw.Sheet, plan: BoardPlan) -> None:
    """The notes and summary, merged across the table row by row, get the plan's heights (one
    call a run of equal heights); Excel fits the table's rows to their wrapped text itself."""
    width = len(plan.columns)
    heights = [plan.notes_height, *plan.summary_heights]
    if width > 1:
        sheet.range((plan.notes_row, 1), (plan.header_row - 2, width)).merge(across=True)
    first = 0
    for index in range(1, len(heights) + 1):
        if index == len(heights) or heights[index] != heights[first]:
            rows = sheet.range((plan.notes_row + first, 1), (plan.notes_row + index - 1, 1))
            rows.row_height = heights[first]
            first = index
    sheet.range((plan.header_row, 1), (plan.last_row, width)).rows.autofit()


def format_blocks(cells: dict[tuple[int, int], tuple[CellValue, str]]) -> list[Block]:
    """Cover the cells with rectangles that each share one number format.

    A blank cell shows no format, so it joins whichever run it sits in; a run of blanks
    only is given General. Runs down a column are joined across neighbouring columns that
    have the very same run.

    Args:
        cells: Each cell's (value, number format), by (row, column).

    >>> format_blocks({(4, 1): (1.0, "0%"), (5, 1): (None, "General"), (6, 1): (2.0, "0%"),
    ...                (4, 2): (1.0, "0%"), (5, 2): (None, "General"), (6, 2): (3.0, "0%"),
    ...                (7, 2): (4.0, "0.0")})
    [(4, 1, 6, 2, '0%'), (7, 2, 7, 2, '0.0')]
    """
    by_run: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for column in sorted({column for _, column in cells}):
        rows = sorted(row for row, c in cells if c == column)
        for first, last, code in _runs([(row, *cells[row, column]) for row in rows]):
            by_run[first, last, code].append(column)
    blocks = [
        (first, left, last, right, code)
        for (first, last, code), columns in by_run.items()
        for left, right in _spans(columns)
    ]
    return sorted(blocks, key=lambda block: (block[1], block[0]))


def _runs(column: list[tuple[int, CellValue, str]]) -> Iterable[tuple[int, int, str]]:
    """Contiguous rows of one column sharing a format, blanks joining the run they are in."""
    run: tuple[int, int, str | None] | None = None
    for row, value, number_format in column:
        own = None if value is None else number_format
        if run is not None:
            first, last, code = run
            if row == last + 1 and (own is None or code in (None, own)):
                run = (first, row, code or own)
                continue
            yield first, last, code or GENERAL
        run = (row, row, own)
    if run is not None:
        yield run[0], run[1], run[2] or GENERAL


def _spans(numbers: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) spans.

    >>> _spans([3, 4, 5, 8, 10, 11])
    [(3, 5), (8, 8), (10, 11)]
    """
    spans: list[list[int]] = []
    for number in sorted(numbers):
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    return [(first, last) for first, last in spans]


def write_values(sheet: xw.Sheet, values: dict[tuple[int, int], CellValue]) -> None:
    """Write cells' values (None empties a cell), one write a rectangle of neighbouring cells."""
    for first, left, last, right, _ in format_blocks(
        {where: (value, "") for where, value in values.items()}
    ):
        grid = [
            [as_text(values[row, column]) for column in range(left, right + 1)]
            for row in range(first, last + 1)
        ]
        sheet.range((first, left), (last, right)).value = grid


def write_formats(sheet: xw.Sheet, cells: dict[tuple[int, int], tuple[CellValue, str]]) -> None:
    """Give cells their number formats, one call a rectangle sharing one (`format_blocks`)."""
    for first, left, last, right, code in format_blocks(cells):
        sheet.range((first, left), (last, right)).number_format = code


def _write_new_headers(sheet: xw.Sheet, headers: dict[int, str], layout: Layout) -> None:
    """New columns' headers (by column) with the look of the Measure header, and a width."""
    model = sheet.range((layout.header_row, layout.columns.get("measure", layout.last_column)))
    for left, right in _spans(headers):
        cells = sheet.range((layout.header_row, left), (layout.header_row, right))
        model.copy(cells)
        cells.value = [[headers[column] for column in range(left, right + 1)]]
        cells.column_width = column_width(sheet.book, NEW_COLUMN_WIDTH)


def replace_sheet(book: xw.Book, name: str) -> xw.Sheet:
    """A new, empty sheet of the name in place of the one there, or after the last sheet."""
    names = [sheet.name for sheet in book.sheets]
    position = names.index(name) if name in names else len(names)
    if name in names:
        book.sheets[position].delete()
    # "after" rather than "before": xlwings' remote engine puts a sheet added before the
    # n-th sheet (n > 1) one place too early.
    if position == 0:
        return book.sheets.add(name, before=book.sheets[0])
    return book.sheets.add(name, after=book.sheets[position - 1])


def _style_board(sheet: xw.Sheet, plan: BoardPlan) -> None:
    style, width = plan.style, len(plan.columns)
    everything = sheet.range((plan.title_row, 1), (plan.last_row, width))
    everything.font.name = style.font_name
    everything.font.size = style.font_size
    everything.font.color = "#" + style.text_font
    everything.vertical_alignment = "top"
    title = sheet.range((plan.title_row, 1))
    title.font.bold = True
    title.font.size = style.title_size
    title.font.color = "#" + style.title_font
    sheet.range((plan.notes_row, 1), (plan.header_row - 1, width)).wrap_text = True
    table = sheet.range((plan.header_row, 1), (plan.last_row, width))
    table.wrap_text = True
    table.borders.set("all", line_style="continuous", color="#" + style.border)
    header = sheet.range((plan.header_row, 1), (plan.header_row, width))
    header.color = "#" + style.header_fill
    header.font.bold = True
    header.font.color = "#" + style.header_font
    header.horizontal_alignment = "center"
    header.vertical_alignment = "center"
    for row_number, row in enumerate(plan.body, start=plan.first_row):
        if row.section:
            heading = sheet.range((row_number, 1), (row_number, width))
            heading.color = "#" + style.section_fill
            heading.font.bold = True
    drafts = [
        (number, row.draft) for number, row in enumerate(plan.body, plan.first_row) if row.draft
    ]
    for column in {column for _, column in drafts}:
        for first, last in _spans(number for number, c in drafts if c == column):
            draft = sheet.range((first, column), (last, column))
            draft.font.italic = True
            draft.font.color = "#" + style.draft_font
    if plan.body:
        for column, board_column in enumerate(plan.columns, start=1):
            if board_column.align != "general":
                body = sheet.range((plan.first_row, column), (plan.last_row, column))
                body.horizontal_alignment = board_column.align  # type: ignore[assignment]


def _set_widths(sheet: xw.Sheet, widths: Sequence[float]) -> None:
    """One call a run of neighbouring columns of the same width."""
    column = 1
    while column <= len(widths):
        last = column
        while last < len(widths) and widths[last] == widths[column - 1]:
            last += 1
        columns = sheet.range((1, column), (1, last))
        columns.column_width = column_width(sheet.book, widths[column - 1])
        column = last + 1


def column_width(book: xw.Book, characters: float) -> float:
    """A width in Excel's character units, in the unit the book's engine takes.

    Desktop Excel takes characters; the remote engine and xlwings Lite take points. A
    character of the default font (Calibri 11) is 7 pixels, plus 5 pixels of padding,
    and a pixel is three quarters of a point.
    """
    if book.app.engine.name != "remote":
        return characters
    return round((characters * 7 + 5) * 0.75, 2)


def _add_rag_rules(sheet: xw.Sheet, plan: BoardPlan) -> None:
    """Colour RAG cells by their word, so that a later edit of the word recolours the cell."""
    if not plan.body or plan.rag_column is None:
        return
    cells = sheet.range((plan.first_row, plan.rag_column), (plan.last_row, plan.rag_column))
    for colour in plan.rag_colours:
        cells.conditional_formats.add_cell_value(
            "equal_to",
            f'"{colour.word}"',
            fill_color="#" + colour.fill,
            font_color="#" + colour.font,
        )
