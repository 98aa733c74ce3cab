"""The workbook part of a package: its sheets, defined names, styles and strings.

Sheets are found as Excel finds them, through the workbook's relationships; a sheet is
added or removed with its part, relationship, content type and everything in the
workbook that counts sheets by position (local defined names, the active tab).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from xl_tools.errors import quote_sheet
from xl_tools.package import content_types, relationships
from xl_tools.package.archive import DAMAGED
from xl_tools.package.cells import Cell, CellReader, SharedStrings
from xl_tools.package.package import Package
from xl_tools.package.styles import EMPTY_STYLESHEET, Stylesheet
from xl_tools.package.xml import (
    OFFICE_REL,
    Element,
    XMLSyntaxError,
    child,
    element,
    find,
    insert_in_order,
    main,
    parse,
    qname,
)
from xl_tools.references import parse_range

STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
# CT_Workbook's sequence, up to the parts the tool writes.
_ORDER = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
    "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
    "fileRecoveryPr", "webPublishObjects", "extLst",
)  # fmt: skip
_REL_ID = qname(OFFICE_REL, "id")


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook, as its ``<sheet>`` element and relationship say.

    Attributes:
        name: The name on its tab.
        index: Its position among the sheets, from 0 (as ``localSheetId`` counts).
        sheet_id: Its ``sheetId``.
        part: The part holding it, None where its relationship is missing.
        kind: What it is: ``worksheet``, ``chartsheet``, ``dialogsheet``, ``macrosheet``.
        hidden: Whether it is hidden.
    """

    name: str
    index: int
    sheet_id: int
    part: str | None
    kind: str
    hidden: bool


