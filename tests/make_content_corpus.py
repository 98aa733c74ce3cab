"""Write a corpus of measures workbooks, each holding content that a build must keep as it is.

Every workbook is one the tool reads: a "Measures" sheet of five measures (a percentage, a
rate per 10,000, a count) under a title, with a year of month columns, and a "Settings"
sheet for November 2023 with the 0-17 population. Around that table each holds one kind of
content, written by a program other than the tool: XlsxWriter for pictures, a header logo,
a background, charts, a chart sheet, an Excel Table, sparklines, text boxes, Excel 2010
data bars, dynamic arrays, rich text, shown notes, checkboxes, pictures in cells, merged
bordered cells and VBA; LibreOffice for a pivot table. One more workbook holds all that
XlsxWriter writes at once. `tests/test_nothing_lost.py` runs the tool on each.

Run it as ``python tests/make_content_corpus.py OUTDIR``; the pivot table needs
LibreOffice (``soffice``) on the PATH.
"""

from __future__ import annotations

import argparse
import datetime
import os
import signal
import struct
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import xlsxwriter
import xlwings
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

TITLE = "Children's social care performance measures"
MEASURES_SHEET = "Measures"
HEADERS = (
    "ID",
    "Section",
    "Measure",
    "Unit",
    "Polarity",
    "Value",
    "Numerator",
    "Denominator",
    "Target",
    "Statistical neighbours",
    "Previous",
    "Commentary",
)
# Sheet rows, from 1: the title, a blank row, the headers, a row a measure.
TITLE_ROW, HEADER_ROW, FIRST_ROW = 1, 3, 4
# Two financial years of months, as the template keeps them: the year before, for
# comparison, and the reporting period's own, whose months up to October are filled in.
MONTHS = tuple(
    datetime.date(year + (m < 4), m, 1) for year in (2022, 2023) for m in (*range(4, 13), 1, 2, 3)
)
THIS_YEAR = MONTHS[12:]
PERIOD = "November 2023"
SETTINGS: tuple[tuple[str, object], ...] = (
    ("Authority", "Devon"),
    ("Reporting period", PERIOD),
    ("Population 0-17", 147541),
)
# A fixed creation time: XlsxWriter otherwise stamps the clock into docProps/core.xml.
CREATED = datetime.datetime(2023, 12, 1, 9, 0, 0)
# xlwings ships a macro-enabled workbook whose VBA project is real Office output.
QUICKSTART = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
LIBREOFFICE_SECONDS = 120


@dataclass(frozen=True)
class Measure:
    """One measure's row; percentages as fractions, as Excel stores a cell showing 22%."""

    id: str
    section: str
    name: str
    unit: str
    polarity: str
    value: float
    numerator: float | None
    denominator: float | None
    target: float | None
    neighbours: float | None
    previous: float
    commentary: str
    history: tuple[float, ...]  # April to October 2023

    @property
    def is_percent(self) -> bool:
        return self.unit == "Percentage"

    def cells(self) -> tuple[object, ...]:
        """The row's values under `HEADERS`."""
        return (
            self.id, self.section, self.name, self.unit, self.polarity, self.value,
            self.numerator, self.denominator, self.target, self.neighbours, self.previous,
            self.commentary,
        )  # fmt: skip


MEASURES = (
    Measure(
        "VA01", "Volume of Activity", "Contacts to children's social care (per 10,000)",
        "Rate per 10,000", "None", 439, 6477, None, None, 520, 451, "Lower than comparators",
        (430, 441, 452, 447, 439, 450, 451),
    ),
    Measure(
        "VA02", "Volume of Activity", "Number of referrals", "Number", "None", 599, None,
        None, None, None, 612, "Back to the level of the start of the year",
        (601, 580, 615, 622, 590, 604, 612),
    ),
    Measure(
        "VA03", "Volume of Activity", "% of referrals which are repeat referrals",
        "Percentage", "Lower is better", 0.22, 132, 599, 0.20, 0.21, 0.23,
        "Broadly in line with comparators", (0.24, 0.23, 0.22, 0.25, 0.21, 0.22, 0.23),
    ),
    Measure(
        "PR04", "Process", "% of assessments completed within 45 days", "Percentage",
        "Higher is better", 0.79, 368, 466, 0.85, 0.84, 0.81,
        "Dropped slightly; slightly lower than comparators",
        (0.82, 0.80, 0.83, 0.81, 0.78, 0.80, 0.81),
    ),
    Measure(
        "PR09", "Process", "Children subject to a child protection plan (per 10,000)",
        "Rate per 10,000", "Lower is better", 36, 531, None, 40, 42, 37,
        "Lower than comparators", (38, 37, 39, 36, 35, 36, 37),
    ),
)  # fmt: skip
LAST_ROW = FIRST_ROW + len(MEASURES) - 1


