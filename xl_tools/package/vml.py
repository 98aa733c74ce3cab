"""A worksheet's legacy drawing (VML), where Excel keeps its notes and its form buttons.

A sheet has at most one legacy drawing, named by its ``<legacyDrawing>``. A form button
is a shape of it whose ``x:ClientData`` is of ObjectType ``Button``: anchored to cells,
with its caption and the macro it runs (``x:FmlaMacro``). Buttons are written as
XlsxWriter's ``insert_button`` writes them, which Excel and LibreOffice both read.

Each legacy drawing numbers its shapes in blocks of 1024 that it claims in its
``o:idmap``, and no two drawings of a workbook claim the same block: a new drawing takes a
block none claims, and buttons added beside a sheet's notes take the numbers after the
notes' own. The drawing part is written without an XML declaration, as Excel writes it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from xl_tools.package.grid import POINTS_PER_PIXEL, Anchor, Box, Grid
from xl_tools.package.relationships import rels_part
from xl_tools.package.workbook import Sheet, Workbook
from xl_tools.package.worksheet import ORDER
from xl_tools.package.xml import (
    OFFICE_REL,
    Element,
    SubElement,
    XMLSyntaxError,
    element,
    find,
    insert_in_order,
    main,
    parse,
    parse_leniently,
    qname,
    serialise,
)

VML = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"
EXCEL = "urn:schemas-microsoft-com:office:excel"
VML_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
BLOCK = 1024  # shape numbers a drawing claims at a time
MACRO_PREFIX = "[0]!"  # a macro of the workbook itself
BUTTON_SHAPE_TYPE = "_x0000_t201"
_NAMESPACES = {"v": VML, "o": OFFICE, "x": EXCEL}
_SHAPE, _SHAPE_TYPE = qname(VML, "shape"), qname(VML, "shapetype")
_CLIENT_DATA = qname(EXCEL, "ClientData")
_ID_MAP = qname(OFFICE, "idmap")
_REL_ID = qname(OFFICE_REL, "id")
_SHAPE_NUMBER = re.compile(r"_x0000_s([0-9]+)")
_Z_INDEX = re.compile(r"z-index:\s*(-?[0-9]+)")


@dataclass(frozen=True)
class FormButton:
    """A button to add: what it says, the macro it runs, and where it goes.

    Attributes:
        caption: What the button says.
        macro: The macro it runs, a ``Sub`` of the workbook's VBA project.
        box: Where it goes on the sheet.
    """

    caption: str
    macro: str
    box: Box


def legacy_drawing(book: Workbook, sheet: Sheet) -> str | None:
    """The part holding a sheet's legacy drawing (its notes and form controls), if any."""
    if sheet.part is None:
        return None
    item = find(book.package.xml(sheet.part), "legacyDrawing")
    if item is None:
        return None
    rel = book.package.relationships(sheet.part).get(item.get(_REL_ID, ""))
    part = None if rel is None else rel.part
    return part if part is not None and book.package.has(part) else None


def is_well_formed(book: Workbook, part: str) -> bool:
    """Whether a legacy drawing is well-formed XML, so that shapes can be added to it.

    Excel writes a caption of several lines with ``<br>`` unclosed, which no XML reader
    reads.
    """
    try:
        parse(book.package.read(part))
    except XMLSyntaxError:
        return False
    return True


def buttons(book: Workbook, sheet: Sheet) -> list[tuple[str, str]]:
    """The caption and macro of each form button on a sheet, in the drawing's order.

    A macro of the workbook itself is given by its name alone (``BuildBoard``).
    """
    part = legacy_drawing(book, sheet)
    if part is None:
        return []
    found = []
    for shape, data in _shapes(_read(book, part)):
        if data.get("ObjectType") == "Button":
            macro = (data.findtext(qname(EXCEL, "FmlaMacro")) or "").strip()
            textbox = shape.find(qname(VML, "textbox"))
            caption = "" if textbox is None else "".join(textbox.itertext()).strip()
            found.append((caption, macro.removeprefix(MACRO_PREFIX)))
    return found


def shape_boxes(book: Workbook, sheet: Sheet, grid: Grid) -> list[Box]:
    """Where the shapes shown on a sheet's legacy drawing lie: its form controls, and the
    notes shown at all times (a note shows only under the pointer, otherwise)."""
    part = legacy_drawing(book, sheet)
    if part is None:
        return []
    boxes = []
    for shape, data in _shapes(_read(book, part)):
        style = shape.get("style", "").replace(" ", "")
        shown = data.get("ObjectType") != "Note" or data.find(qname(EXCEL, "Visible")) is not None
        numbers = [n.strip() for n in (data.findtext(qname(EXCEL, "Anchor")) or "").split(",")]
        anchored = len(numbers) == 8 and all(n.isdigit() for n in numbers)
        if shown and anchored and "visibility:hidden" not in style:
            boxes.append(grid.box(Anchor(*map(int, numbers))))
    return boxes


