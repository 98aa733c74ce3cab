"""Compare two .xlsx files part by part, the way XlsxWriter's test helper does.

A saved workbook's zip bytes change with every save (entry times, compression), so files
are compared by their parts instead: each XML part is parsed and written out canonically,
the save timestamps in ``docProps/core.xml`` are dropped, and the entries of relationship
files are sorted, since their order carries no meaning.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO
from zipfile import ZipFile

CORE_PART = "docProps/core.xml"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
DCTERMS = "{http://purl.org/dc/terms/}"
TIMESTAMPS = (f"{DCTERMS}created", f"{DCTERMS}modified")
XML_SUFFIXES = (".xml", ".rels", ".vml")


def _canonical(name: str, data: bytes) -> bytes:
    """Give an XML part in a form where only meaningful differences remain."""
    root = ET.fromstring(data)
    if name == CORE_PART:
        for child in [child for child in root if child.tag in TIMESTAMPS]:
            root.remove(child)
    if name.endswith(".rels"):
        root[:] = sorted(root, key=lambda child: sorted(child.attrib.items()))
    return ET.canonicalize(ET.tostring(root), strip_text=True).encode()


def _parts(workbook: Path | str | IO[bytes]) -> dict[str, bytes]:
    with ZipFile(workbook) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return {
        name: _canonical(name, data) if name.endswith(XML_SUFFIXES) else data
        for name, data in parts.items()
    }


def differing_parts(got: Path | str | IO[bytes], expected: Path | str | IO[bytes]) -> list[str]:
    """List the parts in which two .xlsx files differ, ignoring save times and zip bytes.

    Args:
        got: The workbook made: a path or an open binary file.
        expected: The workbook it should equal.

    Returns:
        The sorted names of the parts that differ or are in only one of the files; empty
        when the workbooks are the same.

    >>> from io import BytesIO
    >>> from openpyxl import Workbook
    >>> first, second, third = BytesIO(), BytesIO(), BytesIO()
    >>> Workbook().save(first)
    >>> Workbook().save(second)
    >>> differing_parts(first, second)
    []
    >>> changed = Workbook()
    >>> changed.active["A1"] = "Devon"
    >>> changed.save(third)
    >>> differing_parts(first, third)
    ['xl/worksheets/sheet1.xml']
    """
    got_parts, expected_parts = _parts(got), _parts(expected)
    names = got_parts.keys() | expected_parts.keys()
    return sorted(name for name in names if got_parts.get(name) != expected_parts.get(name))


def sheet_parts(workbook: Path | str) -> dict[str, str]:
    """Each sheet's zip part by its name, found as Excel finds it: through the relationships.

    Read with the standard library alone, as an independent check of what the tool wrote.
    """
    with ZipFile(workbook) as archive:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PACKAGE_REL}Relationship")
    }
    parts = {}
    for sheet in book.iter(f"{MAIN}sheet"):
        target = targets[sheet.get(f"{OFFICE_REL}id")]
        parts[sheet.get("name", "")] = target[1:] if target.startswith("/") else f"xl/{target}"
    return parts


def count_sparklines(workbook: Path | str, sheet: str) -> int:
    """How many sparklines a sheet of a saved workbook holds."""
    with ZipFile(workbook) as archive:
        root = ET.fromstring(archive.read(sheet_parts(workbook)[sheet]))
    return len(list(root.iter(f"{X14}sparkline")))
