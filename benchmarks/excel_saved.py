"""Write an authority's measures workbook as Excel saves one, with XlsxWriter.

XlsxWriter writes each part as Excel does: strings go into the shared string table, each
look of a cell is one style record, and formulas are saved with their results beside them.
The sheets are laid out as the shipped template lays them out (the template script is
passed in, with its headers, formats and colours); the figures are those drawn by
``make_workbooks.authority``, so that the table is the same as in the workbook that
``make_workbooks.make_workbook`` writes with openpyxl.

`write_excel_saved` is called through ``make_workbooks.make_excel_saved_workbook``.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

if TYPE_CHECKING:
    from make_workbooks import Authority, MeasureFigures


def write_excel_saved(path: Path, authority: Authority, template: ModuleType) -> Path:
    """Write `authority`'s workbook to `path` as Excel saves it; the path written."""
    book = xlsxwriter.Workbook(str(path))
    writer = ExcelSavedWriter(book, template)
    writer.write_measures(book.add_worksheet("Measures"), authority.measures)
    writer.write_settings(book.add_worksheet("Settings"), authority.settings)
    writer.write_about(book.add_worksheet("About"))
    writer.write_lists(book.add_worksheet("Lists"))
    book.set_properties({"title": template.TITLE, "author": authority.name})
    book.close()
    return path


def colour(color: Any) -> str:
    """An openpyxl colour (of the template's fills, borders and fonts) as XlsxWriter takes it.

    >>> from openpyxl.styles import Color
    >>> colour(Color("FFF2CC"))
    '#FFF2CC'
    """
    return "#" + color.rgb[-6:]


