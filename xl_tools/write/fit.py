"""Fitting the board to an A4 landscape page with its text at a readable size.

The board never shrinks its text to fit: where its columns are wider than the page, the
wrapped text columns (the measure, the commentary) narrow, their rows growing taller, and
then the columns fold together (`Fold`, least first). Only where the most folded board is
still a little too wide does it print at a smaller scale, and never below `MIN_SCALE`, so
that 10 point text prints at 9 points or more. Beyond that a column is left off, in
`LEFT_OFF_FIRST` order, and the board's notes say which.

Widths are in Excel's character units: a unit is the width of a digit of the workbook's
standard font (7 pixels for Calibri 11 or Arial 10), and a column takes 5 pixels more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from xl_tools.write import formats
from xl_tools.write.board_columns import SPARKLINE, Column, Fold, sheet_columns
from xl_tools.write.description import BoardCell, Row

# A4 landscape is 842 points wide; the board's margins are 0.4 inches (28.8 points) a side.
# A point is 4/3 of a pixel. A little is kept back for the difference between programs.
PAGE_PIXELS = (842 - 2 * 28.8) * 4 / 3 * 0.985
PIXELS_PER_UNIT, PADDING_PIXELS = 7, 5
MIN_SCALE = 90
SPARKLINE_WIDTH = 11.0
# Text wider than this in a column of figures wraps rather than widening the column.
_FIGURE_COLUMN_CAP = 12.0
_ID_CAP = 8.0
# The columns whose leaving gives room once everything that folds has folded; the figures
# of the months (the sparkline's) stay in the measures sheet.
LEFT_OFF_FIRST = ("ID", SPARKLINE, "Region", "England", "Actual numbers")


@dataclass(frozen=True)
class Fitted:
    """The board's sheet columns as they fit the page.

    Attributes:
        columns: The sheet columns, left to right.
        cells: Each column's cell of each measure.
        widths: Each column's width in character units.
        scale: The print scale in per cent.
        left_off: The board columns left off for want of room.
    """

    columns: tuple[Column, ...]
    cells: tuple[tuple[BoardCell, ...], ...]
    widths: tuple[float, ...]
    scale: int
    left_off: tuple[str, ...] = ()


def fit_columns(names: Sequence[str], records: Sequence[Row]) -> Fitted:
    """Narrow, fold, scale and at last leave off board columns until they fit the page.

    Args:
        names: The board columns to show, in order (`BOARD_COLUMNS` names).
        records: The measures, for the widths their figures need.
    """
    names, left_off = list(names), list[str]()
    worked_out: dict[Column, tuple[tuple[BoardCell, ...], float]] = {}
    while True:
        for fold in Fold:
            fitted = _fitted(_layout(names, records, fold, worked_out), 100, left_off)
            if fitted is not None:
                return fitted
        folded = _layout(names, records, Fold.VALUE, worked_out)
        scale = math.floor(100 * PAGE_PIXELS / _pixels(_narrowest(*folded[::2])))
        leave = next((name for name in LEFT_OFF_FIRST if name in names), None)
        if scale >= MIN_SCALE or leave is None:
            scale = max(scale, MIN_SCALE)
            fitted = _fitted(folded, scale, left_off)
            return fitted or Fitted(*folded[:2], _narrowest(*folded[::2]), scale, tuple(left_off))
        names.remove(leave)
        left_off.append(leave)


Layout = tuple[tuple[Column, ...], tuple[tuple[BoardCell, ...], ...], tuple[float, ...]]


def _fitted(layout: Layout, scale: int, left_off: list[str]) -> Fitted | None:
    """The columns as they fit the page at `scale`, their text columns narrowed as needed;
    None where even the narrowest do not fit."""
    columns, cells, widths = layout
    narrowest = _narrowest(columns, widths)
    spare = PAGE_PIXELS * 100 / scale - _pixels(narrowest)
    if spare < 0:
        return None
    give = [width - narrow for width, narrow in zip(widths, narrowest, strict=True)]
    share = min(1.0, spare / PIXELS_PER_UNIT / sum(give)) if sum(give) else 0.0
    fitted = tuple(
        math.floor((narrow + share * extra) * 10) / 10
        for narrow, extra in zip(narrowest, give, strict=True)
    )
    return Fitted(columns, cells, fitted, scale, tuple(left_off))


def _narrowest(columns: Sequence[Column], widths: Sequence[float]) -> tuple[float, ...]:
    """Each column's narrowest width: a text column's least, any other's own."""
    return tuple(
        column.wrap[1] if column.wrap else width
        for column, width in zip(columns, widths, strict=True)
    )


def _layout(
    names: list[str],
    records: Sequence[Row],
    fold: Fold,
    worked_out: dict[Column, tuple[tuple[BoardCell, ...], float]],
) -> Layout:
    """The columns folded so, their cells, and their widths with text at its widest.

    Each column's cells and width are worked out once, into `worked_out`: most columns
    are the same in every fold.
    """
    columns = tuple(sheet_columns(tuple(names), fold))
    for column in columns:
        if column not in worked_out:
            cells = tuple(column.cell(record) for record in records)
            worked_out[column] = cells, _width(column, cells)
    return (
        columns,
        tuple(worked_out[column][0] for column in columns),
        tuple(worked_out[column][1] for column in columns),
    )


def _width(column: Column, cells: Sequence[BoardCell]) -> float:
    if column.header == SPARKLINE:
        return SPARKLINE_WIDTH
    if column.wrap is not None:
        return column.wrap[0]
    cap = _ID_CAP if column.header == "ID" else _FIGURE_COLUMN_CAP
    # A cell of several lines is as wide as its widest line.
    shown = [(_widest_line(cell.value), cell.number_format) for cell in cells]
    return formats.column_width(column.header, shown, cap)


def _widest_line(value: object) -> object:
    if isinstance(value, str) and "\n" in value:
        return max(value.split("\n"), key=len)
    return value


def _pixels(widths: Sequence[float]) -> float:
    return sum(width * PIXELS_PER_UNIT + PADDING_PIXELS for width in widths)
