"""Monthly history: months in headers, the history read, and what the board makes of it."""

from __future__ import annotations

import datetime
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from xl_tools.compute import compute_measures
from xl_tools.compute.history import summarise_history, year_to_date
from xl_tools.errors import MeasuresTableError, ProblemCode
from xl_tools.model import HISTORY_COLUMN, INPUT_COLUMNS, Direction, Polarity, Settings, Trend, Unit
from xl_tools.months import parse_month
from xl_tools.read import read_workbook
from xl_tools.write.plan import BOARD_HEADERS, plan_board

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
    assert tuple(c.header for c in plan.columns) == BOARD_HEADERS
    assert plan.sparkline_column is None and plan.series == ()


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
    assert headers[len(BOARD_HEADERS) :] == [
        "Last 12 months",
        "Trend over 12 months",
        "Year to date",
        "Same month last year",
    ]
    assert plan.rows[0][headers.index("Trend over 12 months")].value == (
        "Down from 9 to 5 over 7 months, improving"
    )
    assert plan.series_headers[0] == "Dec-22" and plan.series_headers[-1] == "Nov-23"
    assert [cell.value for cell in plan.series[0]][4:] == [9.0, *[None] * 6, 5.0]
