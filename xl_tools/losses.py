"""What a workbook holds that would be lost if openpyxl loaded and saved it.

openpyxl rewrites every sheet from what it understood, and silently drops the rest: the
Excel 2010+ extensions of a sheet (sparklines, extended conditional formats and data
validations, slicers, timelines), shapes and text boxes, pictures when Pillow is missing,
and, outside a macro-enabled workbook, form controls. The tool refuses to write back into a
workbook holding any of these (DESIGN 6). This module finds them by reading the file's zip
parts directly, which is fast enough to run before every build.

Checked against openpyxl 3.1.5 by saving workbooks holding each kind of content; charts,
comments, plain conditional formats, plain data validations, tables and pivot tables
survive and are not reported. A macro-enabled (``.xlsm``) workbook is assumed to be loaded
with ``keep_vba=True``, which keeps its legacy (VML) drawings and so its form controls.
"""

from __future__ import annotations

import importlib.util
import posixpath
import zipfile
from collections import Counter
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from xml.etree import ElementTree

from xl_tools.errors import NotAWorkbookError, Problem, ProblemCode, WorkbookNotFoundError
from xl_tools.model import BOARD_SHEET

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_VML_EXCEL = "{urn:schemas-microsoft-com:office:excel}"

_ANCHORS = {"twoCellAnchor", "oneCellAnchor", "absoluteAnchor"}
_ANCHOR_PLACING = {"from", "to", "pos", "ext", "clientData"}
# Formats openpyxl drops even with Pillow installed: it cannot save Windows metafiles.
_METAFILES = {".wmf", ".emf"}


class Loss(StrEnum):
    """A kind of content openpyxl drops on saving."""

    SPARKLINE = "sparkline"
    EXTENDED_CONDITIONAL_FORMAT = "extended conditional format"
    EXTENDED_DATA_VALIDATION = "extended data validation"
    SLICER = "slicer"
    TIMELINE = "timeline"
    PROTECTED_RANGE = "protected range"
    ADD_IN = "Office add-in"
    EXTENSION = "Excel extension"
    TEXT_BOX = "text box"
    SHAPE = "shape"
    GROUP = "group of shapes"
    PICTURE = "picture"
    SMARTART = "SmartArt graphic"
    NEW_CHART = "chart of a newer type"
    DRAWING_OBJECT = "drawing object"
    FORM_CONTROL = "form control"
    THREADED_COMMENT = "threaded comment"


_PLURALS = {Loss.TEXT_BOX: "text boxes", Loss.GROUP: "groups of shapes"}
_MOVE = "Delete {them} or move {them} to another workbook, then build again."
_ADVICE = {
    Loss.EXTENDED_CONDITIONAL_FORMAT: "Delete {them} in Home > Conditional Formatting > Manage "
    "Rules (data bars, icon sets and rules on other sheets' cells of Excel 2010 and later), "
    "then build again.",
    Loss.EXTENDED_DATA_VALIDATION: "Give {them} a named range as the source of the list "
    "instead of another sheet's cells, then build again.",
    Loss.PICTURE: "Install Pillow (pip install pillow) so that the tool can keep pictures, or "
    "move {them} to another workbook, then build again.",
    Loss.NEW_CHART: "Change {them} to a classic chart type (waterfall, treemap, histogram and "
    "the like cannot be kept), or move {them} to another workbook, then build again.",
    Loss.THREADED_COMMENT: "Convert {them} to notes (Review > Notes > Convert to Notes), then "
    "build again.",
}

# Sheet extensions by their uri (upper case), with the element that counts one item of each.
_EXTENSIONS = {
    "{05C60535-1F16-4FD2-B633-F4F36F0B64E0}": (Loss.SPARKLINE, "sparkline"),
    "{78C0D931-6437-407D-A8EE-F0AAD7539E65}": (Loss.EXTENDED_CONDITIONAL_FORMAT, "cfRule"),
    "{CCE6A557-97BC-4B89-ADB6-D9C93CAAB3DF}": (Loss.EXTENDED_DATA_VALIDATION, "dataValidation"),
    "{A8765BA9-456A-4DAB-B4F3-ACF838C121DE}": (Loss.SLICER, "slicer"),
    "{3A4CF648-6AED-40F4-86FF-DC5316D8AED3}": (Loss.SLICER, "slicer"),
    "{7E03D99C-DC04-49D9-9315-930204A7B6E9}": (Loss.TIMELINE, "timelineRef"),
    "{FC87AEE6-9EDD-4A0A-B7FB-166176984837}": (Loss.PROTECTED_RANGE, "protectedRange"),
    "{F7C9EE02-42E1-4005-9D12-6889AFFD525C}": (Loss.ADD_IN, "webExtension"),
}
# Green error triangles the officer chose to hide come back: not worth refusing a build for.
_IGNORED_EXTENSIONS = {"{01252117-D84E-4E92-8308-4BE1C098FCBB}"}