def add_buttons(book: Workbook, sheet: Sheet, made: Sequence[FormButton], grid: Grid) -> str:
    """Put buttons on a sheet: in its legacy drawing, or in a new one; the drawing's part.

    Args:
        book: The workbook.
        sheet: A worksheet; a legacy drawing it has must be well-formed (`is_well_formed`).
        made: The buttons, left to right.
        grid: The sheet's grid, to anchor the buttons to its cells.
    """
    assert sheet.part is not None  # a worksheet read
    part = legacy_drawing(book, sheet)
    if part is None:
        part, root = _free_part(book), _new_drawing(_free_block(book))
        _link(book, sheet.part, part)
    else:
        root = parse(book.package.read(part))
    if not any(item.get("id") == BUTTON_SHAPE_TYPE for item in root.iter(_SHAPE_TYPE)):
        _button_shape_type(root)
    numbers = _shape_numbers(book, part, root, len(made))
    z_index = max(_z_indexes(root), default=0)
    for number, button in enumerate(made):
        _button_shape(root, button, numbers[number], z_index + number + 1, grid)
    book.package.put(part, serialise(root, declaration=False))
    return part


# Reading


def _read(book: Workbook, part: str) -> Element:
    """A legacy drawing's XML, read however it is written."""
    data = book.package.read(part)
    try:
        return parse(data)
    except XMLSyntaxError:
        root = parse_leniently(data)
        return root if root is not None else element("xml")


def _shapes(root: Element) -> Iterator[tuple[Element, Element]]:
    for shape in root.iter(_SHAPE):
        data = shape.find(_CLIENT_DATA)
        if data is not None:
            yield shape, data


def _blocks(root: Element) -> set[int]:
    """The blocks of shape numbers a drawing claims (``o:idmap data="1,2"``)."""
    claimed = set()
    for idmap in root.iter(_ID_MAP):
        claimed |= {int(n) for n in idmap.get("data", "").split(",") if n.strip().isdigit()}
    return claimed


def _numbers_in(root: Element) -> set[int]:
    found = set()
    for shape in root.iter(_SHAPE):
        for attribute in ("id", qname(OFFICE, "spid")):
            if match := _SHAPE_NUMBER.fullmatch(shape.get(attribute, "")):
                found.add(int(match[1]))
    return found


def _z_indexes(root: Element) -> Iterator[int]:
    for shape in root.iter(_SHAPE):
        if match := _Z_INDEX.search(shape.get("style", "")):
            yield int(match[1])


def _drawings(book: Workbook) -> Iterator[str]:
    """Every legacy drawing of the workbook's sheets, notes' and headers' alike."""
    for sheet in book.sheets:
        if sheet.part is not None and book.package.has(rels_part(sheet.part)):
            for rel in book.package.relationships(sheet.part).of_type(VML_DRAWING):
                if rel.part is not None and book.package.has(rel.part):
                    yield rel.part


def _claimed(book: Workbook, but: str | None = None) -> set[int]:
    """The blocks the workbook's legacy drawings claim (all but `but`)."""
    claimed: set[int] = set()
    for part in _drawings(book):
        if part != but:
            claimed |= _blocks(_read(book, part))
    return claimed


def _free_block(book: Workbook) -> int:
    return max(_claimed(book), default=0) + 1


