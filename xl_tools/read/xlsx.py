"""Read an .xlsx or .xlsm file into `SheetCells`, one per worksheet, with openpyxl.

Values are the results Excel last saved (``data_only``), never formula text. A formula
whose result was never saved (a file written by a program rather than saved by Excel)
reads as blank in openpyxl; to tell it from a truly blank cell, each sheet's XML is scanned
once for ``<f>`` cells without a saved ``<v>``. That scan is a light streaming parse of the same
part, far cheaper than a second openpyxl load with formulas, and needs no guess about
which sheets hold formulas.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException

from xl_tools.errors import (
    NotAWorkbookError,
    Problem,
    ProblemCode,
    WorkbookLockedError,
    WorkbookNotFoundError,
)
from xl_tools.read.cells import GENERAL, SheetCells

# What a damaged or foreign file makes openpyxl raise; anything else is a bug of ours.
_NOT_A_WORKBOOK = (zipfile.BadZipFile, InvalidFileException, KeyError, ParseError, ValueError)


def load_sheets(path: str | Path) -> tuple[SheetCells, ...]:
    """Read every worksheet of a workbook file (chart sheets have no cells and are left out).

    Args:
        path: An .xlsx or .xlsm file.

    Returns:
        The sheets in workbook order.

    Raises:
        WorkbookNotFoundError: There is no such file.
        WorkbookLockedError: The file cannot be opened for reading.
        NotAWorkbookError: The file is not an .xlsx or .xlsm workbook, or is damaged.
    """
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise WorkbookNotFoundError(Problem(ProblemCode.FILE_NOT_FOUND, "no such file", file=name))
    if path.is_dir():
        raise NotAWorkbookError(_not_a_workbook(name, "is a folder, not a workbook"))
    try:
        return _read(path)
    except PermissionError as error:
        raise WorkbookLockedError(
            Problem(
                ProblemCode.FILE_LOCKED,
                "cannot be opened: permission denied (is it open in another program?)",
                file=name,
            )
        ) from error
    except _NOT_A_WORKBOOK as error:
        raise NotAWorkbookError(_not_a_workbook(name, _why_not(path))) from error


def _not_a_workbook(name: str, message: str) -> Problem:
    return Problem(ProblemCode.NOT_A_WORKBOOK, message, file=name)


def _why_not(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        return (
            f"is not an Excel workbook the tool can read ({suffix or 'no extension'}): "
            "save it from Excel as .xlsx or .xlsm"
        )
    if not zipfile.is_zipfile(path):
        return (
            "is not an Excel .xlsx/.xlsm workbook (it may be an older .xls renamed, "
            "password-protected, or another kind of file): save it from Excel as .xlsx"
        )
    return "is damaged and cannot be read as a workbook: open it in Excel and save it again"


def _read(path: Path) -> tuple[SheetCells, ...]:
    with warnings.catch_warnings():
        # openpyxl warns about parts it does not keep (extensions, validation); reading
        # needs none of them, and writing checks for losses itself.
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        try:
            with zipfile.ZipFile(path) as archive:
                return tuple(_sheet_cells(sheet, archive) for sheet in book.worksheets)
        finally:
            book.close()


def _sheet_cells(sheet, archive: zipfile.ZipFile) -> SheetCells:
    # Some writers record a wrong dimension; forget it so that every row is read.
    sheet.reset_dimensions()
    values: list[tuple[object, ...]] = []
    formats: list[tuple[str, ...]] = []
    for row in sheet.iter_rows():
        values.append(tuple(cell.value for cell in row))
        formats.append(tuple(cell.number_format or GENERAL for cell in row))
    last = _last_filled_row(values)
    # The worksheet's part name is not public in openpyxl (pinned <3.2 in pyproject).
    uncached = frozenset(_uncached_formulas(archive.open(sheet._worksheet_path)))
    hidden = sheet.sheet_state != "visible"
    return SheetCells(sheet.title, tuple(values[:last]), tuple(formats[:last]), uncached, hidden)


def _last_filled_row(values: list[tuple[object, ...]]) -> int:
    for index in range(len(values), 0, -1):
        if any(value is not None for value in values[index - 1]):
            return index
    return 0


def _uncached_formulas(part) -> Iterator[tuple[int, int]]:
    """The (row, column) of every cell in a worksheet part with a formula and no value."""
    with part:
        for _event, element in iterparse(part):
            if _local(element.tag) != "c":
                continue
            children = {_local(child.tag): child for child in element}
            reference = element.get("r")
            if "f" in children and reference and not _has_result(element, children.get("v")):
                yield coordinate_to_tuple(reference)
            element.clear()


def _has_result(cell, value) -> bool:
    # An empty <v/> is a saved empty text only in a text cell (t="str"); openpyxl writes
    # an empty <v/> for every formula, whose result it never computes.
    return value is not None and (bool(value.text) or cell.get("t") == "str")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
