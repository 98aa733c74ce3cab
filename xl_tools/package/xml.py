"""The one place a workbook's XML is parsed and written: lxml, with entities and network off.

lxml keeps namespace prefixes and ``mc:Ignorable`` exactly as they were, which Excel needs;
the standard library's ElementTree renames prefixes. The parser never resolves entities,
loads a DTD or touches the network, so a hostile part cannot read files or expand itself.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from lxml import etree

# lxml names its element class privately; an element here is typed by this alias.
Element: TypeAlias = Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

XMLSyntaxError = etree.XMLSyntaxError
# A new element under a parent, with its attributes in the order given: lxml's own, for
# the many cells of a sheet.
SubElement = etree.SubElement

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, collect_ids=False
)
_LENIENT_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, collect_ids=False, recover=True
)


def qname(namespace: str, local: str) -> str:
    """An element or attribute name in Clark notation.

    >>> qname(MAIN, "row")
    '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}row'
    """
    return f"{{{namespace}}}{local}"


def main(local: str) -> str:
    """The name of an element of SpreadsheetML's main namespace.

    >>> main("c") == qname(MAIN, "c")
    True
    """
    return f"{{{MAIN}}}{local}"


def local_name(tag: object) -> str:
    """An element's name without its namespace ('' for comments and instructions).

    >>> local_name("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheetData")
    'sheetData'
    """
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def parse(data: bytes) -> Element:
    """The root element of an XML part.

    Raises:
        XMLSyntaxError: The part is not well-formed XML.

    >>> parse(b'<a xmlns="urn:x"><b/></a>')[0].tag
    '{urn:x}b'
    """
    return etree.fromstring(data, _PARSER)


def parse_leniently(data: bytes) -> Element | None:
    """The root element of a part that may not be well-formed, read as far as it can be.

    Only for reading a part the tool never writes back: Excel writes legacy drawings
    (VML) whose captions of several lines hold ``<br>`` unclosed.

    >>> [item.get("id") for item in parse_leniently(b'<xml><div>a<br>b</div><x id="2"/></xml>')
    ...  .iter("x")]
    ['2']
    """
    return etree.fromstring(data, _LENIENT_PARSER)


def iterparse(source: Any, tag: str) -> Any:
    """Parse a part as it is read, giving each element named `tag` once it is complete.

    For parts too large to hold whole (a sheet of a hundred thousand rows): the caller
    clears each element when done with it, and may stop reading at any point.
    """
    return etree.iterparse(
        source,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        collect_ids=False,
    )


def first_child(source: Any) -> Element | None:
    """The first child of a part's root, read as the part streams in: no further.

    Its attributes are all there; its own children may not be. For a sheet's properties
    (``sheetPr``, first in every sheet) without reading a sheet of any length.

    Raises:
        XMLSyntaxError: The part is not well-formed XML as far as it is read.

    >>> import io
    >>> first_child(io.BytesIO(b'<a><b x="1"><c/></b><d/></a>')).get("x")
    '1'
    """
    events = etree.iterparse(
        source,
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        collect_ids=False,
    )
    for depth, (_, item) in enumerate(events):
        if depth == 1:
            return item
    return None


def serialise(root: Element, *, declaration: bool = True) -> bytes:
    """A part's bytes: UTF-8, with an XML declaration (standalone as the part had it).

    Args:
        root: The part's root element.
        declaration: Whether the XML declaration goes first; a legacy drawing (VML) has
            none, as Excel writes it.

    >>> print(serialise(parse(b'<a xmlns:x="urn:x"><x:b/></a>')).decode())
    <?xml version='1.0' encoding='UTF-8'?>
    <a xmlns:x="urn:x"><x:b/></a>
    >>> serialise(parse(b'<xml><b/></xml>'), declaration=False)
    b'<xml><b/></xml>'
    """
    tree = root.getroottree()
    if not declaration:
        return etree.tostring(tree, encoding="UTF-8")  # type: ignore[no-any-return]
    return etree.tostring(  # type: ignore[no-any-return]
        tree, xml_declaration=True, encoding="UTF-8", standalone=tree.docinfo.standalone
    )


def element(tag: str, attributes: dict[str, str] | None = None, nsmap: Any = None) -> Element:
    """A new element, with its attributes in the order given."""
    return etree.Element(tag, attributes or {}, nsmap=nsmap)


def child(parent: Element, tag: str, attributes: dict[str, str] | None = None) -> Element:
    """A new element appended to `parent`, with its attributes in the order given."""
    return etree.SubElement(parent, tag, attributes or {})


def canonical(item: Element) -> tuple[object, ...]:
    """An element as a value: equal for elements that mean the same, however written.

    Prefixes, attribute order and the namespaces declared around an element make no
    difference.

    >>> canonical(parse(b'<a y="1" x="2"/>')) == canonical(parse(b"<a x='2' y='1'></a>"))
    True
    >>> canonical(parse(b'<p:a xmlns:p="urn:u"/>')) == canonical(parse(b'<a xmlns="urn:u"/>'))
    True
    """
    return (
        item.tag,
        tuple(sorted(item.attrib.items())),
        (item.text or "").strip(),
        tuple(canonical(inner) for inner in item),
    )


def insert_in_order(parent: Element, item: Element, order: tuple[str, ...]) -> Element:
    """Put `item` among `parent`'s children where the schema's sequence `order` says.

    Children not named in `order` (extensions) are passed over; `item` goes before the
    first child that the sequence puts after it, else at the end.

    >>> root = parse(b"<a><b/><d/></a>")
    >>> _ = insert_in_order(root, element("c"), ("b", "c", "d"))
    >>> [child.tag for child in root]
    ['b', 'c', 'd']
    """
    place = order.index(local_name(item.tag))
    later = set(order[place + 1 :])
    for index, existing in enumerate(parent):
        if local_name(existing.tag) in later:
            parent.insert(index, item)
            return item
    parent.append(item)
    return item


def find(parent: Element, local: str) -> Element | None:
    """The first child of `parent` in the main namespace with this name, if any."""
    return parent.find(main(local))


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