# Drawing objects by their graphic's uri; None is kept by openpyxl or reported elsewhere.
_GRAPHICS: dict[str, Loss | None] = {
    "http://schemas.openxmlformats.org/drawingml/2006/chart": None,
    "http://schemas.microsoft.com/office/drawing/2010/slicer": None,
    "http://schemas.microsoft.com/office/drawing/2012/timeslicer": None,
    "http://schemas.microsoft.com/office/drawing/2014/chartex": Loss.NEW_CHART,
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": Loss.SMARTART,
}


def find_losses(path: Path) -> list[Problem]:
    """Everything in a workbook that saving it with openpyxl would silently drop.

    The board sheet (`BOARD_SHEET`) is the tool's own and rewritten whole, so nothing on it
    is reported.

    Args:
        path: An ``.xlsx`` or ``.xlsm`` workbook.

    Returns:
        One `ProblemCode.WOULD_LOSE` error a kind of content a sheet, in sheet order; empty
        when nothing would be lost.

    Raises:
        WorkbookNotFoundError: There is no such file.
        NotAWorkbookError: The file is not an Excel workbook.
    """
    problems: list[Problem] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet, part in _worksheets(archive):
                if sheet == BOARD_SHEET:
                    continue
                counts = _sheet_losses(archive, part, keeps_vml=path.suffix.lower() == ".xlsm")
                problems.extend(_problem(path, sheet, loss, n) for loss, n in counts.items())
    except FileNotFoundError as err:
        raise WorkbookNotFoundError(
            Problem(ProblemCode.FILE_NOT_FOUND, "does not exist", file=str(path))
        ) from err
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as err:
        raise NotAWorkbookError(
            Problem(ProblemCode.NOT_A_WORKBOOK, "is not an Excel workbook", file=str(path))
        ) from err
    return problems


def _problem(path: Path, sheet: str, loss: Loss, count: int) -> Problem:
    plural = count != 1
    noun = _PLURALS.get(loss, f"{loss}s") if plural else str(loss)
    advice = _ADVICE.get(loss, _MOVE).format(them="them" if plural else "it")
    message = (
        f"has {count} {noun}, which the tool cannot keep when it saves the workbook: "
        f"the file is left untouched. {advice}"
    )
    return Problem(ProblemCode.WOULD_LOSE, message, file=str(path), sheet=sheet)