@dataclass
class MeasuresSheet:
    """A measures sheet being written with XlsxWriter, and where its columns landed.

    Attributes:
        book: The workbook.
        sheet: The Measures worksheet.
        headers: Every header of the table, left to right (the months' as their dates).
        formats: Named cell formats, shared by every sheet of the workbook.
    """

    book: Workbook
    sheet: Worksheet
    headers: list[object]
    formats: dict[str, Any]

    def column(self, header: object) -> int:
        """A header's column, from 0 as XlsxWriter counts."""
        return self.headers.index(header)

    @property
    def last_column(self) -> int:
        return len(self.headers) - 1


def measures_workbook(
    path: Path, *, extra: Sequence[str] = (), border: bool = False
) -> MeasuresSheet:
    """Start a measures workbook: the title, the table and the Settings sheet.

    Args:
        path: Where it is saved on `Workbook.close`.
        extra: Headers of columns of the officer's own, between Commentary and the months.
        border: Whether the table's cells are bordered.
    """
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": TITLE, "author": "Performance team", "created": CREATED})
    sheet = book.add_worksheet(MEASURES_SHEET)
    line = {"border": 1} if border else {}
    formats = {
        "title": book.add_format({"bold": True, "font_size": 14, **line}),
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, **line}),
        "month": book.add_format({"bold": True, "num_format": "mmm-yy", **line}),
        "text": book.add_format(line),
        "percent": book.add_format({"num_format": "0%", **line}),
        "number": book.add_format({"num_format": "#,##0", **line}),
    }
    headers: list[object] = [*HEADERS, *extra, *MONTHS]
    made = MeasuresSheet(book, sheet, headers, formats)
    sheet.write(TITLE_ROW - 1, 0, TITLE, formats["title"])
    for column, header in enumerate(headers):
        if isinstance(header, datetime.date):
            sheet.write_datetime(HEADER_ROW - 1, column, header, formats["month"])
        else:
            sheet.write_string(HEADER_ROW - 1, column, header, formats["header"])
    for row, measure in enumerate(MEASURES, start=FIRST_ROW - 1):
        write_measure(made, row, measure)
    sheet.set_column(made.column("Measure"), made.column("Measure"), 46)
    sheet.set_column(made.column("Commentary"), made.column("Commentary"), 30)
    sheet.freeze_panes(HEADER_ROW, 3)
    settings = book.add_worksheet("Settings")
    for row, (label, value) in enumerate((("Setting", "Value"), *SETTINGS)):
        settings.write(row, 0, label)
        settings.write(row, 1, value)
    settings.set_column(0, 0, 20)
    return made


def write_measure(made: MeasuresSheet, row: int, measure: Measure) -> None:
    """Write a measure's row (from 0): its figures as its unit shows them, counts as counts."""
    figure = made.formats["percent" if measure.is_percent else "number"]
    counts = {"Numerator": made.formats["number"], "Denominator": made.formats["number"]}
    for column, (header, value) in enumerate(zip(HEADERS, measure.cells(), strict=True)):
        if value is not None:
            look = figure if isinstance(value, int | float) else made.formats["text"]
            made.sheet.write(row, column, value, counts.get(header, look))
    for month, value in zip(THIS_YEAR, measure.history, strict=False):
        made.sheet.write_number(row, made.column(month), value, figure)


def column_range(sheet: MeasuresSheet, header: object) -> tuple[int, int, int, int]:
    """The measure rows of one column, as XlsxWriter's (first row, col, last row, col)."""
    column = sheet.column(header)
    return FIRST_ROW - 1, column, LAST_ROW - 1, column


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A PNG picture of one colour, made here so that the corpus needs no picture files."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    row = b"\x00" + bytes(colour) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def vba_project() -> bytes:
    """The VBA project of xlwings' quickstart workbook."""
    with zipfile.ZipFile(QUICKSTART) as package:
        return package.read("xl/vbaProject.bin")


