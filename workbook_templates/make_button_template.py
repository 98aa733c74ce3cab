"""Write the macro-enabled measures template: the measures template with its four buttons,
"Build board", "Comparators", "Check" and "New month".

Run it as ``python workbook_templates/make_button_template.py [OUT]``; without OUT it
rewrites ``workbook_templates/measures_template_button.xlsm`` beside this script. It needs
xlwings (for its standalone quickstart workbook), pyOpenVBA and XlsxWriter.

The route (DESIGN 7.3): xlwings' ``quickstart_standalone.xlsm`` carries a source-only VBA
project holding the xlwings module, so no add-in is needed. Its demo module ``Module1``
runs a Python module named after the workbook's file, which changes every month; it is
renamed ``XlTools`` and its source replaced by one macro a button, each running a fixed
entry point of `xl_tools.button`: the buttons, their macros and the module's source all
come from `xl_tools.excel.buttons`, the list ``xl-tools add-button`` uses too. XlsxWriter
then writes the workbook around that project: the sheets of the measures template (its
measures and settings are imported from ``make_template.py``, not copied), the
quickstart's ``_xlwings.conf`` sheet, hidden (it is xlwings' settings, not the
officer's), and the buttons, side by side at the top of the Measures sheet. Creation date
and author are fixed so that a rebuild equals the committed file.

The project's document modules are ``ThisWorkbook``, ``Sheet1`` and ``Sheet2``: the
Measures sheet takes ``Sheet1`` and the conf sheet ``Sheet2``, as in the quickstart. The
other sheets get code names with no module in the project; Excel adds an empty document
module for each when it opens the file, as it does for any sheet added to a workbook.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path
from types import ModuleType
from zipfile import ZipFile

import openpyxl
import xlsxwriter
import xlwings
from pyopenvba import ExcelFile

from xl_tools.excel.buttons import BUTTONS, MODULE, module_source

HERE = Path(__file__).parent
TEMPLATE_PATH = HERE / "measures_template_button.xlsm"
QUICKSTART = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
CONF_SHEET = "_xlwings.conf"

DEMO_MODULE = "Module1"
# The buttons sit at the top of the Measures sheet, side by side; sizes in pixels.
BUTTON_SIZE = {"width": 128, "height": 34}
BUTTON_GAP = 8
# Code names of the project's document modules, and of the sheets it does not have yet.
CODE_NAMES = {"Measures": "Sheet1", CONF_SHEET: "Sheet2"}
OTHER_CODE_NAMES = ("Sheet3", "Sheet4", "Sheet5")
ABOUT_BUTTON = (
    "Or use the buttons on the Measures sheet (they need Python with xlwings and xl_tools, "
    "and macros enabled). Build board fills the grey cells and adds a Board sheet in this "
    "workbook. Comparators fills Statistical neighbours, England and Region from DfE's "
    "published figures for the Authority in Settings. Check lists every problem in a "
    "Problems sheet and selects the first. New month saves this workbook and writes next "
    "month's beside it."
)


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TEMPLATE = _load(HERE / "make_template.py")


def vba_project(folder: Path) -> Path:
    """Write the quickstart's VBA project with our module in place of its demo module.

    Args:
        folder: A scratch folder for the edited quickstart.

    Returns:
        The path of the ``vbaProject.bin`` written into `folder`.
    """
    edited = folder / "quickstart.xlsm"
    shutil.copyfile(QUICKSTART, edited)
    with ExcelFile(edited) as workbook:
        workbook.vba_project().rename_module(DEMO_MODULE, MODULE)
        workbook.set_module(MODULE, module_source())
        workbook.save()
    project = folder / "vbaProject.bin"
    with ZipFile(edited) as archive:
        project.write_bytes(archive.read("xl/vbaProject.bin"))
    return project


def _formats(book: xlsxwriter.Workbook) -> dict[str, dict[str, object]]:
    border = {"border": 1, "border_color": "#A6A6A6"}
    return {
        "header": {**border, "bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78"}
        | {"text_wrap": True, "valign": "vcenter"},
        "fixed": {**border, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "top"},
        "input": {**border, "bg_color": "#FFF2CC", "valign": "top"},
        "computed": {**border, "bg_color": "#D9D9D9", "valign": "top"},
    }


class _Styles:
    """XlsxWriter formats, made once per distinct look."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.book, self.made, self.base = book, {}, _formats(book)

    def __call__(self, kind: str, number_format: str | None = None, wrap: bool = False):
        key = (kind, number_format, wrap)
        if key not in self.made:
            properties = dict(self.base[kind])
            if number_format:
                properties["num_format"] = number_format
            if wrap:
                properties["text_wrap"] = True
            self.made[key] = self.book.add_format(properties)
        return self.made[key]


