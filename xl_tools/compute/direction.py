"""Direction of travel since the previous period (DESIGN 4.5).

The direction says which way the figure moved (up, down, same); the trend says whether
that is good news by the measure's polarity (improving, worsening, stable). A context
measure has a direction but no trend.
"""

from __future__ import annotations

from xl_tools.compute.rounding import is_missing
from xl_tools.model import Direction, Polarity, Trend

# Figures equal to this many places are the same (40.1 - 0.1 is not quite 40).
_SAME_PLACES = 6


def direction_of_travel(
    value: float, previous: float, polarity: Polarity
) -> tuple[Direction | None, Trend | None]:
    """The direction and trend of a value since the previous period.

    Args:
        value: This period's value.
        previous: The previous period's value, NaN where there is none.
        polarity: Which way is good.

    Returns:
        ``(direction, trend)``: both None where either figure is missing; the trend is
        None for a context measure.

    >>> direction_of_travel(38, 35, Polarity.LOWER_BETTER)
    (<Direction.UP: 'up'>, <Trend.WORSENING: 'worsening'>)
    >>> direction_of_travel(40.1 - 0.1, 40, Polarity.HIGHER_BETTER)
    (<Direction.SAME: 'same'>, <Trend.STABLE: 'stable'>)
    >>> direction_of_travel(5, 4, Polarity.NONE)
    (<Direction.UP: 'up'>, None)
    """
    if is_missing(value) or is_missing(previous):
        return None, None
    now, before = round(value, _SAME_PLACES), round(previous, _SAME_PLACES)
    if now == before:
        direction = Direction.SAME
    else:
        direction = Direction.UP if now > before else Direction.DOWN
    return direction, _trend(direction, polarity)


def _trend(direction: Direction, polarity: Polarity) -> Trend | None:
    if polarity is Polarity.NONE:
        return None
    if direction is Direction.SAME:
        return Trend.STABLE
    good = Direction.UP if polarity is Polarity.HIGHER_BETTER else Direction.DOWN
    return Trend.IMPROVING if direction is good else Trend.WORSENING