# Each kind of content is added to a measures workbook being written by one function.


def add_pictures(made: MeasuresSheet) -> None:
    """A logo beside the title of the Measures sheet, and a picture on the Settings sheet."""
    logo = {"image_data": BytesIO(png(96, 32, (31, 56, 100))), "x_scale": 1.5}
    made.sheet.insert_image(0, made.column("Commentary"), "logo.png", logo)
    settings = made.book.get_worksheet_by_name("Settings")
    assert settings is not None
    settings.insert_image("D2", "crest.png", {"image_data": BytesIO(png(32, 32, (200, 30, 40)))})


def add_header_logo(made: MeasuresSheet) -> None:
    """A logo in the printed page header of the Measures sheet, and a footer."""
    logo = BytesIO(png(64, 24, (31, 56, 100)))
    made.sheet.set_header("&L&G&CMeasures &D", {"image_left": "logo.png", "image_data_left": logo})
    made.sheet.set_footer("&CPage &P of &N")
    made.sheet.set_landscape()


def add_background(made: MeasuresSheet) -> None:
    """A background picture behind the Measures sheet, and another behind a cover sheet."""
    made.sheet.set_background(BytesIO(png(40, 40, (242, 242, 230))))
    cover = made.book.add_worksheet("Cover")
    cover.write("B2", "Monthly performance report", made.formats["title"])
    cover.set_background(BytesIO(png(40, 40, (220, 235, 247))))


def add_charts(made: MeasuresSheet) -> None:
    """A column chart of the values below the table, and a line chart of a measure's months."""
    bars = made.book.add_chart({"type": "column"})
    bars.add_series(
        {"name": "Value", "categories": series(made, "ID"), "values": series(made, "Value")}
    )
    bars.set_title({"name": "This month's values"})
    made.sheet.insert_chart(LAST_ROW + 4, 2, bars)
    line = made.book.add_chart({"type": "line"})
    first, last = made.column(MONTHS[0]), made.column(MONTHS[-1])
    line.add_series(
        {
            "name": [MEASURES_SHEET, FIRST_ROW, made.column("Measure")],
            "categories": [MEASURES_SHEET, HEADER_ROW - 1, first, HEADER_ROW - 1, last],
            "values": [MEASURES_SHEET, FIRST_ROW, first, FIRST_ROW, last],
            "marker": {"type": "circle"},
        }
    )
    made.sheet.insert_chart(LAST_ROW + 4, 8, line, {"x_offset": 10})


def add_chart_sheet(made: MeasuresSheet) -> None:
    """A chart sheet of the values."""
    chart = made.book.add_chart({"type": "bar"})
    chart.add_series(
        {"name": "Value", "categories": series(made, "Measure"), "values": series(made, "Value")}
    )
    made.book.add_chartsheet("Chart").set_chart(chart)


def add_table(made: MeasuresSheet) -> None:
    """An Excel Table over the measures; its months are headed as text, as a Table's are."""
    made.headers = [f"{h:%b-%y}" if isinstance(h, datetime.date) else h for h in made.headers]
    columns = [{"header": str(header)} for header in made.headers]
    made.sheet.add_table(
        HEADER_ROW - 1,
        0,
        LAST_ROW - 1,
        made.last_column,
        {"name": "MeasureTable", "style": "Table Style Medium 2", "columns": columns},
    )


def add_sparklines(made: MeasuresSheet) -> None:
    """A sparkline of each measure's months, in the column headed "Sparkline"."""
    first, last = made.column(MONTHS[0]), made.column(MONTHS[-1])
    for row in range(FIRST_ROW - 1, LAST_ROW):
        data = f"{MEASURES_SHEET}!{xl_range_abs(row, first, row, last)}"
        options = {"range": data, "type": "line", "markers": True, "high_point": True}
        made.sheet.add_sparkline(row, made.column("Sparkline"), options)


def add_text_box(made: MeasuresSheet) -> None:
    """A text box of notes on the Measures sheet, below the table."""
    made.sheet.insert_textbox(
        LAST_ROW + 1,
        2,
        "Figures for November 2023 are provisional.",
        {"width": 320, "height": 50, "font": {"bold": True}, "fill": {"color": "#FFF2CC"}},
    )


