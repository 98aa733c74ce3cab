"""Monthly history: months in headers, the history read, and what the board makes of it."""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.board_sheet import read_board
from xl_tools.compute import compute_measures
from xl_tools.compute.history import reporting_month, summarise_history, year_to_date
from xl_tools.errors import MeasuresTableError, ProblemCode, Severity
from xl_tools.model import HISTORY_COLUMN, INPUT_COLUMNS, Direction, Polarity, Settings, Trend, Unit
from xl_tools.months import parse_month
from xl_tools.read import read_workbook
from xl_tools.write.board import plan_board

D = datetime.date


@pytest.mark.parametrize(
    ("header", "month"),
    [
        ("Nov-23", D(2023, 11, 1)),
        ("Nov 23", D(2023, 11, 1)),
        ("November 2023", D(2023, 11, 1)),
        ("nov 2023", D(2023, 11, 1)),
        ("Sept 2023", D(2023, 9, 1)),
        ("2024-04", D(2024, 4, 1)),
        (datetime.datetime(2023, 11, 15), D(2023, 11, 1)),
        ("Value", None),
        ("Previous period", None),
        ("2023", None),
        (2023.0, None),
        ("Q3 2023/24", None),
    ],
)
def test_months_in_headers(header: object, month: D | None) -> None:
    assert parse_month(header) == month


NOV = D(2023, 11, 1)


@pytest.mark.parametrize(
    ("history", "value", "polarity", "start", "span", "direction", "trend", "last_year"),
    [
        ((), 48.0, Polarity.LOWER_BETTER, math.nan, math.nan, None, None, math.nan),
        (
            ((D(2023, 10, 1), 50.0),),
            48.0,
            Polarity.LOWER_BETTER,
            50.0,
            1,
            Direction.DOWN,
            Trend.IMPROVING,
            math.nan,
        ),
        (
            ((D(2022, 11, 1), 40.0), (D(2023, 1, 1), 45.0)),
            48.0,
            Polarity.HIGHER_BETTER,
            45.0,
            10,
            Direction.UP,
            Trend.IMPROVING,
            40.0,
        ),
        (((D(2023, 4, 1), 48.0),), 48.0, Polarity.NONE, 48.0, 7, Direction.SAME, None, math.nan),
        (
            ((D(2023, 4, 1), 47.0),),
            math.nan,
            Polarity.LOWER_BETTER,
            math.nan,
            math.nan,
            None,
            None,
            math.nan,
        ),
    ],
)
def test_summary_of_a_history(history, value, polarity, start, span, direction, trend, last_year):
    summary = summarise_history(history, NOV, value, Unit.PERCENT, polarity)
    assert len(summary["last_12_months"]) == 12
    assert summary["twelve_month_start"] == pytest.approx(start, nan_ok=True)
    assert summary["twelve_month_span"] == pytest.approx(span, nan_ok=True)
    assert (summary["twelve_month_direction"], summary["twelve_month_trend"]) == (direction, trend)
    assert summary["same_month_last_year"] == pytest.approx(last_year, nan_ok=True)


@pytest.mark.parametrize(
    ("unit", "month", "expected"),
    [
        (Unit.COUNT, D(2023, 6, 1), 60.0),
        (Unit.PERCENT, D(2023, 6, 1), 20.0),
        (Unit.RATE_PER_10K, D(2023, 4, 1), 10.0),
        (Unit.COUNT, D(2023, 7, 1), math.nan),
        (None, D(2023, 6, 1), math.nan),
    ],
)
def test_year_to_date(unit: Unit | None, month: D, expected: float) -> None:
    figures = {D(2023, 3, 1): 99.0, D(2023, 4, 1): 10.0, D(2023, 5, 1): 20.0, D(2023, 6, 1): 30.0}
    assert year_to_date(figures, month, unit) == pytest.approx(expected, nan_ok=True)


