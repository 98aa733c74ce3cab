"""Where a built workbook goes, and saving it without ever leaving a half-written file.

A save goes to a temporary file in the target's own folder and is renamed into place only
once complete, so that a failure (a full disk, a bug, Excel holding the file) leaves the
target exactly as it was (DESIGN 6). The workbook is written as openpyxl writes it, to
the same bytes, but with its plain cells written faster (`save_as_openpyxl`), and a
worksheet's XML can be edited on the way (for sparklines, which openpyxl cannot write);
one part of a saved workbook can be replaced the same safe way (`replace_part`).
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import stat
import struct
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tools.errors import (
    Problem,
    ProblemCode,
    WorkbookLockedError,
    WorkbookNotFoundError,
    WouldOverwriteError,
)
from xl_tools.paths import BOARD_SUFFIX

if TYPE_CHECKING:
    import openpyxl
    from openpyxl.cell.cell import Cell

LOCKED_MESSAGE = (
    "cannot be replaced, probably because it is open in Excel: close it there and run again"
)
PART_LOCKED_MESSAGE = "cannot be replaced: close it in Excel and check it is not read-only"
# A change to a worksheet's XML: given the XML as written, the XML to save instead.
SheetEdit = Callable[[str], str]


def output_path(input: Path, out: Path | None, in_place: bool) -> Path:
    """Where a build of `input` writes.

    ``<stem>-board.xlsx`` beside the input (a macro-enabled ``.xlsm`` stays ``.xlsm``), or
    `out` when given (a folder gets the default name inside it), or the input itself when
    `in_place`.

    Args:
        input: The workbook read.
        out: A file or an existing folder to write to, or None for the default.
        in_place: Write back into the input itself; `out` must then be None.

    Returns:
        The path to write to.

    Raises:
        WouldOverwriteError: `out` is the input itself and `in_place` was not asked for.
        ValueError: Both `out` and `in_place` were given (the CLI never passes both).

    >>> output_path(Path("reports/measures.xlsm"), None, False).as_posix()
    'reports/measures-board.xlsm'
    >>> output_path(Path("measures.xlsx"), None, True).as_posix()
    'measures.xlsx'
    """
    if in_place:
        if out is not None:
            raise ValueError("give either an output path or in_place, not both")
        return input
    default_name = f"{input.stem}{BOARD_SUFFIX}{input.suffix.lower()}"
    if out is None:
        target = input.with_name(default_name)
    elif out.is_dir():
        target = out / default_name
    else:
        target = out
    if _same_file(target, input):
        raise WouldOverwriteError(
            Problem(
                ProblemCode.WOULD_OVERWRITE,
                "is the workbook being read: the output must go elsewhere. "
                "Give another file with -o, or use --in-place to write back into it",
                file=str(target),
            )
        )
    return target


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, also through links and case-insensitive folders."""
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def save_workbook(
    book: openpyxl.Workbook,
    target: Path,
    *,
    sheet_edits: Mapping[str, SheetEdit] | None = None,
    finish: Callable[[Path], None] | None = None,
) -> None:
    """Save `book` to `target` through a temporary file in the same folder.

    The temporary file takes the place of `target` only once it is completely written; on
    any failure it is removed and `target` is left untouched.

    Args:
        book: The workbook to save.
        target: Where to save it. Its folder must exist.
        sheet_edits: Changes to make to worksheets' XML as saved, by sheet name (adding
            sparklines, which openpyxl cannot write); see `save_as_openpyxl`.
        finish: What to do to the saved file before it takes the target's place; it is
            given the temporary file.

    Raises:
        WorkbookLockedError: `target` cannot be replaced (on Windows, usually because it is
            open in Excel) or its folder cannot be written into.
        WorkbookNotFoundError: The target's folder does not exist.
    """
    try:
        # Closed at once: openpyxl opens the file itself, and Windows allows one writer.
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f"~{target.stem}-", suffix=target.suffix, delete=False
        ) as handle:
            temporary = Path(handle.name)
    except FileNotFoundError as err:
        raise WorkbookNotFoundError(
            Problem(
                ProblemCode.FILE_NOT_FOUND,
                f"cannot be written: the folder {target.parent} does not exist",
                file=str(target),
            )
        ) from err
    except PermissionError as err:
        raise _locked(target, "cannot be written: its folder does not allow new files") from err
    try:
        save_as_openpyxl(book, temporary, sheet_edits=sheet_edits)
        if finish is not None:
            finish(temporary)
        os.chmod(temporary, _mode_for(target))
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    try:
        os.replace(temporary, target)
    except BaseException as err:
        temporary.unlink(missing_ok=True)
        if isinstance(err, PermissionError):
            raise _locked(target, LOCKED_MESSAGE) from err
        raise


