"""The Excel buttons on an officer's own workbook: ``xl-tools add-button`` (DESIGN 7.3).

The result is a macro-enabled copy of the workbook, ``<name>.xlsm`` beside it: every part
of the workbook as it came, and
- the VBA project of the shipped macro-enabled template (xlwings' module and the buttons'
  macros), copied as its bytes, with the workbook made macro-enabled;
- the code names that bind the project's document modules, as on the template: the
  workbook's (``ThisWorkbook``), the measures sheet's (the template's Measures sheet's,
  ``Sheet1``), and that of xlwings' settings sheet, ``_xlwings.conf``, added last as the
  template has it (hidden, as there), so that every document module has its sheet. A
  sheet of the officer's that bears one of those code names already is given another
  that no module has;
- a button for each of `BUTTONS` whose macro the template's project has (it has a button
  bound to it), at the top of the measures sheet (`xl_tools.button_room`), in the sheet's
  legacy drawing beside its notes where it has one.

What it refuses, one line each, with nothing written: a workbook with a VBA project of its
own (two projects cannot be merged without Excel; one that has the template's project has
the buttons already), a template (``.xltx``), a measures sheet whose legacy drawing is not
well-formed XML (Excel writes a caption of several lines so), and an output that exists.
An ``.xlsm`` without macros takes the buttons too; its copy is ``<name>-buttons.xlsm``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path
from typing import TypeGuard

from xl_tools.button_room import TableTop, button_boxes
from xl_tools.errors import (
    ButtonsError,
    NotAWorkbookError,
    Problem,
    ProblemCode,
    WouldOverwriteError,
    quote_sheet,
)
from xl_tools.excel.buttons import BUTTONS, Button
from xl_tools.model import WRITTEN_HEADERS
from xl_tools.package import (
    CellValue,
    NewSheet,
    Row,
    Sheet,
    Workbook,
    vba,
    vml,
    worksheet_xml,
)
from xl_tools.package.grid import Box, Grid
from xl_tools.read import open_workbook, worksheet_sources
from xl_tools.read.table import find_table
from xl_tools.references import range_address
from xl_tools.replacing import bad_output
from xl_tools.resources import Shipped, shipped_file

CONF_SHEET = "_xlwings.conf"  # xlwings' settings sheet: read once renamed xlwings.conf
CONF_NAMES = (CONF_SHEET, CONF_SHEET.lstrip("_"))
BUTTONS_SUFFIX = "-buttons"  # the copy of an .xlsm is named so, not to be the input's name


@dataclass(frozen=True)
class ConfSheet:
    """xlwings' settings sheet, as the template has it.

    Attributes:
        values: Its cells and column widths.
        code_name: Its code name: a document module of the project is its.
        hidden: Whether it is hidden.
    """

    values: NewSheet
    code_name: str
    hidden: bool


@dataclass(frozen=True)
class Template:
    """What an officer's workbook takes from the shipped macro-enabled template.

    Attributes:
        project: Its ``vbaProject.bin``.
        workbook_code_name: The workbook's code name.
        measures_code_name: The code name of the sheet its buttons are on.
        macros: The macros its buttons run: those its project has for buttons.
        conf: Its ``_xlwings.conf`` sheet, if it has one.
    """

    project: bytes
    workbook_code_name: str
    measures_code_name: str
    macros: frozenset[str]
    conf: ConfSheet | None


@dataclass(frozen=True)
class AddedButtons:
    """What ``add-button`` did.

    Attributes:
        source: The workbook read.
        target: The macro-enabled workbook written.
        sheet: The sheet the buttons are on.
        buttons: The buttons added, left to right.
        cells: The cells they lie over (``F1:I2``).
    """

    source: Path
    target: Path
    sheet: str
    buttons: tuple[Button, ...]
    cells: str

    @property
    def summary(self) -> str:
        """What was done, in one line.

        >>> from xl_tools.excel.buttons import BUTTONS
        >>> added = AddedButtons(Path("m.xlsx"), Path("m.xlsm"), "My measures", BUTTONS[:2], "C1")
        >>> added.summary
        "m.xlsx -> m.xlsm: Build board, Comparators on 'My measures'!C1"
        """
        captions = ", ".join(button.caption for button in self.buttons)
        where = f"{quote_sheet(self.sheet)}!{self.cells}"
        return f"{self.source} -> {self.target}: {captions} on {where}"


def add_buttons(
    path: Path,
    *,
    out: Path | None = None,
    sheet: str | None = None,
    extra_headers: Mapping[str, Sequence[str]] | None = None,
) -> AddedButtons:
    """Write a macro-enabled copy of a workbook with the Excel buttons on its measures sheet.

    Args:
        path: The officer's workbook (``.xlsx``, or an ``.xlsm`` without macros).
        out: The file (``.xlsm``) or existing folder to write to; by default
            ``<name>.xlsm`` beside the workbook (``<name>-buttons.xlsm`` for an ``.xlsm``).
        sheet: The measures sheet's name, where more than one sheet holds a table.
        extra_headers: More header names per field, as the CLI's ``--map`` gives them.

    Returns:
        What was written.

    Raises:
        ButtonsError: The workbook has a VBA project, or its measures sheet's legacy
            drawing cannot take buttons.
        NotAWorkbookError: The file is not a workbook (a template, say) or is damaged.
        MeasuresTableError: No measures table (or several) was found.
        WouldOverwriteError: The file to write exists already, or is the workbook itself.
        OutputError: `out` is not an ``.xlsm`` file's name.
    """
    from xl_tools.save import save_workbook

    target = output_path(path, out)
    template = read_template()
    with open_workbook(path) as book:
        _check_workbook(book, path, template)
        found, header = find_table(
            worksheet_sources(book), source=str(path), sheet=sheet, extra_headers=extra_headers
        )
        measures = book.sheet(found.name)
        assert measures is not None and measures.part is not None  # the sheet just read
        drawing = vml.legacy_drawing(book, measures)
        if drawing is not None and not vml.is_well_formed(book, drawing):
            raise _cannot(path, measures, drawing)
        chosen = tuple(button for button in BUTTONS if button.macro in template.macros)
        missing = sum(field not in header.columns for field in WRITTEN_HEADERS)
        top = TableTop(header.row, header.last_column, missing)
        boxes = button_boxes(book, measures, top, len(chosen))
        grid = Grid(book.package.xml(measures.part))
        vba.add_vba_project(book, template.project)
        _set_code_names(book, measures, template)
        made = [
            vml.FormButton(button.caption, button.macro, box)
            for button, box in zip(chosen, boxes, strict=True)
        ]
        vml.add_buttons(book, measures, made, grid)
        save_workbook(book, target)
    return AddedButtons(path, target, found.name, chosen, _cells(grid, boxes))


def output_path(path: Path, out: Path | None) -> Path:
    """Where ``add-button`` writes: checked by the names alone, before anything is read.

    >>> output_path(Path("reports/measures.xlsx"), None).as_posix()
    'reports/measures.xlsm'
    >>> output_path(Path("measures.xlsm"), None).as_posix()
    'measures-buttons.xlsm'

    Raises:
        OutputError: `out` does not end ``.xlsm``.
        WouldOverwriteError: The file exists already, or is the workbook itself.
    """
    suffix = BUTTONS_SUFFIX if path.suffix.lower() in (".xlsm", ".xltm") else ""
    name = f"{path.stem}{suffix}.xlsm"
    if out is None:
        target = path.with_name(name)
    elif out.is_dir():
        target = out / name
    else:
        target = out
        if target.suffix.lower() != ".xlsm":
            raise bad_output(
                target,
                "is not a macro-enabled workbook's name: Excel opens a workbook with "
                f"buttons only as .xlsm: give -o {target.with_suffix('.xlsm').name}",
            )
    if target.exists():
        raise WouldOverwriteError(
            Problem(
                ProblemCode.WOULD_OVERWRITE,
                "exists already: add-button never overwrites a workbook; move it away or "
                "give another file with -o",
                file=str(target),
            )
        )
    return target


def read_template() -> Template:
    """What the shipped macro-enabled template gives: its project, code names and buttons."""
    with as_file(shipped_file(Shipped.BUTTON_TEMPLATE)) as path, Workbook.open(path) as book:
        project = vba.vba_project(book)
        placed = [(sheet, found) for sheet in book.sheets if (found := vml.buttons(book, sheet))]
        if project is None or len(placed) != 1:
            raise RuntimeError(f"{path} has no VBA project, or no one sheet with its buttons")
        sheet, found = placed[0]
        conf = book.sheet(CONF_SHEET)
        return Template(
            project=book.package.read(project),
            workbook_code_name=vba.workbook_code_name(book) or "ThisWorkbook",
            measures_code_name=vba.code_name(book, sheet) or "Sheet1",
            macros=frozenset(macro for _, macro in found),
            conf=None if conf is None else _conf_sheet(book, conf),
        )


def _conf_sheet(book: Workbook, sheet: Sheet) -> ConfSheet:
    """A sheet's values and column widths, its code name and whether it is hidden."""
    assert sheet.part is not None  # the template's own sheet
    root = book.package.xml(sheet.part)
    rows = [
        Row(number, None, [(c, value, 0) for c, value, _, _ in cells if _plain(value)])
        for number, cells in book.cell_reader().rows_of(root)
    ]
    values = NewSheet(sheet.name, rows, Grid(root).widths)
    return ConfSheet(values, vba.code_name(book, sheet) or sheet.name, sheet.hidden)


