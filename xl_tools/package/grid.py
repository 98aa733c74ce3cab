"""Where a worksheet's cells lie on screen, in pixels, and what is drawn over them.

Excel places a drawn object (a button, a picture, a chart) by the cell its corners fall in
and an offset in pixels from that cell's edge, so placing one needs the sheet's grid: each
column's width and each row's height as Excel shows them at 100% zoom. Widths are counted
in the default font's widest digit, taken as Calibri 11's 7 pixels; a row with no height
of its own has the sheet's default one (Excel grows a row for a large font, which this
does not know: an object anchored there stretches with it).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from xl_tools.package.workbook import Sheet, Workbook
from xl_tools.package.xml import Element, find, main, qname
from xl_tools.references import parse_range

DIGIT_WIDTH = 7  # pixels of the widest digit of Calibri 11, which column widths count in
POINTS_PER_PIXEL = 0.75
EMU_PER_PIXEL = 9525
_DEFAULT_ROW_POINTS = 15.0
_DEFAULT_BASE_WIDTH = 8
DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
_SPREADSHEET_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_ANCHORS = ("twoCellAnchor", "oneCellAnchor", "absoluteAnchor")


@dataclass(frozen=True)
class Box:
    """A rectangle on the sheet, in pixels from its top-left corner.

    >>> Box(10, 20, 30, 40).right, Box(10, 20, 30, 40).bottom
    (40, 60)
    """

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class Anchor:
    """A box as Excel anchors it: the 0-based column and row of each corner, and the
    offsets in pixels from those cells' left and top edges."""

    column: int
    x: int
    row: int
    y: int
    end_column: int
    end_x: int
    end_row: int
    end_y: int


class Grid:
    """A worksheet's columns and rows, in pixels.

    Args:
        root: The ``worksheet`` element.

    >>> from xl_tools.package.xml import parse, MAIN
    >>> grid = Grid(parse(f'<worksheet xmlns="{MAIN}"><cols><col min="2" max="2" '
    ...                   f'width="20.7109375"/></cols><sheetData><row r="2" ht="30"/>'
    ...                   f'</sheetData></worksheet>'.encode()))
    >>> grid.column_left(3), grid.row_top(3)
    (209, 60)
    >>> grid.anchor(Box(100, 30, 128, 34))
    Anchor(column=1, x=36, row=1, y=10, end_column=2, end_x=19, end_row=2, end_y=4)
    """

    def __init__(self, root: Element) -> None:
        layout = find(root, "sheetFormatPr")
        attributes = {} if layout is None else layout.attrib
        if "defaultColWidth" in attributes:
            self._column = _width_pixels(_number(attributes["defaultColWidth"], 8.43))
        else:
            base = _number(attributes.get("baseColWidth"), _DEFAULT_BASE_WIDTH)
            # Excel rounds a default width up to a multiple of 8 pixels.
            self._column = math.ceil((base * DIGIT_WIDTH + 5) / 8) * 8
        self._row = points_pixels(_number(attributes.get("defaultRowHeight"), _DEFAULT_ROW_POINTS))
        # (first, last, pixels) of each run of columns given a width or hidden.
        self._columns: list[tuple[int, int, int]] = []
        self._widths: dict[int, float] = {}
        cols = find(root, "cols")
        for item in () if cols is None else cols.iterchildren(main("col")):
            width = _number(item.get("width"), 0.0)
            hidden = item.get("hidden") in ("1", "true")
            first, last = int(_number(item.get("min"), 0)), int(_number(item.get("max"), 0))
            self._columns.append((first, last, 0 if hidden else _width_pixels(width)))
            if not hidden and item.get("width") is not None and last - first < 256:
                self._widths.update(dict.fromkeys(range(first, last + 1), width))
        self._rows: dict[int, int] = {}
        data = find(root, "sheetData")
        for item in () if data is None else data.iterchildren(main("row")):
            number = int(_number(item.get("r"), 0))
            if item.get("hidden") in ("1", "true"):
                self._rows[number] = 0
            elif item.get("ht") is not None:
                self._rows[number] = points_pixels(_number(item.get("ht"), 15.0))

    @property
    def widths(self) -> dict[int, float]:
        """The widths the sheet gives its columns, as it gives them (in Excel's character
        units), by column: for a copy of the sheet."""
        return dict(self._widths)

    def column_width(self, column: int) -> int:
        """A column's width in pixels (1-based)."""
        for first, last, pixels in self._columns:
            if first <= column <= last:
                return pixels
        return self._column

    def row_height(self, row: int) -> int:
        """A row's height in pixels (1-based)."""
        return self._rows.get(row, self._row)

    def column_left(self, column: int) -> int:
        """The left edge of a column (1-based), in pixels."""
        return sum(self.column_width(c) for c in range(1, column))

    def row_top(self, row: int) -> int:
        """The top edge of a row (1-based), in pixels."""
        return sum(self.row_height(r) for r in range(1, row))

    def cells(self, first_row: int, first_column: int, last_row: int, last_column: int) -> Box:
        """The box a range of cells covers."""
        left, top = self.column_left(first_column), self.row_top(first_row)
        right = self.column_left(last_column + 1)
        return Box(left, top, right - left, self.row_top(last_row + 1) - top)

    def column_at(self, x: int) -> tuple[int, int]:
        """The column (1-based) that `x` falls in, and `x`'s offset from its left edge."""
        column, left = 1, 0
        while left + self.column_width(column) <= x:
            left += self.column_width(column)
            column += 1
        return column, x - left

    def row_at(self, y: int) -> tuple[int, int]:
        """The row (1-based) that `y` falls in, and `y`'s offset from its top edge."""
        row, top = 1, 0
        while top + self.row_height(row) <= y:
            top += self.row_height(row)
            row += 1
        return row, y - top

    def anchor(self, box: Box) -> Anchor:
        """How Excel anchors a box: by the cells its corners fall in."""
        column, x = self.column_at(box.left)
        row, y = self.row_at(box.top)
        end_column, end_x = self.column_at(box.right)
        end_row, end_y = self.row_at(box.bottom)
        return Anchor(column - 1, x, row - 1, y, end_column - 1, end_x, end_row - 1, end_y)

    def box(self, anchor: Anchor) -> Box:
        """The box an anchor holds."""
        left = self.column_left(anchor.column + 1) + anchor.x
        top = self.row_top(anchor.row + 1) + anchor.y
        right = self.column_left(anchor.end_column + 1) + anchor.end_x
        bottom = self.row_top(anchor.end_row + 1) + anchor.end_y
        return Box(left, top, max(right - left, 0), max(bottom - top, 0))


