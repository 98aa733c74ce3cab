"""Write the shipped measures template: every board measure, ready for the month's figures.

Run it as ``python workbook_templates/make_template.py [OUT]``; without OUT it rewrites
``workbook_templates/measures_template.xlsx`` beside this script. The workbook is built
the same way every time (fixed author and dates), so a rebuild equals the committed file
part by part.

The measures are those of the Improvement Partnership Board's children's social care
report, in its order: Volume of Activity, Process, Impact, Audit, Staffing.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

TEMPLATE_PATH = Path(__file__).parent / "measures_template.xlsx"

TITLE = "Children's social care performance measures"
HINT = (
    "Yellow cells are inputs for the month's figures; grey cells are filled by xl-tools; "
    "blue cells describe the measure. Type percentages as shown, e.g. 22 for 22%."
)
HEADERS = (
    "ID",
    "Section",
    "Measure",
    "Unit",
    "Polarity",
    "Value",
    "Numerator",
    "Denominator",
    "Count",
    "Actual numbers",
    "Target",
    "Amber threshold",
    "Statistical neighbours",
    "England",
    "Region",
    "Previous",
    "Commentary",
)
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
# The month columns to the right of the table: the financial year (April to March) that
# starts in April of FINANCIAL_YEAR, after the year before it, kept for comparison.
# `xl-tools new-month` moves them on each April.
FINANCIAL_YEAR = 2023
MONTH_FORMAT = "mmm-yy"
MONTH_WIDTH = 8
FIXED_HEADERS = HEADERS[:5]
COMPUTED_HEADERS = ("Actual numbers",)
INPUT_HEADERS = tuple(h for h in HEADERS if h not in FIXED_HEADERS + COMPUTED_HEADERS)
# The cells holding a figure in the measure's own unit, so formatted by it.
FIGURE_HEADERS = (
    "Value",
    "Target",
    "Amber threshold",
    "Statistical neighbours",
    "England",
    "Region",
    "Previous",
)
COUNT_HEADERS = ("Numerator", "Denominator", "Count")

# Unit and polarity words by the field values the tool uses (xl_tools.model Unit, Polarity).
UNIT_WORDS = {
    "rate_per_10k": "Rate per 10,000",
    "percent": "Percentage",
    "count": "Number",
    "average": "Average",
}
POLARITY_WORDS = {
    "higher_better": "Higher is better",
    "lower_better": "Lower is better",
    "none": "None",
}
# "0%" so that an officer typing 22 in Excel stores 0.22 and sees 22%.
FIGURE_FORMATS = {"rate_per_10k": "0.0", "percent": "0%", "count": "#,##0", "average": "0.0"}
# Averages (caseloads) are taken over full-time equivalents, which need a decimal.
COUNT_FORMATS = {"average": "#,##0.0"}

VA, PR, IM, AU, ST = "Volume of Activity", "Process", "Impact", "Audit", "Staffing"
RATE, PCT, NUM, AVG = "rate_per_10k", "percent", "count", "average"
HIGH, LOW, NONE = "higher_better", "lower_better", "none"
MEASURES = (
    ("VA01", VA, "Contacts to children's social care (per 10,000)", RATE, NONE),
    ("VA02", VA, "Number of referrals", NUM, NONE),
    ("VA03", VA, "% of referrals which are repeat referrals", PCT, LOW),
    ("VA04", VA, "Initial Assessments completed in the period (per 10,000)", RATE, NONE),
    ("VA05", VA, "Section 47 enquiries (per 10,000)", RATE, NONE),
    ("VA06", VA, "ICPCs (per 10,000)", RATE, NONE),
    ("VA07", VA, "Rate of children in need at point in time (per 10,000)", RATE, NONE),
    (
        "VA08",
        VA,
        "Children who are the subject of a child protection plan at period end (per 10,000)",
        RATE,
        NONE,
    ),
    ("VA09", VA, "Children looked after at period end (per 10,000)", RATE, NONE),
    ("PR01", PR, "Conversion contact to referral", PCT, NONE),
    ("PR02", PR, "Conversion contact to Assessment", PCT, NONE),
    ("PR03", PR, "% initial assessments with outcome Case to Close", PCT, LOW),
    ("PR04", PR, "% of initial assessments completed in 45 days", PCT, HIGH),
    ("PR05", PR, "% S47s that progress to ICPC", PCT, NONE),
    ("PR06", PR, "% ICPCs completed within 15 days of S47", PCT, HIGH),
    ("PR07", PR, "% of children subject to CPP for 2 years plus", PCT, LOW),
    (
        "PR08",
        PR,
        "% children starting a CP plan who have been subject to a previous CP plan",
        PCT,
        LOW,
    ),
    ("PR09", PR, "CiC starts (per 10,000)", RATE, NONE),
    ("PR10", PR, "CiC ends (per 10,000)", RATE, NONE),
    ("IM01", IM, "% of CIN with an up to date visit", PCT, HIGH),
    ("IM02", IM, "% of CP with an up to date visit", PCT, HIGH),
    ("IM03", IM, "% of CIC with an up to date visit", PCT, HIGH),
    ("IM04", IM, "% of CEP with an up to date visit", PCT, HIGH),
    ("IM05", IM, "% children who had three or more placements in the year", PCT, LOW),
    ("IM06", IM, "% of CIC with an up to date health assessment", PCT, HIGH),
    ("IM07", IM, "% of CIC with a permanence plan", PCT, HIGH),
    ("IM08", IM, "Number of under 16s in unregistered accommodation", NUM, LOW),
    ("IM09", IM, "% Care Leavers in Touch", PCT, HIGH),
    ("IM10", IM, "% Care Leavers in Touch (17-18 years old)", PCT, HIGH),
    ("IM11", IM, "% Care Leavers in Touch (19-21 years old)", PCT, HIGH),
    ("IM12", IM, "% Care Leavers in suitable Accommodation", PCT, HIGH),
    ("IM13", IM, "% Care Leavers in suitable Accommodation (17-18 years old)", PCT, HIGH),
    ("IM14", IM, "% Care Leavers in suitable Accommodation (19-21 years old)", PCT, HIGH),
    ("IM15", IM, "% Care Leavers in EET", PCT, HIGH),
    ("IM16", IM, "% Care Leavers in EET (17-18 years old)", PCT, HIGH),
    ("IM17", IM, "% Care Leavers in EET (19-21 years old)", PCT, HIGH),
    ("IM18", IM, "% of Pathway plans up to date", PCT, HIGH),
    ("AU01", AU, "% of audits with feedback from families", PCT, HIGH),
    ("ST01", ST, "Agency Rate % of QSW (FTE) against Permanent Establishment", PCT, LOW),
    ("ST02", ST, "Average caseloads", AVG, LOW),
    ("ST03", ST, "Supervisions overdue", PCT, LOW),
)

# (label, default, number format, what it means)
SETTINGS = (
    ("Authority", None, "@", "The local authority's name, shown in the board's title."),
    ("Reporting period", None, "@", "The month reported on, as the board shows it."),
    (
        "Population 0-17",
        None,
        "#,##0",
        "The 0-17 mid-year estimate used for rates per 10,000.",
    ),
    (
        "Amber tolerance",
        0.05,
        "0%",
        "How far short of the target still rates amber where no amber threshold is given.",
    ),
    (
        "Board columns",
        None,
        "@",
        "Leave blank for every column where some measure has a figure, or list the board's "
        "columns in order to keep its shape month to month, e.g. Measure, Value, RAG, "
        "Statistical neighbours, England, Direction of travel, Commentary.",
    ),
)
ABOUT = (
    "How to use this workbook",
    "1. Save a copy for the month and fill in the Settings sheet.",
    "2. On the Measures sheet, type the month's figures into the yellow cells.",
    "3. Percentages: type 22 for 22%. Leave a cell blank where there is no figure.",
    "4. Run xl-tools build on the copy: it fills the grey cells and adds a Board sheet.",
    "5. Next month, run xl-tools new-month on it: this month's Value moves into its month "
    "column, the inputs are cleared and the reporting period moves on.",
    "6. The month columns right of the table hold this financial year and the one before it; "
    "each April a new year starts and the oldest year drops off.",
)

CREATOR = "xl_tools"
FIXED_TIME = datetime.datetime(2024, 1, 9, 9, 0, 0)

THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT_FILL = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")
FIXED_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
COMPUTED_FILL = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
FONT = "Calibri"
HEADER_FONT = Font(name=FONT, bold=True, color="FFFFFF")
WIDTHS = {"ID": 7, "Section": 18, "Measure": 58, "Unit": 16, "Polarity": 16}
WIDTHS |= {"Actual numbers": 16, "Statistical neighbours": 13, "Commentary": 48}
DEFAULT_WIDTH = 12
# Heights are set because not every reader (LibreOffice when printing) fits wrapped rows.
LINE_HEIGHT = 15


def month_headers(financial_year: int = FINANCIAL_YEAR) -> tuple[datetime.datetime, ...]:
    """Give the month columns' headers: April of the year before to March, two years.

    >>> months = month_headers(2023)
    >>> len(months), months[0].date(), months[-1].date()
    (24, datetime.date(2022, 4, 1), datetime.date(2024, 3, 1))
    """
    first = (financial_year - 1) * 12 + 3  # April of the comparison year, counted in months
    return tuple(datetime.datetime((first + n) // 12, (first + n) % 12 + 1, 1) for n in range(24))


def month_column(month: datetime.date, financial_year: int = FINANCIAL_YEAR) -> int:
    """Give the 1-based column of a month's figures on the Measures sheet.

    >>> month_column(datetime.date(2022, 4, 1)), month_column(datetime.date(2023, 11, 1))
    (18, 37)
    """
    starts = [m.date() for m in month_headers(financial_year)]
    return len(HEADERS) + 1 + starts.index(datetime.date(month.year, month.month, 1))


def column_of(header: str) -> int:
    """Give the 1-based column of a header of the Measures sheet.

    >>> column_of("ID"), column_of("Commentary")
    (1, 17)
    """
    return HEADERS.index(header) + 1


def _style(cell: Cell, fill: PatternFill, number_format: str | None = None) -> None:
    cell.fill = fill
    cell.border = BORDER
    if number_format:
        cell.number_format = number_format


def _write_header(ws: Worksheet, financial_year: int) -> None:
    ws.cell(1, 1, TITLE).font = Font(name=FONT, bold=True, size=14)
    ws.cell(2, 1, HINT).font = Font(name=FONT, italic=True)
    for column, header in enumerate(HEADERS, start=1):
        cell = ws.cell(HEADER_ROW, column, header)
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        _style(cell, HEADER_FILL)
        width = WIDTHS.get(header, DEFAULT_WIDTH)
        ws.column_dimensions[cell.column_letter].width = width
    for column, month in enumerate(month_headers(financial_year), start=len(HEADERS) + 1):
        cell = ws.cell(HEADER_ROW, column, month)
        cell.font = HEADER_FONT
        cell.number_format = MONTH_FORMAT
        cell.alignment = Alignment(horizontal="center", vertical="center")
        _style(cell, HEADER_FILL, MONTH_FORMAT)
        ws.column_dimensions[cell.column_letter].width = MONTH_WIDTH
    ws.row_dimensions[HEADER_ROW].height = 2 * LINE_HEIGHT


def cell_format(header: str, unit: str) -> str | None:
    if header in FIGURE_HEADERS:
        return FIGURE_FORMATS[unit]
    if header in COUNT_HEADERS:
        return COUNT_FORMATS.get(unit, "#,##0")
    return None


def write_measure(ws: Worksheet, row: int, measure: tuple[str, ...]) -> None:
    measure_id, section, name, unit, polarity = measure
    fixed = (measure_id, section, name, UNIT_WORDS[unit], POLARITY_WORDS[polarity])
    for column, text in enumerate(fixed, start=1):
        _style(ws.cell(row, column, text), FIXED_FILL)
        ws.cell(row, column).alignment = Alignment(wrap_text=True, vertical="top")
    if len(name) > WIDTHS["Measure"]:
        ws.row_dimensions[row].height = 2 * LINE_HEIGHT
    for header in INPUT_HEADERS:
        cell = ws.cell(row, column_of(header))
        _style(cell, INPUT_FILL, cell_format(header, unit))
        cell.alignment = Alignment(wrap_text=header == "Commentary", vertical="top")
    cell = ws.cell(row, column_of("Actual numbers"))
    _style(cell, COMPUTED_FILL)
    cell.alignment = Alignment(vertical="top")
    for column in range(len(HEADERS) + 1, len(HEADERS) + 25):
        _style(ws.cell(row, column), INPUT_FILL, FIGURE_FORMATS[unit])
        ws.cell(row, column).alignment = Alignment(vertical="top")


def _add_lists(wb: Workbook) -> None:
    """Drop-downs on Unit and Polarity, fed from a hidden sheet.

    An inline list cannot hold "Rate per 10,000": Excel splits inline lists at commas.
    """
    ws = wb["Measures"]
    lists = wb.create_sheet("Lists")
    lists.sheet_state = "hidden"
    last_row = FIRST_ROW + len(MEASURES) - 1
    for column, (header, words) in enumerate(
        (("Unit", UNIT_WORDS), ("Polarity", POLARITY_WORDS)), start=1
    ):
        lists.cell(1, column, f"{header} words").font = Font(name=FONT, bold=True)
        for row, word in enumerate(words.values(), start=2):
            lists.cell(row, column, word)
        source = lists.cell(1, column).column_letter
        validation = DataValidation(
            type="list",
            formula1=f"Lists!${source}$2:${source}${len(words) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=f"{header} not recognised",
            error=f"Choose one of: {', '.join(words.values())}.",
        )
        target = ws.cell(FIRST_ROW, column_of(header)).column_letter
        validation.add(f"{target}{FIRST_ROW}:{target}{last_row}")
        ws.add_data_validation(validation)


def _fit_to_width(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_measures_sheet(wb: Workbook, financial_year: int) -> None:
    ws = wb.active
    ws.title = "Measures"
    _write_header(ws, financial_year)
    for row, measure in enumerate(MEASURES, start=FIRST_ROW):
        write_measure(ws, row, measure)
    ws.freeze_panes = ws.cell(FIRST_ROW, column_of("Measure") + 1).coordinate
    _fit_to_width(ws)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _write_settings_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet("Settings")
    for column, header in enumerate(("Setting", "Value", "What it means"), start=1):
        cell = ws.cell(1, column, header)
        cell.font = HEADER_FONT
        _style(cell, HEADER_FILL)
    for row, (label, default, number_format, note) in enumerate(SETTINGS, start=2):
        _style(ws.cell(row, 1, label), FIXED_FILL)
        _style(ws.cell(row, 2, default), INPUT_FILL, number_format)
        ws.cell(row, 3, note)
    for letter, width in zip("ABC", (20, 20, 80), strict=True):
        ws.column_dimensions[letter].width = width
    _fit_to_width(ws)


def _write_about_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet("About")
    ws.column_dimensions["A"].width = 90
    for row, line in enumerate(ABOUT, start=1):
        ws.cell(row, 1, line)
    ws["A1"].font = Font(name=FONT, bold=True, size=14)
    _fit_to_width(ws)


def template_workbook(financial_year: int = FINANCIAL_YEAR) -> Workbook:
    """Make the measures template in memory, for saving or for filling in first.

    Args:
        financial_year: The year whose April starts the financial year of the month
            columns; the year before it is there too, for comparison.

    Returns:
        A workbook with the Measures, Settings and About sheets (and a hidden Lists sheet
        feeding the drop-downs), its properties fixed so that saves compare equal.

    >>> wb = template_workbook()
    >>> wb.sheetnames
    ['Measures', 'Settings', 'About', 'Lists']
    >>> wb["Measures"]["C5"].value
    "Contacts to children's social care (per 10,000)"
    """
    wb = Workbook()
    _write_measures_sheet(wb, financial_year)
    _write_settings_sheet(wb)
    _write_about_sheet(wb)
    _add_lists(wb)
    wb.properties.creator = CREATOR
    wb.properties.title = TITLE
    return wb


def save_fixed(wb: Workbook, path: Path) -> Path:
    """Save a workbook with the fixed author and dates, so that rebuilds compare equal.

    openpyxl's own save stamps the current time as the modified date; writing through
    its ExcelWriter keeps the date set here.

    Args:
        wb: The workbook to save.
        path: Where to write it; an existing file is replaced.

    Returns:
        The path written.
    """
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    path = Path(path)
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return path


def build_template(path: Path | str = TEMPLATE_PATH) -> Path:
    """Write the measures template to a file.

    Args:
        path: Where to write it; by default the template shipped beside this script.

    Returns:
        The path written.
    """
    return save_fixed(template_workbook(), Path(path))


def run_script(build: Callable[[Path], Path], default: Path, doc: str) -> None:
    """Run a generator script from the command line: write OUT (or `default`), say where.

    Args:
        build: Writes the workbook to the path given and returns it.
        default: Where to write when no OUT is given.
        doc: The script's docstring, whose first line describes it in ``--help``.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(
        "out",
        nargs="?",
        type=Path,
        default=default,
        help="the file to write (default: %(default)s)",
    )
    print(build(parser.parse_args().out))


if __name__ == "__main__":
    run_script(build_template, TEMPLATE_PATH, __doc__)
