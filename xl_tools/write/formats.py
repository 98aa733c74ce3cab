"""How figures and ratings look once written: Excel number formats and the words shown.

Every figure stays a number in its cell and gets a number format that makes it read as a
board member expects: a percentage of 22 points is stored as 0.22 and shown as ``22%``, a
variance to a percentage is the number 14.0 shown as ``+14.0 pts``. Both back ends (file
and live workbook) use these codes, so the same figure looks the same whichever wrote it.

Pure functions and constants; nothing here knows about workbook files or xlwings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from xl_tools.model import Direction, Judgement, Rag, Trend, Unit

GENERAL = "General"


@dataclass(frozen=True)
class _Spec:
    decimals: int
    percent: bool = False
    thousands: bool = False
    signed: bool = False
    suffix: str = ""

    @property
    def code(self) -> str:
        digits = ("#,##0" if self.thousands else "0") + (
            "." + "0" * self.decimals if self.decimals else ""
        )
        body = digits + ("%" if self.percent else "") + (f' "{self.suffix}"' if self.suffix else "")
        # Three sections so that a positive figure carries its "+" and zero carries none.
        return f"+{body};-{body};{body}" if self.signed else body


_SPECS = {
    spec.code: spec
    for spec in (
        _Spec(0, percent=True),
        _Spec(1, percent=True),
        _Spec(0),
        _Spec(1),
        _Spec(0, thousands=True),
        _Spec(1, thousands=True),
        _Spec(0, signed=True),
        _Spec(1, signed=True),
        _Spec(0, thousands=True, signed=True),
        _Spec(1, thousands=True, signed=True),
        _Spec(1, signed=True, suffix="pts"),
        _Spec(1, percent=True, signed=True),
    )
}

# The step each format rounds to, made once: a board shows hundreds of figures.
_STEPS = {code: Decimal(1).scaleb(-spec.decimals) for code, spec in _SPECS.items()}
# Room for every digit of the largest float: Decimal's own 28 digits refuse 1e27 to 0.1.
_WIDE = Context(prec=400)

PERCENT = _Spec(0, percent=True).code
PERCENT_DECIMAL = _Spec(1, percent=True).code
WHOLE = _Spec(0).code
DECIMAL = _Spec(1).code
COUNT = _Spec(0, thousands=True).code
COUNT_DECIMAL = _Spec(1, thousands=True).code
POINTS = _Spec(1, signed=True, suffix="pts").code
RELATIVE = _Spec(1, percent=True, signed=True).code
SIGNED_WHOLE = _Spec(0, signed=True).code
SIGNED_DECIMAL = _Spec(1, signed=True).code
SIGNED_COUNT = _Spec(0, thousands=True, signed=True).code
SIGNED_COUNT_DECIMAL = _Spec(1, thousands=True, signed=True).code


def is_whole(number: float) -> bool:
    """Whether a figure shows without decimals (to one decimal place, as the board shows it).

    >>> is_whole(22.0), is_whole(10.2), is_whole(21.999999), is_whole(21.95)
    (True, False, True, False)
    >>> is_whole(float("inf")), is_whole(float("nan"))
    (False, False)
    """
    if not math.isfinite(number):
        return False
    # Rounding to a decimal place is exact and slow; only a figure near the half-tenth
    # either side of a whole number needs it, and a board asks of thousands of figures.
    gap = abs(number - round(number))
    if gap < 0.049:
        return True
    if gap > 0.051:
        return False
    return round(number, 1) == round(number)


def stored_value(value: float, unit: Unit | None) -> float:
    """The number to put in a cell for a figure: percentages as fractions, others unchanged.

    >>> stored_value(22.0, Unit.PERCENT), stored_value(439.0, Unit.RATE_PER_10K)
    (0.22, 439.0)
    """
    return value / 100 if unit is Unit.PERCENT else value


def value_format(value: float, unit: Unit | None) -> str:
    """The number format for a figure of a measure (value, target, comparator, previous).

    >>> value_format(22, Unit.PERCENT), value_format(10.2, Unit.PERCENT)
    ('0%', '0.0%')
    >>> value_format(439, Unit.RATE_PER_10K), value_format(1234, Unit.COUNT)
    ('0', '#,##0')
    """
    whole = is_whole(value)
    if unit is Unit.PERCENT:
        return PERCENT if whole else PERCENT_DECIMAL
    if unit is Unit.COUNT:
        return COUNT if whole else COUNT_DECIMAL
    if unit in (Unit.RATE_PER_10K, Unit.AVERAGE):
        return WHOLE if whole else DECIMAL
    return GENERAL


def variance_format(variance: float, unit: Unit | None) -> str:
    """The number format for a variance (value minus reference) in the measure's unit.

    A variance to a percentage is in points and always shows one decimal (DESIGN 5).

    >>> variance_format(14.0, Unit.PERCENT)
    '+0.0 "pts";-0.0 "pts";0.0 "pts"'
    >>> variance_format(-61, Unit.RATE_PER_10K), variance_format(1200, Unit.COUNT)
    ('+0;-0;0', '+#,##0;-#,##0;#,##0')
    """
    whole = is_whole(variance)
    if unit is Unit.PERCENT:
        return POINTS
    if unit is Unit.COUNT:
        return SIGNED_COUNT if whole else SIGNED_COUNT_DECIMAL
    return SIGNED_WHOLE if whole else SIGNED_DECIMAL


def shown(value: object, number_format: str = GENERAL) -> str:
    """The text Excel shows for a cell value under one of this module's number formats.

    Used to size columns so that no figure turns into ``#####``. Text is shown as it is;
    an unknown format falls back to the plain number.

    >>> shown(0.22, PERCENT), shown(14.0, POINTS), shown(-0.054, RELATIVE)
    ('22%', '+14.0 pts', '-5.4%')
    >>> shown(1234.5, COUNT), shown(None), shown("n/a")
    ('1,235', '', 'n/a')
    >>> shown(1e27, DECIMAL), shown(float("inf"), COUNT)
    ('1000000000000000000000000000.0', 'inf')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    number = float(value)  # type: ignore[arg-type]
    spec = _SPECS.get(number_format)
    scaled = abs(number) * (100 if spec is not None and spec.percent else 1)
    if spec is None or not math.isfinite(scaled):
        return f"{number:g}"
    rounded = Decimal(str(scaled)).quantize(_STEPS[number_format], ROUND_HALF_UP, _WIDE)
    text = f"{rounded:,}" if spec.thousands else f"{rounded}"
    text += ("%" if spec.percent else "") + (f" {spec.suffix}" if spec.suffix else "")
    if number < 0 and rounded != 0:
        return "-" + text
    return "+" + text if spec.signed and rounded != 0 else text


