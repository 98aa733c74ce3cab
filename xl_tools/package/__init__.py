"""The workbook file as a package of parts: the only code that reads or writes its XML.

A build opens the officer's workbook (`Workbook.open`), reads its cells (`CellReader`),
changes only what the tool owns (`WorksheetEditor` on the measures sheet, `Stylesheet`
for the styles it adds, `worksheet_xml` for the board it writes whole) and saves: every
part it did not change goes out as the very bytes it came in.
"""

from xl_tools.package.cells import Cell, CellReader
from xl_tools.package.new_sheet import NewSheet, Page, Row, ValueColours, worksheet_xml
from xl_tools.package.numbers import GENERAL, to_serial
from xl_tools.package.package import Package
from xl_tools.package.sparklines import Sparkline, SparklineKind
from xl_tools.package.styles import Alignment, Font, Look, Stylesheet
from xl_tools.package.workbook import Sheet, Workbook
from xl_tools.package.worksheet import CellValue, WorksheetEditor

__all__ = [
    "GENERAL",
    "Alignment",
    "Cell",
    "CellReader",
    "CellValue",
    "Font",
    "Look",
    "NewSheet",
    "Package",
    "Page",
    "Row",
    "Sheet",
    "Sparkline",
    "SparklineKind",
    "Stylesheet",
    "ValueColours",
    "Workbook",
    "WorksheetEditor",
    "to_serial",
    "worksheet_xml",
]