def _worksheets(archive: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """Each worksheet's name and zip part, in the workbook's order."""
    workbook = next(
        target for kind, target in _relations(archive, "").values() if kind == "officeDocument"
    )
    relations = _relations(archive, workbook)
    sheets = ElementTree.fromstring(archive.read(workbook)).iter(f"{_MAIN}sheet")
    for sheet in sheets:
        kind, part = relations.get(sheet.get(f"{_REL}id", ""), ("", ""))
        if kind == "worksheet":
            yield sheet.get("name", ""), part


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: by id, the type's last word and the target's zip path."""
    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_part not in archive.namelist():
        return {}
    relations = {}
    for rel in ElementTree.fromstring(archive.read(rels_part)).iter(f"{_PACKAGE_REL}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        relations[rel.get("Id", "")] = (kind, posixpath.normpath(target))
    return relations


def _sheet_losses(archive: zipfile.ZipFile, part: str, *, keeps_vml: bool) -> Counter[Loss]:
    counts = _extension_losses(archive, part)
    for kind, target in _relations(archive, part).values():
        if kind == "drawing":
            counts += _drawing_losses(archive, target)
        elif kind == "vmlDrawing" and not keeps_vml:
            counts += _control_losses(archive, target)
        elif kind == "threadedComment":
            counts += _thread_losses(archive, target)
    return counts


def _extension_losses(archive: zipfile.ZipFile, part: str) -> Counter[Loss]:
    """Items in the sheet's own extension list (not those inside conditional formats)."""
    counts: Counter[Loss] = Counter()
    if b"extLst" not in archive.read(part):
        return counts  # most sheets: no need to parse every cell to be sure
    depth = 0
    with archive.open(part) as source:
        for event, element in ElementTree.iterparse(source, events=("start", "end")):
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if element.tag == f"{_MAIN}row":
                element.clear()  # the cells are not needed, and can be many
            elif element.tag == f"{_MAIN}extLst" and depth == 1:
                for extension in element:
                    counts += _count_extension(extension)
    return counts


def _count_extension(extension: ElementTree.Element) -> Counter[Loss]:
    uri = extension.get("uri", "").upper()
    if uri in _IGNORED_EXTENSIONS:
        return Counter()
    if uri not in _EXTENSIONS:
        return Counter({Loss.EXTENSION: 1})
    loss, item = _EXTENSIONS[uri]
    return Counter({loss: sum(1 for e in extension.iter() if _local(e.tag) == item)})


def _drawing_losses(archive: zipfile.ZipFile, part: str) -> Counter[Loss]:
    drawing = ElementTree.fromstring(archive.read(part))
    pictures = {rel_id: target for rel_id, (_, target) in _relations(archive, part).items()}
    counts: Counter[Loss] = Counter()
    for content in _drawn_objects(drawing):
        loss = _classify(content, pictures)
        if loss is not None:
            counts[loss] += 1
    return counts


def _drawn_objects(parent: ElementTree.Element) -> Iterator[ElementTree.Element]:
    """The object of each anchor in a drawing, looking into Excel's newer-version choices."""
    for child in parent:
        name = _local(child.tag)
        if name == "AlternateContent":
            choice = child.find(f"{_MC}Choice")
            if choice is not None:
                yield from _drawn_objects(choice)
        elif name in _ANCHORS:
            yield from (e for e in child if _local(e.tag) not in _ANCHOR_PLACING)


def _classify(content: ElementTree.Element, pictures: dict[str, str]) -> Loss | None:
    """What is lost with one drawn object, or None when openpyxl keeps it."""
    name = _local(content.tag)
    if name == "AlternateContent":
        choice = content.find(f"{_MC}Choice")
        objects = [] if choice is None else list(choice)
        return _classify(objects[0], pictures) if objects else None
    if name == "graphicFrame":
        data = content.find(f".//{_DRAWING}graphicData")
        uri = "" if data is None else data.get("uri", "")
        return _GRAPHICS.get(uri, Loss.DRAWING_OBJECT)
    if name == "pic":
        blip = content.find(f".//{_DRAWING}blip")
        target = pictures.get("" if blip is None else blip.get(f"{_REL}embed", ""), "")
        keeps = _keeps_pictures() and posixpath.splitext(target)[1].lower() not in _METAFILES
        return None if keeps else Loss.PICTURE
    if name == "sp":
        if any(_local(e.tag) == "compatExt" for e in content.iter()):
            return None  # a form control's picture, counted from its legacy drawing
        box = content.find(".//*[@txBox='1']")
        return Loss.SHAPE if box is None else Loss.TEXT_BOX
    return {"grpSp": Loss.GROUP, "cxnSp": Loss.SHAPE}.get(name, Loss.DRAWING_OBJECT)


def _keeps_pictures() -> bool:
    """Whether openpyxl can keep pictures here: it reads them with Pillow, if installed."""
    return importlib.util.find_spec("PIL") is not None


def _control_losses(archive: zipfile.ZipFile, part: str) -> Counter[Loss]:
    """Form controls in a legacy drawing; its comment boxes are rewritten, not lost."""
    drawing = ElementTree.fromstring(archive.read(part))
    controls = [
        data
        for data in drawing.iter(f"{_VML_EXCEL}ClientData")
        if data.get("ObjectType", "Note") != "Note"
    ]
    return Counter({Loss.FORM_CONTROL: len(controls)} if controls else {})


def _thread_losses(archive: zipfile.ZipFile, part: str) -> Counter[Loss]:
    """Threads (not replies) of modern comments; openpyxl keeps only their plain notes."""
    comments = ElementTree.fromstring(archive.read(part))
    threads = [c for c in comments if _local(c.tag) == "threadedComment" and not c.get("parentId")]
    return Counter({Loss.THREADED_COMMENT: len(threads)} if threads else {})


def _local(tag: str) -> str:
    """An XML tag without its namespace.

    >>> _local("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    'blip'
    """
    return tag.rpartition("}")[2]