class ExcelSavedWriter:
    """Writes the template's sheets into an XlsxWriter workbook.

    Each format is made once and used for every cell that looks the same, as Excel keeps
    one style record per look.
    """

    def __init__(self, book: xlsxwriter.Workbook, template: ModuleType) -> None:
        self._book = book
        self._template = template
        self._formats: dict[tuple[tuple[str, object], ...], Format] = {}

    def style(self, fill: Any = None, **properties: object) -> Format:
        """The format of these properties, on one of the template's fills with its border."""
        if fill is not None:
            properties |= {"bg_color": colour(fill.fgColor), "pattern": 1, "border": 1}
            properties |= {"border_color": colour(self._template.THIN.color)}
        key = tuple(sorted(properties.items()))
        if key not in self._formats:
            self._formats[key] = self._book.add_format(dict(properties))
        return self._formats[key]

    def header_style(self, **properties: object) -> Format:
        """The template's header look: bold white on dark blue."""
        template = self._template
        white = colour(template.HEADER_FONT.color)
        header = {"bold": True, "font_color": white, "valign": "vcenter"}
        return self.style(template.HEADER_FILL, **header, **properties)

    def write_measures(self, sheet: Worksheet, measures: tuple[MeasureFigures, ...]) -> None:
        """The Measures sheet: title, headers, a row per measure, drop-downs, print setup."""
        template = self._template
        sheet.write(0, 0, template.TITLE, self.style(bold=True, font_size=14))
        sheet.write(1, 0, template.HINT, self.style(italic=True))
        header_row = template.HEADER_ROW - 1
        for column, header in enumerate(template.HEADERS):
            sheet.write(header_row, column, header, self.header_style(text_wrap=True))
            sheet.set_column(column, column, template.WIDTHS.get(header, template.DEFAULT_WIDTH))
        month_style = self.header_style(num_format=template.MONTH_FORMAT, align="center")
        for column, month in enumerate(template.month_headers(), start=len(template.HEADERS)):
            sheet.write_datetime(header_row, column, month, month_style)
            sheet.set_column(column, column, template.MONTH_WIDTH)
        sheet.set_row(header_row, 2 * template.LINE_HEIGHT)
        for row, figures in enumerate(measures, start=header_row + 1):
            self.write_measure(sheet, row, figures)
        sheet.freeze_panes(header_row + 1, template.column_of("Measure"))
        self._fit_to_width(sheet)
        sheet.repeat_rows(header_row)
        for column, (header, words) in enumerate(self.drop_down_lists()):
            source = f"=Lists!{xl_range_abs(1, column, len(words), column)}"
            target = template.column_of(header) - 1
            rows = (header_row + 1, target, header_row + len(measures), target)
            sheet.data_validation(*rows, {"validate": "list", "source": source})

    def write_measure(self, sheet: Worksheet, row: int, figures: MeasureFigures) -> None:
        """One measure's row: the fixed cells, the month's inputs and the month columns."""
        template = self._template
        measure_id, section, name, unit, polarity = figures.measure
        words = (template.UNIT_WORDS[unit], template.POLARITY_WORDS[polarity])
        fixed_style = self.style(template.FIXED_FILL, text_wrap=True, valign="top")
        for column, text in enumerate((measure_id, section, name, *words)):
            sheet.write_string(row, column, text, fixed_style)
        if len(name) > template.WIDTHS["Measure"]:
            sheet.set_row(row, 2 * template.LINE_HEIGHT)
        formulas = self.formulas(row, figures)
        for header in template.INPUT_HEADERS:
            column = template.column_of(header) - 1
            wrap = header == "Commentary"
            style = self.style(
                template.INPUT_FILL, valign="top", text_wrap=wrap, **self._format(header, unit)
            )
            if header in formulas:
                sheet.write_formula(row, column, formulas[header], style, figures.inputs[header])
            else:
                sheet.write(row, column, figures.inputs.get(header), style)
        computed = self.style(template.COMPUTED_FILL, valign="top")
        sheet.write_blank(row, template.column_of("Actual numbers") - 1, None, computed)
        month_style = self.style(
            template.INPUT_FILL, valign="top", num_format=template.FIGURE_FORMATS[unit]
        )
        first_month = len(template.HEADERS)
        for offset, figure in enumerate(figures.months[:-1]):
            sheet.write_number(row, first_month + offset, figure, month_style)
        value = xl_rowcol_to_cell(row, template.column_of("Value") - 1)
        reporting_month = first_month + len(figures.months) - 1
        sheet.write_formula(row, reporting_month, f"={value}", month_style, figures.months[-1])

    def formulas(self, row: int, figures: MeasureFigures) -> dict[str, str]:
        """A measure's formulas by header: what its row works out for itself.

        The Previous figure is last month's column; a percentage's or an average's Value
        comes from its parts. (The reporting month's column, the Value, is written apart.)
        """
        template = self._template

        def cell(header: str) -> str:
            return xl_rowcol_to_cell(row, template.column_of(header) - 1)

        last_month = xl_rowcol_to_cell(row, len(template.HEADERS) + len(figures.months) - 2)
        formulas = {"Previous": f"={last_month}"}
        if figures.unit == "percent":
            formulas["Value"] = f"={cell('Numerator')}/{cell('Denominator')}"
        elif figures.unit == "average":
            formulas["Value"] = f"=ROUND({cell('Numerator')}/{cell('Denominator')},1)"
        return formulas

    def write_settings(self, sheet: Worksheet, values: dict[str, object]) -> None:
        """The Settings sheet: the template's settings, `values` where given."""
        template = self._template
        for column, header in enumerate(("Setting", "Value", "What it means")):
            sheet.write(0, column, header, self.header_style())
        for row, (label, default, number_format, note) in enumerate(template.SETTINGS, start=1):
            sheet.write(row, 0, label, self.style(template.FIXED_FILL))
            value_style = self.style(template.INPUT_FILL, num_format=number_format)
            sheet.write(row, 1, values.get(label, default), value_style)
            sheet.write(row, 2, note)
        for column, width in enumerate((20, 20, 80)):
            sheet.set_column(column, column, width)
        self._fit_to_width(sheet)

    def write_about(self, sheet: Worksheet) -> None:
        """The About sheet: how to use the workbook."""
        for row, line in enumerate(self._template.ABOUT):
            sheet.write(row, 0, line, self.style(bold=True, font_size=14) if row == 0 else None)
        sheet.set_column(0, 0, 90)
        self._fit_to_width(sheet)

    def write_lists(self, sheet: Worksheet) -> None:
        """The hidden sheet feeding the Unit and Polarity drop-downs."""
        for column, (header, words) in enumerate(self.drop_down_lists()):
            sheet.write(0, column, f"{header} words", self.style(bold=True))
            sheet.write_column(1, column, words)
        sheet.hide()

    def drop_down_lists(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The Unit and Polarity drop-downs' words, a column of the Lists sheet each."""
        return (
            ("Unit", tuple(self._template.UNIT_WORDS.values())),
            ("Polarity", tuple(self._template.POLARITY_WORDS.values())),
        )

    def _format(self, header: str, unit: str) -> dict[str, str]:
        template = self._template
        if header in template.FIGURE_HEADERS:
            return {"num_format": template.FIGURE_FORMATS[unit]}
        if header in template.COUNT_HEADERS:
            return {"num_format": template.COUNT_FORMATS.get(unit, "#,##0")}
        return {}

    @staticmethod
    def _fit_to_width(sheet: Worksheet) -> None:
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
