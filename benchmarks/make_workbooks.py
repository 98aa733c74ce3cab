"""Generate measures workbooks of realistic size for the benchmark and the batch tests.

Each workbook is the shipped template filled in for one authority: 60 measures (the
template's 45 and 15 more of the same kinds) with the month's figures, the parts behind
them, targets, comparators, last month's figure and 24 months of history in columns to the
right of the table, headed by month. The figures are drawn from a generator seeded by the
authority's number: the same number gives the same table, whichever way it is written.

- `make_workbook` writes it as the template is made, with openpyxl; with ``data_rows`` it
  adds a "Data" sheet after the template's own: the case-level extract (a row per child
  referred) that officers keep beside the figures drawn from it.
- `make_excel_saved_workbook` writes the same table as Excel saves a workbook, with
  XlsxWriter (which writes each part as Excel does): strings in the shared string table,
  figures worked out in the sheet as formulas with their results saved beside them, and a
  style record for each look of a cell.
- `make_broken` writes the kinds of workbook the tool must refuse.

Run it as ``python benchmarks/make_workbooks.py OUT [--count 150] [--broken 3] [--large]
[--data-rows 200000] [--excel-saved]``.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import random
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

TEMPLATE_SCRIPT = Path(__file__).parents[1] / "workbook_templates" / "make_template.py"
EXCEL_SAVED_SCRIPT = Path(__file__).parent / "excel_saved.py"
HISTORY_MONTHS = 24
LAST_MONTH = datetime.date(2024, 3, 1)  # the reporting month
PERIOD = "March 2024"
# The year of referrals a case-level extract holds: twelve months to the reporting month.
REPORTING_YEAR = (datetime.date(2023, 4, 1), datetime.date(2024, 3, 31))
DATA_ROWS = 200_000
BROKEN_KINDS = ("not-a-workbook", "no-measures-table", "rate-without-population")
DATA_HEADERS = (
    "Child ID",
    "Age",
    "Team",
    "Referral date",
    "Outcome",
    "Closed date",
    "Days open",
    "CP plan",
)
TEAMS = ("North", "South", "East", "West", "Central", "Disabled Children", "Leaving Care")
OUTCOMES = ("No further action", "Assessment", "Early help", "Section 47", "Child in care")

# Measures beyond the template's 45, so that a workbook holds 60 as large boards do.
EXTRA_MEASURES = (
    ("VA10", "Volume of Activity", "Early help assessments (per 10,000)", "rate_per_10k", "none"),
    ("VA11", "Volume of Activity", "Number of contacts", "count", "none"),
    ("VA12", "Volume of Activity", "% of contacts from the police", "percent", "none"),
    (
        "PR11",
        "Process",
        "% of referrals with a decision in 1 working day",
        "percent",
        "higher_better",
    ),
    ("PR12", "Process", "% of CP plans reviewed in timescale", "percent", "higher_better"),
    ("PR13", "Process", "% of CiC reviews in timescale", "percent", "higher_better"),
    ("PR14", "Process", "Strategy discussions (per 10,000)", "rate_per_10k", "none"),
    ("IM19", "Impact", "% of CiC placed more than 20 miles away", "percent", "lower_better"),
    ("IM20", "Impact", "% of CiC in foster care", "percent", "higher_better"),
    ("IM21", "Impact", "Number of missing episodes", "count", "lower_better"),
    ("IM22", "Impact", "% of CiC with an up to date dental check", "percent", "higher_better"),
    ("AU02", "Audit", "% of audits rated good or better", "percent", "higher_better"),
    ("ST04", "Staffing", "% of social worker posts vacant", "percent", "lower_better"),
    ("ST05", "Staffing", "Average caseloads of newly qualified workers", "average", "lower_better"),
    ("ST06", "Staffing", "% of staff with supervision in 4 weeks", "percent", "higher_better"),
    ("ST07", "Staffing", "Number of agency social workers", "count", "lower_better"),
    ("ST08", "Staffing", "% of social workers leaving in the year", "percent", "lower_better"),
    ("AU03", "Audit", "% of audits with a plan updated after audit", "percent", "higher_better"),
    ("IM23", "Impact", "% of care leavers in higher education", "percent", "higher_better"),
)


@cache
def load_script(path: Path) -> ModuleType:
    """A script loaded by its path, once: the scripts sit beside what they make."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the script {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def template_script() -> ModuleType:
    """The loaded ``workbook_templates/make_template.py`` (a script, not a package)."""
    return load_script(TEMPLATE_SCRIPT)


