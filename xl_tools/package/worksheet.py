"""Changing cells of an existing worksheet, and nothing else in it.

The sheet's XML is parsed and every element the tool does not write is kept as it was:
merged cells, drawings, notes, extensions, validation, tables, print settings, row
attributes, other cells with their shared strings and rich text. A cell written gets its
value inline (text is always text, never a formula) and keeps its style unless given one.

Where a cell written over held a formula, `formulas_removed` says so: the workbook's
calculation chain must then go (`Workbook.drop_calc_chain`). Where it was the first cell
of a shared formula, the other cells sharing it get the formula written out in full, so
that they go on calculating.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass

from xl_tools.package.xml import (
    MAIN,
    XML_SPACE,
    Element,
    SubElement,
    element,
    find,
    insert_in_order,
    main,
)
from xl_tools.references import (
    cell_address,
    column_letter,
    column_number,
    parse_range,
    range_address,
)

CellValue = str | float | int | bool | None


@dataclass(frozen=True)
class CellContent:
    """What a cell holds, apart from its place and look: to move it to another cell."""

    attributes: tuple[tuple[str, str], ...]
    values: tuple[Element, ...]


# CT_Worksheet's sequence.
ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
)  # fmt: skip
_ROW, _CELL, _FORMULA, _VALUE = main("row"), main("c"), main("f"), main("v")
_INLINE, _TEXT, _COL = main("is"), main("t"), main("col")
_DIGITS = "0123456789"
_NUMBER_CELL = element(_CELL, nsmap={None: MAIN})
_TEXT_CELL = element(_CELL, nsmap={None: MAIN})
_ROW_EXTENSIONS = main("extLst")
# Attributes of a cell that belong to its value, not to its place or look.
_VALUE_ATTRIBUTES = ("t", "cm", "vm", "ph")
SubElement(_NUMBER_CELL, _VALUE)
SubElement(SubElement(_TEXT_CELL, _INLINE), _TEXT)


def _illegal(character: str) -> bool:
    code = ord(character)
    return (
        (code < 0x20 and character not in "\t\n\r")
        or 0xD800 <= code <= 0xDFFF
        or code
        in (
            0xFFFE,
            0xFFFF,
        )
    )


def xml_text(text: str) -> str:
    """Text with the characters XML cannot hold (control characters) left out.

    >>> xml_text("a\\x07b\\tc")
    'ab\\tc'
    """
    if text.isprintable():
        return text
    return "".join(character for character in text if not _illegal(character))


def clear_value(cell: Element) -> None:
    """Take a ``<c>`` element's value away (its style and place stay)."""
    for item in list(cell):
        cell.remove(item)
    for attribute in _VALUE_ATTRIBUTES:
        cell.attrib.pop(attribute, None)


def fill_value(cell: Element, value: CellValue) -> None:
    """Give an empty ``<c>`` element its value.

    Text goes inline and stays text, whatever it starts with; a number that is not finite
    (no cell can hold one) and None leave the cell empty.
    """
    if value is None:
        return
    if type(value) is float:  # most cells: looked at first
        if math.isfinite(value):
            SubElement(cell, _VALUE).text = f"{value:.16g}"
    elif isinstance(value, str):
        text = xml_text(value)
        cell.set("t", "inlineStr")
        written = SubElement(SubElement(cell, _INLINE), _TEXT)
        written.text = text
        if text != text.strip():
            written.set(XML_SPACE, "preserve")
    elif isinstance(value, bool):
        cell.set("t", "b")
        SubElement(cell, _VALUE).text = "1" if value else "0"
    elif math.isfinite(value):
        SubElement(cell, _VALUE).text = f"{value:.16g}" if isinstance(value, float) else str(value)