def _plain(value: object) -> TypeGuard[CellValue]:
    """Whether a value is one a new sheet's cell holds as it is (text, a number, true)."""
    return isinstance(value, str | int | float | bool)


def _check_workbook(book: Workbook, path: Path, template: Template) -> None:
    """Refuse a workbook that has a VBA project, or is not a workbook (a template)."""
    project = vba.vba_project(book)
    if project is not None:
        ours = book.package.read(project) == template.project
        message = (
            "has the xl-tools buttons' macros already: there is nothing to add"
            if ours
            else f"has macros of its own ({project}), and a workbook holds one VBA project "
            "only: add-button adds the buttons to a workbook without macros"
        )
        raise ButtonsError(Problem(ProblemCode.HAS_MACROS, message, file=str(path)))
    kind = vba.workbook_type(book)
    if kind not in (vba.WORKBOOK_TYPE, vba.MACRO_ENABLED_TYPE):
        raise NotAWorkbookError(
            Problem(
                ProblemCode.NOT_A_WORKBOOK,
                f"is not a workbook that takes buttons (its main part is {kind or 'untyped'}): "
                "add-button adds them to a workbook saved from Excel as .xlsx",
                file=str(path),
            )
        )


def _cannot(path: Path, sheet: Sheet, drawing: str) -> ButtonsError:
    return ButtonsError(
        Problem(
            ProblemCode.NO_BUTTONS,
            f"its notes and form controls ({drawing}) are in a drawing that is not "
            "well-formed XML, so buttons cannot be added beside them: remove the line "
            "breaks from any button caption on the sheet, or the controls, and save it again",
            file=str(path),
            sheet=sheet.name,
        )
    )


