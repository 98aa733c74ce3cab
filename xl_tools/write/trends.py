"""The board's trend columns: a sparkline of the last 12 months and the words beside it.

A sparkline is a picture: a printout, a PDF reader or a screen reader may not show it, so
the cell beside it says the same in words, with the figures: ``Up from 47% to 52% over 7
months, worsening``. First and last figures over the window, rather than a fitted slope,
because a board member can check them against the months and they mean the same for
every unit; the month-on-month movement is the Direction of travel column's.

The sparklines draw figures that the board holds itself, in columns to the right of its
table (outside the print area): the board is rewritten whole on every run, and so are they
(`xl_tools.write.xlsx`; the button cannot draw them).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping

from xl_tools.model import Direction, Trend, Unit
from xl_tools.months import parse_month, window_months
from xl_tools.write import formats

TREND_HEADERS = ("Last 12 months", "Trend over 12 months", "Year to date", "Same month last year")
TREND_WIDTHS = {"Last 12 months": 14.0, "Trend over 12 months": 24.0}
TREND_NOTE = (
    "Year to date: the average of this financial year's months (their total for numbers), "
    "where every month has a figure."
)
_WORDS = {Direction.UP: "Up", Direction.DOWN: "Down", Direction.SAME: "Level"}

Row = Mapping[str, object]
FigureCell = Callable[[object, Row], object]


def trend_text(record: Row) -> str | None:
    """The trend over the last 12 months in words, None where there are not two figures.

    The words run from the year's first figure to this period's value, as computing
    worked out the year's direction; where either is missing there is no trend to tell.

    >>> record = {"unit": Unit.PERCENT, "value": 52.0, "twelve_month_start": 47.0,
    ...           "twelve_month_span": 7.0, "twelve_month_direction": Direction.UP,
    ...           "twelve_month_trend": Trend.WORSENING}
    >>> trend_text(record)
    'Up from 47% to 52% over 7 months, worsening'
    >>> trend_text({**record, "value": 47.0, "twelve_month_direction": Direction.SAME,
    ...             "twelve_month_trend": None, "twelve_month_span": 1.0})
    'Level at 47% over 1 month'
    >>> trend_text({**record, "value": 47.04, "twelve_month_direction": Direction.UP})
    'Level at 47% over 7 months'
    >>> trend_text({**record, "twelve_month_direction": None}) is None
    True
    >>> trend_text({**record, "value": None}) is None
    True
    """
    direction = record.get("twelve_month_direction")
    figures = [record.get(key) for key in ("twelve_month_start", "value", "twelve_month_span")]
    if direction is None or any(_missing(figure) for figure in figures):
        return None
    unit = None if record.get("unit") is None else Unit(record["unit"])  # type: ignore[arg-type]
    start, now = _shown(figures[0], unit), _shown(figures[1], unit)
    span = int(float(figures[2]))  # type: ignore[arg-type]
    months = f"{span} month{'s' if span != 1 else ''}"
    if direction == Direction.SAME or start == now:
        # A move too small to show is no move to a reader: never "Down from 41.6% to 41.6%".
        return f"{_WORDS[Direction.SAME]} at {now} over {months}"
    word = _WORDS[Direction(direction)]  # type: ignore[arg-type]
    text = f"{word} from {start} to {now} over {months}"
    trend = record.get("twelve_month_trend")
    return text if trend is None else f"{text}, {Trend(trend).value}"  # type: ignore[arg-type]


def series_headers(period: str | None) -> tuple[str, ...]:
    """The headers of the sparklines' figures: the 12 months to the period, as ``Nov-23``.

    >>> series_headers("November 2023")[-2:], series_headers(None)
    (('Oct-23', 'Nov-23'), ())
    """
    month = parse_month(period)
    if month is None:
        return ()
    return tuple(_label(m) for m in window_months(month))


def _label(month: datetime.date) -> str:
    return month.strftime("%b-%y")


def _missing(figure: object) -> bool:
    """Whether a figure is missing: None (as planning gives it) or NaN."""
    return figure is None or (isinstance(figure, float) and not math.isfinite(figure))


def _shown(value: object, unit: Unit | None) -> str:
    number = float(value)  # type: ignore[arg-type]
    stored = formats.stored_value(number, unit)
    return formats.shown(stored, formats.value_format(number, unit))
