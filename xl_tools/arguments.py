"""The ``xl-tools`` command line's words: its commands, their options, and how an option's
text is read. What each command does is in `xl_tools.cli`.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

from xl_tools import __version__

# The sub-parsers' action, to which each command is added (argparse names its type only
# privately).
Commands = Any


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``xl-tools`` and its commands; ``command`` names the one given."""
    parser = argparse.ArgumentParser(
        prog="xl-tools",
        description="Board-ready tables from children's services measures workbooks.",
    )
    parser.add_argument("--version", action="version", version=f"xl-tools {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _init_command(commands)
    _excel_setup_command(commands)
    _build_command(commands)
    _comparators_command(commands)
    _compute_command(commands)
    _check_command(commands)
    _new_month_command(commands)
    _add_button_command(commands)
    return parser


def _init_command(commands: Commands) -> None:
    """``init``: this month's measures workbooks and the xlwings Lite script."""
    init = commands.add_parser(
        "init",
        help="start a folder: this month's measures workbooks and the xlwings Lite script",
        description=(
            "Write into FOLDER the measures workbook and the macro-enabled one with the Excel "
            "buttons, both set to this month (or --period) and named for it, and the "
            "xlwings Lite script with its requirements in xlwings_lite/. No existing file "
            "is overwritten: if one is there, nothing is written."
        ),
    )
    init.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path(),
        metavar="FOLDER",
        help="where to write, made if need be (default: the current folder)",
    )
    init.add_argument(
        "--period",
        type=parse_period,
        metavar="YYYY-MM",
        help="the reporting month (default: this month)",
    )


def _excel_setup_command(commands: Commands) -> None:
    """``excel-setup``: the button's Python written into the xlwings settings."""
    setup = commands.add_parser(
        "excel-setup",
        help="tell the Excel button which Python to run: this one",
        description=(
            "Write this Python's path into your xlwings settings (xlwings.conf), so that the "
            "Excel button runs the Python that has xl_tools; other settings are kept."
        ),
    )
    setup.add_argument(
        "--dry-run", action="store_true", help="say what would be written, and write nothing"
    )
    setup.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the xlwings settings file (default: your own, where Excel's xlwings reads it)",
    )


def _build_command(commands: Commands) -> None:
    """``build``: one workbook, or a batch; comparators and a PDF if asked."""
    build = commands.add_parser(
        "build", help="compute the measures and write them back with a board sheet"
    )
    build.add_argument(
        "workbooks",
        nargs="+",
        type=Path,
        metavar="WORKBOOK",
        help="workbooks, folders of workbooks or patterns such as *.xlsx",
    )
    target = build.add_mutually_exclusive_group()
    target.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="OUT",
        help="the file to write (a folder for several workbooks); "
        "default: <name>-board.xlsx beside each workbook",
    )
    target.add_argument(
        "--in-place", action="store_true", help="write back into each workbook itself, safely"
    )
    build.add_argument(
        "--pdf",
        action="store_true",
        help="also print each board to <name>-board.pdf beside the workbook written, the "
        "Board sheet alone (needs LibreOffice)",
    )
    build.add_argument(
        "--comparators",
        action="store_true",
        help="first fill Statistical neighbours, England and Region from DfE's published "
        "figures (as the comparators command)",
    )
    _add_jobs_option(build)
    _add_reading_options(build)
    _add_comparator_options(build)


def _comparators_command(commands: Commands) -> None:
    """``comparators``: DfE's published figures filled into one workbook."""
    comparators = commands.add_parser(
        "comparators",
        help="fill Statistical neighbours, England and Region from DfE's published figures",
        description=(
            "Fill, for each measure DfE publishes at local-authority level, the Statistical "
            "neighbours, England and Region columns from DfE's figures, with the year and "
            "source in a Comparator source column. Nothing else in the workbook changes."
        ),
    )
    comparators.add_argument("workbook", type=Path, metavar="WORKBOOK")
    where = comparators.add_mutually_exclusive_group()
    where.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="OUT",
        help="the file to write; default: <name>-comparators.xlsx beside the workbook",
    )
    where.add_argument(
        "--in-place", action="store_true", help="write back into the workbook itself, safely"
    )
    _add_reading_options(comparators)
    _add_comparator_options(comparators)


def _compute_command(commands: Commands) -> None:
    """``compute``: the computed table printed."""
    compute = commands.add_parser("compute", help="print the computed table, writing nothing")
    compute.add_argument(
        "workbooks",
        nargs="+",
        type=Path,
        metavar="WORKBOOK",
        help="workbooks, folders or patterns; several make one table of every measure",
    )
    compute.add_argument(
        "--format",
        choices=("json", "csv", "jsonl"),
        default="json",
        help="json (default, one workbook), csv or jsonl (JSON lines): a row per measure",
    )
    _add_jobs_option(compute)
    _add_reading_options(compute)


def _check_command(commands: Commands) -> None:
    """``check``: every problem listed."""
    check = commands.add_parser("check", help="read and validate only, listing every problem")
    check.add_argument("workbooks", nargs="+", type=Path, metavar="WORKBOOK")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    _add_reading_options(check)