def column_width(header: str, cells: Iterable[tuple[object, str]], cap: float) -> float:
    """A column width, in Excel's character units, that shows every figure whole.

    Figures never get less than their widest shown text (a figure too wide for its column
    shows as ``#####``); header words are never split; longer text wraps at `cap`.

    Args:
        header: The column's header, which wraps between words.
        cells: The column's (value, number format) pairs.
        cap: The width beyond which text wraps rather than widening the column.

    >>> column_width("Value", [(0.22, PERCENT), ("measure being developed", GENERAL)], 12)
    14.0
    >>> column_width("ID", [(12345678.0, COUNT)], 6)
    12.0
    """
    cells = list(cells)
    figures = [len(shown(value, code)) for value, code in _widest_figures(cells)]
    texts = [len(value) for value, _ in cells if isinstance(value, str)]
    needed = max([len(word) + 1 for word in header.split()] + figures)
    wanted = max([needed, *texts])
    # Two characters of padding: bold header text and cell margins are wider than digits.
    return float(max(needed, min(wanted, cap)) + 2)


def _widest_figures(cells: list[tuple[object, str]]) -> list[tuple[object, str]]:
    """The figures among `cells` whose shown text may be the widest of the column.

    Under one of this module's formats, a float never shows shorter than another of the
    same sign and smaller size (rounding, digits, separators and sign only grow with size),
    so of those only the largest of each sign and format is kept: a board has hundreds of
    figures and a few formats. Other figures (ints, NaN, unknown formats) are all kept.
    """
    largest: dict[tuple[str, bool], float] = {}
    others: list[tuple[object, str]] = []
    for value, code in cells:
        if type(value) is float and code in _SPECS and math.isfinite(value):
            key = (code, value < 0)
            if key not in largest or abs(value) > abs(largest[key]):
                largest[key] = value
        elif _is_number(value):
            others.append((value, code))
    return [(value, code) for (code, _), value in largest.items()] + others


def wrapped_lines(text: str, width: float, per_unit: float = 1.0) -> int:
    """How many lines `text` takes when wrapped between words in a column `width` wide.

    An estimate, erring on the side of one line too many, so that rows given this height
    never cut text off. `per_unit` is how many characters of the text fit in one of
    Excel's width units (the width of a digit): about 1.2 for ordinary text.

    >>> wrapped_lines("Variance to statistical neighbours", 13), wrapped_lines("", 10)
    (3, 1)
    """
    room = max(int((width - 1) * per_unit), 1)
    if len(text) <= room:
        return 1  # most cells: the words with their spaces fit on one line
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, 0
        used += len(word) + (1 if used else 0)
        lines += max(used - 1, 0) // room
        used = (used - 1) % room + 1 if used > room else used
    return lines


def percent_text(fraction: float) -> str:
    """A fraction as a short percentage for sentences: 0.05 as ``5%``, 0.025 as ``2.5%``.

    >>> percent_text(0.05), percent_text(0.025)
    ('5%', '2.5%')
    """
    points = fraction * 100
    return shown(fraction, PERCENT if is_whole(points) else PERCENT_DECIMAL)


def rag_word(rag: Rag | str | None) -> str:
    """The word a RAG cell holds, so that the rating never rests on colour alone (DESIGN 9).

    >>> rag_word(Rag.AMBER), rag_word(None)
    ('Amber', '')
    """
    return "" if _missing(rag) else Rag(rag).value.capitalize()  # type: ignore[arg-type]


def judgement_word(judgement: Judgement | str | None) -> str:
    """A comparator judgement as a word: ``Better``, ``Similar``, ``Worse``, ...

    >>> judgement_word(Judgement.SIMILAR), judgement_word(None)
    ('Similar', '')
    """
    if _missing(judgement):
        return ""
    return Judgement(judgement).value.capitalize()  # type: ignore[arg-type]


def direction_text(direction: Direction | str | None, trend: Trend | str | None = None) -> str:
    """The direction of travel as a board reads it: ``Up, worsening``, ``Same, stable``, ``Down``.

    >>> direction_text(Direction.UP, Trend.WORSENING), direction_text(Direction.DOWN)
    ('Up, worsening', 'Down')
    >>> direction_text(None, None)
    ''
    """
    if _missing(direction):
        return ""
    word = Direction(direction).value.capitalize()  # type: ignore[arg-type]
    return word if _missing(trend) else f"{word}, {Trend(trend).value}"  # type: ignore[arg-type]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
