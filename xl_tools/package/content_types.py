"""The package's content types (``[Content_Types].xml``): what kind each part is."""

from __future__ import annotations

import posixpath

from xl_tools.package.xml import CONTENT_TYPES, Element, child, qname

PART = "[Content_Types].xml"
WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

_DEFAULT = qname(CONTENT_TYPES, "Default")
_OVERRIDE = qname(CONTENT_TYPES, "Override")


class ContentTypes:
    """The content type of every part: by its name where overridden, else by extension.

    Attributes:
        changed: Whether an override was set or removed since reading.

    >>> from xl_tools.package.xml import parse
    >>> types = ContentTypes(parse(
    ...     b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    ...     b'<Default Extension="xml" ContentType="application/xml"/></Types>'))
    >>> types.of("xl/styles.xml")
    'application/xml'
    >>> types.set_override("xl/worksheets/sheet2.xml", WORKSHEET)
    >>> types.of("xl/worksheets/sheet2.xml") == WORKSHEET, types.changed
    (True, True)
    """

    def __init__(self, root: Element) -> None:
        self.root = root
        self.changed = False

    def of(self, part: str) -> str | None:
        """A part's content type, None where the package gives it none."""
        name = "/" + part
        for item in self.root.iter(_OVERRIDE):
            if item.get("PartName", "").lower() == name.lower():
                return item.get("ContentType")  # type: ignore[no-any-return]
        extension = posixpath.splitext(part)[1][1:].lower()
        for item in self.root.iter(_DEFAULT):
            if item.get("Extension", "").lower() == extension:
                return item.get("ContentType")  # type: ignore[no-any-return]
        return None

    def set_override(self, part: str, content_type: str) -> None:
        """Give a part its content type by name."""
        self.remove_override(part)
        child(self.root, _OVERRIDE, {"PartName": "/" + part, "ContentType": content_type})
        self.changed = True

    def remove_override(self, part: str) -> None:
        """Forget a part's content type by name, if it has one."""
        name = ("/" + part).lower()
        for item in list(self.root.iter(_OVERRIDE)):
            if item.get("PartName", "").lower() == name:
                self.root.remove(item)
                self.changed = True
