"""Sparklines on a saved workbook: the small trend line beside each measure on the board.

openpyxl neither reads nor writes sparklines. Excel keeps them in the extension list at
the end of a worksheet's XML, so they are added to a workbook once it is saved: that one
part of the file is edited as text, and every other part is copied as it was, in the same
order and with the same compression (`xl_tools.write.parts.replace_part`). The file is replaced
only once the copy is complete. A workbook not yet saved takes them more cheaply into its
sheet's XML as it is saved (`with_sparklines`, through `xl_tools.save.save_workbook`).

The XML written is what Excel (and XlsxWriter's ``add_sparkline``) writes: one
``x14:sparklineGroup`` sharing one format, holding one ``x14:sparkline`` per cell.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from xml.etree import ElementTree

from xl_tools.errors import (
    NotAWorkbookError,
    Problem,
    ProblemCode,
    WorkbookNotFoundError,
    quote_sheet,
)
from xl_tools.write.parts import replace_part

SPARKLINE_EXT_URI = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
_XM = "http://schemas.microsoft.com/office/excel/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Excel writes conditional-format and data-validation extensions before sparklines.
_EXTS_BEFORE_SPARKLINES = (
    "{78C0D931-6437-407d-A8EE-F0AAD7539E65}",
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}",
)
# Explicit colours rather than theme ones, so the lines stay dark on any theme: the board
# is printed and published, and a pale line on white fails contrast.
_COLOURS = (
    ("colorSeries", "FF1F4E79"),
    ("colorNegative", "FFC00000"),
    ("colorAxis", "FF000000"),
    ("colorMarkers", "FF1F4E79"),
    ("colorFirst", "FF1F4E79"),
    ("colorLast", "FF1F4E79"),
    ("colorHigh", "FF1F4E79"),
    ("colorLow", "FF1F4E79"),
)
_CELL = r"\$?[A-Z]{1,3}\$?[0-9]+"
_LOCATION = re.compile(r"[A-Z]{1,3}[1-9][0-9]*")
_DATA = re.compile(rf"(?:(?P<sheet>'(?:[^']|'')+'|[^'!]+)!)?(?P<range>{_CELL}(?::{_CELL})?)")
_TAG = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[?!].*?>"
    r"|<(?P<close>/?)(?P<name>[^\s/>]+)(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*"
    r"(?P<empty>/?)>",
    re.DOTALL,
)
_URI = re.compile(r"""\suri\s*=\s*(["'])(.*?)\1""")


class SparklineKind(StrEnum):
    """The kinds of sparkline Excel draws."""

    LINE = "line"
    COLUMN = "column"
    WIN_LOSS = "win_loss"


# Excel's name for each kind in the XML; a line is the default and is not written.
_KIND_TYPES = {
    SparklineKind.LINE: None,
    SparklineKind.COLUMN: "column",
    SparklineKind.WIN_LOSS: "stacked",
}


@dataclass(frozen=True)
class Sparkline:
    """One sparkline: the cell it is drawn in and the range it draws.

    Attributes:
        location: The cell on the sheet that holds the sparkline, such as ``R5``.
        data: The range it draws, such as ``'Board'!S5:AD5``; without a sheet name, a range
            on the same sheet as the sparkline.

    >>> Sparkline("R5", "'Board'!S5:AD5")
    Sparkline(location='R5', data="'Board'!S5:AD5")
    >>> Sparkline("r5", "S5:AD5")
    Traceback (most recent call last):
    ValueError: sparkline location "r5" is not a cell such as R5
    """

    location: str
    data: str

    def __post_init__(self) -> None:
        if not _LOCATION.fullmatch(self.location):
            raise ValueError(f'sparkline location "{self.location}" is not a cell such as R5')
        if not _DATA.fullmatch(self.data):
            raise ValueError(f'sparkline data "{self.data}" is not a range such as Board!S5:AD5')

    def formula(self, sheet_name: str) -> str:
        """The data range as Excel writes it, naming its sheet, quoted only where needed.

        Args:
            sheet_name: The sheet the range is on when ``data`` names none.

        >>> Sparkline("R5", "'Board'!S5:AD5").formula("Board")
        'Board!S5:AD5'
        >>> Sparkline("R5", "S5:AD5").formula("Trend data")
        "'Trend data'!S5:AD5"
        """
        match = _DATA.fullmatch(self.data)
        assert match is not None  # checked on construction
        sheet = match["sheet"] or quote_sheet(sheet_name)
        if sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        return f"{quote_sheet(sheet)}!{match['range']}"


def add_sparklines(
    path: Path,
    sheet_name: str,
    sparklines: Sequence[Sparkline],
    *,
    kind: SparklineKind | str = SparklineKind.LINE,
) -> None:
    """Give a sheet of a saved workbook these sparklines, replacing any it had.

    The workbook is rewritten in place, through a temporary file in the same folder; every
    part of it other than the sheet's XML is kept as it was. Other extensions in the sheet
    (extended conditional formats, for instance) are kept. With no sparklines, the sheet's
    sparklines are removed.

    Args:
        path: The ``.xlsx`` or ``.xlsm`` file.
        sheet_name: The worksheet to draw the sparklines on.
        sparklines: Where each sparkline goes and what it draws; all share one format.
        kind: Line, column or win/loss.

    Raises:
        WorkbookNotFoundError: There is no such file.
        NotAWorkbookError: The file is not an Excel workbook.
        WorkbookLockedError: The file cannot be replaced (open in Excel, or read-only).
        ValueError: The workbook has no worksheet of that name, or ``kind`` is unknown.
    """
    kind = SparklineKind(kind)
    with _open_package(path) as package:
        part = _worksheet_part(package, path, sheet_name)
        xml = package.read(part).decode("utf-8")
    replace_part(
        path, part, with_sparklines(xml, sheet_name, sparklines, kind=kind).encode("utf-8")
    )


def with_sparklines(
    xml: str,
    sheet_name: str,
    sparklines: Sequence[Sparkline],
    *,
    kind: SparklineKind | str = SparklineKind.LINE,
) -> str:
    """A worksheet's XML with these sparklines, replacing any it had, as `add_sparklines`.

    For a sheet's XML before it is saved (`xl_tools.save.save_workbook`'s ``sheet_edits``),
    which spares rewriting the saved file.

    Args:
        xml: The worksheet's XML.
        sheet_name: The worksheet's name, for data ranges that name no sheet.
        sparklines: Where each sparkline goes and what it draws; all share one format.
        kind: Line, column or win/loss.

    Raises:
        ValueError: ``kind`` is unknown.

    >>> sheet = '<worksheet xmlns="main"><sheetData/></worksheet>'
    >>> with_sparklines(sheet, "Board", []) == sheet
    True
    >>> "<xm:sqref>R5</xm:sqref>" in with_sparklines(sheet, "Board", [Sparkline("R5", "S5:T5")])
    True
    """
    kind = SparklineKind(kind)
    prefix = _root_prefix(xml)
    ext = _sparkline_ext(prefix, sparklines, sheet_name, kind) if sparklines else None
    return _with_ext(xml, SPARKLINE_EXT_URI, ext)


def count_sparklines(path: Path, sheet_name: str) -> int:
    """How many sparklines a worksheet of a saved workbook holds.

    Args:
        path: The ``.xlsx`` or ``.xlsm`` file.
        sheet_name: The worksheet to look at.

    Raises:
        WorkbookNotFoundError: There is no such file.
        NotAWorkbookError: The file is not an Excel workbook.
        ValueError: The workbook has no worksheet of that name.
    """
    with _open_package(path) as package:
        root = ElementTree.fromstring(package.read(_worksheet_part(package, path, sheet_name)))
    main = root.tag.partition("}")[0] + "}"
    return sum(
        len(list(ext.iter(f"{{{_X14}}}sparkline")))
        for ext in root.findall(f"{main}extLst/{main}ext")
        if ext.get("uri") == SPARKLINE_EXT_URI
    )


def _open_package(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise WorkbookNotFoundError(
            Problem(ProblemCode.FILE_NOT_FOUND, "no such workbook", file=str(path))
        )
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise NotAWorkbookError(
            Problem(
                ProblemCode.NOT_A_WORKBOOK,
                "is not an Excel workbook (.xlsx or .xlsm)",
                file=str(path),
            )
        ) from None


def _worksheet_part(package: zipfile.ZipFile, path: Path, sheet_name: str) -> str:
    """The zip member holding a worksheet, found as Excel finds it: through the rels."""
    workbook = _related_parts(package, path, "")
    workbook_part = next(
        (target for kind, target in workbook.values() if kind.endswith("/officeDocument")), None
    )
    if workbook_part is None or workbook_part not in package.namelist():
        raise NotAWorkbookError(
            Problem(ProblemCode.NOT_A_WORKBOOK, "has no workbook part", file=str(path))
        )
    sheets = {
        sheet.get("name"): sheet.get(f"{{{_OFFICE_R}}}id", "")
        for sheet in ElementTree.fromstring(package.read(workbook_part)).iter()
        if sheet.tag.endswith("}sheet")
    }
    if sheet_name not in sheets:
        listed = ", ".join(f'"{name}"' for name in sheets)
        raise ValueError(f'{path.name}: no sheet named "{sheet_name}" (sheets: {listed})')
    kind, target = _related_parts(package, path, workbook_part).get(sheets[sheet_name], ("", ""))
    if not kind.endswith("/worksheet") or target not in package.namelist():
        raise ValueError(f'{path.name}: sheet "{sheet_name}" is not a worksheet')
    return target


def _related_parts(package: zipfile.ZipFile, path: Path, source: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, zip member of the target)."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    try:
        root = ElementTree.fromstring(package.read(rels))
    except (KeyError, ElementTree.ParseError):
        raise NotAWorkbookError(
            Problem(ProblemCode.NOT_A_WORKBOOK, f"has no readable {rels}", file=str(path))
        ) from None
    return {
        rel.get("Id", ""): (rel.get("Type", ""), _member(folder, rel.get("Target", "")))
        for rel in root.iter(f"{{{_RELATIONSHIPS}}}Relationship")
    }


def _member(folder: str, target: str) -> str:
    """A relationship target as a zip member name: absolute from the root, else relative."""
    joined = target[1:] if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined)


def _escape(text: str) -> str:
    """Text escaped as XML character data (not `xml.sax.saxutils`, which is slow to import).

    >>> _escape("'R&D <2>'!A1:B1")
    "'R&amp;D &lt;2&gt;'!A1:B1"
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sparkline_ext(
    prefix: str, sparklines: Sequence[Sparkline], sheet_name: str, kind: SparklineKind
) -> str:
    sheet_type = _KIND_TYPES[kind]
    attributes = (f'type="{sheet_type}" ' if sheet_type else "") + 'displayEmptyCellsAs="gap"'
    if kind is SparklineKind.LINE:
        attributes += ' markers="1"'
    colours = "".join(f'<x14:{name} rgb="{rgb}"/>' for name, rgb in _COLOURS)
    items = "".join(
        f"<x14:sparkline><xm:f>{_escape(line.formula(sheet_name))}</xm:f>"
        f"<xm:sqref>{line.location}</xm:sqref></x14:sparkline>"
        for line in sparklines
    )
    return (
        f'<{prefix}ext xmlns:x14="{_X14}" uri="{SPARKLINE_EXT_URI}">'
        f'<x14:sparklineGroups xmlns:xm="{_XM}"><x14:sparklineGroup {attributes}>'
        f"{colours}<x14:sparklines>{items}</x14:sparklines></x14:sparklineGroup>"
        f"</x14:sparklineGroups></{prefix}ext>"
    )


@dataclass(frozen=True)
class _Element:
    """Where one element lies in a document's text, and where its content lies."""

    name: str
    start: int
    end: int
    content_start: int
    content_end: int

    @property
    def prefix(self) -> str:
        """The element's namespace prefix with its colon (``x:``), or empty."""
        prefix, colon, _ = self.name.rpartition(":")
        return prefix + colon


def _children(xml: str, start: int = 0, end: int | None = None) -> list[_Element]:
    """The elements directly inside ``xml[start:end]``, which must be well-formed content.

    Tags are found by pattern rather than by parsing, so that the text around them, with
    every namespace declaration and prefix it holds, is kept exactly as it was. An
    element's content is passed over at once where nothing in it could look like its end
    tag, so that finding a sheet's parts does not read through its every cell.

    >>> [child.name for child in _children('<a><b x="1>"/><c>t</c></a>', 3, 22)]
    ['b', 'c']
    >>> [child.name for child in _children('<a><a>t</a><!-- </a> --></a><d/>')]
    ['a', 'd']
    """
    end = len(xml) if end is None else end
    elements: list[_Element] = []
    depth = 0
    name, opened, content_start = "", 0, 0
    position = start
    while (tag := _TAG.search(xml, position, end)) is not None:
        position = tag.end()
        if tag["name"] is None:  # a comment, declaration or CDATA section
            continue
        if tag["close"]:
            depth -= 1
            if depth == 0:
                elements.append(_Element(name, opened, tag.end(), content_start, tag.start()))
        elif tag["empty"]:
            if depth == 0:
                elements.append(_Element(tag["name"], tag.start(), tag.end(), tag.end(), tag.end()))
        else:
            if depth == 0:
                name, opened, content_start = tag["name"], tag.start(), tag.end()
                position = _plain_content_end(xml, name, content_start, end) or position
            depth += 1
    return elements


def _plain_content_end(xml: str, name: str, start: int, end: int) -> int | None:
    """Where the content of an element opened just before `start` ends, or None.

    Found by searching for its end tag, which is sure only where its content holds no
    comment, CDATA section or processing instruction (text there may look like any tag)
    and no element of the same name; otherwise None, and the content is read tag by tag.
    """
    close = xml.find(f"</{name}", start, end)
    if close < 0 or xml.find(f"<{name}", start, close) >= 0:
        return None
    if xml.find("<!", start, close) >= 0 or xml.find("<?", start, close) >= 0:
        return None
    return close


def _root_prefix(xml: str) -> str:
    return _children(xml)[0].prefix


def _with_ext(xml: str, uri: str, ext: str | None) -> str:
    """The sheet's XML with its extension of this uri replaced by ``ext``, or removed.

    The extension list is the sheet's last child; its other extensions keep their order,
    and a new one goes where Excel puts it. An extension list left empty is removed.
    """
    root = _children(xml)[0]
    children = _children(xml, root.content_start, root.content_end)
    ext_list = (
        children[-1] if children and children[-1].name.rpartition(":")[2] == "extLst" else None
    )
    if ext_list is None:
        if ext is None:
            return xml
        tail = f"<{root.prefix}extLst>{ext}</{root.prefix}extLst>"
        return xml[: root.content_end] + tail + xml[root.content_end :]
    others = _children(xml, ext_list.content_start, ext_list.content_end)
    kept = [xml[other.start : other.end] for other in others if _uri_of(xml, other) != uri]
    if ext is not None:
        replaced = [i for i, other in enumerate(others) if _uri_of(xml, other) == uri]
        before = [
            i + 1
            for i, other in enumerate(others)
            if _uri_of(xml, other) in _EXTS_BEFORE_SPARKLINES
        ]
        kept.insert(replaced[0] if replaced else max(before, default=0), ext)
    if not kept:
        return xml[: ext_list.start] + xml[ext_list.end :]
    opening = xml[ext_list.start : ext_list.content_start]
    if ext_list.content_start == ext_list.end:  # written as <extLst/>
        opening = f"<{ext_list.name}>"
    new_list = opening + "".join(kept) + f"</{ext_list.name}>"
    return xml[: ext_list.start] + new_list + xml[ext_list.end :]


def _uri_of(xml: str, element: _Element) -> str | None:
    match = _URI.search(xml, element.start, element.content_start)
    return match[2] if match else None