def new_cell(reference: str, value: CellValue, style: str | None = None) -> Element:
    """A new ``<c>`` element holding `value` (as `fill_value` writes it), on no row yet.

    Made by copying a ready cell of its kind: a sheet has thousands, and a copy costs
    less than building each of its elements (an element's copy is a deep one, in lxml).
    """
    if type(value) is float and math.isfinite(value):
        cell = _NUMBER_CELL.__copy__()
        cell[0].text = f"{value:.16g}"
        return _placed(cell, reference, style)
    if type(value) is str:
        cell = _placed(_TEXT_CELL.__copy__(), reference, style)
        cell.set("t", "inlineStr")
        text = cell[0][0]
        text.text = xml_text(value)
        if text.text != text.text.strip():
            text.set(XML_SPACE, "preserve")
        return cell
    cell = _placed(element(_CELL), reference, style)
    fill_value(cell, value)
    return cell


def _placed(cell: Element, reference: str, style: str | None) -> Element:
    cell.set("r", reference)
    if style:
        cell.set("s", style)
    return cell


class WorksheetEditor:
    """Cells of one worksheet, to read their looks and write their values.

    Attributes:
        root: The ``worksheet`` element, changed in place.
        changed: Whether anything was written.
        formulas_removed: Whether a cell holding a formula was written over.
    """

    def __init__(self, root: Element) -> None:
        self.root = root
        self.changed = False
        self.formulas_removed = False
        data = find(root, "sheetData")
        self._data = (
            data if data is not None else insert_in_order(root, element(main("sheetData")), ORDER)
        )
        self._rows: dict[int, Element] | None = None
        self._cells: dict[int, dict[int, Element]] = {}
        self._last_columns: dict[int, int] = {}  # a row's right-most cell, where known
        self._written: list[tuple[int, int]] = []

    # Reading

    def style(self, row: int, column: int) -> int:
        """A cell's style number (0 where it has none, or there is no cell)."""
        return self.styles(row, (column,))[0]

    def styles(self, row: int, columns: Sequence[int]) -> list[int]:
        """The style numbers of some cells of one row (0 where none, or there is no cell)."""
        element = self._row(row, create=False)
        if element is None:
            return [0] * len(columns)
        last = self._last_column(row, element)
        found = []
        for column in columns:
            # Cells right of the row's last are none: the row need not be looked through.
            cell = self._row_cells(row, element).get(column) if column <= last else None
            text = None if cell is None else cell.get("s")
            found.append(int(text) if text and text.isdigit() else 0)
        return found

    def has_formula(self, row: int, column: int) -> bool:
        """Whether a cell holds a formula."""
        cell = self._cell(row, column, create=False)
        return cell is not None and cell.find(_FORMULA) is not None

    # Writing

    def write(self, row: int, column: int, value: CellValue, style: int | None = None) -> None:
        """Write a cell's value, and its style where one is given (else it keeps its own)."""
        self.write_row(row, ((column, value, style),))

    def write_row(
        self, row: int, cells: Sequence[tuple[int, CellValue, int | None]], *, blanks: bool = True
    ) -> None:
        """Write cells of one row: (column, value, style or None to keep the cell's own).

        Args:
            row: The row.
            cells: The cells to write.
            blanks: Whether a cell with no value is made where the sheet has none, for its
                style alone; a cell it has is always emptied.
        """
        element = self._row(row, create=True)
        assert element is not None  # made where missing
        for column, value, style in cells:
            last = self._last_column(row, element)
            cell = self._row_cells(row, element).get(column) if column <= last else None
            self._written.append((row, column))
            if cell is None:
                if value is not None or blanks:
                    made = new_cell(cell_address(row, column), value, str(style) if style else None)
                    self._put_cell(row, column, made, element, last)
                continue
            self._release(cell, row, column)
            clear_value(cell)
            if style is not None:
                if style:
                    cell.set("s", str(style))
                else:
                    cell.attrib.pop("s", None)
            fill_value(cell, value)
        self.changed = True

    def clear(self, row: int, column: int) -> None:
        """Empty a cell, keeping its look."""
        if self._cell(row, column, create=False) is not None:
            self.write(row, column, None)

    def content(self, row: int, column: int) -> CellContent:
        """What a cell holds (its value, shared strings and all), to put in another cell."""
        cell = self._cell(row, column, create=False)
        if cell is None:
            return CellContent((), ())
        attributes = tuple(
            (name, value) for name in _VALUE_ATTRIBUTES if (value := cell.get(name)) is not None
        )
        values = tuple(copy.deepcopy(item) for item in cell if item.tag in (_VALUE, _INLINE))
        return CellContent(attributes, values)

    def put(self, row: int, column: int, content: CellContent, style: int | None = None) -> None:
        """Give a cell what another held (`content`), and a style where one is given."""
        self.write(row, column, None, style)
        cell = self._made_cell(row, column)
        for name, value in content.attributes:
            cell.set(name, value)
        for item in content.values:
            cell.append(copy.deepcopy(item))

    def set_width(self, column: int, width: float) -> None:
        """Give one column a width, in Excel's character units."""
        cols = find(self.root, "cols")
        if cols is None:
            cols = insert_in_order(self.root, element(main("cols")), ORDER)
        for item in list(cols.iterchildren(_COL)):
            first, last = int(item.get("min", "0")), int(item.get("max", "0"))
            if not first <= column <= last:
                continue
            # A column inside a range of columns: the range is split around it.
            for start, end in ((first, column - 1), (column + 1, last)):
                if start <= end:
                    part = copy.deepcopy(item)
                    part.set("min", str(start))
                    part.set("max", str(end))
                    item.addprevious(part) if start < column else item.addnext(part)
            item.set("min", str(column))
            item.set("max", str(column))
            _set_width(item, width)
            break
        else:
            item = element(_COL, {"min": str(column), "max": str(column)})
            _set_width(item, width)
            later = [c for c in cols.iterchildren(_COL) if int(c.get("min", "0")) > column]
            later[0].addprevious(item) if later else cols.append(item)
        self.changed = True

    def finish(self) -> None:
        """Widen the sheet's recorded extent (``<dimension>``) to the cells written."""
        dimension = find(self.root, "dimension")
        if dimension is None or not self._written:
            return
        rows = [row for row, _ in self._written]
        columns = [column for _, column in self._written]
        found = parse_range(dimension.get("ref", ""))
        if found is not None:
            rows += [found[0], found[2]]
            columns += [found[1], found[3]]
        dimension.set("ref", range_address(min(rows), min(columns), max(rows), max(columns)))

    # Places

    def _row(self, number: int, create: bool) -> Element | None:
        rows = self._row_index()
        row = rows.get(number)
        if row is None and create:
            row = element(_ROW, {"r": str(number)})
            later = [n for n in rows if n > number]
            if later:
                rows[min(later)].addprevious(row)
            else:
                self._data.append(row)
            rows[number] = row
        return row

    def _made_cell(self, row: int, column: int) -> Element:
        """A cell's element, made (empty) where the sheet has none."""
        cell = self._cell(row, column, create=False)
        if cell is not None:
            return cell
        line = self._row(row, create=True)
        assert line is not None  # made where missing
        cell = new_cell(cell_address(row, column), None)
        return self._put_cell(row, column, cell, line, self._last_column(row, line))

    def _cell(self, row_number: int, column: int, create: bool) -> Element | None:
        """A cell's element; None where the sheet has none (its row made if `create`)."""
        row = self._row(row_number, create)
        if row is None:
            return None
        return self._row_cells(row_number, row).get(column)

    def _row_cells(self, number: int, row: Element) -> dict[int, Element]:
        """A row's cells by column, found once; a cell without an address is given one."""
        cells = self._cells.get(number)
        if cells is None:
            cells = self._cells[number] = {}
            column = 0
            for cell in row.iterchildren(_CELL):
                letters = cell.get("r", "").rstrip(_DIGITS)
                if letters.isalpha():
                    column = column_number(letters)
                else:
                    column += 1
                    cell.set("r", f"{column_letter(column)}{number}")
                cells[column] = cell
        return cells

    def _last_column(self, number: int, row: Element) -> int:
        """The column of a row's right-most cell (0 where it has none), found once."""
        last = self._last_columns.get(number)
        if last is None:
            cells = self._cells.get(number)
            if cells is None:
                final = next((cell for cell in reversed(row) if cell.tag == _CELL), None)
                letters = "" if final is None else final.get("r", "").rstrip(_DIGITS)
                # A row whose cells are not all addressed is looked through.
                if final is not None and not (letters.isalpha() and letters.isupper()):
                    cells = self._row_cells(number, row)
            if cells is not None:
                last = max(cells, default=0)
            else:
                last = 0 if final is None else column_number(letters)
            self._last_columns[number] = last
        return last

    def _put_cell(
        self, row_number: int, column: int, cell: Element, row: Element, last: int
    ) -> Element:
        """Put a new cell in its row among the others by column.

        Args:
            row_number: The row's number.
            column: The cell's column; the row has no cell there.
            cell: The new cell.
            row: The row's element.
            last: The column of the row's right-most cell (`_last_column`).
        """
        _widen_spans(row, column)
        if column < last:
            found = self._row_cells(row_number, row)
            found[min(c for c in found if c > column)].addprevious(cell)
            found[column] = cell
            return cell
        # Nearly every cell the tool adds goes after the row's others, and before the
        # row's extensions, which come last.
        self._last_columns[row_number] = column
        final = row[-1] if len(row) else None
        if final is not None and final.tag == _ROW_EXTENSIONS:
            final.addprevious(cell)
        else:
            row.append(cell)
        if (cells := self._cells.get(row_number)) is not None:
            cells[column] = cell
        return cell

    def _row_index(self) -> dict[int, Element]:
        if self._rows is None:
            self._rows = {}
            number = 0
            for row in self._data.iterchildren(_ROW):
                given = row.get("r")
                number = int(given) if given and given.isdigit() else number + 1
                row.set("r", str(number))  # so that rows put in between keep the count
                self._rows[number] = row
        return self._rows

    def _release(self, cell: Element, row: int, column: int) -> None:
        """Before a cell is written over: keep the formulas that depended on its own."""
        formula = cell.find(_FORMULA)
        if formula is None:
            return
        self.formulas_removed = True
        if formula.get("t") == "shared" and formula.get("ref") and formula.text:
            self._write_out_shared(formula.get("si", ""), formula.text, (row, column))

    def _write_out_shared(self, group: str, text: str, origin: tuple[int, int]) -> None:
        """Give each other cell of a shared formula the formula in full, moved to its place."""
        from openpyxl.formula.translate import Translator

        source = cell_address(*origin)
        for row_number, row in self._row_index().items():
            for column, cell in self._row_cells(row_number, row).items():
                formula = cell.find(_FORMULA)
                if formula is None or formula.get("t") != "shared":
                    continue
                if formula.get("si") != group or (row_number, column) == origin:
                    continue
                target = cell_address(row_number, column)
                formula.text = Translator(f"={text}", origin=source).translate_formula(target)[1:]
                for attribute in ("t", "ref", "si"):
                    formula.attrib.pop(attribute, None)


def _widen_spans(row: Element, column: int) -> None:
    """Keep a row's ``spans`` (the columns its cells lie in, a hint to readers) true."""
    spans = row.get("spans")
    if spans is None:
        return
    try:
        first, last = (int(part) for part in spans.split(":"))
    except ValueError:  # a list of spans, or none readable: a hint is better left out
        del row.attrib["spans"]
        return
    row.set("spans", f"{min(first, column)}:{max(last, column)}")


def _set_width(item: Element, width: float) -> None:
    item.set("width", f"{width:g}")
    item.set("customWidth", "1")
