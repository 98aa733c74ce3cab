"""Variance of a value to a reference: the target or a comparator (DESIGN 4.2).

A variance is in the measure's own unit: points for a percentage, so 38% against 24% is
+14.0 points. The relative variance is the same gap as a fraction of the reference.
"""

from __future__ import annotations

import math

from xl_tools.compute.rounding import finite_or_missing, is_missing, round_half_up

VARIANCE_PLACES = 2
RELATIVE_PLACES = 3


def variance(value: float, reference: float) -> float:
    """``value - reference``, rounded half up to two places; NaN where either is missing.

    Args:
        value: The measure's value.
        reference: The target or comparator figure.

    Returns:
        The gap in the measure's unit.

    >>> variance(38, 24), variance(38, 23.3), variance(20, float("nan"))
    (14.0, 14.7, nan)
    """
    if is_missing(value) or is_missing(reference):
        return math.nan
    return round_half_up(finite_or_missing(value - reference), VARIANCE_PLACES)


def relative_variance(value: float, reference: float) -> float:
    """``(value - reference) / reference``, rounded half up to three places.

    NaN where either is missing or the reference is 0 (no fraction of nothing), or where
    a reference next to nothing makes it too large for any number.

    Args:
        value: The measure's value.
        reference: The target or comparator figure.

    Returns:
        The gap as a fraction of the reference (0.583 for 58.3% above it).

    >>> relative_variance(38, 24), relative_variance(5, 0), relative_variance(1e10, 1e-300)
    (0.583, nan, nan)
    """
    if is_missing(value) or is_missing(reference) or reference == 0:
        return math.nan
    return round_half_up(finite_or_missing((value - reference) / reference), RELATIVE_PLACES)
