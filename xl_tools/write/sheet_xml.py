"""A sheet's cells written straight as XML, for a sheet the tool draws whole (the board).

openpyxl makes an object of every cell and writes each through a general serialiser; the
board's few thousand cells are plain text and numbers whose styles are known in advance,
so they are rendered here as the text openpyxl would write for them, and put into the
sheet's XML as it is saved (`with_cells`). openpyxl still writes everything around the
cells: column widths, frozen panes, conditional formats and print settings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

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
    last_row = last_column = 0
    first_row = first_column = None
    for row in rows:
        height = "" if row.height is None else f' ht="{row.height:.16g}" customHeight="1"'
        texts.append(f'<row r="{row.number}"{height}>')
        for column, value, style in row.cells:
            first_column = column if first_column is None else min(first_column, column)
            last_column = max(last_column, column)
            if value is None and not style:
                continue  # nothing to write, though it counts in the dimension, as openpyxl's
            letter = letters.get(column) or letters.setdefault(column, column_letter(column))
            texts.append(cell_xml(f"{letter}{row.number}", value, style))
        texts.append("</row>")
        if row.cells:
            first_row = row.number if first_row is None else first_row
            last_row = row.number
    texts.append("</sheetData>")
    if first_row is None or first_column is None:
        return SheetCells("".join(texts), EMPTY_DIMENSION)
    cover = f"{column_letter(first_column)}{first_row}:{column_letter(last_column)}{last_row}"
    return SheetCells("".join(texts), f'<dimension ref="{cover}" />')


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


def escape(text: str) -> str:
    """Text escaped as XML character data, as openpyxl's serialiser escapes it.

    >>> escape("a < b & c")
    'a &lt; b &amp; c'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