def _shape_numbers(book: Workbook, part: str, root: Element, count: int) -> list[int]:
    """Numbers for `count` new shapes of a drawing: after its own, in blocks it claims."""
    own = _blocks(root) or {_free_block(book)}
    start = max(_numbers_in(root) | {min(own) * BLOCK}) + 1
    numbers = list(range(start, start + count))
    if all(number // BLOCK in own for number in numbers):
        return numbers
    # Its blocks are full: it claims one more, that no other drawing claims.
    block = max(_claimed(book, but=part) | own) + 1
    idmap = next(root.iter(_ID_MAP), None)
    if idmap is not None:
        idmap.set("data", ",".join(str(n) for n in sorted(own | {block})))
    return [block * BLOCK + 1 + n for n in range(count)]


# Writing


def _free_part(book: Workbook) -> str:
    folder = posixpath.join(posixpath.dirname(book.part), "drawings")
    number = 1
    while book.package.has(posixpath.join(folder, f"vmlDrawing{number}.vml")):
        number += 1
    return posixpath.join(folder, f"vmlDrawing{number}.vml")


def _link(book: Workbook, sheet_part: str, part: str) -> None:
    """Make `part` the sheet's legacy drawing: its relationship, content type and element."""
    rel_id = book.package.relationships(sheet_part).add(VML_DRAWING, part)
    if book.package.content_types.of(part) != VML_TYPE:
        book.package.content_types.set_override(part, VML_TYPE)
    root = book.package.edit(sheet_part)
    item = find(root, "legacyDrawing")
    if item is None:  # the ``r`` prefix declared on it where the sheet does not declare it
        item = SubElement(root, main("legacyDrawing"), nsmap={"r": OFFICE_REL})
        insert_in_order(root, item, ORDER)
    item.set(_REL_ID, rel_id)


def _new_drawing(block: int) -> Element:
    root = element("xml", nsmap=_NAMESPACES)
    layout = _child(root, "o:shapelayout", {"v:ext": "edit"})
    _child(layout, "o:idmap", {"v:ext": "edit", "data": str(block)})
    return root


def _button_shape_type(root: Element) -> None:
    """The shape type of form buttons, before the drawing's first shape."""
    shape_type = element(_SHAPE_TYPE, _attributes({
        "id": BUTTON_SHAPE_TYPE, "coordsize": "21600,21600", "o:spt": "201",
        "path": "m,l,21600r21600,l21600,xe",
    }))  # fmt: skip
    _child(shape_type, "v:stroke", {"joinstyle": "miter"})
    _child(shape_type, "v:path", {
        "shadowok": "f", "o:extrusionok": "f", "strokeok": "f", "fillok": "f",
        "o:connecttype": "rect",
    })  # fmt: skip
    _child(shape_type, "o:lock", {"v:ext": "edit", "shapetype": "t"})
    first = next(root.iter(_SHAPE_TYPE, _SHAPE), None)
    if first is not None:
        first.addprevious(shape_type)
    else:
        root.append(shape_type)


def _button_shape(root: Element, button: FormButton, number: int, z_index: int, grid: Grid) -> None:
    box = button.box
    left, top, width, height = (
        value * POINTS_PER_PIXEL for value in (box.left, box.top, box.width, box.height)
    )
    style = (
        f"position:absolute;margin-left:{left:.15g}pt;margin-top:{top:.15g}pt;"
        f"width:{width:.15g}pt;height:{height:.15g}pt;z-index:{z_index};mso-wrap-style:tight"
    )
    shape = _child(root, "v:shape", {
        "id": f"_x0000_s{number}", "type": f"#{BUTTON_SHAPE_TYPE}", "alt": button.caption,
        "style": style, "o:button": "t", "fillcolor": "buttonFace [67]",
        "strokecolor": "windowText [64]", "o:insetmode": "auto",
    })  # fmt: skip
    _child(shape, "v:fill", {"color2": "buttonFace [67]", "o:detectmouseclick": "t"})
    _child(shape, "o:lock", {"v:ext": "edit", "rotation": "t"})
    textbox = _child(shape, "v:textbox", {"style": "mso-direction-alt:auto", "o:singleclick": "f"})
    div = _child(textbox, "div", {"style": "text-align:center"})
    _child(
        div, "font", {"face": "Calibri", "size": "220", "color": "#000000"}
    ).text = button.caption
    data = _child(shape, "x:ClientData", {"ObjectType": "Button"})
    anchor = grid.anchor(box)
    corners = (anchor.column, anchor.x, anchor.row, anchor.y)
    ends = (anchor.end_column, anchor.end_x, anchor.end_row, anchor.end_y)
    for name, text in (
        ("Anchor", ", ".join(str(n) for n in (*corners, *ends))),
        ("PrintObject", "False"),
        ("AutoFill", "False"),
        ("FmlaMacro", f"{MACRO_PREFIX}{button.macro}"),
        ("TextHAlign", "Center"),
        ("TextVAlign", "Center"),
    ):
        _child(data, f"x:{name}").text = text


def _child(parent: Element, name: str, attributes: dict[str, str] | None = None) -> Element:
    """A new element under `parent`, its name and attributes given with VML's prefixes."""
    return SubElement(parent, _qualified(name), _attributes(attributes or {}))


def _attributes(attributes: dict[str, str]) -> dict[str, str]:
    return {_qualified(name): value for name, value in attributes.items()}


def _qualified(name: str) -> str:
    prefix, _, local = name.rpartition(":")
    return qname(_NAMESPACES[prefix], local) if prefix else local
