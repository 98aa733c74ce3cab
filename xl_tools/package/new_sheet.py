"""A worksheet written whole, for a sheet the tool owns (the board).

Everything is given as plain data (rows of values with style numbers, widths, frozen
panes, conditional formats, print settings, sparklines) and built here as lxml elements,
in the order the schema lays a worksheet out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from xl_tools.package.sparklines import Sparkline, SparklineKind, sparkline_extension
from xl_tools.package.worksheet import CellValue, new_cell
from xl_tools.package.xml import MAIN, OFFICE_REL, Element, SubElement, child, element, main
from xl_tools.references import cell_address, column_letter, range_address

PAPER_SIZES = {"A4": 9, "A3": 8, "Letter": 1}


@dataclass(frozen=True)
class Row:
    """One row: its number, its height in points (None: Excel's own) and its cells.

    Attributes:
        number: The sheet row, from 1.
        height: The row's height in points, or None to leave it to Excel.
        cells: (column, value, style number) of each cell, left to right; a cell whose
            value is None is written for its style alone (a border, a fill).
    """

    number: int
    height: float | None
    cells: Sequence[tuple[int, CellValue, int]]


@dataclass(frozen=True)
class ValueColours:
    """A conditional format: cells holding `text` take the look of differential style `style`."""

    cells: str
    text: str
    style: int


@dataclass(frozen=True)
class Page:
    """How the sheet prints. Footer texts use Excel's codes (``&P`` the page number).

    Attributes:
        landscape: Landscape rather than portrait.
        paper: The paper's name (`PAPER_SIZES`).
        scale: The print scale in per cent.
        margins: Left, right, top and bottom margins in inches.
        footer: Left, centre and right footer texts.
        breaks: The rows that begin a new page, set by hand.
    """

    landscape: bool = True
    paper: str = "A4"
    scale: int = 100
    margins: tuple[float, float, float, float] = (0.4, 0.4, 0.5, 0.7)
    footer: tuple[str, str, str] = ("", "", "")
    breaks: Sequence[int] = ()


@dataclass(frozen=True)
class NewSheet:
    """A whole worksheet.

    Attributes:
        name: The sheet's name, for the sparklines' ranges.
        rows: Its rows, top to bottom.
        widths: Column widths in Excel's character units, by column.
        freeze: The first cell not frozen (row, column); panes freeze above and left of it.
        merged: Ranges whose cells are merged into one (``A3:H3``).
        colours: Conditional formats colouring cells by the text they hold.
        page: Print settings.
        sparklines: Sparklines, all of one kind.
        sparkline_kind: Their kind.
        selected: Whether its tab is the selected one.
    """

    name: str
    rows: Sequence[Row]
    widths: Mapping[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] | None = None
    merged: Sequence[str] = ()
    colours: Sequence[ValueColours] = ()
    page: Page = field(default_factory=Page)
    sparklines: Sequence[Sparkline] = ()
    sparkline_kind: SparklineKind = SparklineKind.LINE
    selected: bool = False


def worksheet_xml(sheet: NewSheet) -> Element:
    """The ``worksheet`` element of a new sheet.

    >>> from xl_tools.package.xml import serialise
    >>> xml = worksheet_xml(NewSheet("Board", [Row(1, None, [(1, "=1+1", 0), (2, 5.0, 3)])]))
    >>> cells = b'<c r="A1" t="inlineStr"><is><t>=1+1</t></is></c><c r="B1" s="3"><v>5</v></c>'
    >>> cells in serialise(xml)
    True
    """
    root = element(main("worksheet"), nsmap={None: MAIN, "r": OFFICE_REL})
    child(root, main("dimension"), {"ref": _extent(sheet.rows)})
    _views(child(root, main("sheetViews")), sheet)
    child(root, main("sheetFormatPr"), {"defaultRowHeight": "15"})
    if sheet.widths:
        cols = child(root, main("cols"))
        for column, width in sorted(sheet.widths.items()):
            child(cols, main("col"), {
                "min": str(column), "max": str(column), "width": f"{width:g}", "customWidth": "1",
            })  # fmt: skip
    _data(child(root, main("sheetData")), sheet.rows)
    if sheet.merged:
        merged = child(root, main("mergeCells"), {"count": str(len(sheet.merged))})
        for cells in sheet.merged:
            child(merged, main("mergeCell"), {"ref": cells})
    _colours(root, sheet.colours)
    _page(root, sheet.page)
    if sheet.sparklines:
        extensions = child(root, main("extLst"))
        extensions.append(sparkline_extension(sheet.sparklines, sheet.name, sheet.sparkline_kind))
    return root


def _extent(rows: Sequence[Row]) -> str:
    places = [(row.number, column) for row in rows for column, _, _ in row.cells]
    if not places:
        return "A1"
    first_row = min(row for row, _ in places)
    last_row = max(row for row, _ in places)
    columns = [column for _, column in places]
    return range_address(first_row, min(columns), last_row, max(columns))


def _views(views: Element, sheet: NewSheet) -> None:
    view = child(views, main("sheetView"), {"workbookViewId": "0"})
    if sheet.selected:
        view.set("tabSelected", "1")
    if sheet.freeze is None or sheet.freeze == (1, 1):
        return
    row, column = sheet.freeze
    top_left = cell_address(row, column)
    pane = {
        (True, True): "bottomRight",
        (True, False): "bottomLeft",
        (False, True): "topRight",
    }[(row > 1, column > 1)]
    attributes = {}
    if column > 1:
        attributes["xSplit"] = str(column - 1)
    if row > 1:
        attributes["ySplit"] = str(row - 1)
    attributes |= {"topLeftCell": top_left, "activePane": pane, "state": "frozen"}
    child(view, main("pane"), attributes)
    child(view, main("selection"), {"pane": pane, "activeCell": top_left, "sqref": top_left})


def _data(data: Element, rows: Sequence[Row]) -> None:
    row_tag = main("row")
    letters: dict[int, str] = {}  # each column's, worked out once
    styles: dict[int, str] = {}
    for row in rows:
        attributes = {"r": str(row.number)}
        if row.height is not None:
            attributes |= {"ht": f"{row.height:g}", "customHeight": "1"}
        item = SubElement(data, row_tag, attributes)
        number = attributes["r"]
        for column, value, style in row.cells:
            if value is None and not style:
                continue
            if (letter := letters.get(column)) is None:
                letter = letters[column] = column_letter(column)
            if style and (text := styles.get(style)) is None:
                text = styles[style] = str(style)
            item.append(new_cell(letter + number, value, text if style else None))


def _colours(root: Element, colours: Sequence[ValueColours]) -> None:
    by_range: dict[str, list[ValueColours]] = {}
    for colour in colours:
        by_range.setdefault(colour.cells, []).append(colour)
    priority = 1
    for cells, rules in by_range.items():
        formatting = child(root, main("conditionalFormatting"), {"sqref": cells})
        for rule in rules:
            item = child(formatting, main("cfRule"), {
                "type": "cellIs", "dxfId": str(rule.style), "priority": str(priority),
                "operator": "equal",
            })  # fmt: skip
            child(item, main("formula")).text = '"' + rule.text.replace('"', '""') + '"'
            priority += 1


def _page(root: Element, page: Page) -> None:
    left, right, top, bottom = page.margins
    child(root, main("pageMargins"), {
        "left": f"{left:g}", "right": f"{right:g}", "top": f"{top:g}", "bottom": f"{bottom:g}",
        "header": "0.3", "footer": "0.3",
    })  # fmt: skip
    child(root, main("pageSetup"), {
        "paperSize": str(PAPER_SIZES.get(page.paper, 9)), "scale": str(page.scale),
        "orientation": "landscape" if page.landscape else "portrait",
    })  # fmt: skip
    codes = "".join(
        f"{code}{text}" for code, text in zip(("&L", "&C", "&R"), page.footer, strict=True) if text
    )
    if codes:
        child(child(root, main("headerFooter")), main("oddFooter")).text = codes
    if page.breaks:
        count = str(len(page.breaks))
        breaks = child(root, main("rowBreaks"), {"count": count, "manualBreakCount": count})
        for row in page.breaks:
            # A break is numbered by the last row above it (ECMA-376 Part 1, 18.3.1.3).
            child(breaks, main("brk"), {"id": str(row - 1), "max": "16383", "man": "1"})