def points_pixels(points: float) -> int:
    """A length in points as pixels at 96 dots an inch.

    >>> points_pixels(15)
    20
    """
    return round(points / POINTS_PER_PIXEL)


def object_boxes(book: Workbook, sheet: Sheet, grid: Grid) -> list[Box]:
    """Where a worksheet's merged cells and its pictures, charts and shapes lie."""
    if sheet.part is None:
        return []
    boxes = list(merged_boxes(book.package.xml(sheet.part), grid))
    for rel in book.package.relationships(sheet.part).of_type(DRAWING):
        if rel.part is not None and book.package.has(rel.part):
            boxes.extend(drawing_boxes(book.package.xml(rel.part), grid))
    return boxes


def merged_boxes(root: Element, grid: Grid) -> Iterator[Box]:
    """The box of each range of merged cells of a worksheet."""
    merged = find(root, "mergeCells")
    for item in () if merged is None else merged.iterchildren(main("mergeCell")):
        bounds = parse_range(item.get("ref", ""))
        if bounds is not None:
            yield grid.cells(*bounds)


def drawing_boxes(drawing: Element, grid: Grid) -> Iterator[Box]:
    """The box of each picture, chart or shape of a drawing part (DrawingML)."""
    for kind in _ANCHORS:
        for anchor in drawing.iter(qname(_SPREADSHEET_DRAWING, kind)):
            box = _drawing_box(anchor, kind, grid)
            if box is not None:
                yield box


def _drawing_box(anchor: Element, kind: str, grid: Grid) -> Box | None:
    if kind == "absoluteAnchor":
        position, size = _child(anchor, "pos"), _child(anchor, "ext")
        if position is None or size is None:
            return None
        return Box(
            _emu(position.get("x")),
            _emu(position.get("y")),
            _emu(size.get("cx")),
            _emu(size.get("cy")),
        )
    start = _corner(_child(anchor, "from"), grid)
    if start is None:
        return None
    if kind == "oneCellAnchor":
        size = _child(anchor, "ext")
        if size is None:
            return None
        return Box(start[0], start[1], _emu(size.get("cx")), _emu(size.get("cy")))
    end = _corner(_child(anchor, "to"), grid)
    if end is None:
        return None
    return Box(start[0], start[1], max(end[0] - start[0], 0), max(end[1] - start[1], 0))


def _corner(corner: Element | None, grid: Grid) -> tuple[int, int] | None:
    """A DrawingML anchor's corner (``xdr:from``, ``xdr:to``) in pixels."""
    if corner is None:
        return None
    values = {}
    for name in ("col", "colOff", "row", "rowOff"):
        part = _child(corner, name)
        if part is None:
            return None
        values[name] = int(_number(part.text, 0))
    x = grid.column_left(values["col"] + 1) + values["colOff"] // EMU_PER_PIXEL
    y = grid.row_top(values["row"] + 1) + values["rowOff"] // EMU_PER_PIXEL
    return x, y


def _child(parent: Element, local: str) -> Element | None:
    return parent.find(qname(_SPREADSHEET_DRAWING, local))


def _emu(text: str | None) -> int:
    return int(_number(text, 0)) // EMU_PER_PIXEL


def _width_pixels(width: float) -> int:
    """A column's stored width (in digits, padding included) in pixels (ECMA-376 18.3.1.13)."""
    return math.trunc((256 * width + math.trunc(128 / DIGIT_WIDTH)) / 256 * DIGIT_WIDTH)


def _number(text: str | None, default: float) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default