def _mode_for(target: Path) -> int:
    """The permissions the saved file should have: the target's own, else the usual ones."""
    # A temporary file is private to its owner; a workbook on a shared drive must not become so.
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _locked(target: Path, message: str) -> WorkbookLockedError:
    return WorkbookLockedError(Problem(ProblemCode.FILE_LOCKED, message, file=str(target)))


def save_as_openpyxl(
    book: openpyxl.Workbook, path: Path, *, sheet_edits: Mapping[str, SheetEdit] | None = None
) -> None:
    """Save `book` to `path` as ``book.save(path)`` does, to the same bytes, but faster.

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
    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
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
            self._archive.writestr(_sheet_entry(self._archive, ws.path[1:]), xml)
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
        return f"{head}><is><t{space}>{_escape(value)}</t></is></c>"
    return f"{head}><v>{_escape(safe_string(value))}</v></c>"


# openpyxl's data types of plain values, and the type each is written with.
_PLAIN_KINDS = {"n": "n", "s": "inlineStr", "b": "b", "e": "e"}
# Each column's letters by its number, filled as columns are met: cheaper than openpyxl's
# `Cell.coordinate`, a property calling a function, for each cell.
_COLUMN_LETTERS: dict[int, str] = {}


def _escape(text: str) -> str:
    """Text escaped as XML character data, as the standard library's serialiser does it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(text: str) -> str:
    """Text escaped as an XML attribute's value, as the standard library's serialiser does."""
    from xml.etree.ElementTree import _escape_attrib  # type: ignore[attr-defined]

    return _escape_attrib(text)


def replace_part(path: Path, part: str, data: bytes) -> None:
    """Rewrite a saved workbook with one part's bytes replaced and every other part as it was.

    The other parts' compressed bytes are copied untouched: on a workbook holding a large
    data sheet, decompressing and compressing it again would cost more than the build.
    The file is rewritten through a temporary file in its folder, keeping its permissions.

    Args:
        path: The ``.xlsx`` or ``.xlsm`` file.
        part: The zip member to replace, such as ``xl/worksheets/sheet1.xml``.
        data: Its new bytes.

    Raises:
        WorkbookLockedError: The file cannot be replaced (open in Excel, or read-only).
    """
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(
            prefix=f"~{path.stem}-", suffix=path.suffix, dir=path.parent
        )
        os.close(handle)
        temp = Path(name)
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w") as target:
            for info in source.infolist():
                if info.filename == part:
                    target.writestr(_copy_of(info), data)
                else:
                    _copy_compressed(source, target, info)
        shutil.copymode(path, temp)
        os.replace(temp, path)
    except PermissionError:
        raise _locked(path, PART_LOCKED_MESSAGE) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def _copy_of(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A fresh entry with the same name, time, compression and attributes."""
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    copy.comment = info.comment
    return copy


def _copy_compressed(
    source: zipfile.ZipFile, target: zipfile.ZipFile, info: zipfile.ZipInfo
) -> None:
    """Append one member of `source` to `target` as its compressed bytes, not recompressed.

    The member gets a fresh local header (sizes and checksum in it, no data descriptor);
    `target` lists it in its central directory on closing, as for any member it wrote.
    """
    if info.flag_bits & _ENCRYPTED or info.file_size >= zipfile.ZIP64_LIMIT:
        # Never in a workbook saved by openpyxl: the plain way handles them.
        target.writestr(_copy_of(info), source.read(info))
        return
    assert source.fp is not None and target.fp is not None  # both open
    source.fp.seek(info.header_offset)
    header = source.fp.read(_LOCAL_HEADER_SIZE)
    if len(header) != _LOCAL_HEADER_SIZE or header[:4] != _LOCAL_HEADER_SIGNATURE:
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    source.fp.seek(info.header_offset + _LOCAL_HEADER_SIZE + name_length + extra_length)
    compressed = source.fp.read(info.compress_size)
    entry = _copy_of(info)
    entry.flag_bits = info.flag_bits & ~_DATA_DESCRIPTOR
    entry.CRC, entry.compress_size, entry.file_size = (
        info.CRC,
        info.compress_size,
        info.file_size,
    )
    entry.header_offset = target.fp.tell()
    target.fp.write(entry.FileHeader(zip64=False))
    target.fp.write(compressed)
    target.filelist.append(entry)
    target.NameToInfo[entry.filename] = entry
    target.start_dir = target.fp.tell()


# From the zip format: a member's local header, and its general purpose flags.
_LOCAL_HEADER_SIZE = 30
_LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
_ENCRYPTED = 0x01
_DATA_DESCRIPTOR = 0x08
