"""Half-up rounding and missing figures, as every rule in the compute core uses them.

Officers and published statistics round half up (2.5 -> 3), whereas Python's ``round``
rounds half to even (2.5 -> 2); every rounding the tool does goes through here.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

# Arithmetic on floats leaves noise far below any figure a board shows (38 - 23.3 is
# 14.700000000000001); rounding to this many places first removes it.
_NOISE_PLACES = 9


def round_half_up(number: float, places: int = 0) -> float:
    """Round a number half up (away from zero), as a person would.

    Noise from float arithmetic below 1e-9 is dropped first, so a sum that should be
    exactly on a half is treated as on the half. A missing figure (NaN) stays missing.
    Any finite float rounds, however large (a figure far beyond any measure included).

    Args:
        number: The number to round.
        places: How many decimal places to keep.

    Returns:
        The rounded number, as a float.

    >>> round_half_up(2.5), round_half_up(-2.5), round_half_up(0.125, 2)
    (3.0, -3.0, 0.13)
    >>> 29 / 100 * 50, round_half_up(29 / 100 * 50)
    (14.499999999999998, 15.0)
    >>> round_half_up(1e27, 1), round_half_up(-1.7976931348623157e308, 3)
    (1e+27, -1.7976931348623157e+308)
    """
    if not math.isfinite(number):
        return float(number)
    if places < _NOISE_PLACES:
        number = round(number, _NOISE_PLACES)
    if type(number) is float and not _on_half(str(number), places):
        # Off a half, half up and Python's half to even agree. ``str`` gives the shortest
        # digits that read back as the float, so no half with fewer digits lies between
        # them and the float itself: rounding either gives the same figure.
        return round(number, places)
    exponent = _STEPS.get(places) or Decimal(1).scaleb(-places)
    rounded = Decimal(str(number)).quantize(exponent, rounding=ROUND_HALF_UP, context=_WIDE)
    return float(rounded)


# Room for every digit of the largest float with its decimals: Decimal's own context keeps
# 28 digits and refuses to round a figure of 1e27 to one decimal place.
_WIDE = Context(prec=400, Emax=999, Emin=-999)
# The steps rounding is asked for, made once: every figure of a workbook is rounded.
_STEPS = {places: Decimal(1).scaleb(-places) for places in range(4)}


def _on_half(digits: str, places: int) -> bool:
    """Whether a float's shortest digits may sit on a half of the last place kept.

    Exponent notation (tiny or huge figures) counts as maybe, for `Decimal` to settle.
    """
    if "e" in digits:
        return True
    decimals = digits.partition(".")[2]
    return len(decimals) == places + 1 and decimals[-1] == "5"


def is_missing(number: object) -> bool:
    """Whether a figure is missing: None, NaN, or pandas' NA.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0)
    (True, True, False)
    """
    if number is None:
        return True
    if type(number) is float:
        return number != number  # NaN, the one float unequal to itself
    try:
        return math.isnan(number)  # type: ignore[arg-type]
    except TypeError:
        # pandas' NA refuses to become a float; it carries no figure either.
        return True


def finite_or_missing(number: float) -> float:
    """A figure worked out by arithmetic, or NaN where it overflowed to infinity.

    Dividing by a figure next to nothing can pass the largest float; no measure is
    infinite, so such a result is no figure rather than one to show.

    >>> finite_or_missing(38.0), finite_or_missing(1e300 * 1e300)
    (38.0, nan)
    """
    return float(number) if math.isfinite(number) else math.nan


def is_whole(number: float) -> bool:
    """Whether a figure is a whole number (a count of children rather than FTEs).

    >>> is_whole(19.0), is_whole(224.5)
    (True, False)
    """
    return math.isfinite(number) and float(number).is_integer()
