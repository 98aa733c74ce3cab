"""A workbook file as a package of parts: read as asked, written back with only the changes.

A part is bytes in the zip until code asks for its XML; a part nobody changed goes out
as the very bytes it came in (`xl_tools.package.archive`). Relationships and content types
are objects, written back only where they changed. Parts that nothing refers to are kept.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Protocol

from xl_tools.errors import NotAWorkbookError
from xl_tools.package.archive import DAMAGED, Archive, Copied, Written, write_archive
from xl_tools.package.content_types import PART as CONTENT_TYPES_PART
from xl_tools.package.content_types import ContentTypes
from xl_tools.package.relationships import Relationships, rels_part
from xl_tools.package.xml import Element, XMLSyntaxError, parse, serialise


class Tracked(Protocol):
    """Something read from a part's XML and changed in place: written back if `changed`."""

    root: Element
    changed: bool


class Package:
    """The parts of one ``.xlsx``/``.xlsm`` file, open for reading and changing.

    Use it as a context manager, or call `close`; saving also closes it, since the file
    saved over may be its own.

    >>> import io, zipfile, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with zipfile.ZipFile(folder / "a.xlsx", "w") as made:
    ...     made.writestr("[Content_Types].xml", b'<Types xmlns="http://schemas.openxml'
    ...                   b'formats.org/package/2006/content-types"/>')
    ...     made.writestr("notes.txt", b"kept")
    >>> package = Package.open(folder / "a.xlsx")
    >>> package.put("extra.txt", b"added", "text/plain")
    >>> with open(folder / "b.xlsx", "wb") as out:
    ...     package.save(out)
    >>> zipfile.ZipFile(folder / "b.xlsx").namelist()
    ['[Content_Types].xml', 'notes.txt', 'extra.txt']
    """

    def __init__(self, archive: Archive) -> None:
        self._archive = archive
        self.path = archive.path
        # Part names compare without case in OPC; the zip's own spelling is kept.
        self._names = {name.lower(): name for name in archive.names}
        self._xml: dict[str, Element] = {}
        self._changed: dict[str, bytes | Element] = {}
        self._added: list[str] = []
        self._removed: set[str] = set()
        self._rels: dict[str, Relationships] = {}
        self._types: ContentTypes | None = None
        self._tracked: dict[str, Tracked] = {}

    @classmethod
    def open(cls, path: Path) -> Package:
        """Open a workbook file.

        Raises:
            NotAWorkbookError: The file is not a zip package, or is damaged.
        """
        return cls(Archive(path))

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._archive.close()

    def error(self, message: str) -> NotAWorkbookError:
        """The error for what is wrong with this package."""
        return self._archive.error(message)

    # Reading

    def has(self, name: str) -> bool:
        """Whether the package holds a part of this name."""
        key = name.lower()
        return key in self._names and self._names[key] not in self._removed

    def read(self, name: str) -> bytes:
        """A part's bytes, as changed if it was.

        Raises:
            NotAWorkbookError: There is no such part, or it cannot be read.
        """
        name = self._name(name)
        changed = self._changed.get(name)
        if changed is not None:
            return changed if isinstance(changed, bytes) else serialise(changed)
        return self._archive.read(name)

    def size(self, name: str) -> int:
        """A part's size in bytes, as the zip records it (or as changed)."""
        name = self._name(name)
        changed = self._changed.get(name)
        if changed is not None:
            return len(self.read(name))
        return self._archive.info(name).file_size

    def stream(self, name: str, *, in_part: bool = False) -> IO[bytes]:
        """A part's bytes as a stream, for a part too large to read at once.

        Args:
            name: The part.
            in_part: Only its start is to be read (see `Archive.open`).
        """
        name = self._name(name)
        if name in self._changed:
            return io.BytesIO(self.read(name))
        return self._archive.open(name, in_part=in_part)

    def xml(self, name: str) -> Element:
        """A part's XML, parsed once; change it only through `edit`.

        Raises:
            NotAWorkbookError: There is no such part, or it is not well-formed XML.
        """
        name = self._name(name)
        root = self._xml.get(name)
        if root is None:
            changed = self._changed.get(name)
            if changed is not None and not isinstance(changed, bytes):
                return changed
            try:
                root = self._xml[name] = parse(self.read(name))
            except XMLSyntaxError as error:
                raise self.not_well_formed(name, error) from None
        return root

    def not_well_formed(self, name: str, error: XMLSyntaxError) -> NotAWorkbookError:
        """The error for a part that is not well-formed XML, found parsing or streaming it."""
        return self.error(f"is damaged ({name} is not well-formed XML: {error.msg}) and {DAMAGED}")

    def edit(self, name: str) -> Element:
        """A part's XML to change: it is written back on saving."""
        root = self.xml(name)
        self._changed[self._name(name)] = root
        return root

    def relationships(self, source: str) -> Relationships:
        """The relationships of a part ('' for the package's own), read once."""
        key = source.lower()
        rels = self._rels.get(key)
        if rels is None:
            part = rels_part(source)
            root = self.xml(part) if self.has(part) else None
            rels = self._rels[key] = Relationships(source, root)
            self.track(part, rels)
        return rels

    @property
    def content_types(self) -> ContentTypes:
        """The content type of every part."""
        if self._types is None:
            self._types = ContentTypes(self.xml(CONTENT_TYPES_PART))
            self.track(CONTENT_TYPES_PART, self._types)
        return self._types

    def track(self, name: str, item: Tracked) -> None:
        """Write `item`'s XML back to part `name` on saving, if it has changed by then."""
        self._tracked[name] = item

    # Changing

    def put(self, name: str, data: bytes | Element, content_type: str | None = None) -> None:
        """Replace a part, or add it; give it a content type by name where one is given."""
        key = name.lower()
        if key in self._names and self._names[key] not in self._removed:
            name = self._names[key]
        else:
            self._names[key] = name
            self._removed.discard(name)
            if name not in self._archive.names and name not in self._added:
                self._added.append(name)
        self._xml.pop(name, None)
        self._changed[name] = data
        if content_type is not None:
            self.content_types.set_override(name, content_type)

    def remove(self, name: str) -> None:
        """Remove a part, with its relationships and its content type."""
        name = self._name(name)
        self._removed.add(name)
        self._changed.pop(name, None)
        self._xml.pop(name, None)
        self._rels.pop(name.lower(), None)
        self._tracked.pop(name, None)
        if self.has(rels_part(name)):
            self._tracked.pop(self._name(rels_part(name)), None)
            self._removed.add(self._name(rels_part(name)))
        self.content_types.remove_override(name)

    # Saving

    def save(self, out: IO[bytes]) -> None:
        """Write the package to `out` and close it: unchanged parts as they came."""
        for name, item in list(self._tracked.items()):
            if item.changed:
                self.put(name, item.root)
        entries: list[Copied | Written] = []
        for name in [*self._archive.names, *self._added]:
            if name in self._removed:
                continue
            changed = self._changed.get(name)
            if changed is None:
                entries.append(Copied(self._archive, name))
                continue
            data = changed if isinstance(changed, bytes) else serialise(changed)
            like = self._archive.info(name) if name in self._archive.names else None
            entries.append(Written(name, data, like))
        try:
            write_archive(out, entries)
        finally:
            self.close()

    def _name(self, name: str) -> str:
        found = self._names.get(name.lower())
        if found is None or found in self._removed:
            raise self.error(f"is damaged (it has no part {name}) and {DAMAGED}")
        return found
