"""A worksheet's cells as values: read as its XML streams in, row by row.

Values are what Excel last saved: a formula's cached result, never its text. A formula
with no saved result (a file written by a program that never calculated it) is marked as
such, so that the reader can tell it from a blank cell. Numbers in a date-formatted cell
become dates. Rows are read only as far as asked, so that the head of a sheet of a
hundred thousand rows costs no more than the head of a small one, and only the cells
present are held: a stray cell at XFD1048576 is one cell, not a grid.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from xl_tools.package.numbers import from_serial
from xl_tools.package.styles import Stylesheet
from xl_tools.package.xml import Element, XMLSyntaxError, iterparse, main
from xl_tools.references import MAX_COLUMN, MAX_ROW, column_number

# (column, value, style, uncached): a value is None, str, int, float, bool or datetime.
Cell = tuple[int, object, int, bool]

_ROW, _CELL, _VALUE, _FORMULA = main("row"), main("c"), main("v"), main("f")
_INLINE, _TEXT, _RUN, _PHONETIC = main("is"), main("t"), main("r"), main("rPh")
_SHARED_ITEM = main("si")
_INTEGER = re.compile(r"-?[0-9]+")
# Characters XML cannot hold are written as _xHHHH_ (ECMA-376 Part 1, 22.9.2.19).
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def text_of(item: Element) -> str:
    """The text of a shared or inline string: its runs joined, phonetic guides left out.

    >>> from xl_tools.package.xml import parse, MAIN
    >>> text_of(parse(f'<si xmlns="{MAIN}"><r><t>In </t></r><r><t>care</t></r></si>'.encode()))
    'In care'
    """
    pieces = [
        piece.text or ""
        for piece in item.iter(_TEXT)
        if piece.getparent() is item or piece.getparent().tag == _RUN
    ]
    text = "".join(pieces)
    return _ESCAPED.sub(lambda found: chr(int(found[1], 16)), text) if "_x" in text else text


class SharedStrings:
    """The workbook's shared strings, parsed only as far as the highest one asked for.

    A large data sheet can make the table long; the measures sheet's strings usually come
    first in it, and the rest is then never read.
    """

    def __init__(
        self,
        stream: IO[bytes] | None,
        damaged: Callable[[XMLSyntaxError], Exception] | None = None,
    ) -> None:
        """
        Args:
            stream: The shared strings part, or None where the workbook has none.
            damaged: The error to raise where the part turns out not to be well-formed.
        """
        self._texts: list[str] = []
        self._stream = stream
        self._items = None if stream is None else iter(iterparse(stream, _SHARED_ITEM))
        self._damaged = damaged

    def __getitem__(self, index: int) -> str | None:
        """The string at `index`, None where the table has no such string."""
        while index >= len(self._texts) and self._items is not None:
            try:
                _, item = next(self._items)
            except StopIteration:
                self.close()
                break
            except XMLSyntaxError as error:
                self.close()
                if self._damaged is None:
                    raise
                raise self._damaged(error) from None
            self._texts.append(text_of(item))
            item.clear()
            while item.getprevious() is not None:
                del item.getparent()[0]
        return self._texts[index] if 0 <= index < len(self._texts) else None

    def close(self) -> None:
        """Stop reading the table."""
        self._items = None
        if self._stream is not None:
            self._stream.close()
            self._stream = None


class CellReader:
    """Turns a worksheet's cell elements into values, with the workbook's strings and styles."""

    def __init__(self, strings: SharedStrings, styles: Stylesheet, date1904: bool) -> None:
        self.strings, self.styles, self.date1904 = strings, styles, date1904
        self._dates: dict[int, bool] = {}  # whether a style shows a date, by style

    def rows(
        self, source: IO[bytes], last_row: int | None = None
    ) -> Iterator[tuple[int, list[Cell]]]:
        """Each row of a worksheet part that holds cells, read as the part streams in.

        Each row is let go once read, so that a sheet of any length costs one row at a time.

        Args:
            source: The worksheet part, as a stream.
            last_row: Stop after this row; None reads to the end.
        """
        with source:
            for number, row in _numbered(element for _, element in iterparse(source, _ROW)):
                if last_row is not None and number > last_row:
                    break
                cells = self.cells(row)
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                if cells:
                    yield number, cells

    def rows_of(
        self, root: Element, first_row: int = 1, last_row: int | None = None
    ) -> Iterator[tuple[int, list[Cell]]]:
        """Each row of a worksheet already parsed (``worksheet`` element) that holds cells.

        Args:
            root: The ``worksheet`` element.
            first_row: The first row to read: the rows above it are passed over.
            last_row: Stop after this row; None reads to the end.
        """
        data = root.find(main("sheetData"))
        rows = () if data is None else data.iterchildren(_ROW)
        for number, row in _numbered(rows):
            if last_row is not None and number > last_row:
                break
            if number >= first_row and (cells := self.cells(row)):
                yield number, cells

    def cells(self, row: Element) -> list[Cell]:
        """The cells of one ``<row>`` element, left to right: (column, value, style, uncached).

        A value is what Excel last saved; uncached says the cell is a formula with no saved
        result.
        """
        cells: list[Cell] = []
        column = 0
        for cell in row.iterchildren(_CELL):
            letters = cell.get("r", "").rstrip("0123456789")
            column = column_number(letters) if letters.isalpha() else column + 1
            if column > MAX_COLUMN:
                continue
            kind = cell.get("t", "n")
            style_text = cell.get("s")
            style = int(style_text) if style_text and style_text.isdecimal() else 0
            if kind == "inlineStr":
                inline = cell.find(_INLINE)
                cells.append((column, None if inline is None else text_of(inline), style, False))
                continue
            value_element = formula = None
            for item in cell:  # at most a formula and a value, nearly always
                if item.tag == _VALUE:
                    value_element = item
                elif item.tag == _FORMULA:
                    formula = item
            text = None if value_element is None else value_element.text
            if text is not None:
                cells.append((column, self._typed(kind, text, style), style, False))
            else:
                # An empty saved result is a result only for a formula giving text.
                saved = kind == "str" and value_element is not None
                no_result = formula is not None and not saved
                cells.append((column, "" if saved else None, style, no_result))
        return cells

    def _typed(self, kind: str, text: str, style: int) -> object:
        if kind == "n":
            number: float = (
                int(text) if text.isdigit() or _INTEGER.fullmatch(text) else _float(text)
            )
            if (is_date := self._dates.get(style)) is None:
                is_date = self._dates[style] = self.styles.is_date(style)
            if number == number and is_date:
                return from_serial(float(number), self.date1904) or number
            return number if number == number else text
        if kind == "s":
            index = int(text) if text.isdigit() else -1
            found = self.strings[index]
            return found if found is not None else text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(text)
            except ValueError:
                return text
        return text  # "str" (a formula's text) and "e" (an error such as #N/A)


def _numbered(rows: Iterable[Element]) -> Iterator[tuple[int, Element]]:
    """Rows with their numbers, as written or, where not, one after the row before."""
    number = 0
    for row in rows:
        given = row.get("r")
        number = int(given) if given and given.isdigit() else number + 1
        if number <= MAX_ROW:
            yield number, row


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")