def add_data_bars(made: MeasuresSheet) -> None:
    """Excel 2010 data bars on the values, and a colour scale on the previous month's."""
    made.sheet.conditional_format(
        *column_range(made, "Value"),
        {"type": "data_bar", "data_bar_2010": True, "bar_solid": True, "bar_color": "#63BE7B"},
    )
    made.sheet.conditional_format(*column_range(made, "Previous"), {"type": "3_color_scale"})


def add_dynamic_arrays(made: MeasuresSheet) -> None:
    """A rank spilled down the column headed "Rank", and sorted lists on a sheet of their own."""
    first, column, last, _ = column_range(made, "Value")
    values = xl_range_abs(first, column, last, column)
    rank = made.column("Rank")
    made.sheet.write_dynamic_array_formula(
        first, rank, last, rank, f"=_xlfn.RANK.EQ({values},{values})", None, 2
    )
    lists = made.book.add_worksheet("Lists")
    names = xl_range_abs(first, made.column("Measure"), last, made.column("Measure"))
    sections = xl_range_abs(first, made.column("Section"), last, made.column("Section"))
    lists.write_dynamic_array_formula("A1:A5", f"=_xlfn._xlws.SORT(Measures!{names})")
    lists.write_dynamic_array_formula("B1:B2", f"=_xlfn.UNIQUE(Measures!{sections})")


def add_rich_strings(made: MeasuresSheet) -> None:
    """Rich text: the title in two fonts, and each commentary's first word in red italics."""
    bold = made.book.add_format({"bold": True, "font_size": 14})
    red = made.book.add_format({"font_color": "#C00000", "italic": True})
    made.sheet.write_rich_string(TITLE_ROW - 1, 0, bold, "Children's social care", " measures")
    commentary = made.column("Commentary")
    for row, measure in enumerate(MEASURES, start=FIRST_ROW - 1):
        first, _, rest = measure.commentary.partition(" ")
        made.sheet.write_rich_string(row, commentary, red, first, f" {rest}", made.formats["text"])


def add_notes(made: MeasuresSheet) -> None:
    """Notes on a measure (shown), on a value (by another author) and on a header."""
    made.sheet.write_comment(
        FIRST_ROW + 1, made.column("Measure"), "Repeat within 12 months", {"visible": True}
    )
    made.sheet.write_comment(
        FIRST_ROW - 1, made.column("Value"), "Provisional", {"author": "Analyst"}
    )
    made.sheet.write_comment(HEADER_ROW - 1, made.column("Target"), "Agreed April 2023")


def add_checkboxes(made: MeasuresSheet) -> None:
    """A checkbox a measure, in the column headed "Checked"."""
    for offset, row in enumerate(range(FIRST_ROW - 1, LAST_ROW)):
        made.sheet.insert_checkbox(row, made.column("Checked"), offset % 2 == 0)


def add_cell_pictures(made: MeasuresSheet) -> None:
    """A picture in each measure's cell (Excel's pictures in cells) of the column "Icon"."""
    for offset, row in enumerate(range(FIRST_ROW - 1, LAST_ROW)):
        picture = {"image_data": BytesIO(png(16, 16, (40 * offset, 120, 200 - 30 * offset)))}
        made.sheet.embed_image(row, made.column("Icon"), f"icon{offset}.png", picture)


def add_merged(made: MeasuresSheet) -> None:
    """A bordered title merged across the table, and each section merged down, bordered."""
    made.sheet.merge_range(
        TITLE_ROW - 1, 0, TITLE_ROW - 1, made.column("Commentary"), TITLE, made.formats["title"]
    )
    section = made.column("Section")
    centred = made.book.add_format({"border": 2, "valign": "vcenter", "bold": True})
    rows = range(FIRST_ROW - 1, LAST_ROW)
    for name in dict.fromkeys(measure.section for measure in MEASURES):
        own = [row for row, m in zip(rows, MEASURES, strict=True) if m.section == name]
        made.sheet.merge_range(own[0], section, own[-1], section, name, centred)


