"""A part's relationships (its ``_rels/<name>.rels`` part): what it refers to, by id.

Targets are kept as written and resolved to part names (``xl/worksheets/sheet1.xml``,
no leading slash) relative to the part that owns them, as OPC says.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from xl_tools.package.xml import PACKAGE_REL, Element, child, element, qname

_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = f"{_OFFICE}/officeDocument"
WORKSHEET = f"{_OFFICE}/worksheet"
STYLES = f"{_OFFICE}/styles"
SHARED_STRINGS = f"{_OFFICE}/sharedStrings"
CALC_CHAIN = f"{_OFFICE}/calcChain"
TABLE = f"{_OFFICE}/table"

_RELATIONSHIP = qname(PACKAGE_REL, "Relationship")


def rels_part(source: str) -> str:
    """The name of the part holding `source`'s relationships ('' is the package itself).

    >>> rels_part("xl/workbook.xml"), rels_part("")
    ('xl/_rels/workbook.xml.rels', '_rels/.rels')
    """
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source: str, target: str) -> str:
    """The part a relationship's target names, from the part that owns it.

    >>> resolve("xl/workbook.xml", "worksheets/sheet1.xml")
    'xl/worksheets/sheet1.xml'
    >>> resolve("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml")
    'xl/drawings/drawing1.xml'
    >>> resolve("xl/workbook.xml", "/xl/styles.xml"), resolve("", "xl/workbook.xml")
    ('xl/styles.xml', 'xl/workbook.xml')
    """
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


@dataclass(frozen=True)
class Relationship:
    """One relationship.

    Attributes:
        id: Its id within the part (``rId3``).
        type: Its type URI (`WORKSHEET`, ...).
        target: The target as written.
        part: The part it names, or None for an external target (a web address).
    """

    id: str
    type: str
    target: str
    part: str | None


class Relationships:
    """The relationships of one part, read from and written back to its ``.rels`` part.

    Attributes:
        source: The part they belong to ('' for the package).
        changed: Whether any was added or removed since reading.
    """

    def __init__(self, source: str, root: Element | None) -> None:
        self.source = source
        if root is None:
            root = element(qname(PACKAGE_REL, "Relationships"), nsmap={None: PACKAGE_REL})
        self.root = root
        self.changed = False

    def __iter__(self) -> Iterator[Relationship]:
        for item in self.root.iter(_RELATIONSHIP):
            target = item.get("Target", "")
            external = item.get("TargetMode") == "External"
            yield Relationship(
                item.get("Id", ""),
                item.get("Type", ""),
                target,
                None if external else resolve(self.source, target),
            )

    def get(self, rel_id: str) -> Relationship | None:
        """The relationship with this id, if any."""
        return next((rel for rel in self if rel.id == rel_id), None)

    def of_type(self, rel_type: str) -> list[Relationship]:
        """The relationships of one type, in order."""
        return [rel for rel in self if rel.type == rel_type]

    def add(self, rel_type: str, part: str) -> str:
        """Add a relationship to a part of the package; its new id.

        >>> rels = Relationships("xl/workbook.xml", None)
        >>> rels.add(WORKSHEET, "xl/worksheets/sheet2.xml")
        'rId1'
        >>> rels.get("rId1").target
        'worksheets/sheet2.xml'
        """
        taken = {rel.id for rel in self}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        target = posixpath.relpath(part, posixpath.dirname(self.source) or ".")
        child(self.root, _RELATIONSHIP, {"Id": rel_id, "Type": rel_type, "Target": target})
        self.changed = True
        return rel_id

    def remove(self, rel_id: str) -> None:
        """Remove the relationship with this id, if there is one."""
        for item in list(self.root.iter(_RELATIONSHIP)):
            if item.get("Id") == rel_id:
                item.getparent().remove(item)
                self.changed = True
