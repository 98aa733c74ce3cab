"""Where the Excel buttons go on an officer's measures sheet: at its top, clear of what is there.

The buttons sit side by side at the top of the sheet, as on the template, the size of the
template's (128 by 34 pixels). Where the rows above the table's header row are too low for
that, they are as tall as those rows allow, down to 20 pixels; a table whose headers are
in its first row leaves no room above it, and the buttons then cover its first rows.

Across, they take the first gap, from the left, wide enough for them all that nothing in
the rows they cover reaches into: a cell's text (a title runs on past its cell, so the
length of its text counts, at its font's size), merged cells, pictures, charts and shapes,
notes shown and other form controls, and the table itself where the buttons reach its
rows, with room kept for the columns a build adds at its right.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from xl_tools.package import Sheet, Workbook
from xl_tools.package.grid import Box, Grid, object_boxes
from xl_tools.package.vml import shape_boxes

BUTTON_WIDTH, BUTTON_HEIGHT = 128, 34  # pixels, as the template's buttons
LOWEST = 20  # the lowest a button is made to fit above the headers
GAP = 8  # between buttons, and between a button and anything beside it
MARGIN = 2  # above and below the buttons
# Pixels a character of text takes, a point of its font's size: a generous average of
# Calibri's letters at 96 dots an inch, so that a title's end is never covered.
CHARACTER_WIDTH = 0.6
BOLD_WIDER = 1.1
DEFAULT_POINTS = 11.0


@dataclass(frozen=True)
class TableTop:
    """Where the measures table starts, as far as the buttons need to know.

    Attributes:
        header_row: The row of its headers.
        last_column: Its right-most header's column.
        columns_to_add: How many columns a build will add at its right.
    """

    header_row: int
    last_column: int
    columns_to_add: int


def button_boxes(book: Workbook, sheet: Sheet, table: TableTop, count: int) -> list[Box]:
    """Where `count` buttons go on the measures sheet, left to right.

    Args:
        book: The workbook, before the buttons are added.
        sheet: The measures sheet.
        table: Where the table starts.
        count: How many buttons.
    """
    assert sheet.part is not None  # the measures sheet, read
    grid = Grid(book.package.xml(sheet.part))
    above = grid.row_top(table.header_row) - 2 * MARGIN
    height = min(BUTTON_HEIGHT, above) if above >= LOWEST else BUTTON_HEIGHT
    band = (MARGIN, MARGIN + height)
    last_row, _ = grid.row_at(band[1])
    spans = [
        (box.left, box.right)
        for box in (*object_boxes(book, sheet, grid), *shape_boxes(book, sheet, grid))
        if box.top < band[1] and box.bottom > band[0]
    ]
    spans += list(_text_spans(book, sheet, grid, last_row))
    if last_row >= table.header_row:
        end = table.last_column + table.columns_to_add
        spans.append((0, grid.column_left(end + 1)))
    left = first_gap(spans, count * BUTTON_WIDTH + (count - 1) * GAP)
    return [
        Box(left + place * (BUTTON_WIDTH + GAP), band[0], BUTTON_WIDTH, height)
        for place in range(count)
    ]


def first_gap(spans: list[tuple[int, int]], width: int) -> int:
    """The left-most place, from `GAP`, for `width` pixels that keeps `GAP` clear of spans.

    >>> first_gap([], 100), first_gap([(0, 300)], 100), first_gap([(0, 50), (300, 400)], 100)
    (8, 308, 58)
    >>> first_gap([(0, 50), (120, 400)], 100)
    408
    """
    x = GAP
    for left, right in sorted(spans):
        if left - GAP >= x + width:
            break
        x = max(x, right + GAP)
    return x


def _text_spans(
    book: Workbook, sheet: Sheet, grid: Grid, last_row: int
) -> Iterator[tuple[int, int]]:
    """How far across each filled cell of the first rows reaches, its text included."""
    assert sheet.part is not None
    styles = book.styles
    rows = book.cell_reader().rows_of(book.package.xml(sheet.part), last_row=last_row)
    for _, cells in rows:
        for column, value, style, _ in cells:
            if value is None or value == "":
                continue
            left, width = grid.column_left(column), grid.column_width(column)
            if isinstance(value, str) and not styles.wraps(style):
                font = styles.font(style)
                longest = max(len(line) for line in value.splitlines())
                pixels = longest * (font.size or DEFAULT_POINTS) * CHARACTER_WIDTH
                width = max(width, math.ceil(pixels * (BOLD_WIDER if font.bold else 1)))
            yield left, left + width
