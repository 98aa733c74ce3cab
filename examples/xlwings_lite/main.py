"""xlwings Lite: the "Build board" and "Comparators" scripts, the same engine as the desktop
buttons and the CLI.

Paste this into xlwings Lite's editor (main.py) and the requirements beside it into its
requirements.txt; then run "Build board" or "Comparators" from the task pane with the
measures workbook open. It runs inside Excel: no local Python, no files, no threads.

Number formats can only be read in Lite through its async getters, so the scripts are
``async`` and read them first; a fraction in a cell formatted as ``22%`` then reads as
22%, as it does from the file, and a published percentage goes in as the workbook keeps
its own.
"""

import xlwings as xw
from xlwings import script

from xl_tools.button import run_button, run_comparators
from xl_tools.excel.read import read_number_formats


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
