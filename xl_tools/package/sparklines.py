"""Sparklines: the small chart in a cell beside each measure, as Excel stores them.

Excel keeps a sheet's sparklines in its extension list, as one ``x14:sparklineGroup``
sharing one look and holding one ``x14:sparkline`` a cell, which is what XlsxWriter's
``add_sparkline`` writes too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from xl_tools.errors import quote_sheet
from xl_tools.package.xml import X14, XM, Element, child, element, main, qname

SPARKLINE_EXT_URI = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
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


def sparkline_extension(
    sparklines: Sequence[Sparkline], sheet_name: str, kind: SparklineKind = SparklineKind.LINE
) -> Element:
    """A worksheet's ``<ext>`` holding these sparklines, all sharing one look.

    >>> from xl_tools.package.xml import local_name
    >>> ext = sparkline_extension([Sparkline("R5", "S5:T5")], "Board", SparklineKind.COLUMN)
    >>> [local_name(e.tag) for e in ext.iter()][-4:], ext.findtext(".//{*}f")
    (['sparklines', 'sparkline', 'f', 'sqref'], 'Board!S5:T5')
    """
    ext = element(main("ext"), {"uri": SPARKLINE_EXT_URI}, nsmap={"x14": X14})
    groups = element(qname(X14, "sparklineGroups"), nsmap={"xm": XM})
    ext.append(groups)
    group = child(groups, qname(X14, "sparklineGroup"))
    if (sheet_type := _KIND_TYPES[kind]) is not None:
        group.set("type", sheet_type)
    group.set("displayEmptyCellsAs", "gap")
    if kind is SparklineKind.LINE:
        group.set("markers", "1")
    for name, rgb in _COLOURS:
        child(group, qname(X14, name), {"rgb": rgb})
    items = child(group, qname(X14, "sparklines"))
    for line in sparklines:
        item = child(items, qname(X14, "sparkline"))
        child(item, qname(XM, "f")).text = line.formula(sheet_name)
        child(item, qname(XM, "sqref")).text = line.location
    return ext