class Workbook:
    """A workbook file open to read and change, through its package.

    Use it as a context manager, or call `close`; `save` closes it too.

    Raises:
        NotAWorkbookError: The file is not a workbook package (``Workbook.open``).
    """

    def __init__(self, package: Package) -> None:
        self.package = package
        office = package.relationships("").of_type(relationships.OFFICE_DOCUMENT)
        part = office[0].part if office else None
        if part is None or not package.has(part):
            raise package.error(f"is damaged and {DAMAGED}")
        self.part = part
        self.root = package.xml(part)
        if self.root.tag != main("workbook"):
            raise package.error(f"is not an Excel workbook (its main part is {self.root.tag})")
        self._styles: Stylesheet | None = None
        self._strings: SharedStrings | None = None
        self._reader: CellReader | None = None

    @classmethod
    def open(cls, path: Path) -> Workbook:
        """Open a workbook file."""
        package = Package.open(path)
        try:
            return cls(package)
        except BaseException:
            package.close()
            raise

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (and the shared strings, if they were being read)."""
        if self._strings is not None:
            self._strings.close()
        self.package.close()

    def save(self, out: IO[bytes]) -> None:
        """Write the workbook to `out`, unchanged parts as they came, and close it."""
        if self._strings is not None:
            self._strings.close()
        self.package.save(out)

    # Reading

    @property
    def sheets(self) -> list[Sheet]:
        """Every sheet, in tab order."""
        rels = self.package.relationships(self.part)
        found = []
        for index, item in enumerate(self.root.iter(main("sheet"))):
            rel = rels.get(item.get(_REL_ID, ""))
            part = rel.part if rel is not None and self.package.has(rel.part or "") else None
            found.append(
                Sheet(
                    name=item.get("name", ""),
                    index=index,
                    sheet_id=_integer(item.get("sheetId")),
                    part=part,
                    kind=rel.type.rpartition("/")[2] if rel is not None else "",
                    hidden=item.get("state", "visible") != "visible",
                )
            )
        return found

    def sheet(self, name: str) -> Sheet | None:
        """The sheet of this name, if any."""
        return next((sheet for sheet in self.sheets if sheet.name == name), None)

    @property
    def date1904(self) -> bool:
        """Whether dates count from 1904 (old Mac workbooks) rather than 1900."""
        properties = find(self.root, "workbookPr")
        return properties is not None and properties.get("date1904") in ("1", "true")

    @property
    def styles(self) -> Stylesheet:
        """The stylesheet, written back on saving if the tool added to it."""
        if self._styles is None:
            part = self._related(relationships.STYLES)
            if part is None:
                part = posixpath.join(posixpath.dirname(self.part), "styles.xml")
                self._styles = Stylesheet(parse(EMPTY_STYLESHEET))
                self.package.relationships(self.part).add(relationships.STYLES, part)
                self.package.put(part, self._styles.root, STYLES_TYPE)
            else:
                self._styles = Stylesheet(self.package.xml(part))
            self.package.track(part, self._styles)
        return self._styles

    def cell_reader(self) -> CellReader:
        """The reader of cell values with this workbook's strings, styles and epoch."""
        if self._reader is None:
            part = self._related(relationships.SHARED_STRINGS)
            if part is None:
                self._strings = SharedStrings(None)
            else:
                self._strings = SharedStrings(
                    self.package.stream(part),
                    lambda error: self.package.not_well_formed(part, error),
                )
            self._reader = CellReader(self._strings, self.styles, self.date1904)
        return self._reader

    def first_rows(self, part: str, last_row: int) -> list[tuple[int, list[Cell]]]:
        """The rows holding cells, down to `last_row`, of a worksheet read as it streams in.

        A part of any size is opened, since reading stops at `last_row`.

        Raises:
            NotAWorkbookError: The part is not well-formed XML as far as it is read.
        """
        try:
            return list(self.cell_reader().rows(self.package.stream(part, in_part=True), last_row))
        except XMLSyntaxError as error:
            raise self.package.not_well_formed(part, error) from None

    def _related(self, rel_type: str) -> str | None:
        found = self.package.relationships(self.part).of_type(rel_type)
        part = found[0].part if found else None
        return part if part is not None and self.package.has(part) else None

    def is_active(self, sheet: Sheet) -> bool:
        """Whether a sheet is the one shown when the workbook opens."""
        view = self._view()
        active = "0" if view is None else view.get("activeTab", "0")
        return active == str(sheet.index)

    def _view(self) -> Element | None:
        views = find(self.root, "bookViews")
        return None if views is None else views.find(main("workbookView"))

    # Changing

    def activate(self, sheet: Sheet) -> None:
        """Make a sheet the one shown when the workbook opens."""
        if self.is_active(sheet):
            return
        edited = self.package.edit(self.part)
        view = self._view()
        if view is None:
            views = insert_in_order(edited, element(main("bookViews")), _ORDER)
            view = child(views, main("workbookView"))
        view.set("activeTab", str(sheet.index))

    def hide(self, sheet: Sheet) -> None:
        """Hide a sheet (not the only one shown, nor the one the workbook opens on)."""
        item = self._sheets_element(self.package.edit(self.part))[sheet.index]
        item.set("state", "hidden")

    def hide_all_but(self, sheet: Sheet) -> None:
        """Show one sheet alone: every other one hidden, it visible, active and selected.

        What prints only one sheet of a workbook, since a workbook prints its visible
        sheets. A sheet hidden so that only code can show it (``veryHidden``) stays so; the
        other sheets' own parts are left as they came (a hidden sheet's selection shows
        nowhere).

        >>> import openpyxl, tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.xlsx"
        >>> made = openpyxl.Workbook()
        >>> for name in ("Settings", "Board"):
        ...     _ = made.create_sheet(name)
        >>> made["Board"].sheet_state = "hidden"
        >>> made.save(path)
        >>> with Workbook.open(path) as book:
        ...     book.hide_all_but(book.sheets[2])
        ...     [(s.name, s.hidden) for s in book.sheets], book.is_active(book.sheets[2])
        ([('Sheet', True), ('Settings', True), ('Board', False)], True)
        """
        edited = self.package.edit(self.part)
        for index, item in enumerate(self._sheets_element(edited).iter(main("sheet"))):
            if index == sheet.index:
                item.attrib.pop("state", None)
            elif item.get("state", "visible") == "visible":
                item.set("state", "hidden")
        views = find(edited, "bookViews")
        if views is None:
            views = insert_in_order(edited, element(main("bookViews")), _ORDER)
        if not len(views):
            child(views, main("workbookView"))
        for view in views.iter(main("workbookView")):
            view.set("activeTab", str(sheet.index))
        if sheet.part is None:
            return
        sheet_views = find(self.package.xml(sheet.part), "sheetViews")
        if sheet_views is not None:
            self.package.edit(sheet.part)
            for sheet_view in sheet_views.iter(main("sheetView")):
                sheet_view.set("tabSelected", "1")

    def add_worksheet(self, name: str, root: Element, position: int | None = None) -> Sheet:
        """Add a worksheet whose XML is `root`, at `position` among the tabs (None: last)."""
        edited = self.package.edit(self.part)
        part = self._free_part_name()
        self.package.put(part, root, content_types.WORKSHEET)
        rel_id = self.package.relationships(self.part).add(relationships.WORKSHEET, part)
        sheets = self._sheets_element(edited)
        count = len(sheets)
        position = count if position is None or position > count else position
        sheet_id = max((sheet.sheet_id for sheet in self.sheets), default=0) + 1
        item = element(main("sheet"), {"name": name, "sheetId": str(sheet_id)})
        item.set(_REL_ID, rel_id)
        sheets.insert(position, item)
        self._renumber(edited, lambda index: index + 1 if index >= position else index)
        return Sheet(name, position, sheet_id, part, "worksheet", hidden=False)

    def remove_sheet(self, name: str) -> int:
        """Remove a sheet with its part; its former position among the tabs.

        Raises:
            KeyError: There is no sheet of this name.
        """
        sheet = self.sheet(name)
        if sheet is None:
            raise KeyError(name)
        edited = self.package.edit(self.part)
        sheets = self._sheets_element(edited)
        item = sheets[sheet.index]
        rel_id = item.get(_REL_ID, "")
        sheets.remove(item)
        self.package.relationships(self.part).remove(rel_id)
        if sheet.part is not None:
            self.package.remove(sheet.part)
        names = find(edited, "definedNames")
        if names is not None:
            for defined in list(names):
                if defined.get("localSheetId") == str(sheet.index):
                    names.remove(defined)
            if not len(names):
                edited.remove(names)
        last = len(sheets) - 1
        self._renumber(edited, lambda index: min(index - 1 if index > sheet.index else index, last))
        return sheet.index

    def local_names(self, sheet: Sheet) -> dict[str, str]:
        """A sheet's defined names of its own, with what each refers to.

        >>> import io, openpyxl, tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.xlsx"
        >>> made = openpyxl.Workbook()
        >>> made.active.print_title_rows = "1:1"
        >>> made.save(path)
        >>> with Workbook.open(path) as book:
        ...     book.local_names(book.sheets[0])
        {'_xlnm.Print_Titles': "'Sheet'!$1:$1"}
        """
        names = find(self.root, "definedNames")
        return {
            defined.get("name", ""): defined.text or ""
            for defined in (names if names is not None else ())
            if defined.get("localSheetId") == str(sheet.index)
        }

    def set_local_name(
        self, name: str, sheet: Sheet, reference: str, *, hidden: bool = False
    ) -> None:
        """Give a sheet a defined name of its own (``_xlnm.Print_Area``), replacing any.

        Args:
            name: The name.
            sheet: The sheet it belongs to.
            reference: What it refers to on the sheet, such as ``$A$1:$T$64``; areas apart
                are separated by commas (``$A$1,$C$1:$D$1``).
            hidden: Whether Excel's list of names leaves it out.
        """
        edited = self.package.edit(self.part)
        names = find(edited, "definedNames")
        if names is None:
            names = insert_in_order(edited, element(main("definedNames")), _ORDER)
        for defined in list(names):
            if defined.get("name") == name and defined.get("localSheetId") == str(sheet.index):
                names.remove(defined)
        item = element(main("definedName"), {"name": name, "localSheetId": str(sheet.index)})
        if hidden:
            item.set("hidden", "1")
        where = quote_sheet(sheet.name)
        item.text = ",".join(f"{where}!{area}" for area in reference.split(","))
        names.append(item)

    def rename_table_columns(self, sheet: Sheet, headers: Mapping[tuple[int, int], str]) -> None:
        """Keep the column names of a sheet's Excel Tables in step with header cells rewritten.

        A Table names each of its columns after its header cell; Excel repairs (drops) a
        Table whose names and header cells differ.

        Args:
            sheet: The worksheet whose header cells were written.
            headers: The text written, by (row, column).
        """
        if sheet.part is None:
            return
        for rel in self.package.relationships(sheet.part).of_type(relationships.TABLE):
            if rel.part is None or not self.package.has(rel.part):
                continue
            table = self.package.xml(rel.part)
            bounds = parse_range(table.get("ref", ""))
            columns = find(table, "tableColumns")
            if bounds is None or columns is None or table.get("headerRowCount") == "0":
                continue
            first_row, first_column, _, last_column = bounds
            renamed = {
                column - first_column: text
                for (row, column), text in headers.items()
                if row == first_row and first_column <= column <= last_column
            }
            for index, text in renamed.items():
                if index < len(columns) and columns[index].get("name") != text:
                    self.package.edit(rel.part)
                    columns[index].set("name", text)

    def drop_calc_chain(self) -> None:
        """Remove the calculation chain, which Excel rebuilds on opening.

        Needed where cells holding formulas are written over: a chain naming a cell that
        no longer holds a formula makes Excel report the file as damaged.
        """
        rels = self.package.relationships(self.part)
        for rel in rels.of_type(relationships.CALC_CHAIN):
            rels.remove(rel.id)
            if rel.part is not None and self.package.has(rel.part):
                self.package.remove(rel.part)

    def calc_chain_names(self, sheet: Sheet) -> bool:
        """Whether the calculation chain names cells of this sheet."""
        part = self._related(relationships.CALC_CHAIN)
        if part is None:
            return False
        current = ""
        for item in self.package.xml(part).iter(main("c")):
            current = item.get("i", current)
            if current == str(sheet.sheet_id):
                return True
        return False

    def _sheets_element(self, root: Element) -> Element:
        sheets = find(root, "sheets")
        if sheets is None:
            sheets = insert_in_order(root, element(main("sheets")), _ORDER)
        return sheets

    def _renumber(self, root: Element, move: Callable[[int], int]) -> None:
        """Renumber what counts sheets by position, after one was added or removed."""
        names = find(root, "definedNames")
        for defined in names if names is not None else ():
            if (local := defined.get("localSheetId")) is not None and local.isdigit():
                defined.set("localSheetId", str(move(int(local))))
        views = find(root, "bookViews")
        for view in views if views is not None else ():
            for attribute in ("activeTab", "firstSheet"):
                if (value := view.get(attribute)) is not None and value.isdigit():
                    view.set(attribute, str(max(move(int(value)), 0)))

    def _free_part_name(self) -> str:
        folder = posixpath.join(posixpath.dirname(self.part), "worksheets")
        number = 1
        while self.package.has(posixpath.join(folder, f"sheet{number}.xml")):
            number += 1
        return posixpath.join(folder, f"sheet{number}.xml")


def _integer(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0
