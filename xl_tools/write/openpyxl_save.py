"""Saving a workbook as openpyxl saves it, to the same parts, with its plain cells faster.

openpyxl writes every cell through a general XML serialiser, which is most of the time a
save takes; here a cell holding a plain number, text or true/false is written as the text
that serialiser would give, and every other cell (formulas, dates, rich text, links) by
openpyxl itself. The writer reuses openpyxl's own workbook writer and overrides how a
worksheet's rows are written; it relies on openpyxl internals, which is why openpyxl is
pinned below 3.2, and tests compare every part it writes with ``book.save``'s, byte for
byte. The parts are compressed at zlib's fastest level rather than openpyxl's default.
"""

from __future__ import annotations

import datetime
import io
import stat
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tools.write.parts import replace_part
from xl_tools.write.sheet_xml import escape

if TYPE_CHECKING:
    import openpyxl
    from openpyxl.cell.cell import Cell

# A change to a worksheet's XML: given the XML as written, the XML to save instead.
SheetEdit = Callable[[str], str]
COMPRESS_LEVEL = 1


def save_as_openpyxl(
    book: openpyxl.Workbook, path: Path, *, sheet_edits: Mapping[str, SheetEdit] | None = None
) -> None:
    """Save `book` to `path` as ``book.save(path)`` does, to the same parts, but faster.

    openpyxl writes every cell through a general XML serialiser, which is most of the time
    a save takes; here a cell holding a plain number, text or true/false is written as the
    text that serialiser would give, and every other cell (formulas, dates, rich text,
    links) by openpyxl itself.

    Args:
        book: The workbook to save.
        path: The file to write.
        sheet_edits: For a worksheet's name, what to make of its XML as openpyxl writes it.
            Applied as each sheet is written, rather than to the saved file: rewriting the
            file for one part costs more than the edit.
    """
    edits = dict(sheet_edits or {})
    if not _writes_fast(book):
        book.save(path)  # with lxml, openpyxl is fast already; the others are rare
        for name, edit in edits.items():
            edit_saved_sheet(path, book[name].path[1:], edit)
        return
    # The fastest compression: a workbook a fifth larger is saved in a third of the time
    # openpyxl's default takes, for the same parts.
    archive = zipfile.ZipFile(
        path, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=COMPRESS_LEVEL
    )
    try:
        now = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        book.properties.modified = now
        writer = _book_writer()(book, archive)
        writer.sheet_edits = edits
        writer.write_data()
    finally:
        archive.close()


def _writes_fast(book: openpyxl.Workbook) -> bool:
    """Whether `save_as_openpyxl` writes this book itself, else leaves it to openpyxl."""
    import openpyxl

    plain = isinstance(book, openpyxl.Workbook) and not (book.read_only or book.write_only)
    return plain and not openpyxl.LXML


def edit_saved_sheet(path: Path, part: str, edit: SheetEdit) -> None:
    """Apply `edit` to one worksheet's XML in a saved workbook (see `replace_part`).

    Args:
        path: The ``.xlsx`` or ``.xlsm`` file.
        part: The worksheet's zip member, such as ``xl/worksheets/sheet1.xml``.
        edit: What to make of the sheet's XML.

    Raises:
        WorkbookLockedError: The file cannot be replaced (open in Excel, or read-only).
    """
    with zipfile.ZipFile(path) as package:
        xml = package.read(part).decode("utf-8")
    replace_part(path, part, edit(xml).encode("utf-8"))


@cache
def _book_writer() -> type:
    """openpyxl's workbook writer, with its worksheets' plain cells written by `_cell_xml`."""
    from openpyxl.cell._writer import write_cell
    from openpyxl.comments.comment_sheet import CommentRecord
    from openpyxl.compat import safe_string
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.writer.excel import ExcelWriter

    class SheetWriter(WorksheetWriter):
        def __init__(self, ws, out=None):
            # In memory rather than openpyxl's temporary file: creating, reading back and
            # removing a file for each sheet costs more than writing the small sheets.
            super().__init__(ws, io.BytesIO() if out is None else out)
            # Each style's attribute, its number looked up once: openpyxl hashes the style
            # every time.
            self.styles: dict[bytes, str] = {_NO_STYLE: ""}

        def write_row(self, xf, row, row_idx):  # as openpyxl's own, but for `_cell_xml`
            # The row's tags are written as text too: openpyxl's element context costs as
            # much as a row of plain cells.
            texts = [_row_start(row_idx, self.ws.row_dimensions.get(row_idx))]
            styles = self.styles
            for cell in row:
                if cell._comment is not None:
                    self.ws._comments.append(CommentRecord.from_cell(cell))
                # The style's bytes both say whether it has one and key it: cheaper than
                # openpyxl's `has_style` and a tuple of it.
                key = _NO_STYLE if cell._style is None else cell._style.tobytes()
                if cell._value is None and key == _NO_STYLE and not cell._comment:
                    continue
                if (style := styles.get(key)) is None:
                    style = styles[key] = f' s="{cell.style_id}"'  # registers it
                text = _cell_xml(cell, style, safe_string)
                if text is None:
                    xf._file("".join(texts))
                    texts.clear()
                    write_cell(xf, self.ws, cell, key != _NO_STYLE)
                else:
                    texts.append(text)
            texts.append("</row>")
            # The serialiser's own output, past its escaping.
            xf._file("".join(texts))

    class BookWriter(ExcelWriter):
        sheet_edits: Mapping[str, SheetEdit] = {}

        def write_worksheet(self, ws):  # as openpyxl's own, with `SheetWriter` and edits
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = SheetWriter(ws)
            writer.write()
            ws._rels = writer._rels
            xml = writer.read()
            if (edit := self.sheet_edits.get(ws.title)) is not None:
                xml = edit(xml.decode("utf-8")).encode("utf-8")
            entry = _sheet_entry(self._archive, ws.path[1:])
            self._archive.writestr(entry, xml, compresslevel=self._archive.compresslevel)
            self.manifest.append(ws)

    return BookWriter


