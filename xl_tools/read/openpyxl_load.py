"""Loading a workbook as openpyxl loads it, to the same workbook, with its plain cells faster.

openpyxl reads every cell of a worksheet through general code that builds a dictionary
per cell and then a cell from it, which is most of the time a load takes. Here a cell
holding a plain number, text, true/false or error, or nothing but a style, is made
straight from its XML element, and every other cell (formulas, dates, rich text, anything
unusual) by openpyxl itself. The reader reuses openpyxl's own workbook reader and
overrides how a worksheet's cells are read; it relies on openpyxl internals, which is why
openpyxl is pinned below 3.2, and tests compare every cell and the saved bytes with
``openpyxl.load_workbook``.
"""

from __future__ import annotations

import types
from array import array
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.cell.cell import Cell
from openpyxl.reader import excel
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import (
    INLINE_STRING,
    VALUE_TAG,
    WorkSheetParser,
    WorksheetReader,
    _cast_number,
)
from openpyxl.xml.constants import SHEET_MAIN_NS

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    import openpyxl
    from openpyxl.worksheet.worksheet import Worksheet


def load_as_openpyxl(path: Path, *, keep_vba: bool = False) -> openpyxl.Workbook:
    """Open `path` as ``openpyxl.load_workbook(path, keep_vba=keep_vba)`` does, but faster.

    The workbook is the same in every respect: cells, styles, links, comments, sizes,
    merged cells, formatting, and what saving it writes. So are the warnings openpyxl
    gives (of features it drops) and the errors it raises for a file it cannot read.

    Args:
        path: An ``.xlsx``, ``.xlsm``, ``.xltx`` or ``.xltm`` file.
        keep_vba: Keep the macros (and everything else of the package) to save again.

    Returns:
        The workbook, with formulas as formulas (not their cached values).

    Raises:
        zipfile.BadZipFile: The file is not a zip package (as openpyxl raises it).
        openpyxl.utils.exceptions.InvalidFileException: The file's extension is not one
            openpyxl reads.

    >>> import tempfile
    >>> from openpyxl import Workbook
    >>> book = Workbook()
    >>> book.active.append(["Referrals", 599, "=B1*2"])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     book.save(Path(folder) / "measures.xlsx")
    ...     loaded = load_as_openpyxl(Path(folder) / "measures.xlsx")
    >>> [cell.value for cell in loaded.active[1]]
    ['Referrals', 599, '=B1*2']
    """
    reader = _BookReader(path, keep_vba=keep_vba)
    reader.read()
    return reader.wb


class _SheetParser(WorkSheetParser):
    """openpyxl's worksheet parser, giving plain cells where openpyxl gives dictionaries."""

    def bind(self, sheet: Worksheet) -> None:
        """Make the cells for `sheet`: plain ones here, unless values or rich text are asked."""
        self.sheet = sheet
        self.styles = sheet.parent._cell_styles
        self.plain = not (self.data_only or self.rich_text)

    def parse_cell(self, element: Element) -> Cell | dict[str, Any]:
        """A plain cell as openpyxl's reader makes it, else openpyxl's dictionary of it."""
        found = _plain_value(self, element) if self.plain else None
        if found is None:
            return super().parse_cell(element)
        value, kind, style_id = found
        try:
            style = self.styles[style_id]
        except IndexError:  # raised as openpyxl's own raises it, as the row is bound
            return super().parse_cell(element)
        if coordinate := element.get("r"):
            if (place := _COORDINATES.get(coordinate)) is None:
                place = _place(coordinate)
            row, column = place
            self.col_counter = column
        else:
            self.col_counter = column = self.col_counter + 1
            row = self.row_counter
        # The slots `Cell.__init__` fills, filled directly: calling it costs more than a cell.
        cell = _new_cell(Cell)
        cell.parent = self.sheet
        cell._style = _new_style(StyleArray, "i", style)
        cell.row = row
        cell.column = column
        cell._value = value
        cell._hyperlink = None
        cell.data_type = kind
        cell._comment = None
        return cell


