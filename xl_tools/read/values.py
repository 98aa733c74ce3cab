"""What a cell means: figures, no-figure markers, unit and polarity words (DESIGN 3.2-3.3).

Pure functions over plain values; each returns a small result rather than raising, so that
the table reader can collect every unreadable cell before reporting.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from xl_tools.model import Polarity, Unit
from xl_tools.package.numbers import is_percent_format


@dataclass(frozen=True)
class Figure:
    """A number read from a cell; a percentage in points (22 means 22%)."""

    number: float


@dataclass(frozen=True)
class NoFigure:
    """A cell saying there is no figure; `marker` is its text as found ("" when blank)."""

    marker: str


@dataclass(frozen=True)
class Unreadable:
    """A cell that means nothing the tool knows.

    Attributes:
        reason: What is wrong, completing '"<found>" <reason>': "is not a number".
        hint: What the officer can write instead, or "".
    """

    reason: str
    hint: str = ""


@dataclass(frozen=True)
class Doubt:
    """A figure that reads but cannot be right: worth a warning, and the build goes on.

    Attributes:
        reason: What is wrong, completing '"<found>" <reason>': "is 140%, and ...".
        hint: What the officer may have meant, or "".
    """

    reason: str
    hint: str = ""


Reading = Figure | NoFigure | Unreadable

# No measure of children's services comes near a million million: counts of children and
# staff run to thousands, spending to hundreds of millions of pounds. A figure that size is
# a slip (a reference number pasted in, an exponent typed), and past it floats lose the
# decimals a board shows.
MAX_FIGURE = 1e12
TOO_LARGE = "is beyond any figure of a measure"
TOO_LARGE_HINT = "a figure is less than 1,000,000,000,000 (a million million); check the cell"

# The markers of published statistics and of officers' workbooks meaning "no figure":
# DfE suppression codes (c confidential, k low, x not available, z not applicable, u low
# reliability) and Excel's habit of turning a typed "-" into a dash.
NO_FIGURE_MARKERS = frozenset(
    {"measure being developed", "n/a", "na", "-", "–", "—", "..", "tbc", "c", "k", "x"}
    | {"z", "u", "low"}
)

# A number as text: its digits before any exponent (so "E0" is not one), with or without
# thousands separators.
_NUMBER = re.compile(r"[+-]?(?=\.?\d)(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?")


def parse_figure(
    value: object, number_format: str = "General", *, percent: bool = False
) -> Reading:
    """Read a figure cell: a number, text holding a number, a no-figure marker, or neither.

    Args:
        value: The cell's value.
        number_format: The cell's number format.
        percent: Whether the measure is a percentage: a fraction in a %-formatted cell is
            then turned into points (0.22 -> 22).

    Returns:
        `Figure`, `NoFigure` or `Unreadable`.

    >>> parse_figure(0.22, "0%", percent=True), parse_figure("22 %", percent=True)
    (Figure(number=22.0), Figure(number=22.0))
    >>> parse_figure(" 1,234 "), parse_figure("Measure being developed")
    (Figure(number=1234.0), NoFigure(marker='Measure being developed'))
    >>> parse_figure("twelve")
    Unreadable(reason='is not a number', hint='')
    >>> parse_figure(1e27).reason
    'is beyond any figure of a measure'
    """
    if value is None:
        return NoFigure("")
    if isinstance(value, bool):
        return Unreadable("is TRUE/FALSE, not a number")
    if isinstance(value, int | float):
        return _from_number(float(value), percent and is_percent_format(number_format))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return Unreadable("is a date or time, not a number")
    return _from_text(str(value))


def _from_number(number: float, scale: bool) -> Reading:
    if not math.isfinite(number):
        return Unreadable("is not a finite number")
    if abs(number) >= MAX_FIGURE:
        return Unreadable(TOO_LARGE, TOO_LARGE_HINT)
    return Figure(points(number) if scale else number)


def points(fraction: float) -> float:
    """A fraction from a %-formatted cell in points, without the noise of multiplying.

    >>> 0.224 * 100, points(0.224)
    (22.400000000000002, 22.4)
    """
    # Ten places keep every digit a percentage is typed with, and drop the float noise.
    return round(fraction * 100, 10)


def percent_doubt(figure: float, value: object, number_format: str) -> Doubt | None:
    """Why a percentage cannot be right, or None where it is from 0% to 100%.

    A number from 1 to 100 in a cell formatted as a percentage shows as 100 times itself
    (24 as 2400%): it was most likely meant in points, and the hint says so.

    Args:
        figure: The percentage as read, in points.
        value: The cell's value as found.
        number_format: The cell's number format.

    >>> percent_doubt(22.0, 22, "General") is None
    True
    >>> percent_doubt(140.0, 140, "General")
    Doubt(reason='is 140%, and a percentage is from 0% to 100%', hint='')
    >>> print(percent_doubt(2400.0, 24, "0%").hint)
    the cell is formatted as a percentage, so its 24 shows as 2400%; for 24%, put 0.24 in it
    """
    if 0 <= figure <= 100:
        return None
    reason = f"is {_plain(figure)}%, and a percentage is from 0% to 100%"
    hint = ""
    if _is_number(value) and is_percent_format(number_format) and 1 < value <= 100:  # type: ignore[operator]
        number = float(value)  # type: ignore[arg-type]
        hint = (
            f"the cell is formatted as a percentage, so its {_plain(number)} shows as "
            f"{_plain(figure)}%; for {_plain(number)}%, put {_plain(number / 100)} in it"
        )
    return Doubt(reason, hint)


def denominator_doubt(denominator: float) -> Doubt | None:
    """Why a denominator (Y) cannot be right, or None.

    >>> denominator_doubt(50.0) is None, denominator_doubt(0.0).reason
    (True, 'cannot be a denominator: Y must be above 0')
    """
    return None if denominator > 0 else Doubt("cannot be a denominator: Y must be above 0")


def numerator_doubt(numerator: float, denominator: float, where: str) -> Doubt | None:
    """Why the numerator (X) of a percentage cannot be right, or None.

    X children are some of the Y in the cohort: never fewer than none, nor more than all.

    Args:
        numerator: X.
        denominator: Y, NaN where there is none.
        where: The denominator's cell, which the reason names.

    >>> numerator_doubt(19.0, 50.0, "H4") is None
    True
    >>> numerator_doubt(60.0, 50.0, "H4").reason
    'is more than its denominator, 50 (at H4), so X / Y is 120%, over 100%'
    >>> numerator_doubt(-3.0, math.nan, "H4").reason
    'cannot be a numerator: X must be 0 or more'
    """
    if numerator < 0:
        return Doubt("cannot be a numerator: X must be 0 or more")
    if not denominator > 0 or numerator <= denominator:
        return None
    share = _plain(round(numerator / denominator * 100, 1))
    return Doubt(
        f"is more than its denominator, {_plain(denominator)} (at {where}), "
        f"so X / Y is {share}%, over 100%"
    )


def _plain(number: float) -> str:
    """A number as a message shows it: 2400, 0.24, 147541, never 1e+06."""
    return f"{number:g}" if abs(number) < 1e6 else f"{number:.0f}"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _from_text(text: str) -> Reading:
    stripped = " ".join(text.split())
    if stripped.lower() in NO_FIGURE_MARKERS or not stripped:
        return NoFigure(stripped)
    if stripped.startswith("#"):
        return Unreadable(
            "is an Excel error, not a number", "correct the formula or type the figure"
        )
    digits = stripped.removesuffix("%").rstrip().replace("\u2212", "-")
    if _NUMBER.fullmatch(digits) and any(ch.isdigit() for ch in digits):
        return _from_number(float(digits.replace(",", "")), scale=False)
    return Unreadable("is not a number")


def _words(text: str) -> str:
    """Lower case with only letters, digits and ``%`` kept: the form words are compared in."""
    return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "%")


_UNIT_WORDS = {
    Unit.RATE_PER_10K: ("rateper10000", "per10000", "rateper10k", "per10k", "rate"),
    Unit.PERCENT: ("%", "percent", "percentage", "pct", "proportion"),
    Unit.COUNT: ("number", "count", "no", "total"),
    Unit.AVERAGE: ("average", "avg", "mean"),
}
_UNIT_BY_WORD = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}


def parse_unit(value: object) -> Unit | Unreadable | None:
    """Read a unit cell; None where blank.

    >>> [str(parse_unit(word)) for word in ("Rate per 10,000", "per 10k", "%", "Number")]
    ['rate_per_10k', 'rate_per_10k', 'percent', 'count']
    >>> parse_unit(None) is None, parse_unit("furlongs").reason
    (True, 'is not a unit')
    """
    if value is None or not str(value).strip():
        return None
    words = _words(str(value))
    if words in _UNIT_BY_WORD:
        return _UNIT_BY_WORD[words]
    if "per10000" in words or "per10k" in words:
        return Unit.RATE_PER_10K
    if "%" in words or "percent" in words:
        return Unit.PERCENT
    return Unreadable("is not a unit", "use Rate per 10,000, Percentage, Number or Average")


def unit_from_name(name: str) -> Unit | None:
    """The unit a measure's name gives away, if any.

    >>> unit_from_name("Contacts to children's social care (per 10,000)")
    <Unit.RATE_PER_10K: 'rate_per_10k'>
    >>> unit_from_name("% of referrals which are repeat referrals")
    <Unit.PERCENT: 'percent'>
    >>> unit_from_name("Number of referrals"), unit_from_name("Average caseloads")
    (<Unit.COUNT: 'count'>, <Unit.AVERAGE: 'average'>)
    >>> unit_from_name("Conversion contact to referral") is None
    True
    """
    words = _words(name)
    lowered = name.strip().lower()
    if "per10000" in words or "per10k" in words:
        return Unit.RATE_PER_10K
    if lowered.startswith(("%", "percentage of", "proportion of")):
        return Unit.PERCENT
    if lowered.startswith(("number of", "no. of", "count of")):
        return Unit.COUNT
    if lowered.startswith("average"):
        return Unit.AVERAGE
    return None


_POLARITY_WORDS = {
    Polarity.HIGHER_BETTER: ("higherisbetter", "highisbetter", "high", "higher", "up", "↑", "▲"),
    Polarity.LOWER_BETTER: ("lowerisbetter", "lowisbetter", "low", "lower", "down", "↓", "▼"),
    Polarity.NONE: ("none", "context", "na", "neither", "nopolarity", "-"),
}
_POLARITY_BY_WORD = {
    word: polarity for polarity, words in _POLARITY_WORDS.items() for word in words
}


def parse_polarity(value: object) -> Polarity | Unreadable:
    """Read a polarity cell; blank means no polarity.

    >>> [str(parse_polarity(word)) for word in ("Higher is better", "down", None)]
    ['higher_better', 'lower_better', 'none']
    >>> parse_polarity("sideways").reason
    'is not a polarity'
    """
    if value is None or not str(value).strip():
        return Polarity.NONE
    text = str(value).strip()
    words = _words(text) or text
    if words in _POLARITY_BY_WORD:
        return _POLARITY_BY_WORD[words]
    return Unreadable("is not a polarity", "use Higher is better, Lower is better or None")