# The bytes of openpyxl's style of a cell with none of its own (nine zeros).
_NO_STYLE = bytes(36)


def _row_start(row_idx: int, dimension: Iterable[tuple[str, str]] | None) -> str:
    """A row's opening tag as openpyxl's serialiser writes it.

    >>> _row_start(7, [("ht", "30"), ("customHeight", "1")])
    '<row r="7" ht="30" customHeight="1">'
    """
    if dimension is None:
        return f'<row r="{row_idx}">'
    attributes = {"r": f"{row_idx}"}
    attributes.update(dimension)
    text = "".join(f' {name}="{_escape_attribute(value)}"' for name, value in attributes.items())
    return f"<row{text}>"


def _sheet_entry(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """A sheet's zip entry as openpyxl makes it from its temporary file of the sheet."""
    entry = zipfile.ZipInfo(name, time.localtime()[:6])
    entry.compress_type = archive.compression
    entry.external_attr = (stat.S_IFREG | 0o600) << 16  # a temporary file's mode
    return entry


def _cell_xml(cell: Cell, style: str, safe_string: Callable[[object], str]) -> str | None:
    """A cell as openpyxl's serialiser writes it, or None unless a plain value.

    Args:
        cell: The cell.
        style: Its style's attribute, `` s="<cell.style_id>"``, or empty where it has no
            style of its own.
        safe_string: openpyxl's own text of a value (``openpyxl.compat.safe_string``).

    >>> from openpyxl import Workbook
    >>> from openpyxl.compat import safe_string
    >>> sheet = Workbook().active
    >>> sheet["A1"], sheet["B1"], sheet["C1"] = 0.25, "a < b", "=A1"
    >>> for cell in sheet[1]:
    ...     print(_cell_xml(cell, "", safe_string))
    <c r="A1" t="n"><v>0.25</v></c>
    <c r="B1" t="inlineStr"><is><t>a &lt; b</t></is></c>
    None
    """
    plain_kind = _PLAIN_KINDS.get(cell.data_type)
    if plain_kind is None or cell._hyperlink is not None:
        return None
    value = cell._value
    column = cell.column
    letters = _COLUMN_LETTERS.get(column) or _COLUMN_LETTERS.setdefault(column, cell.column_letter)
    head = f'<c r="{letters}{cell.row}"{style} t="{plain_kind}"'
    kind = type(value)
    # Most cells are numbers: they are written first, with the fewest tests.
    if plain_kind != "inlineStr" and (kind is float or kind is int):
        if value - value != 0:  # infinite or not a number: openpyxl writes these itself
            return None
        return f"{head}><v>{value:.16g}</v></c>"  # as safe_string, with nothing to escape
    if value is None or value == "":
        return head + " />"
    if plain_kind == "inlineStr":
        if kind is not str:
            return None  # rich text
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f"{head}><is><t{space}>{escape(value)}</t></is></c>"
    return f"{head}><v>{escape(safe_string(value))}</v></c>"


# openpyxl's data types of plain values, and the type each is written with.
_PLAIN_KINDS = {"n": "n", "s": "inlineStr", "b": "b", "e": "e"}
# Each column's letters by its number, filled as columns are met: cheaper than openpyxl's
# `Cell.coordinate`, a property calling a function, for each cell.
_COLUMN_LETTERS: dict[int, str] = {}


def _escape_attribute(text: str) -> str:
    """Text escaped as an XML attribute's value, as the standard library's serialiser does."""
    from xml.etree.ElementTree import _escape_attrib  # type: ignore[attr-defined]

    return _escape_attrib(text)