def add_vba(made: MeasuresSheet) -> None:
    """A VBA project, and a button that runs one of its macros (the file must be .xlsm)."""
    made.book.add_vba_project(BytesIO(vba_project()), is_stream=True)
    made.book.set_vba_name("ThisWorkbook")
    made.sheet.set_vba_name("Sheet1")
    button = {"macro": "SampleCall", "caption": "Refresh", "width": 96, "height": 24}
    made.sheet.insert_button("N1", button)


def add_links_and_names(made: MeasuresSheet) -> None:
    """A hyperlink, a defined name, a validated column and a custom document property."""
    made.sheet.write_url(
        TITLE_ROW - 1, made.column("Previous"), "https://www.gov.uk/", string="Guidance"
    )
    made.book.define_name("Referrals", f"=Measures!$F${FIRST_ROW + 1}")
    polarities = ["Higher is better", "Lower is better", "None"]
    made.sheet.data_validation(
        *column_range(made, "Polarity"), {"validate": "list", "source": polarities}
    )
    made.book.set_custom_property("Owner", "Performance team")


def series(made: MeasuresSheet, header: str) -> list[object]:
    """A chart series' reference to one column's measure rows."""
    return [MEASURES_SHEET, *column_range(made, header)]


def write_workbook(
    path: Path,
    *adds: Callable[[MeasuresSheet], None],
    extra: Sequence[str] = (),
    border: bool = False,
) -> Path:
    """Write a measures workbook with the content each of `adds` puts in.

    Args:
        path: Where to write.
        adds: Functions adding content, in turn.
        extra: Headers of columns of the officer's own that the content needs.
        border: Whether the table's cells are bordered.
    """
    made = measures_workbook(path, extra=extra, border=border)
    for add in adds:
        add(made)
    made.book.close()
    return path


def write_pictures(path: Path) -> Path:
    return write_workbook(path, add_pictures)


def write_header_logo(path: Path) -> Path:
    return write_workbook(path, add_header_logo)


def write_background(path: Path) -> Path:
    return write_workbook(path, add_background)


def write_charts(path: Path) -> Path:
    return write_workbook(path, add_charts)


def write_chart_sheet(path: Path) -> Path:
    return write_workbook(path, add_chart_sheet)


def write_table(path: Path) -> Path:
    return write_workbook(path, add_table)


def write_sparklines(path: Path) -> Path:
    return write_workbook(path, add_sparklines, extra=("Sparkline",))


def write_text_box(path: Path) -> Path:
    return write_workbook(path, add_text_box)


def write_data_bars(path: Path) -> Path:
    return write_workbook(path, add_data_bars)


def write_dynamic_arrays(path: Path) -> Path:
    return write_workbook(path, add_dynamic_arrays, extra=("Rank",))


def write_rich_strings(path: Path) -> Path:
    return write_workbook(path, add_rich_strings)


def write_notes(path: Path) -> Path:
    return write_workbook(path, add_notes)


def write_checkboxes(path: Path) -> Path:
    return write_workbook(path, add_checkboxes, extra=("Checked",))


def write_cell_pictures(path: Path) -> Path:
    return write_workbook(path, add_cell_pictures, extra=("Icon",))


def write_merged(path: Path) -> Path:
    return write_workbook(path, add_merged, border=True)


def write_vba(path: Path) -> Path:
    return write_workbook(path, add_vba)


def write_everything(path: Path) -> Path:
    """All the content XlsxWriter writes, but the Table, in a bordered table.

    An Excel Table holds no merged cells, so the Table and the merged sections stay apart.
    """
    return write_workbook(
        path,
        add_pictures, add_header_logo, add_background, add_charts, add_chart_sheet,
        add_sparklines, add_text_box, add_data_bars, add_dynamic_arrays, add_rich_strings,
        add_notes, add_checkboxes, add_cell_pictures, add_merged, add_vba, add_links_and_names,
        extra=("Sparkline", "Rank", "Checked", "Icon"),
        border=True,
    )  # fmt: skip


# The pivot table: XlsxWriter writes the measures and the data, LibreOffice adds the pivot.

PIVOT_DATA = (
    ("Team", "Month", "Referrals"),
    ("North", "Oct-23", 160),
    ("South", "Oct-23", 140),
    ("East", "Oct-23", 150),
    ("West", "Oct-23", 162),
    ("North", "Nov-23", 155),
    ("South", "Nov-23", 138),
    ("East", "Nov-23", 147),
    ("West", "Nov-23", 159),
)
# A Basic macro run by a headless LibreOffice: open the data workbook, put a DataPilot
# (LibreOffice's pivot table) of referrals by team and month on the Pivot sheet, save as
# .xlsx. On any error it still quits, leaving no file, so that LibreOffice never waits on
# a dialog nobody will see.
PIVOT_MACRO = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Corpus"
 script:language="StarBasic">
