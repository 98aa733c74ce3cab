"""Generate measures workbooks of realistic size for the benchmark and the batch tests.

Each workbook is the shipped template filled in for one authority: 60 measures (the
template's 45 and 15 more of the same kinds) with the month's figures, the parts behind
them, targets, comparators, last month's figure and 24 months of history in columns to the
right of the table, headed by month. A large workbook also has a data sheet of 20,000
child-level rows, as officers keep the extract their figures come from.

Run it as ``python benchmarks/make_workbooks.py OUT [--count 150] [--broken 3] [--large]``.
The figures are drawn from a seeded generator: the same index gives the same workbook.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import random
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path
from types import ModuleType

from openpyxl import Workbook

TEMPLATE_SCRIPT = Path(__file__).parents[1] / "workbook_templates" / "make_template.py"
HISTORY_MONTHS = 24
LAST_MONTH = datetime.date(2024, 3, 1)  # the reporting month
PERIOD = "March 2024"
DATA_ROWS = 20_000
BROKEN_KINDS = ("not-a-workbook", "no-measures-table", "rate-without-population")

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
def template_script() -> ModuleType:
    """The loaded ``workbook_templates/make_template.py`` (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("make_template", TEMPLATE_SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the template script {TEMPLATE_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def make_workbook(path: Path, index: int, *, data_rows: int = 0) -> Path:
    """Write one authority's filled-in measures workbook.

    Args:
        path: Where to write it.
        index: The authority's number; it names the authority and seeds the figures.
        data_rows: Child-level rows on a "Data" sheet (0 for none).

    Returns:
        The path written.
    """
    template = template_script()
    book = template.template_workbook()
    rng = random.Random(index)
    sheet = book["Measures"]
    measures = (*template.MEASURES, *EXTRA_MEASURES)
    history = len(template.HEADERS) + 1
    if sheet.cell(template.HEADER_ROW, history).value is None:
        # A template without month columns: head them as officers often do, in text.
        for offset, header in enumerate(month_headers()):
            sheet.cell(template.HEADER_ROW, history + offset, header)
    for row, measure in enumerate(measures, start=template.FIRST_ROW):
        if measure in EXTRA_MEASURES:
            template._write_measure(sheet, row, measure)
        _fill_measure(sheet, template, row, measure[3], rng)
    _fill_settings(book, index, rng)
    if data_rows:
        _add_data_sheet(book, data_rows, rng)
    book.save(path)
    return path


def _fill_measure(sheet, template: ModuleType, row: int, unit: str, rng: random.Random) -> None:
    def put(header: str, value: object) -> None:
        sheet.cell(row, template.column_of(header), value)

    if unit == "percent":
        denominator = rng.randint(40, 2000)
        numerator = rng.randint(0, denominator)
        value: float = numerator / denominator
        put("Numerator", numerator)
        put("Denominator", denominator)
    elif unit == "average":
        numerator, denominator = rng.randint(800, 4000), round(rng.uniform(80, 250), 1)
        value = round(numerator / denominator, 1)
        put("Numerator", numerator)
        put("Denominator", denominator)
    elif unit == "rate_per_10k":
        value = round(rng.uniform(10, 600), 1)
        put("Count", round(value * 1.4))  # the count behind the rate, so rates need no lookup
    else:
        value = rng.randint(5, 900)
    # The month columns end with the reporting month (the value) after the previous month.
    months = [_near(value, rng) for _ in range(HISTORY_MONTHS - 1)] + [value]
    put("Value", value)
    put("Previous", months[-2])
    put("Target", _near(value, rng))
    for header in ("Statistical neighbours", "England", "Region"):
        put(header, _near(value, rng))
    put("Commentary", rng.choice(("Stable", "Improving", "Below comparators", None)))
    history = len(template.HEADERS) + 1
    for offset, figure in enumerate(months):
        cell = sheet.cell(row, history + offset, figure)
        cell.number_format = "0%" if unit == "percent" else "0.0"


def _near(value: float, rng: random.Random) -> float:
    return round(value * rng.uniform(0.8, 1.2), 3 if value < 1 else 1)


def _fill_settings(book: Workbook, index: int, rng: random.Random) -> None:
    values = {
        "Authority": f"Authority {index:03d}",
        "Reporting period": PERIOD,
        "Population 0-17": rng.randint(20_000, 300_000),
    }
    settings = book["Settings"]
    for row in range(2, settings.max_row + 1):
        label = settings.cell(row, 1).value
        if label in values:
            settings.cell(row, 2, values[label])


def _add_data_sheet(book: Workbook, rows: int, rng: random.Random) -> None:
    data = book.create_sheet("Data")
    data.append(["Child ID", "Age", "Team", "Referral date", "Outcome", "Days open", "CP plan"])
    teams = ("North", "South", "East", "West", "Central")
    outcomes = ("NFA", "Assessment", "Early help", "S47", "CiC")
    start = datetime.date(2022, 12, 1)
    for number in range(rows):
        data.append(
            [
                f"C{number:06d}",
                rng.randint(0, 17),
                rng.choice(teams),
                start + datetime.timedelta(days=rng.randint(0, 364)),
                rng.choice(outcomes),
                rng.randint(0, 400),
                rng.random() < 0.1,
            ]
        )


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
    """The command line: write a batch (and the large workbook) into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write into")
    parser.add_argument("--count", type=int, default=150, help="workbooks in all (150)")
    parser.add_argument("--broken", type=int, default=0, help="of which broken (0)")
    parser.add_argument("--large", action="store_true", help="also write large.xlsx")
    args = parser.parse_args()
    paths = make_batch(args.out, args.count, broken=args.broken)
    if args.large:
        paths.append(make_workbook(args.out / "large.xlsx", 0, data_rows=DATA_ROWS))
    print(f"wrote {len(paths)} workbooks into {args.out}")


if __name__ == "__main__":
    main()