def _set_code_names(book: Workbook, measures: Sheet, template: Template) -> None:
    """Bind the project's document modules: the workbook, the measures and conf sheets."""
    given = {measures.name: template.measures_code_name}
    if template.conf is not None:
        conf = next((s for s in book.sheets if s.name.lower() in CONF_NAMES), None)
        if conf is None:
            values = template.conf.values
            conf = book.add_worksheet(values.name, worksheet_xml(values))
            if template.conf.hidden:
                book.hide(conf)
        given[conf.name] = template.conf.code_name
    names = {sheet.name: vba.code_name(book, sheet) for sheet in book.sheets}
    taken = {*names.values(), *given.values()}
    free = (f"Sheet{n}" for n in itertools.count(1) if f"Sheet{n}" not in taken)
    for name, code_name in names.items():
        if name not in given and code_name in given.values():
            given[name] = next(free)
    vba.set_workbook_code_name(book, template.workbook_code_name)
    for sheet in book.sheets:
        if sheet.name in given:
            vba.set_code_name(book, sheet, given[sheet.name])


def _cells(grid: Grid, boxes: Sequence[Box]) -> str:
    if not boxes:
        return ""
    first, last = grid.anchor(boxes[0]), grid.anchor(boxes[-1])
    return range_address(first.row + 1, first.column + 1, last.end_row + 1, last.end_column + 1)
