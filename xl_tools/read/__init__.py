"""Reading a measures workbook into the measures table, its settings and its layout.

`read_workbook` reads a file; `interpret` reads sheets from any back end (`SheetSource`,
such as `SheetCells`), so that a live workbook in Excel is read by the same rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from xl_tools.model import MeasuresWorkbook
from xl_tools.read.cells import SheetCells, SheetSource
from xl_tools.read.settings import SettingsOverrides
from xl_tools.read.table import interpret
from xl_tools.read.xlsx import open_workbook, worksheet_sources

__all__ = [
    "SettingsOverrides",
    "SheetCells",
    "SheetSource",
    "interpret",
    "open_workbook",
    "read_workbook",
    "worksheet_sources",
]


def read_workbook(
    path: str | Path,
    *,
    overrides: SettingsOverrides | None = None,
    sheet: str | None = None,
    extra_headers: Mapping[str, Sequence[str]] | None = None,
) -> MeasuresWorkbook:
    """Read a measures workbook file: the template or an officer's own layout.

    Args:
        path: An .xlsx or .xlsm file.
        overrides: Settings given to the tool (the command line), which win over the
            workbook's own.
        sheet: The measures sheet's name, where more than one sheet holds a table.
        extra_headers: More header names per field (``{"value": ["Nov 23"]}``).

    Returns:
        The measures table, settings, layout and warnings; `source` is the path as given.

    Raises:
        WorkbookNotFoundError: There is no such file.
        WorkbookLockedError: The file cannot be opened.
        NotAWorkbookError: The file is not an .xlsx or .xlsm workbook, or is damaged.
        MeasuresTableError: No measures table (or several) was found, or cells or
            settings cannot be read; it carries every problem found.
    """
    with open_workbook(path) as book:
        return interpret(
            worksheet_sources(book),
            source=str(path),
            overrides=overrides,
            sheet=sheet,
            extra_headers=extra_headers,
        )