Sub MakePivot(source As String, target As String)
  On Error GoTo Quit
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = "Hidden"
  hidden(0).Value = True
  document = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, hidden())
  data = document.Sheets.getByName("Data").getCellRangeByName("{range}")
  pivot = document.Sheets.getByName("Pivot")
  tables = pivot.getDataPilotTables()
  descriptor = tables.createDataPilotDescriptor()
  descriptor.setSourceRange(data.getRangeAddress())
  fields = descriptor.getDataPilotFields()
  fields.getByIndex(0).Orientation = com.sun.star.sheet.DataPilotFieldOrientation.ROW
  fields.getByIndex(1).Orientation = com.sun.star.sheet.DataPilotFieldOrientation.COLUMN
  fields.getByIndex(2).Orientation = com.sun.star.sheet.DataPilotFieldOrientation.DATA
  fields.getByIndex(2).Function = com.sun.star.sheet.GeneralFunction.SUM
  tables.insertNewByName("ReferralsByTeam", pivot.getCellRangeByName("A3").getCellAddress(), _
      descriptor)
  Dim export(0) As New com.sun.star.beans.PropertyValue
  export(0).Name = "FilterName"
  export(0).Value = "Calc MS Excel 2007 XML"
  document.storeToURL(ConvertToURL(target), export())
  document.close(True)
Quit:
  StarDesktop.terminate()
End Sub
</script:module>
"""
_LIBRARY = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard"
 library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Corpus"/>
</library:library>
"""


def write_pivot_table(path: Path) -> Path:
    """A pivot table of referrals by team and month, made by LibreOffice over a data sheet.

    LibreOffice saves the whole workbook, so the measures sheet is LibreOffice's too.

    Raises:
        RuntimeError: LibreOffice cannot be run, or made no workbook.
    """
    with tempfile.TemporaryDirectory(prefix="pivot-") as folder:
        source = Path(folder) / "data.xlsx"
        made = measures_workbook(source)
        data = made.book.add_worksheet("Data")
        for row, line in enumerate(PIVOT_DATA):
            data.write_row(row, 0, line)
        made.book.add_worksheet("Pivot").write("A1", "Referrals by team", made.formats["title"])
        made.book.close()
        last = xl_rowcol_to_cell(len(PIVOT_DATA) - 1, len(PIVOT_DATA[0]) - 1)
        profile = Path(folder) / "profile"
        _libreoffice(profile, "--terminate_after_init")
        library = profile / "user" / "basic" / "Standard"
        (library / "Corpus.xba").write_text(PIVOT_MACRO.replace("{range}", f"A1:{last}"))
        (library / "script.xlb").write_text(_LIBRARY)
        target = path.resolve()
        target.unlink(missing_ok=True)
        _libreoffice(profile, f'macro:///Standard.Corpus.MakePivot("{source}","{target}")')
    if not path.is_file():
        raise RuntimeError(f"LibreOffice made no pivot table workbook at {path}")
    return path


