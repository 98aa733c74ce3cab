"""A sheet's cells written straight as XML, for a sheet the tool draws whole (the board).

openpyxl makes an object of every cell and writes each through a general serialiser; the
board's few thousand cells are plain text and numbers whose styles are known in advance,
so they are rendered here as the text openpyxl would write for them, and put into the
sheet's XML as it is saved (`with_cells`). openpyxl still writes everything around the
cells: column widths, frozen panes, conditional formats and print settings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.cell import column_index_from_string

from xl_tools.read.cells import column_letter

CellValue = str | float | None
# What openpyxl writes for a sheet with no cells.
EMPTY_DIMENSION = '<dimension ref="A1:A1" />'
EMPTY_DATA = "<sheetData></sheetData>"


@dataclass(frozen=True)
class SheetRow:
    """One row of cells: its number, its height in points (None: Excel's own) and cells.

    Attributes:
        number: The sheet row, from 1.
        height: The row's height in points, or None to leave it to Excel.
        cells: (column, value, style index) for each cell, left to right; a cell whose
            value is None is written for its style alone (a border, a fill).
    """

    number: int
    height: float | None
    cells: Sequence[tuple[int, CellValue, int]]


@dataclass(frozen=True)
class SheetCells:
    """A sheet's cells as XML, ready to put into the sheet's XML (`with_cells`).

    Attributes:
        data: The ``<sheetData>`` element.
        dimension: The ``<dimension>`` element: the range the cells cover.
    """

    data: str
    dimension: str


def render_rows(rows: Iterable[SheetRow]) -> SheetCells:
    """The rows' cells as the XML openpyxl writes for them (inline text, plain numbers).

    Args:
        rows: The rows, top to bottom.

    >>> rows = [SheetRow(1, 20.0, [(1, "A & B", 3)]), SheetRow(2, None, [(2, 0.5, 0)])]
    >>> cells = render_rows(rows)
    >>> print(cells.dimension)
    <dimension ref="A1:B2" />
    >>> print(cells.data)  # doctest: +NORMALIZE_WHITESPACE
    <sheetData><row r="1" ht="20" customHeight="1"><c r="A1" s="3" t="inlineStr"><is><t>A &amp;
    B</t></is></c></row><row r="2"><c r="B2" t="n"><v>0.5</v></c></row></sheetData>
    """
    texts = ["<sheetData>"]
    letters: dict[int, str] = {}  # each column's letters, worked out once
    ends = []  # each row's first and last cells, for the dimension
    for row in rows:
        height = "" if row.height is None else f' ht="{row.height:.16g}" customHeight="1"'
        texts.append(f'<row r="{row.number}"{height}>')
        for column, value, style in row.cells:
            if value is None and not style:
                continue  # nothing to write, though it counts in the dimension, as openpyxl's
            letter = letters.get(column) or letters.setdefault(column, column_letter(column))
            texts.append(cell_xml(f"{letter}{row.number}", value, style))
        texts.append("</row>")
        if row.cells:
            ends += [(row.number, row.cells[0][0]), (row.number, row.cells[-1][0])]
    texts.append("</sheetData>")
    return SheetCells("".join(texts), dimension(ends))


def cell_xml(reference: str, value: CellValue, style: int = 0) -> str:
    """One cell as openpyxl writes it: text inline, numbers as they are, style by index.

    Text is always text, even when it starts with "=" (DESIGN 6). A number that is not
    finite (no cell can hold one) is written as an empty cell; so are empty text and None.
    Characters XML cannot hold (control characters) are left out.

    >>> cell_xml("B4", " =1+1", 2)
    '<c r="B4" s="2" t="inlineStr"><is><t xml:space="preserve"> =1+1</t></is></c>'
    >>> cell_xml("C4", 1234.5), cell_xml("D4", None, 7), cell_xml("E4", math.inf, 7)
    ('<c r="C4" t="n"><v>1234.5</v></c>', '<c r="D4" s="7" t="n" />', '<c r="E4" s="7" t="n" />')
    """
    head = f'<c r="{reference}" s="{style}"' if style else f'<c r="{reference}"'
    if type(value) is float or type(value) is int:
        if not math.isfinite(value):
            return f'{head} t="n" />'
        return f'{head} t="n"><v>{value:.16g}</v></c>'
    if value is None:
        return f'{head} t="n" />'
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if not text:
        return f'{head} t="inlineStr" />'
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f'{head} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def with_cells(xml: str, cells: SheetCells) -> str:
    """A sheet's XML, as openpyxl wrote it with no cells, with `cells` put in.

    Raises:
        ValueError: The XML is not that of a sheet with no cells.

    >>> empty = f"<worksheet>{EMPTY_DIMENSION}{EMPTY_DATA}</worksheet>"
    >>> print(with_cells(empty, render_rows([SheetRow(2, None, [(1, 1.0, 0)])])))
    ... # doctest: +NORMALIZE_WHITESPACE
    <worksheet><dimension ref="A2:A2" /><sheetData><row r="2"><c r="A2"
    t="n"><v>1</v></c></row></sheetData></worksheet>
    """
    if xml.count(EMPTY_DATA) != 1 or xml.count(EMPTY_DIMENSION) != 1:
        raise ValueError("expected the XML of a worksheet with no cells")
    return xml.replace(EMPTY_DIMENSION, cells.dimension).replace(EMPTY_DATA, cells.data)


def with_added_cells(
    xml: str, added: Mapping[int, Sequence[tuple[int, CellValue, int]]], extent: str
) -> str:
    """A sheet's XML, as openpyxl wrote it, with more cells put in their rows.

    Each cell goes where openpyxl would have written it: in its row among the others by
    column, or in a row of its own where the row has none. The sheet must have no cell
    already where one is added.

    Args:
        xml: The sheet's XML.
        added: By row, (column, value, style index) of each cell to add (see `SheetRow`).
        extent: The sheet's ``<dimension>`` with the cells added (`dimension`).

    >>> xml = ('<worksheet><dimension ref="A2:C2" /><sheetData><row r="2"><c r="A2" t="n">'
    ...        '<v>1</v></c><c r="C2" t="n"><v>3</v></c></row></sheetData></worksheet>')
    >>> added = {2: [(2, 2.0, 0)], 4: [(1, "four", 0)]}
    >>> print(with_added_cells(xml, added, dimension([(2, 1), (2, 3), (4, 1)])))
    ... # doctest: +NORMALIZE_WHITESPACE
    <worksheet><dimension ref="A2:C4" /><sheetData><row r="2"><c r="A2" t="n"><v>1</v></c><c
    r="B2" t="n"><v>2</v></c><c r="C2" t="n"><v>3</v></c></row><row r="4"><c r="A4"
    t="inlineStr"><is><t>four</t></is></c></row></sheetData></worksheet>
    """
    rows = {
        # As openpyxl: a cell with neither value nor style is not written, but its row is.
        number: [
            (c, cell_xml(f"{column_letter(c)}{number}", v, s))
            for c, v, s in sorted(cells)
            if v is not None or s
        ]
        for number, cells in added.items()
        if cells
    }
    if not rows:
        return xml
    start, end = xml.index("<sheetData"), xml.index("</sheetData>")
    if xml.startswith("<sheetData />", start):  # openpyxl's own writer, with no rows
        xml = f"{xml[:start]}<sheetData></sheetData>{xml[start + 13 :]}"
        start, end = start, start + 11
    pieces, done, pending = [], 0, sorted(rows)
    for match in _ROW.finditer(xml, start, end):
        number = int(match[1])
        pieces.append(xml[done : match.start()])
        pieces += [_new_row(row, rows[row]) for row in pending if row < number]
        pending = [row for row in pending if row > number]
        if number not in rows:
            done = match.start()
            continue
        if match[2]:  # a row with nothing in it: <row ... />
            pieces.append(f"{match[0][:-2].rstrip()}>{_merged('', rows[number])}</row>")
            done = match.end()
            continue
        close = xml.index("</row>", match.end())
        pieces += [match[0], _merged(xml[match.end() : close], rows[number])]
        done = close
    pieces.append(xml[done:end])
    pieces += [_new_row(row, rows[row]) for row in pending]
    pieces.append(xml[end:])
    return _DIMENSION.sub(extent, "".join(pieces), count=1)


_ROW = re.compile(r'<row r="(\d+)"[^>]*?(/)?>')
_CELL = re.compile(r'<c r="([A-Z]+)\d+"')
_DIMENSION = re.compile(r"<dimension [^>]*/>")


def _new_row(number: int, cells: list[tuple[int, str]]) -> str:
    return f'<row r="{number}">{"".join(text for _, text in cells)}</row>'


def _merged(row: str, cells: list[tuple[int, str]]) -> str:
    """A row's cells (its XML) with `cells` put in among them by column."""
    pieces, done = [], 0
    todo = list(cells)
    for match in _CELL.finditer(row):
        # Up to this cell, then the cells added that come before it.
        pieces.append(row[done : match.start()])
        done = match.start()
        column = column_index_from_string(match[1])
        while todo and todo[0][0] < column:
            pieces.append(todo.pop(0)[1])
    pieces.append(row[done:])
    pieces += [text for _, text in todo]
    return "".join(pieces)


def dimension(places: Iterable[tuple[int, int]]) -> str:
    """The ``<dimension>`` element of a sheet whose cells are at `places` (row, column).

    As openpyxl works it out: every cell counts, even one with nothing to write.

    >>> dimension([(2, 3), (14, 1)]), dimension([])
    ('<dimension ref="A2:C14" />', '<dimension ref="A1:A1" />')
    """
    rows, columns = set(), set()
    for row, column in places:
        rows.add(row)
        columns.add(column)
    if not rows:
        return EMPTY_DIMENSION
    first, last = column_letter(min(columns)), column_letter(max(columns))
    return f'<dimension ref="{first}{min(rows)}:{last}{max(rows)}" />'


def escape(text: str) -> str:
    """Text escaped as XML character data, as openpyxl's serialiser escapes it.

    >>> escape("a < b & c")
    'a &lt; b &amp; c'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
