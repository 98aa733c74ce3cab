"""xlwings Lite: the "Build board", "Comparators", "Check" and "New month" scripts, the same
engine as the desktop buttons and the CLI.

Paste this into xlwings Lite's editor (main.py) and the requirements beside it into its
requirements.txt; then run a script from the task pane with the measures workbook open.
It runs inside Excel: no local Python, no files, no threads.

Number formats can only be read in Lite through its async getters, so the scripts are
``async`` and read them first; a fraction in a cell formatted as ``22%`` then reads as
22%, as it does from the file, and a published percentage goes in as the workbook keeps
its own.

Lite has no file of the workbook, so New month rolls the open workbook itself forward to
the next month, and only once "confirm" is ticked: save a copy of this month's workbook
first. Formulas in the cells it clears are read first and kept.
"""

import xlwings as xw
from xlwings import script

from xl_tools.button import run_button, run_check, run_comparators, run_new_month
from xl_tools.excel.read import read_formulas, read_number_formats


@script(name="Build board")
async def build_board(book: xw.Book):
    """Fill the computed columns and rebuild the Board sheet of the open workbook."""
    formats = await read_number_formats(book)
    run_button(book, number_formats=formats)


@script(name="Comparators")
async def comparators(book: xw.Book):
    """Fill Statistical neighbours, England and Region from DfE's published figures."""
    formats = await read_number_formats(book)
    run_comparators(book, number_formats=formats)


@script(name="Check")
async def check(book: xw.Book):
    """List every problem of the open workbook in its Problems sheet and select the first."""
    formats = await read_number_formats(book)
    run_check(book, number_formats=formats)


@script(name="New month")
async def new_month(book: xw.Book, confirm: bool = False):
    """Roll the open workbook forward to next month, in place: save a copy first, then
    tick confirm and run it."""
    # Blank cells' formats too: this month's values go into cells blank today.
    formats = await read_number_formats(book, blanks=True)
    formulas = await read_formulas(book) if confirm else None
    run_new_month(book, confirmed=confirm, number_formats=formats, formulas=formulas)