def _new_month_command(commands: Commands) -> None:
    """``new-month``: next month's workbook."""
    new_month = commands.add_parser(
        "new-month",
        help="make next month's workbook from this one",
        description=(
            "Write next month's measures workbook: the reporting period moves on, this "
            "month's values go into their month column, the month's inputs are cleared, and "
            "measures, targets and comparators stay. The workbook read is left as it is and "
            "no existing file is overwritten."
        ),
    )
    new_month.add_argument("workbook", type=Path, metavar="WORKBOOK")
    new_month.add_argument(
        "--period",
        metavar="YYYY-MM",
        help="the new reporting period (default: the month after the workbook's own)",
    )
    new_month.add_argument(
        "-o",
        "--out",
        type=Path,
        metavar="OUT",
        help="the file (or folder) to write; default: the input's name with the new month",
    )


def _add_button_command(commands: Commands) -> None:
    """``add-button``: a macro-enabled copy with the Excel buttons."""
    add_button = commands.add_parser(
        "add-button",
        help="write a macro-enabled copy of a workbook with the Excel buttons on it",
        description=(
            "Write WORKBOOK.xlsm beside the workbook: the workbook as it is, with the "
            "template's xlwings macros and its buttons at the top of the measures sheet. "
            "The workbook read is left as it is, a workbook with macros of its own is "
            "refused, and no existing file is overwritten."
        ),
    )
    add_button.add_argument("workbook", type=Path, metavar="WORKBOOK")
    add_button.add_argument(
        "-o", "--out", type=Path, metavar="OUT", help="the .xlsm file (or folder) to write"
    )
    add_button.add_argument("--sheet", metavar="NAME", help="the sheet holding the measures table")
    add_button.add_argument(
        "--map", type=Path, metavar="FILE", help="a TOML column map adding header names"
    )


def _add_jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j",
        "--jobs",
        type=parse_jobs,
        metavar="N",
        help="workbooks done at once in a batch (default: one per processor core)",
    )


def _add_reading_options(parser: argparse.ArgumentParser) -> None:
    settings = parser.add_argument_group("settings (override the workbook's own)")
    settings.add_argument(
        "--population",
        type=parse_population,
        metavar="N",
        help="the 0-17 child population, e.g. 147541",
    )
    settings.add_argument("--period", metavar="TEXT", help='the reporting period, e.g. "Nov 2023"')
    settings.add_argument(
        "--tolerance", type=parse_tolerance, metavar="T", help="the amber tolerance: 5%%, 5 or 0.05"
    )
    reading = parser.add_argument_group("reading")
    reading.add_argument("--sheet", metavar="NAME", help="the sheet holding the measures table")
    reading.add_argument(
        "--map",
        type=Path,
        metavar="FILE",
        help="a TOML column map adding header names for your own layout",
    )


def _add_comparator_options(parser: argparse.ArgumentParser) -> None:
    published = parser.add_argument_group("DfE's published comparators")
    published.add_argument(
        "--la",
        metavar="CODE_OR_NAME",
        help="the authority: its DfE number (878) or name (Devon); "
        "default: the workbook's Authority",
    )
    published.add_argument(
        "--year",
        type=parse_year,
        metavar="YYYY",
        help="the year ending 31 March (2023 for 2022-23); default: the newest DfE had "
        "published by the reporting period",
    )
    published.add_argument(
        "--average",
        choices=("mean", "median"),
        default="mean",
        help="of the statistical neighbours: mean (default, as LAIT) or median (as DfE's "
        "dashboard)",
    )
    published.add_argument(
        "--neighbours",
        type=int,
        choices=(2021, 2025),
        help="DfE's 2021 groupings or its 2025 model; default: the one DfE used that year",
    )
    published.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="a folder of EES CSV downloads to read instead of the figures shipped",
    )


def parse_year(text: str) -> int:
    """A year ending 31 March, such as 2023.

    >>> parse_year("2023")
    2023
    """
    try:
        year = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a year: give the year ending 31 March, such as 2023'
        ) from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a year: give the year ending 31 March, such as 2023'
        )
    return year


def parse_period(text: str) -> datetime.date:
    """A reporting month, as its first day.

    >>> parse_period("2026-11")
    datetime.date(2026, 11, 1)
    """
    from xl_tools.months import parse_month

    month = parse_month(text)
    if month is None:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a month: give it as YYYY-MM, such as 2026-11'
        )
    return month


def parse_tolerance(text: str) -> float:
    """An amber tolerance as a fraction, from ``5%``, ``5`` or ``0.05``.

    A number below 1 is a fraction already; from 1 up it is a percentage.

    >>> parse_tolerance("5%"), parse_tolerance("5"), parse_tolerance("0.05")
    (0.05, 0.05, 0.05)
    """
    from xl_tools.model import tolerance_fraction

    number = text.strip().removesuffix("%").strip()
    try:
        value = float(number)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a tolerance: give 5%, 5 or 0.05'
        ) from None
    try:
        return tolerance_fraction(value, points=True if text.strip().endswith("%") else None)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f'"{text}" {error}') from None


def parse_jobs(text: str) -> int:
    """A number of worker processes, 1 or more.

    >>> parse_jobs("4")
    4
    """
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of jobs') from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of jobs of 1 or more')
    return jobs


def parse_population(text: str) -> float:
    """A child population, with or without thousands separators.

    >>> parse_population("147,541")
    147541.0
    """
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of children') from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f'"{text}" is not a number of children above 0')
    return value
