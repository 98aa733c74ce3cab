"""Red, amber or green against the target (DESIGN 4.3).

With tolerance t, the amber bound is the measure's own amber threshold where it has one,
else target x (1 - t) where higher is better, or target x (1 + t) where lower is better:

| polarity | Green | Amber | Red |
|---|---|---|---|
| higher is better | value >= target | value >= amber bound | otherwise |
| lower is better | value <= target | value <= amber bound | otherwise |

A context measure (no polarity), or one with no value or no target, has no rating.
"""

from __future__ import annotations

from xl_tools.compute.rounding import is_missing
from xl_tools.model import Polarity, Rag

# Bounds such as 80 x 0.95 come out as 76.00000000000001; comparing to this many places
# keeps a value exactly on a bound on the side the rule puts it.
_BOUND_PLACES = 9


def amber_bound(
    target: float, polarity: Polarity, amber_threshold: float, tolerance: float
) -> float:
    """The edge between amber and red.

    Args:
        target: The target.
        polarity: Which way is good; HIGHER_BETTER or LOWER_BETTER.
        amber_threshold: The measure's own amber threshold, NaN where it has none.
        tolerance: The amber tolerance as a fraction (0.05 for 5%).

    Returns:
        The amber threshold if given, else the target less (or plus) the tolerance.

    >>> amber_bound(80, Polarity.HIGHER_BETTER, float("nan"), 0.05)
    76.0
    >>> amber_bound(24, Polarity.LOWER_BETTER, 30, 0.05)
    30
    """
    if not is_missing(amber_threshold):
        return amber_threshold
    if polarity is Polarity.LOWER_BETTER:
        return round(target * (1 + tolerance), _BOUND_PLACES)
    return round(target * (1 - tolerance), _BOUND_PLACES)


def rate_against_target(
    value: float,
    target: float,
    polarity: Polarity,
    amber_threshold: float,
    tolerance: float,
) -> Rag | None:
    """Rate a value red, amber or green against its target.

    Args:
        value: The measure's value.
        target: The target, NaN where there is none.
        polarity: Which way is good.
        amber_threshold: The measure's own amber threshold, NaN where it has none.
        tolerance: The amber tolerance as a fraction (0.05 for 5%).

    Returns:
        The rating, or None for a context measure or one with no value or no target.

    >>> rate_against_target(76, 80, Polarity.HIGHER_BETTER, float("nan"), 0.05)
    <Rag.AMBER: 'amber'>
    >>> rate_against_target(38, 24, Polarity.LOWER_BETTER, float("nan"), 0.05)
    <Rag.RED: 'red'>
    """
    if is_missing(value) or is_missing(target) or polarity is Polarity.NONE:
        return None
    bound = amber_bound(target, polarity, amber_threshold, tolerance)
    # Turning "lower is better" around lets one comparison serve both polarities.
    sign = -1 if polarity is Polarity.LOWER_BETTER else 1
    if _at_least(sign * value, sign * target):
        return Rag.GREEN
    if _at_least(sign * value, sign * bound):
        return Rag.AMBER
    return Rag.RED


def _at_least(left: float, right: float) -> bool:
    return round(left - right, _BOUND_PLACES) >= 0