def officer_workbook(path: Path, nov: object = None, oct_: object = 0.35) -> Path:
    """An officer's layout with month columns headed by text, a date and a month name."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Measures"
    sheet.append(["Reporting period", "November 2023"])
    sheet.append(
        [
            "Measure",
            "Polarity",
            "Value",
            "Previous",
            "Sep-23",
            datetime.datetime(2023, 10, 1),
            "November 2023",
        ]
    )
    sheet.append(["% repeat referrals", "Lower is better", 0.38, None, 0.30, oct_, nov])
    sheet.append(["% visits in time", "Higher is better", None, 0.70, 0.8, 0.9, 0.85])
    for row in (3, 4):
        for column in (3, 4, 5, 6, 7):
            sheet.cell(row, column).number_format = "0%"
    book.save(path)
    return path


def test_month_columns_of_an_officers_layout(tmp_path: Path) -> None:
    measures = read_workbook(officer_workbook(tmp_path / "m.xlsx"))
    frame = measures.frame
    assert [p.code for p in measures.problems if p.code == ProblemCode.IGNORED_COLUMN] == []
    first, second = frame[HISTORY_COLUMN]
    assert first == ((D(2023, 9, 1), 30.0), (D(2023, 10, 1), 35.0))
    assert frame["previous"].tolist() == [35.0, 70.0], "blank Previous from October; given kept"
    assert frame["value"].tolist() == [38.0, 85.0], "blank Value from November's column"
    computed = compute_measures(frame, measures.settings)
    assert computed["direction"].tolist() == [Direction.UP, Direction.UP]
    assert computed["twelve_month_start"].tolist() == [30.0, 80.0]


def test_unreadable_month_cell_is_an_error_naming_it(tmp_path: Path) -> None:
    path = officer_workbook(tmp_path / "m.xlsx", oct_="twelve")
    with pytest.raises(MeasuresTableError) as raised:
        read_workbook(path)
    (problem,) = [p for p in raised.value.problems if p.cell == "F3"]
    assert problem.code == ProblemCode.BAD_VALUE
    assert re.search(r'is not a number \(Oct-23 column of "% repeat referrals"\)', problem.message)


def test_board_without_history_keeps_its_columns() -> None:
    row = dict.fromkeys(INPUT_COLUMNS, math.nan)
    row.update(
        id="A", measure="m", unit=Unit.COUNT, polarity=Polarity.NONE, value=3.0, no_figure=None
    )
    plan = plan_board(compute_measures(pd.DataFrame([row]), Settings()), Settings())
    assert [c.header for c in plan.columns] == ["ID", "Measure", "Value", "Actual numbers",
                                                "Commentary"]  # fmt: skip
    assert plan.sparkline_column is None and plan.series_headers == ()
    assert all(row.series == () for row in plan.body)


def test_board_with_history_has_trend_columns_and_series() -> None:
    row = dict.fromkeys(INPUT_COLUMNS, math.nan)
    row.update(
        id="A",
        measure="m",
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_BETTER,
        value=5.0,
        no_figure=None,
    )
    frame = pd.DataFrame([row])
    frame[HISTORY_COLUMN] = [((D(2023, 4, 1), 9.0),)]
    settings = Settings(period="November 2023")
    plan = plan_board(compute_measures(frame, settings), settings)
    headers = [c.header for c in plan.columns]
    assert headers[-3:] == ["Last 12 months", "Trend over 12 months", "Commentary"]
    assert plan.sparkline_column == headers.index("Last 12 months") + 1
    (row,) = plan.body
    assert row.cells[headers.index("Trend over 12 months")].value == (
        "Down from 9 to 5 over 7 months, improving"
    )
    assert plan.series_headers[0] == "Dec-22" and plan.series_headers[-1] == "Nov-23"
    assert [cell.value for cell in row.series][4:] == [9.0, *[None] * 6, 5.0]


# Month columns and no reporting period (issue 11): the latest month with figures is taken
# as this period, once for the whole table, and said so.

MONTH_HEADERS = ("ID", "Measure", "Unit", "Polarity", "Value", "Previous", "Oct-23", "Nov-23")
TAKEN = (
    'm.xlsx: Measures!H1: "Nov-23" is taken as this period, being the latest month with '
    'figures, as {why}: fill in "Reporting period" (such as November 2023), or give '
    "--period, to report on another month"
)


def months_workbook(folder: Path, *rows: list[object], settings=None) -> Path:
    from tests.workbooks import write_measures_workbook

    write_measures_workbook(
        folder / "m.xlsx", rows, headers=MONTH_HEADERS, above=(), settings=settings
    )
    return Path("m.xlsx")


@pytest.mark.filterwarnings("ignore:Sparkline Group extension:UserWarning")  # openpyxl's
def test_months_with_no_period_and_blank_values_build_a_board(tmp_path, monkeypatch, capsys):
    from xl_tools.cli import main

    monkeypatch.chdir(tmp_path)
    months_workbook(
        tmp_path,
        ["A1", "Number of referrals", "Number", "Lower is better", None, None, 480, 520],
        ["A3", "% repeat referrals", "%", "Lower is better", None, None, 22, 24],
        ["A4", "% only October", "%", "Lower is better", None, None, 30, None],
    )
    warning = "warning: " + TAKEN.format(why="no reporting period is given")
    assert main(["check", "m.xlsx"]) == 0
    checked = capsys.readouterr().err.splitlines()
    assert checked[0] == "warning [bad-setting]: " + TAKEN.format(
        why="no reporting period is given"
    )
    assert all("[no-denominator]" in line for line in checked[1:]), "no X / Y given"
    assert main(["build", "m.xlsx", "-o", "out.xlsx"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == warning
    board = openpyxl.load_workbook(tmp_path / "out.xlsx")["Board"]
    assert board["A1"].value.endswith(": November 2023")  # the month taken as the period
    table = read_board(tmp_path / "out.xlsx")
    value = "Value" if "Value" in table.headers else "Value and actual numbers"
    assert [(row[value], row["Trend over 12 months"]) for _, row in table.rows] == [
        (520, "Up from 480 to 520 over 1 month, worsening"),
        (0.24, "Up from 22% to 24% over 1 month, worsening"),
        (None, None),
    ]


def test_check_reports_what_stops_the_build_of_months_with_no_period(tmp_path, monkeypatch, capsys):
    from xl_tools.cli import main

    monkeypatch.chdir(tmp_path)
    months_workbook(
        tmp_path,
        ["A2", "Contacts (per 10,000)", "Rate per 10,000", "Lower is better", None, None, 410, 420],
    )
    no_population = (
        "m.xlsx: Measures: no 0-17 child population is given, so the number of children behind "
        'the rates per 10,000 cannot be worked out ("Contacts (per 10,000)"): fill in '
        '"Population 0-17" on the Settings sheet, give a Count for each rate, or give --population'
    )
    assert main(["check", "m.xlsx"]) == 1
    assert "error [no-population]: " + no_population in capsys.readouterr().err.splitlines()
    assert main(["build", "m.xlsx", "-o", "out.xlsx"]) == 1
    assert no_population in capsys.readouterr().err.splitlines()
    assert not (tmp_path / "out.xlsx").exists()
    assert main(["check", "m.xlsx", "--population", "147541"]) == 0
    assert main(["build", "m.xlsx", "-o", "out.xlsx", "--population", "147541"]) == 0


def test_a_period_that_names_no_month_takes_the_latest_month_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = months_workbook(
        tmp_path,
        ["A3", "% repeat referrals", "%", "Lower is better", None, None, 22, 24],
        settings={"Reporting period": "Q3 2023/24"},
    )
    measures = read_workbook(path)
    assert [str(p) for p in measures.problems] == [
        TAKEN.format(why='the reporting period "Q3 2023/24" names no month')
    ]
    assert measures.problems[0].severity is Severity.WARNING
    assert (measures.frame["value"][0], measures.frame["previous"][0]) == (24.0, 22.0)


def test_a_named_period_takes_its_own_month_and_says_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = months_workbook(
        tmp_path,
        ["A3", "% repeat referrals", "%", "Lower is better", None, None, 22, 24],
        settings={"Reporting period": "October 2023"},
    )
    measures = read_workbook(path)
    assert measures.problems == ()
    assert (measures.frame["value"][0], math.isnan(measures.frame["previous"][0])) == (22.0, True)


def test_every_measure_s_year_ends_in_the_table_s_month() -> None:
    histories = [((D(2023, 10, 1), 30.0),), ((D(2023, 10, 1), 22.0), (NOV, 24.0))]
    assert reporting_month(None, histories) == NOV
    rows = []
    for value in (math.nan, 24.0):
        row = dict.fromkeys(INPUT_COLUMNS, math.nan)
        row.update(measure="m", unit=Unit.PERCENT, polarity=Polarity.LOWER_BETTER, value=value)
        row.update(no_figure=None)
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame[HISTORY_COLUMN] = histories
    computed = compute_measures(frame, Settings())
    assert computed["twelve_month_direction"].tolist() == [None, Direction.UP]
    first = computed["last_12_months"][0]
    assert first[-2] == 30.0 and math.isnan(first[-1]), "October's figure, then November's none"


def test_no_value_this_period_means_no_year_s_trend_whatever_the_month_column_says() -> None:
    history = ((D(2023, 4, 1), 47.0), (NOV, 48.0))
    summary = summarise_history(history, NOV, math.nan, Unit.PERCENT, Polarity.LOWER_BETTER)
    assert (summary["twelve_month_direction"], summary["twelve_month_trend"]) == (None, None)
    assert summary["last_12_months"][-1] == 48.0, "the history is kept as it is"


# The JSON carries the board's trend over 12 months, and the two agree.


def test_the_json_and_the_board_agree_on_the_year_s_trend(tmp_path) -> None:
    from tests.workbooks import write_measures_workbook
    from xl_tools.export import to_json_document

    headers = ("ID", "Measure", "Unit", "Polarity", "Value", "Apr-23", "Sep-23", "Oct-23", "Nov-23")
    rows = [
        ["GAP", "% gap in October", "%", "Lower is better", None, 47, 50, None, 48],
        ["CTX", "% context", "%", None, None, 47, 50, 46, 48],
        ["ONE", "% one month", "%", "Higher is better", None, None, None, None, 48],
    ]
    path = write_measures_workbook(
        tmp_path / "m.xlsx", rows, headers=headers, settings={"Reporting period": "Nov 2023"}
    )
    measures = read_workbook(path)
    computed = compute_measures(measures.frame, measures.settings)
    plan = plan_board(computed, measures.settings)
    trend = [c.header for c in plan.columns].index("Trend over 12 months")
    rows = [row.cells for row in plan.body if not row.section]
    document = to_json_document(computed, measures.settings)
    shown = {
        record["id"]: (
            record["direction"],
            record["twelve_month_start"],
            record["twelve_month_span"],
            record["twelve_month_direction"],
            record["twelve_month_trend"],
        )
        for record in document["measures"]
    }
    assert shown == {
        "GAP": (None, 47.0, 7, "up", "worsening"),
        "CTX": ("up", 47.0, 7, "up", None),
        "ONE": (None, None, None, None, None),
    }
    assert [row[trend].value for row in rows] == [
        "Up from 47% to 48% over 7 months, worsening",
        "Up from 47% to 48% over 7 months",
        None,
    ]
