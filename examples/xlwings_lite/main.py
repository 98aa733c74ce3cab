"""xlwings Lite: the "Build board" script, the same engine as the desktop button and the CLI.

Paste this into xlwings Lite's editor (main.py) and the requirements beside it into its
requirements.txt; then run "Build board" from the task pane with the measures workbook
open. It runs inside Excel: no local Python, no files, no threads.

Number formats can only be read in Lite through its async getters, so the script is
``async`` and reads them first; a fraction in a cell formatted as ``22%`` then reads as
22%, as it does from the file.
"""

import xlwings as xw
from xlwings import script

from xl_tools.button import run_button
from xl_tools.excel.read import read_number_formats


@script(name="Build board")
async def build_board(book: xw.Book):
    """Fill the computed columns and rebuild the Board sheet of the open workbook."""
    formats = await read_number_formats(book)
    run_button(book, number_formats=formats)