def _libreoffice(profile: Path, *arguments: str) -> None:
    """Run a headless LibreOffice with its own profile; stopped whole if it hangs."""
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", *arguments]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    ) as running:
        try:
            _, errors = running.communicate(timeout=LIBREOFFICE_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(running.pid, signal.SIGKILL)
            running.communicate()
            raise RuntimeError(f"LibreOffice did not finish in {LIBREOFFICE_SECONDS} s") from None
    if running.returncode != 0:
        raise RuntimeError(f"LibreOffice failed ({running.returncode}): {errors.decode().strip()}")


@dataclass(frozen=True)
class Case:
    """One workbook of the corpus.

    Attributes:
        name: The case's name, and its file's stem.
        write: Writes the workbook to the path given.
        holds: What the workbook must hold: (part, text) pairs, each a part of the package
            (``"Measures"`` for the measures sheet's) and a text found in it (None: any).
        suffix: The file's suffix.
    """

    name: str
    write: Callable[[Path], Path]
    holds: tuple[tuple[str, str | None], ...]
    suffix: str = ".xlsx"

    @property
    def file_name(self) -> str:
        return f"{self.name}{self.suffix}"


_PICTURE = ("xl/media/image1.png", None)
CASES = (
    Case("pictures", write_pictures, (_PICTURE, ("xl/drawings/drawing2.xml", "crest.png"))),
    Case("header_logo", write_header_logo, (_PICTURE, (MEASURES_SHEET, "<legacyDrawingHF "))),
    Case("background", write_background, (_PICTURE, (MEASURES_SHEET, "<picture "))),
    Case("charts", write_charts, (("xl/charts/chart2.xml", None), (MEASURES_SHEET, "<drawing "))),
    Case("chart_sheet", write_chart_sheet, (("xl/chartsheets/sheet1.xml", None),)),
    Case("table", write_table, (("xl/tables/table1.xml", "MeasureTable"),)),
    Case("sparklines", write_sparklines, ((MEASURES_SHEET, "<x14:sparklineGroup "),)),
    Case("text_box", write_text_box, (("xl/drawings/drawing1.xml", "provisional"),)),
    Case("data_bars", write_data_bars, ((MEASURES_SHEET, "<x14:dataBar "),)),
    Case(
        "dynamic_arrays",
        write_dynamic_arrays,
        (("xl/metadata.xml", None), (MEASURES_SHEET, ' cm="1"')),
    ),
    Case("rich_strings", write_rich_strings, (("xl/sharedStrings.xml", "<r><rPr>"),)),
    Case(
        "notes",
        write_notes,
        (("xl/comments1.xml", "Provisional"), ("xl/drawings/vmlDrawing1.vml", "<x:Visible/>")),
    ),
    Case(
        "checkboxes",
        write_checkboxes,
        (("xl/featurePropertyBag/featurePropertyBag.xml", "Checkbox"),),
    ),
    Case(
        "cell_pictures",
        write_cell_pictures,
        (("xl/richData/rdrichvalue.xml", None), (MEASURES_SHEET, ' vm="')),
    ),
    Case("merged", write_merged, ((MEASURES_SHEET, "<mergeCell "),)),
    Case(
        "vba",
        write_vba,
        (("xl/vbaProject.bin", None), ("xl/drawings/vmlDrawing1.vml", "SampleCall")),
        ".xlsm",
    ),
    Case(
        "everything",
        write_everything,
        (
            ("xl/vbaProject.bin", None),
            ("xl/chartsheets/sheet1.xml", None),
            ("xl/charts/chart3.xml", None),
            ("xl/comments1.xml", None),
            ("xl/metadata.xml", None),
            ("xl/richData/rdrichvalue.xml", None),
            ("docProps/custom.xml", "Owner"),
            ("xl/featurePropertyBag/featurePropertyBag.xml", None),
            *((MEASURES_SHEET, text) for text in ("<x14:sparklineGroup ", "<x14:dataBar ")),
            *((MEASURES_SHEET, text) for text in ("<picture ", "<legacyDrawingHF ")),
            *((MEASURES_SHEET, text) for text in ("<mergeCell ", "<hyperlink ")),
        ),
        ".xlsm",
    ),
    Case(
        "pivot_table",
        write_pivot_table,
        (
            ("xl/pivotTables/pivotTable1.xml", "ReferralsByTeam"),
            ("xl/pivotCache/pivotCacheRecords1.xml", None),
        ),
    ),
)


def write_corpus(folder: Path, names: Sequence[str] | None = None) -> dict[str, Path]:
    """Write the corpus (or the cases named) into a folder.

    Returns:
        Each workbook's path by its case's name.
    """
    folder.mkdir(parents=True, exist_ok=True)
    chosen = [case for case in CASES if names is None or case.name in names]
    return {case.name: case.write(folder / case.file_name) for case in chosen}


def main(argv: Sequence[str] | None = None) -> None:
    """Write the corpus into the folder given, and list what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="the folder to write the workbooks into")
    parser.add_argument(
        "--case",
        action="append",
        choices=[case.name for case in CASES],
        help="write only this case (may be given again); default: every case",
    )
    args = parser.parse_args(argv)
    for name, path in write_corpus(args.outdir, args.case).items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
