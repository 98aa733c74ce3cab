"""A workbook made macro-enabled: its VBA project, and the code names that bind it.

A VBA project is one binary part (``xl/vbaProject.bin``), related to the workbook part and
given its own content type; the workbook part's content type then says the workbook is
macro-enabled, which is what Excel opens as ``.xlsm``. The project is copied in as its
bytes, never read here.

The project's document modules (``ThisWorkbook``, ``Sheet1``, ...) belong to the workbook
and its sheets by code name: the ``codeName`` of the workbook's ``workbookPr`` and of each
sheet's ``sheetPr``. A module whose code name nothing carries is left without its sheet,
and a sheet without a code name gets a new, empty module when Excel opens the file.
"""

from __future__ import annotations

import posixpath

from xl_tools.package.workbook import Sheet, Workbook
from xl_tools.package.xml import (
    Element,
    XMLSyntaxError,
    element,
    find,
    first_child,
    local_name,
    main,
)

VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaProject"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_ENABLED_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
# What comes before ``workbookPr`` in a workbook (CT_Workbook's sequence).
_BEFORE_WORKBOOK_PR = ("fileVersion", "fileSharing")


def vba_project(book: Workbook) -> str | None:
    """The part holding the workbook's VBA project, if it has one.

    A ``vbaProject.bin`` beside the workbook part counts too, related or not: Excel would
    not run it, but it is the officer's and nothing may take its place.
    """
    for rel in book.package.relationships(book.part).of_type(VBA_PROJECT):
        if rel.part is not None and book.package.has(rel.part):
            return rel.part
    beside = posixpath.join(posixpath.dirname(book.part), "vbaProject.bin")
    return beside if book.package.has(beside) else None


def workbook_type(book: Workbook) -> str:
    """The content type of the workbook part ('' where the package gives it none)."""
    return book.package.content_types.of(book.part) or ""


def add_vba_project(book: Workbook, project: bytes) -> str:
    """Give a workbook a VBA project and make it macro-enabled; the project's part name.

    Args:
        book: A workbook without a VBA project (`vba_project` is None).
        project: The ``vbaProject.bin`` to copy in, as its bytes.
    """
    part = posixpath.join(posixpath.dirname(book.part), "vbaProject.bin")
    book.package.put(part, project, VBA_PROJECT_TYPE)
    book.package.relationships(book.part).add(VBA_PROJECT, part)
    if workbook_type(book) != MACRO_ENABLED_TYPE:
        book.package.content_types.set_override(book.part, MACRO_ENABLED_TYPE)
    return part


def workbook_code_name(book: Workbook) -> str | None:
    """The workbook's code name (``ThisWorkbook``), if it has one."""
    properties = find(book.root, "workbookPr")
    return None if properties is None else properties.get("codeName")


def set_workbook_code_name(book: Workbook, name: str) -> None:
    """Give the workbook a code name: its project's workbook module is the one so named."""
    root = book.package.edit(book.part)
    properties = find(root, "workbookPr")
    if properties is None:
        place = sum(1 for item in root if local_name(item.tag) in _BEFORE_WORKBOOK_PR)
        properties = element(main("workbookPr"))
        root.insert(place, properties)
    properties.set("codeName", name)


def code_name(book: Workbook, sheet: Sheet) -> str | None:
    """A sheet's code name, if it has one: read from the sheet's start, whatever its length.

    Raises:
        NotAWorkbookError: The sheet is not well-formed XML at its start.
    """
    if sheet.part is None:
        return None
    try:
        with book.package.stream(sheet.part, in_part=True) as stream:
            first = first_child(stream)
    except XMLSyntaxError as error:
        raise book.package.not_well_formed(sheet.part, error) from None
    if first is None or first.tag != main("sheetPr"):
        return None
    return first.get("codeName")  # type: ignore[no-any-return]


def set_code_name(book: Workbook, sheet: Sheet, name: str) -> None:
    """Give a sheet a code name: the project's document module so named is the sheet's."""
    if sheet.part is None or code_name(book, sheet) == name:
        return
    root = book.package.edit(sheet.part)
    properties = _properties(root)
    if properties is None:
        # ``sheetPr`` comes first in every kind of sheet.
        properties = element(main("sheetPr"))
        root.insert(0, properties)
    properties.set("codeName", name)


def _properties(root: Element) -> Element | None:
    return find(root, "sheetPr")