def _write_measures(book: xlsxwriter.Workbook, styles: _Styles) -> None:
    t = TEMPLATE
    sheet = book.add_worksheet("Measures")
    sheet.set_vba_name(CODE_NAMES["Measures"])
    sheet.write_string(0, 0, t.TITLE, book.add_format({"bold": True, "font_size": 14}))
    sheet.set_row(0, 2 * t.LINE_HEIGHT)
    sheet.write_string(1, 0, t.HINT, book.add_format({"italic": True}))
    header_row = t.HEADER_ROW - 1
    for column, header in enumerate(t.HEADERS):
        sheet.write_string(header_row, column, header, styles("header"))
        sheet.set_column(column, column, t.WIDTHS.get(header, t.DEFAULT_WIDTH))
    sheet.set_row(header_row, 2 * t.LINE_HEIGHT)
    for row, measure in enumerate(t.MEASURES, start=t.FIRST_ROW - 1):
        _write_measure(sheet, styles, row, measure)
    sheet.freeze_panes(t.FIRST_ROW - 1, t.column_of("Measure"))
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    last = t.FIRST_ROW - 2 + len(t.MEASURES)
    for header, words in (("Unit", t.UNIT_WORDS), ("Polarity", t.POLARITY_WORDS)):
        column = t.column_of(header) - 1
        source = "A" if header == "Unit" else "B"
        sheet.data_validation(
            t.FIRST_ROW - 1,
            column,
            last,
            column,
            {
                "validate": "list",
                "source": f"=Lists!${source}$2:${source}${len(words) + 1}",
                "error_title": f"{header} not recognised",
                "error_message": f"Choose one of: {', '.join(words.values())}.",
            },
        )
    for place, button in enumerate(BUTTONS):
        offset = 4 + place * (BUTTON_SIZE["width"] + BUTTON_GAP)
        options = {"macro": button.macro, "caption": button.caption, "x_offset": offset}
        sheet.insert_button("F1", {**options, **BUTTON_SIZE})
    sheet.activate()


def _write_measure(sheet, styles: _Styles, row: int, measure: tuple[str, ...]) -> None:
    t = TEMPLATE
    measure_id, section, name, unit, polarity = measure
    fixed = (measure_id, section, name, t.UNIT_WORDS[unit], t.POLARITY_WORDS[polarity])
    for column, text in enumerate(fixed):
        sheet.write_string(row, column, text, styles("fixed"))
    if len(name) > t.WIDTHS["Measure"]:
        sheet.set_row(row, 2 * t.LINE_HEIGHT)
    for header in t.INPUT_HEADERS:
        number_format = t.cell_format(header, unit)
        look = styles("input", number_format, wrap=header == "Commentary")
        sheet.write_blank(row, t.column_of(header) - 1, None, look)
    sheet.write_blank(row, t.column_of("Actual numbers") - 1, None, styles("computed"))


def _write_settings(book: xlsxwriter.Workbook, styles: _Styles, code_name: str) -> None:
    sheet = book.add_worksheet("Settings")
    sheet.set_vba_name(code_name)
    for column, header in enumerate(("Setting", "Value", "What it means")):
        sheet.write_string(0, column, header, styles("header"))
    for row, (label, default, number_format, note) in enumerate(TEMPLATE.SETTINGS, start=1):
        sheet.write_string(row, 0, label, styles("fixed"))
        if default is None:
            sheet.write_blank(row, 1, None, styles("input", number_format))
        else:
            sheet.write_number(row, 1, default, styles("input", number_format))
        sheet.write_string(row, 2, note)
    for column, width in enumerate((20, 20, 80)):
        sheet.set_column(column, column, width)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _write_about(book: xlsxwriter.Workbook, code_name: str) -> None:
    sheet = book.add_worksheet("About")
    sheet.set_vba_name(code_name)
    sheet.set_column(0, 0, 90)
    lines = (*TEMPLATE.ABOUT, ABOUT_BUTTON)
    sheet.write_string(0, 0, lines[0], book.add_format({"bold": True, "font_size": 14}))
    for row, line in enumerate(lines[1:], start=1):
        sheet.write_string(row, 0, line)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)


def _write_lists(book: xlsxwriter.Workbook, code_name: str) -> None:
    sheet = book.add_worksheet("Lists")
    sheet.set_vba_name(code_name)
    bold = book.add_format({"bold": True})
    words = (("Unit", TEMPLATE.UNIT_WORDS), ("Polarity", TEMPLATE.POLARITY_WORDS))
    for column, (header, by_field) in enumerate(words):
        sheet.write_string(0, column, f"{header} words", bold)
        for row, word in enumerate(by_field.values(), start=1):
            sheet.write_string(row, column, word)
    sheet.hide()


def _write_conf(book: xlsxwriter.Workbook) -> None:
    """The quickstart's settings sheet for RunPython, copied cell by cell and hidden."""
    sheet = book.add_worksheet(CONF_SHEET)
    sheet.set_vba_name(CODE_NAMES[CONF_SHEET])
    quickstart = openpyxl.load_workbook(QUICKSTART, read_only=True)
    try:
        for row, cells in enumerate(quickstart[CONF_SHEET].iter_rows(values_only=True)):
            for column, value in enumerate(cells):
                if value is not None:
                    sheet.write(row, column, value)
    finally:
        quickstart.close()
    sheet.set_column(0, 0, 24)
    sheet.hide()


def build_button_template(path: Path | str = TEMPLATE_PATH) -> Path:
    """Write the macro-enabled measures template with its buttons (`BUTTONS`).

    Args:
        path: Where to write it; by default the template shipped beside this script.

    Returns:
        The path written.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory() as scratch:
        project = vba_project(Path(scratch))
        book = xlsxwriter.Workbook(str(path))
        book.set_properties(
            {
                "title": TEMPLATE.TITLE,
                "author": TEMPLATE.CREATOR,
                "created": TEMPLATE.FIXED_TIME,
            }
        )
        book.add_vba_project(str(project))
        book.set_vba_name("ThisWorkbook")
        styles = _Styles(book)
        settings, about, lists = OTHER_CODE_NAMES
        _write_measures(book, styles)
        _write_settings(book, styles, settings)
        _write_about(book, about)
        _write_lists(book, lists)
        _write_conf(book)
        book.close()
    return path


if __name__ == "__main__":
    TEMPLATE.run_script(build_button_template, TEMPLATE_PATH, __doc__)
