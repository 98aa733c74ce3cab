"""What a cell means: figures, no-figure markers, unit and polarity words (DESIGN 3.2-3.3).

Pure functions over plain values; each returns a small result rather than raising, so that
the table reader can collect every unreadable cell before reporting.
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from xl_tools.model import Polarity, Unit


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


Reading = Figure | NoFigure | Unreadable

# The markers of published statistics and of officers' workbooks meaning "no figure":
# DfE suppression codes (c confidential, k low, x not available, z not applicable, u low
# reliability) and Excel's habit of turning a typed "-" into a dash.
NO_FIGURE_MARKERS = frozenset(
    {"measure being developed", "n/a", "na", "-", "–", "—", "..", "tbc", "c", "k", "x"}
    | {"z", "u", "low"}
)

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


# A workbook has few number formats, each asked about at every figure cell.
@lru_cache(maxsize=1024)
def is_percent_format(number_format: str) -> bool:
    """Whether a number format shows a fraction as a percentage (0.22 as 22%).

    A ``%`` inside quotes or escaped is literal text, not scaling.

    >>> is_percent_format("0%"), is_percent_format("0.0%"), is_percent_format('0"%"')
    (True, True, False)
    >>> is_percent_format("General")
    False
    """
    return "%" in _QUOTED.sub("", number_format)


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
    return Figure(number * 100 if scale else number)


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
