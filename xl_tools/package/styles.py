"""The workbook's stylesheet (``xl/styles.xml``): number formats read, the tool's styles added.

A cell refers to its style by number, so styles are only ever added at the end of their
lists: every number already in the workbook keeps its meaning. Each look is added once; a
look the stylesheet already has (from an earlier build) is found and used again.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from xl_tools.package.numbers import (
    BUILTIN_FORMATS,
    BUILTIN_IDS,
    FIRST_CUSTOM_ID,
    GENERAL,
    is_date_format,
)
from xl_tools.package.xml import (
    MAIN,
    Element,
    canonical,
    child,
    element,
    find,
    insert_in_order,
    main,
)

# CT_Stylesheet's sequence.
_ORDER = (
    "numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
    "tableStyles", "colors", "extLst",
)  # fmt: skip
# A stylesheet for a workbook that has none: what Excel itself starts a workbook with.
EMPTY_STYLESHEET = (
    f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/>'
    '<right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
    'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles '
    'count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
).encode()


@dataclass(frozen=True)
class Font:
    """A font; colours are ``RRGGBB`` hex."""

    name: str | None = None
    size: float | None = None
    bold: bool = False
    colour: str | None = None
    italic: bool = False


@dataclass(frozen=True)
class Alignment:
    """Where text sits in its cell: ``left``, ``center``, ``right``; ``top``, ``center``."""

    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False


@dataclass(frozen=True)
class Look:
    """How a cell looks: font, solid fill, thin border all round, alignment, number format."""

    font: Font | None = None
    fill: str | None = None
    border: str | None = None
    alignment: Alignment | None = None
    number_format: str = GENERAL


class Stylesheet:
    """Reading and adding to a workbook's styles.

    Args:
        root: The ``styleSheet`` element, to be written back if anything is added.

    >>> from xl_tools.package.xml import parse
    >>> styles = Stylesheet(parse(EMPTY_STYLESHEET))
    >>> look = Look(font=Font(bold=True), number_format="0.0%")
    >>> bold = styles.add(look)
    >>> bold, styles.number_format(bold), styles.add(look)
    (1, '0.0%', 1)
    >>> percent = styles.with_number_format(0, "0%")
    >>> percent, styles.number_format(percent), styles.with_number_format(percent, "0%")
    (2, '0%', 2)
    """

    def __init__(self, root: Element) -> None:
        self.root = root
        self.changed = False
        self._formats = {
            int(item.get("numFmtId", "-1")): item.get("formatCode", GENERAL)
            for item in root.iter(main("numFmt"))
        }
        self._xf_formats: list[int] | None = None
        self._known: dict[str, dict[tuple[object, ...], int]] = {}

    # Reading

    def number_format(self, style: int) -> str:
        """The number format of a cell's style (General where the style is unknown)."""
        formats = self._xf_number_formats()
        number = formats[style] if 0 <= style < len(formats) else 0
        return self._formats.get(number) or BUILTIN_FORMATS.get(number, GENERAL)

    def is_date(self, style: int) -> bool:
        """Whether a cell of this style shows its number as a date or time."""
        return is_date_format(self.number_format(style))

    def font(self, style: int) -> Font:
        """The font of a cell's style: its name, size and weight (Font() where unknown).

        >>> from xl_tools.package.xml import parse
        >>> styles = Stylesheet(parse(EMPTY_STYLESHEET))
        >>> styles.font(styles.add(Look(font=Font(size=14, bold=True))))
        Font(name=None, size=14.0, bold=True, colour=None, italic=False)
        """
        xf = self._xf(style)
        fonts = find(self.root, "fonts")
        number = _integer(None if xf is None else xf.get("fontId"))
        if fonts is None or not 0 <= number < len(fonts):
            return Font()
        font = fonts[number]
        size, name = font.find(main("sz")), font.find(main("name"))
        bold = font.find(main("b"))
        return Font(
            name=None if name is None else name.get("val"),
            size=None if size is None else _float(size.get("val")),
            bold=bold is not None and bold.get("val", "1") in ("1", "true"),
            italic=font.find(main("i")) is not None,
        )

    def wraps(self, style: int) -> bool:
        """Whether a cell's style wraps its text within the cell."""
        xf = self._xf(style)
        alignment = None if xf is None else xf.find(main("alignment"))
        return alignment is not None and alignment.get("wrapText") in ("1", "true")

    def _xf(self, style: int) -> Element | None:
        xfs = find(self.root, "cellXfs")
        return xfs[style] if xfs is not None and 0 <= style < len(xfs) else None

    def _xf_number_formats(self) -> list[int]:
        if self._xf_formats is None:
            xfs = find(self.root, "cellXfs")
            self._xf_formats = [_integer(xf.get("numFmtId")) for xf in ([] if xfs is None else xfs)]
        return self._xf_formats

    # Adding

    def add(self, look: Look) -> int:
        """The number of a cell style with this look, added unless the stylesheet has it."""
        xf = element(main("xf"))
        xf.set("numFmtId", str(self._format_id(look.number_format)))
        xf.set("fontId", str(self._font(look.font) if look.font else 0))
        xf.set("fillId", str(self._fill(look.fill) if look.fill else 0))
        xf.set("borderId", str(self._border(look.border) if look.border else 0))
        xf.set("xfId", "0")
        for flag, given in (
            ("applyNumberFormat", look.number_format != GENERAL),
            ("applyFont", look.font),
            ("applyFill", look.fill),
            ("applyBorder", look.border),
            ("applyAlignment", look.alignment),
        ):
            if given:
                xf.set(flag, "1")
        if look.alignment is not None:
            child(xf, main("alignment"), _alignment(look.alignment))
        return self._added("cellXfs", xf)

    def with_number_format(self, style: int, number_format: str) -> int:
        """The number of a cell style like `style` but with another number format."""
        if self.number_format(style) == number_format:
            return style
        xfs = find(self.root, "cellXfs")
        if xfs is None or not 0 <= style < len(xfs):
            return self.add(Look(number_format=number_format))
        xf = copy.deepcopy(xfs[style])
        xf.set("numFmtId", str(self._format_id(number_format)))
        xf.set("applyNumberFormat", "1")
        return self._added("cellXfs", xf)

    def add_differential(self, font_colour: str, fill_colour: str) -> int:
        """The number of a conditional format's look: a font colour on a solid fill."""
        dxf = element(main("dxf"))
        font = child(dxf, main("font"))
        child(font, main("color"), {"rgb": _argb(font_colour)})
        fill = child(child(dxf, main("fill")), main("patternFill"), {"patternType": "solid"})
        # A conditional format's solid fill takes its colour from bgColor.
        child(fill, main("fgColor"), {"rgb": _argb(fill_colour)})
        child(fill, main("bgColor"), {"rgb": _argb(fill_colour)})
        return self._added("dxfs", dxf)

    def _format_id(self, code: str) -> int:
        if code in BUILTIN_IDS:
            return BUILTIN_IDS[code]
        for number, existing in self._formats.items():
            if existing == code:
                return number
        number = max([FIRST_CUSTOM_ID - 1, *self._formats]) + 1
        formats = self._section("numFmts")
        child(formats, main("numFmt"), {"numFmtId": str(number), "formatCode": code})
        formats.set("count", str(len(formats)))
        self._formats[number] = code
        self.changed = True
        return number

    def _font(self, font: Font) -> int:
        made = element(main("font"))
        if font.bold:
            child(made, main("b"))
        if font.italic:
            child(made, main("i"))
        if font.size is not None:
            child(made, main("sz"), {"val": f"{font.size:g}"})
        if font.colour is not None:
            child(made, main("color"), {"rgb": _argb(font.colour)})
        if font.name is not None:
            child(made, main("name"), {"val": font.name})
            child(made, main("family"), {"val": "2"})
        return self._added("fonts", made)

    def _fill(self, colour: str) -> int:
        made = element(main("fill"))
        pattern = child(made, main("patternFill"), {"patternType": "solid"})
        child(pattern, main("fgColor"), {"rgb": _argb(colour)})
        child(pattern, main("bgColor"), {"indexed": "64"})
        return self._added("fills", made)

    def _border(self, colour: str) -> int:
        made = element(main("border"))
        for side in ("left", "right", "top", "bottom"):
            edge = child(made, main(side), {"style": "thin"})
            child(edge, main("color"), {"rgb": _argb(colour)})
        child(made, main("diagonal"))
        return self._added("borders", made)

    def _added(self, section: str, item: Element) -> int:
        """The number of `item` in a section of the stylesheet, added there if new."""
        parent = self._section(section)
        known = self._known.get(section)
        if known is None:
            known = self._known[section] = {}
            for index, existing in enumerate(parent):
                known.setdefault(canonical(existing), index)
        key = canonical(item)
        if key not in known:
            known[key] = len(parent)
            parent.append(item)
            parent.set("count", str(len(parent)))
            if section == "cellXfs" and self._xf_formats is not None:
                self._xf_formats.append(_integer(item.get("numFmtId")))
            self.changed = True
        return known[key]

    def _section(self, name: str) -> Element:
        found = find(self.root, name)
        if found is None:
            found = insert_in_order(self.root, element(main(name)), _ORDER)
            found.set("count", "0")
        return found


def _alignment(alignment: Alignment) -> dict[str, str]:
    attributes = {}
    if alignment.horizontal and alignment.horizontal != "general":
        attributes["horizontal"] = alignment.horizontal
    if alignment.vertical:
        attributes["vertical"] = alignment.vertical
    if alignment.wrap:
        attributes["wrapText"] = "1"
    return attributes


def _argb(colour: str) -> str:
    """An ``RRGGBB`` colour as SpreadsheetML writes it, opaque.

    >>> _argb("1f3864"), _argb("FF1F3864")
    ('FF1F3864', 'FF1F3864')
    """
    colour = colour.upper()
    return colour if len(colour) == 8 else f"FF{colour}"


def _integer(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
