"""The board's print setup in desktop Excel, which xlwings' own API does not reach.

Orientation, paper, fit to the page's width, the header row repeated on every page and
the footer are set through desktop Excel's object model (``sheet.api``, COM on Windows).
xlwings Lite and xlwings Server (the remote engine) have no such object model, and Excel
on a Mac another, so there the board keeps Excel's default page setup and its print area.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from xl_tools.package.new_sheet import PAPER_SIZES

if TYPE_CHECKING:
    import xlwings as xw

    from xl_tools.write.description import BoardPlan

# Excel's XlPageOrientation: xlPortrait 1, xlLandscape 2.
_ORIENTATION = {False: 1, True: 2}


def page_setup(plan: BoardPlan) -> dict[str, object]:
    """The board's print setup as desktop Excel's ``PageSetup`` properties, in the order set.

    The same plan's page as the file back end writes (`xl_tools.write.xlsx.write_board`):
    orientation, paper, header row repeated and footer. Where the file gives the scale the
    plan worked out from the rows' heights, Excel is asked to fit the board to the page's
    width itself, as it sizes the rows itself here; ``Zoom`` goes first, as Excel fits to
    pages only once it is off.

    >>> from xl_tools.write.description import PageSetup
    >>> class Plan: page = PageSetup(repeat_rows=(6, 6), footer=("Devon", "Page &P of &N", ""))
    >>> page_setup(Plan())  # doctest: +NORMALIZE_WHITESPACE
    {'Zoom': False, 'FitToPagesWide': 1, 'FitToPagesTall': False, 'Orientation': 2,
     'PaperSize': 9, 'PrintTitleRows': '$6:$6', 'LeftFooter': 'Devon',
     'CenterFooter': 'Page &P of &N', 'RightFooter': ''}
    """
    page = plan.page
    first, last = page.repeat_rows
    left, centre, right = page.footer
    return {
        "Zoom": False,
        "FitToPagesWide": 1,
        "FitToPagesTall": False,
        "Orientation": _ORIENTATION[page.landscape],
        "PaperSize": PAPER_SIZES[page.paper],
        "PrintTitleRows": f"${first}:${last}",
        "LeftFooter": left,
        "CenterFooter": centre,
        "RightFooter": right,
    }


def is_desktop_windows(book: xw.Book) -> bool:
    """Whether the book is open in desktop Excel on Windows, whose object model xlwings
    hands over as ``.api`` (COM); the remote engine of xlwings Lite and Server has none, and
    Excel on a Mac another."""
    return book.app.engine.name == "excel" and sys.platform == "win32"


def set_page_setup(sheet: xw.Sheet, plan: BoardPlan) -> bool:
    """Give the board its print setup where desktop Excel on Windows allows it.

    Returns:
        Whether it was set; elsewhere nothing is done.
    """
    if not is_desktop_windows(sheet.book):
        return False
    setup = sheet.api.PageSetup
    for name, value in page_setup(plan).items():
        setattr(setup, name, value)
    return True
