"""A folder to start from: ``xl-tools init``.

Into the folder go the measures workbook and the macro-enabled one with the Build board
button, both made from the shipped templates with the reporting period set to the month,
and named for it as new-month names the months after it (``measures_november_2026.xlsx``,
then ``measures_december_2026.xlsx``); and, in ``xlwings_lite/``, the script xlwings Lite
runs and the requirements it installs. No file is ever overwritten: if any of them exists
already, nothing is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from importlib.resources import as_file
from pathlib import Path

from xl_tools.errors import Problem, ProblemCode, WouldOverwriteError
from xl_tools.months import period_name
from xl_tools.resources import Shipped, shipped_file

STEM = "measures"
LITE_FOLDER = "xlwings_lite"
WORKBOOKS = (Shipped.TEMPLATE, Shipped.BUTTON_TEMPLATE)


@dataclass(frozen=True)
class StartingFile:
    """A file ``init`` writes.

    Attributes:
        path: Where it goes.
        source: The shipped file it is made from.
        about: What it is, for the officer.
    """

    path: Path
    source: Shipped
    about: str


def starting_files(folder: Path, month: datetime.date) -> tuple[StartingFile, ...]:
    """The files ``init`` writes into a folder for a month, in the order it writes them.

    >>> [f.path.as_posix() for f in starting_files(Path("board"), datetime.date(2026, 11, 1))]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['board/measures_november_2026.xlsx', 'board/measures_november_2026.xlsm',
     'board/xlwings_lite/main.py', 'board/xlwings_lite/requirements.txt']
    """
    name = f"{STEM}_{month:%B}_{month:%Y}".lower()
    lite = folder / LITE_FOLDER
    return (
        StartingFile(
            folder / f"{name}.xlsx",
            Shipped.TEMPLATE,
            f"the measures workbook for {period_name(month)}",
        ),
        StartingFile(
            folder / f"{name}.xlsm",
            Shipped.BUTTON_TEMPLATE,
            "the same with the Excel buttons, for desktop Excel (macro-enabled)",
        ),
        StartingFile(
            lite / "main.py", Shipped.LITE_SCRIPT, "the script to paste into xlwings Lite's main.py"
        ),
        StartingFile(
            lite / "requirements.txt",
            Shipped.LITE_REQUIREMENTS,
            "what xlwings Lite installs: paste it into its requirements.txt",
        ),
    )


def init_folder(folder: Path, month: datetime.date) -> tuple[StartingFile, ...]:
    """Write the templates set to a month and the xlwings Lite script into a folder.

    Args:
        folder: Where to write; it is made if it does not exist.
        month: The reporting month (any day of it).

    Returns:
        The files written, in the order written.

    Raises:
        WouldOverwriteError: Files to write exist already, one problem each; nothing is
            written.
        OutputError: The folder cannot be made.
    """
    from xl_tools.roll_forward import workbook_for_month
    from xl_tools.save import make_folder

    month = month.replace(day=1)
    files = starting_files(folder, month)
    existing = [file.path for file in files if file.path.exists() or file.path.is_symlink()]
    if existing:
        raise WouldOverwriteError([_would_overwrite(path) for path in existing])
    for place in dict.fromkeys(file.path.parent for file in files):
        make_folder(place, instead="give init another folder")
    for file in files:
        shipped = shipped_file(file.source)
        if file.source in WORKBOOKS:
            with as_file(shipped) as source:
                workbook_for_month(source, file.path, month)
        else:
            with file.path.open("xb") as out:  # "x": a file made meanwhile is not replaced
                out.write(shipped.read_bytes())
    return files


def _would_overwrite(path: Path) -> Problem:
    return Problem(
        ProblemCode.WOULD_OVERWRITE,
        "exists already: init never overwrites a file; move it away or give init another folder",
        file=str(path),
    )
