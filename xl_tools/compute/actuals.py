"""Actual numbers: the children behind each figure (DESIGN 4.1).

A rate per 10,000 is backed by a count of children, a percentage by ``X / Y`` (X children of
a cohort of Y), a count by itself and an average by ``X / Y`` where both parts are given.
An officer may keep a rate as its parts too: X children (the numerator, the count) of a
population Y (the denominator), the rate being X / Y x 10,000. Where the value is missing
but its parts are there, the value is worked out from them and rounded half up to one
decimal place, as boards show it.

>>> derive_actuals(Unit.PERCENT, value=38.0, denominator=50.0).text
'19 / 50'
>>> derive_actuals(Unit.RATE_PER_10K, value=61.0, population=147541.0).text
'900'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from xl_tools.compute.rounding import finite_or_missing, is_missing, is_whole, round_half_up
from xl_tools.model import Unit

# Rates are per 10,000 children aged 0-17 (DfE's convention for children's social care).
PER_CHILDREN = 10_000
# X / Y may differ from the value by rounding; more than half a point (half a child per
# 10,000 for a rate) is a mistake.
CONSISTENCY_POINTS = 0.5
# Values worked out from their parts are shown to one decimal place.
DERIVED_PLACES = 1

NAN = math.nan

UNKNOWN_UNIT = (
    "the unit is not known (rate per 10,000, percentage, count or average), "
    "so no actual numbers are shown"
)
NO_DENOMINATOR = "no denominator (Y) is given, so the actual numbers cannot be shown as X / Y"
NO_POPULATION = (
    "the 0-17 child population is needed to work out the count from the rate: "
    "give it in the settings, or fill in the count"
)


@dataclass(frozen=True)
class Actuals:
    """The figures of one measure once its actual numbers are worked out.

    Attributes:
        value: The measure's value, given or worked out from its parts (NaN if neither).
        numerator: X of a percentage or average, given or worked out (NaN if neither).
        denominator: Y of a percentage or average, as given (NaN if not).
        count: The count behind a rate or a count measure, given or worked out.
        text: What the Actual numbers column shows, or None where it stays blank.
        warnings: What the officer should know about this row, in plain words.
    """

    value: float = NAN
    numerator: float = NAN
    denominator: float = NAN
    count: float = NAN
    text: str | None = None
    warnings: tuple[str, ...] = ()


def derive_actuals(
    unit: Unit | None,
    value: float = NAN,
    numerator: float = NAN,
    denominator: float = NAN,
    count: float = NAN,
    population: float | None = None,
) -> Actuals:
    """Work out a measure's actual numbers, and its value where only its parts are given.

    Args:
        unit: The measure's unit, or None where it is not known.
        value: The measure's value (points for a percentage), NaN for none.
        numerator: X, NaN for none; for a rate, the children counted where the count
            column is blank.
        denominator: Y, NaN for none; for a rate, the population it is taken of, in place
            of the 0-17 population.
        count: The count column, NaN for none.
        population: The 0-17 child population (for rates), None where not known.

    Returns:
        The figures, the Actual numbers text and any warnings.

    >>> derive_actuals(Unit.PERCENT, value=45.0, numerator=19.0, denominator=50.0).warnings
    ('19 / 50 is 38.0% but the value given is 45.0%',)
    >>> derive_actuals(Unit.RATE_PER_10K, count=20.0, population=147541.0).value
    1.4
    >>> rate = derive_actuals(Unit.RATE_PER_10K, numerator=900.0, denominator=147541.0)
    >>> rate.value, rate.text
    (61.0, '900')
    """
    given = Actuals(value, numerator, denominator, count)
    if unit is Unit.PERCENT:
        return _percent_actuals(given)
    if unit is Unit.RATE_PER_10K:
        return _rate_actuals(given, NAN if population is None else population)
    if unit is Unit.COUNT:
        return _count_actuals(given)
    if unit is Unit.AVERAGE:
        return _average_actuals(given)
    return replace(given, warnings=(UNKNOWN_UNIT,))


def _percent_actuals(given: Actuals) -> Actuals:
    value, x, y = given.value, given.numerator, given.denominator
    if not is_missing(x) and not is_missing(y):
        warning = consistency_warning(value, x, y)
        if is_missing(value):
            value = round_half_up(percent_of(x, y), DERIVED_PLACES)
        warnings = () if warning is None else (warning,)
        return replace(given, value=value, text=format_actual(x, y), warnings=warnings)
    if not is_missing(value) and not is_missing(y):
        x = numerator_from_percent(value, y)
        text = None if is_missing(x) else format_actual(x, y)
        return replace(given, numerator=x, text=text)
    if not is_missing(value) or not is_missing(x):
        return replace(given, warnings=(NO_DENOMINATOR,))
    return given


def _rate_actuals(given: Actuals, population: float) -> Actuals:
    value, x, y = given.value, given.numerator, given.denominator
    count = x if is_missing(given.count) else given.count
    # A rate kept as its parts is taken of its own denominator, not the settings' population.
    base = population if is_missing(y) else y
    known_base = not is_missing(base) and base > 0
    warning = None if is_missing(x) else consistency_warning(value, x, y, Unit.RATE_PER_10K)
    warnings = () if warning is None else (warning,)
    if not is_missing(count):
        if is_missing(value) and known_base:
            value = round_half_up(rate_of(count, base), DERIVED_PLACES)
        return replace(given, value=value, count=count, text=format_part(count), warnings=warnings)
    if is_missing(value):
        return given
    if not known_base:
        return replace(given, warnings=(NO_POPULATION,))
    count = count_from_rate(value, base)
    text = None if is_missing(count) else format_part(count)
    return replace(given, count=count, text=text)


def _count_actuals(given: Actuals) -> Actuals:
    figure = given.count if is_missing(given.value) else given.value
    if is_missing(figure):
        return given
    return replace(given, value=figure, count=figure, text=format_part(figure))


def _average_actuals(given: Actuals) -> Actuals:
    value, x, y = given.value, given.numerator, given.denominator
    if is_missing(x) or is_missing(y):
        return given
    if is_missing(value) and y > 0:
        value = round_half_up(finite_or_missing(x / y), DERIVED_PLACES)
    return replace(given, value=value, text=format_actual(x, y))


def percent_of(numerator: float, denominator: float) -> float:
    """X as a percentage of Y, in points; NaN where Y is 0 or below or either is missing.

    A cohort of no children (or fewer) has no share to speak of.

    >>> percent_of(19, 50), percent_of(3, 0), percent_of(3, -50)
    (38.0, nan, nan)
    """
    if is_missing(numerator) or is_missing(denominator) or denominator <= 0:
        return NAN
    return finite_or_missing(numerator / denominator * 100)


def rate_of(count: float, population: float) -> float:
    """A count of children as a rate per 10,000 of the population; NaN where unknown.

    >>> round(rate_of(900, 147541), 2)
    61.0
    """
    if is_missing(count) or is_missing(population) or population <= 0:
        return NAN
    return finite_or_missing(count / population * PER_CHILDREN)


def numerator_from_percent(value: float, denominator: float) -> float:
    """X worked out from a percentage of Y, rounded half up to a whole child.

    >>> numerator_from_percent(38, 50), numerator_from_percent(29, 50)
    (19.0, 15.0)
    """
    return round_half_up(finite_or_missing(value * denominator / 100))


def count_from_rate(rate: float, population: float) -> float:
    """The count of children behind a rate per 10,000, rounded half up.

    >>> count_from_rate(61, 147541)
    900.0
    """
    return round_half_up(finite_or_missing(rate * population / PER_CHILDREN))


def consistency_warning(
    value: float, numerator: float, denominator: float, unit: Unit = Unit.PERCENT
) -> str | None:
    """A warning where X / Y differs from the value given by more than half a unit.

    X / Y is taken x 100 for a percentage (half a point) and x 10,000 for a rate per
    10,000. Nothing is overwritten: the officer decides which figure is right.

    >>> consistency_warning(45, 19, 50)
    '19 / 50 is 38.0% but the value given is 45.0%'
    >>> consistency_warning(38.5, 19, 50) is None
    True
    >>> consistency_warning(70, 900, 147541, Unit.RATE_PER_10K)
    '900 / 147,541 is 61.0 per 10,000 but the value given is 70.0 per 10,000'
    """
    rate = unit is Unit.RATE_PER_10K
    computed = rate_of(numerator, denominator) if rate else percent_of(numerator, denominator)
    if is_missing(value) or is_missing(computed):
        return None
    if round(abs(computed - value), 9) <= CONSISTENCY_POINTS:
        return None
    shown = _per_10k if rate else _points
    return (
        f"{format_actual(numerator, denominator)} is {shown(computed)} "
        f"but the value given is {shown(value)}"
    )


def format_actual(numerator: float, denominator: float) -> str:
    """``X / Y`` with thousands separators; a part that is not whole keeps one decimal.

    >>> format_actual(1234, 4316), format_actual(3256, 224.5)
    ('1,234 / 4,316', '3,256 / 224.5')
    """
    return f"{format_part(numerator)} / {format_part(denominator)}"


def format_part(number: float) -> str:
    """One figure with thousands separators: whole, or to one decimal (FTEs).

    >>> format_part(1234.0), format_part(224.54), format_part(1234567.25)
    ('1,234', '224.5', '1,234,567.3')
    """
    if is_whole(number):
        return f"{int(number):,}"
    return f"{round_half_up(number, 1):,.1f}"


def _points(percent: float) -> str:
    return f"{round_half_up(percent, 1):.1f}%"


def _per_10k(rate: float) -> str:
    return f"{round_half_up(rate, 1):,.1f} per 10,000"