class _SheetReader(WorksheetReader):
    """openpyxl's worksheet reader, with its plain cells made by `_SheetParser`."""

    def __init__(self, ws, xml_source, shared_strings, data_only, rich_text):
        # As openpyxl's own, with `_SheetParser`.
        self.ws = ws
        book = ws.parent
        self.parser = _SheetParser(
            xml_source, shared_strings, data_only, book.epoch, book._date_formats,
            book._timedelta_formats, rich_text,
        )  # fmt: skip
        self.parser.bind(ws)
        self.tables = []

    def bind_cells(self):  # as openpyxl's own, but for the cells made as parsed
        cells = self.ws._cells
        for _, row in self.parser.parse():
            for cell in row:
                if type(cell) is dict:  # read by openpyxl's own parser
                    cell = _cell_from(self.ws, cell)
                cells[(cell.row, cell.column)] = cell
        if cells:
            self.ws._current_row = self.ws.max_row  # use cells not row dimensions


def _read_worksheets() -> types.FunctionType:
    """openpyxl's own ``ExcelReader.read_worksheets``, reading sheets with `_SheetReader`.

    The same code, run with `_SheetReader` for the worksheet reader it names, rather than
    a copy of its eighty lines. Its warnings are counted in openpyxl's own registry, so
    that one already shown is not shown again.
    """
    original = excel.ExcelReader.read_worksheets
    excel.__dict__.setdefault("__warningregistry__", {})
    names = {**vars(excel), "WorksheetReader": _SheetReader}
    return types.FunctionType(original.__code__, names, original.__name__)


class _BookReader(excel.ExcelReader):
    """openpyxl's workbook reader, with its worksheets read by `_SheetReader`."""

    read_worksheets = _read_worksheets()


# The data types (``t``) of a cell whose plain value, if any, is in a ``<v>``.
_PLAIN_KINDS = frozenset({"n", "s", "b", "e"})
# Each coordinate's row and column, kept as met up to a bound: every workbook of a batch
# has the same coordinates, and openpyxl's `coordinate_to_tuple` costs more than a cell.
_COORDINATES: dict[str, tuple[int, int]] = {}
_MOST_COORDINATES = 1 << 16
_TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
_new_cell = Cell.__new__
_new_style = array.__new__


def _plain_value(parser: _SheetParser, element: Element) -> tuple[Any, str, int] | None:
    """A plain cell's value, data type and style number as openpyxl reads them, else None.

    Plain: a number (not a date), a shared or inline string, true/false or an error, or
    no value; with no formula, no other child, and a style number if any. Errors are
    raised as openpyxl's own reading raises them, in the same order.
    """
    attrib = element.attrib
    kind = attrib.get("t", "n")
    if (style := attrib.get("s")) is None:
        style_id = 0
    elif style:
        style_id = int(style)
    else:
        return None
    if (coordinate := attrib.get("r")) and coordinate not in _COORDINATES:
        _place(coordinate)  # raises where openpyxl's own would, before the value
    if not len(element):
        return (None, kind, style_id) if kind in _PLAIN_KINDS else None
    if len(element) != 1:
        return None
    if (child := element[0]).tag == VALUE_TAG and kind in _PLAIN_KINDS:
        if not (text := child.text):
            return None, kind, style_id
        if kind == "n":
            return None if style_id in parser.date_formats else (_cast_number(text), kind, style_id)
        if kind == "s":
            return parser.shared_strings[int(text)], kind, style_id
        return bool(int(text)) if kind == "b" else text, kind, style_id
    if child.tag == INLINE_STRING and kind == "inlineStr":
        text = _inline_text(child)
        return None if text is None else (text, "s", style_id)
    return None


def _place(coordinate: str) -> tuple[int, int]:
    """A cell's row and column by its coordinate, kept for the next time it is met.

    >>> _place("AB12")
    (12, 28)
    """
    place = coordinate_to_tuple(coordinate)
    if len(_COORDINATES) < _MOST_COORDINATES:
        _COORDINATES[coordinate] = place
    return place


def _inline_text(element: Element) -> str | None:
    """An inline string's text (``<is>``) as openpyxl reads it, or None unless plain."""
    if element.attrib or len(element) != 1 or (text := element[0]).tag != _TEXT_TAG:
        return None
    return text.text or ""


def _cell_from(sheet: Worksheet, parsed: dict[str, Any]) -> Cell:
    """A cell from openpyxl's dictionary of it, as openpyxl's reader makes it."""
    style = sheet.parent._cell_styles[parsed["style_id"]]
    cell = Cell(sheet, row=parsed["row"], column=parsed["column"], style_array=style)
    cell._value = parsed["value"]
    cell.data_type = parsed["data_type"]
    return cell