def month_headers(months: int = HISTORY_MONTHS) -> list[str]:
    """The history columns' headers, oldest first, ending with the reporting month.

    >>> month_headers(3)
    ['Jan 2024', 'Feb 2024', 'Mar 2024']
    """
    first = LAST_MONTH.year * 12 + LAST_MONTH.month - months
    return [
        datetime.date(m // 12, m % 12 + 1, 1).strftime("%b %Y")
        for m in range(first, first + months)
    ]


class MeasureFigures(NamedTuple):
    """One measure's row of the table.

    Attributes:
        measure: ID, section, name, unit and polarity, as the template lists them.
        inputs: The month's figures by column header (Value, Numerator, Target...).
        months: The month columns' figures, oldest first, ending with the reporting month's
            (the Value) after the previous month's.
    """

    measure: tuple[str, str, str, str, str]
    inputs: dict[str, float | str | None]
    months: tuple[float, ...]

    @property
    def unit(self) -> str:
        """The unit's field value, e.g. ``percent``."""
        return self.measure[3]


class Authority(NamedTuple):
    """One authority's table and settings, ready to be written either way."""

    name: str
    population: int
    measures: tuple[MeasureFigures, ...]

    @property
    def settings(self) -> dict[str, object]:
        """The Settings sheet's values by label; the others keep the template's default."""
        return {
            "Authority": self.name,
            "Reporting period": PERIOD,
            "Population 0-17": self.population,
        }


def authority(index: int) -> Authority:
    """Draw an authority's figures from a generator seeded by its number.

    >>> authority(7) == authority(7), len(authority(7).measures)
    (True, 60)
    """
    rng = random.Random(index)
    measures = (*template_script().MEASURES, *EXTRA_MEASURES)
    figures = tuple(measure_figures(measure, rng) for measure in measures)
    return Authority(f"Authority {index:03d}", rng.randint(20_000, 300_000), figures)


def measure_figures(measure: tuple[str, str, str, str, str], rng: random.Random) -> MeasureFigures:
    """Draw one measure's month: its value, the parts behind it, targets and history."""
    unit = measure[3]
    inputs: dict[str, float | str | None] = {}
    if unit == "percent":
        denominator = rng.randint(40, 2000)
        numerator = rng.randint(0, denominator)
        value: float = numerator / denominator
        inputs |= {"Numerator": numerator, "Denominator": denominator}
    elif unit == "average":
        numerator, denominator = rng.randint(800, 4000), round(rng.uniform(80, 250), 1)
        value = round(numerator / denominator, 1)
        inputs |= {"Numerator": numerator, "Denominator": denominator}
    elif unit == "rate_per_10k":
        value = round(rng.uniform(10, 600), 1)
        inputs["Count"] = round(value * 1.4)  # the count behind the rate: no lookup needed
    else:
        value = rng.randint(5, 900)
    months = (*(_near(value, rng) for _ in range(HISTORY_MONTHS - 1)), value)
    inputs |= {"Value": value, "Previous": months[-2], "Target": _near(value, rng)}
    for header in ("Statistical neighbours", "England", "Region"):
        inputs[header] = _near(value, rng)
    inputs["Commentary"] = rng.choice(("Stable", "Improving", "Below comparators", None))
    return MeasureFigures(measure, inputs, months)


def _near(value: float, rng: random.Random) -> float:
    return round(value * rng.uniform(0.8, 1.2), 3 if value < 1 else 1)


def make_workbook(path: Path, index: int, *, data_rows: int = 0) -> Path:
    """Write one authority's filled-in measures workbook, as openpyxl saves it.

    Args:
        path: Where to write it.
        index: The authority's number; it names the authority and seeds the figures.
        data_rows: Case-level rows on a "Data" sheet after the template's sheets (0 for
            none); the table is the same with or without them.

    Returns:
        The path written.
    """
    template = template_script()
    book = template.template_workbook()
    figures = authority(index)
    _fill_measures(book["Measures"], figures.measures)
    _fill_settings(book["Settings"], figures.settings)
    if data_rows:
        data = book.create_sheet("Data")
        for row in (DATA_HEADERS, *case_rows(data_rows, index)):
            data.append(row)
    book.save(path)
    return path


def _fill_measures(sheet: Worksheet, measures: tuple[MeasureFigures, ...]) -> None:
    template = template_script()
    history = len(template.HEADERS) + 1
    if sheet.cell(template.HEADER_ROW, history).value is None:
        # A template without month columns: head them as officers often do, in text.
        for offset, header in enumerate(month_headers()):
            sheet.cell(template.HEADER_ROW, history + offset, header)
    for row, figures in enumerate(measures, start=template.FIRST_ROW):
        if figures.measure in EXTRA_MEASURES:
            template.write_measure(sheet, row, figures.measure)
        for header, value in figures.inputs.items():
            sheet.cell(row, template.column_of(header), value)
        for offset, figure in enumerate(figures.months):
            sheet.cell(row, history + offset, figure)


def _fill_settings(sheet: Worksheet, values: dict[str, object]) -> None:
    for row in range(2, sheet.max_row + 1):
        label = sheet.cell(row, 1).value
        if label in values:
            sheet.cell(row, 2, values[label])


def case_rows(count: int, index: int) -> Iterator[tuple[object, ...]]:
    """Draw the rows of an authority's case-level extract, one per child referred.

    The referrals fall in the year to the reporting month; a case closed after it, and about
    one in five besides, is still open: no closed date, its days open counted to the year's end.

    >>> next(case_rows(1, 3))[0]
    'C0030000000'
    """
    rng = random.Random(f"cases of {index}")
    first, last = REPORTING_YEAR
    for number in range(count):
        referred = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
        closed: datetime.date | None = referred + datetime.timedelta(days=rng.randint(0, 400))
        if closed > last or rng.random() < 0.2:
            closed = None
        yield (
            f"C{index:03d}{number:07d}",
            rng.randint(0, 17),
            rng.choice(TEAMS),
            referred,
            rng.choice(OUTCOMES),
            closed,
            ((closed or last) - referred).days,
            rng.random() < 0.1,
        )


def make_excel_saved_workbook(path: Path, index: int) -> Path:
    """Write the same authority's workbook as `make_workbook`, as Excel saves a workbook.

    Strings go into the shared string table, each look of a cell is one style record, and
    the figures a sheet works out for itself are formulas with their results saved: a
    percentage's or an average's Value from its parts, the Previous figure from last month's
    column and the reporting month's column from the Value (``excel_saved.py``).

    Args:
        path: Where to write it.
        index: The authority's number, as for `make_workbook`.

    Returns:
        The path written.
    """
    writer = load_script(EXCEL_SAVED_SCRIPT)
    return writer.write_excel_saved(path, authority(index), template_script())


def make_broken(path: Path, kind: str) -> Path:
    """Write a workbook the tool must refuse, of one of `BROKEN_KINDS`.

    Args:
        path: Where to write it.
        kind: ``not-a-workbook`` (a text file named .xlsx), ``no-measures-table``, or
            ``rate-without-population`` (a rate with no count and no 0-17 population).

    Returns:
        The path written.
    """
    if kind == "not-a-workbook":
        path.write_text("Measure,Value\nNumber of referrals,599\n")
    elif kind == "no-measures-table":
        book = Workbook()
        book.active.append(["Shopping list"])
        book.active.append(["Milk", 2])
        book.save(path)
    elif kind == "rate-without-population":
        template = template_script()
        book = template.template_workbook()
        sheet = book["Measures"]
        sheet.cell(template.FIRST_ROW, template.column_of("Value"), 439)
        book.save(path)
    else:
        raise ValueError(f"unknown kind of broken workbook {kind!r}: one of {BROKEN_KINDS}")
    return path


def make_batch(folder: Path, count: int, *, broken: int = 0, jobs: int | None = None) -> list[Path]:
    """Write `count` workbooks into `folder`, of which the last `broken` are broken.

    Args:
        folder: Where to write them; created if missing.
        count: How many workbooks in all.
        broken: How many of them are broken, cycling through `BROKEN_KINDS`.
        jobs: Processes to write with (default: the machine's cores; 1 for none).

    Returns:
        The paths written, in order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    good = count - broken
    paths = [folder / f"authority_{index:03d}.xlsx" for index in range(1, good + 1)]
    if jobs == 1:
        list(map(make_workbook, paths, range(1, good + 1)))
    else:
        with ProcessPoolExecutor(jobs or os.cpu_count()) as pool:
            list(pool.map(make_workbook, paths, range(1, good + 1), chunksize=4))
    for number in range(broken):
        kind = BROKEN_KINDS[number % len(BROKEN_KINDS)]
        paths.append(make_broken(folder / f"broken_{number + 1:02d}_{kind}.xlsx", kind))
    return paths


def main() -> None:
    """The command line: write a batch (and the large or Excel-saved workbook) into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write into")
    parser.add_argument("--count", type=int, default=150, help="workbooks in all (150)")
    parser.add_argument("--broken", type=int, default=0, help="of which broken (0)")
    parser.add_argument(
        "--large", action="store_true", help="also write large.xlsx: authority 1 with a Data sheet"
    )
    parser.add_argument(
        "--data-rows",
        type=int,
        default=DATA_ROWS,
        help=f"rows of large.xlsx's Data sheet ({DATA_ROWS})",
    )
    parser.add_argument(
        "--excel-saved",
        action="store_true",
        help="also write excel_saved.xlsx: authority 1 as Excel saves it",
    )
    args = parser.parse_args()
    paths = make_batch(args.out, args.count, broken=args.broken)
    if args.large:
        paths.append(make_workbook(args.out / "large.xlsx", 1, data_rows=args.data_rows))
    if args.excel_saved:
        paths.append(make_excel_saved_workbook(args.out / "excel_saved.xlsx", 1))
    print(f"wrote {len(paths)} workbooks into {args.out}")


if __name__ == "__main__":
    main()
