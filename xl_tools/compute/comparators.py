"""How a measure stands against a comparator: England, region, statistical neighbours.

DESIGN 4.4: ``similar`` where the value is within the tolerance of the comparator
(|value - comparator| <= t x |comparator|, the edge counting as similar); otherwise
``better`` or ``worse`` by the polarity, or ``higher`` or ``lower`` for a context measure.
"""

from __future__ import annotations

from xl_tools.compute.rounding import is_missing
from xl_tools.model import Judgement, Polarity

# A gap of exactly t x |comparator| must count as similar despite float noise.
_EDGE_PLACES = 9


def judge_against(
    value: float, comparator: float, polarity: Polarity, tolerance: float
) -> Judgement | None:
    """Judge a value against one comparator's figure.

    Args:
        value: The measure's value.
        comparator: The comparator's figure, NaN where there is none.
        polarity: Which way is good.
        tolerance: The tolerance as a fraction (0.05 for 5%).

    Returns:
        The judgement, or None where either figure is missing.

    >>> judge_against(38, 24, Polarity.LOWER_BETTER, 0.05)
    <Judgement.WORSE: 'worse'>
    >>> judge_against(21, 20, Polarity.NONE, 0.05)
    <Judgement.SIMILAR: 'similar'>
    >>> judge_against(439, 500, Polarity.NONE, 0.05)
    <Judgement.LOWER: 'lower'>
    """
    if is_missing(value) or is_missing(comparator):
        return None
    if round(abs(value - comparator) - tolerance * abs(comparator), _EDGE_PLACES) <= 0:
        return Judgement.SIMILAR
    higher = value > comparator
    if polarity is Polarity.HIGHER_BETTER:
        return Judgement.BETTER if higher else Judgement.WORSE
    if polarity is Polarity.LOWER_BETTER:
        return Judgement.WORSE if higher else Judgement.BETTER
    return Judgement.HIGHER if higher else Judgement.LOWER
