"""Half-up rounding and missing figures."""

import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_tools.compute.rounding import finite_or_missing, is_missing, is_whole, round_half_up


@pytest.mark.parametrize(
    ("number", "places", "expected"),
    [
        (2.5, 0, 3.0),
        (3.5, 0, 4.0),
        (-2.5, 0, -3.0),
        (2.4999, 0, 2.0),
        (0.125, 2, 0.13),
        (0.5833333, 3, 0.583),
        (14.700000000000001, 2, 14.7),
        # Float noise: 29% of 50 is 14.5 children, which rounds up to 15.
        (29 / 100 * 50, 0, 15.0),
        # 20.345 - 10.23 is 10.115, not 10.114999999999998.
        (20.345 - 10.23, 2, 10.12),
        (1234.55, 1, 1234.6),
        (0.0, 2, 0.0),
        (19.0, 0, 19.0),
    ],
)
def test_round_half_up(number, places, expected):
    assert round_half_up(number, places) == expected


def test_round_half_up_returns_float():
    assert isinstance(round_half_up(2.5), float)


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_round_half_up_keeps_non_finite(number):
    result = round_half_up(number, 2)
    assert (math.isnan(result) and math.isnan(number)) or result == number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(None, True), (math.nan, True), (0.0, False), (-1.5, False), (19, False)],
)
def test_is_missing(cell, expected):
    assert is_missing(cell) is expected


def test_is_missing_pandas_na():
    pd = pytest.importorskip("pandas")
    assert is_missing(pd.NA) is True


@pytest.mark.parametrize(
    ("number", "expected"), [(19.0, True), (0.0, True), (224.5, False), (math.nan, False)]
)
def test_is_whole(number, expected):
    assert is_whole(number) is expected


def _decimal_half_up(number: float, places: int) -> float:
    """Half-up rounding done wholly in decimal, as officers do it: the reference."""
    number = round(number, 9)
    step = Decimal(1).scaleb(-places)
    return float(Decimal(str(number)).quantize(step, rounding=ROUND_HALF_UP))


def _near_halves(draw_int: int, places: int) -> list[float]:
    half = (draw_int * 10 + 5) / 10 ** (places + 1)
    return [
        half,
        math.nextafter(half, math.inf),
        math.nextafter(half, -math.inf),
        half + 4e-10,
        half - 6e-10,
    ]


@given(st.integers(-(10**9), 10**9), st.integers(0, 3))
def test_round_half_up_on_and_beside_halves_is_decimal_rounding(whole, places):
    for number in _near_halves(whole, places):
        assert repr(round_half_up(number, places)) == repr(_decimal_half_up(number, places))


@given(st.floats(allow_nan=False, allow_infinity=False, max_value=1e20, min_value=-1e20))
def test_round_half_up_of_any_float_is_decimal_rounding(number):
    for places in range(4):
        assert repr(round_half_up(number, places)) == repr(_decimal_half_up(number, places))


@pytest.mark.parametrize(
    ("number", "places"),
    [(-0.0, 0), (-0.04, 1), (-0.4, 0), (1e-05, 2), (1.5e16, 0), (0.145, 2), (2.675, 2)],
)
def test_round_half_up_keeps_signed_zeros_and_tiny_and_huge_figures(number, places):
    assert repr(round_half_up(number, places)) == repr(_decimal_half_up(number, places))


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(0, 12))
def test_round_half_up_never_raises_on_a_finite_float(number, places):
    rounded = round_half_up(number, places)
    assert math.isfinite(rounded)
    assert abs(rounded - number) <= max(0.5 * 10**-places, abs(number) * 1e-15) + 1e-9


@pytest.mark.parametrize(
    ("number", "places", "expected"),
    [(1e27, 1, 1e27), (-1e27, 3, -1e27), (1.7976931348623157e308, 2, 1.7976931348623157e308)],
)
def test_round_half_up_of_a_figure_beyond_any_measure(number, places, expected):
    assert round_half_up(number, places) == expected


@pytest.mark.parametrize(
    ("number", "expected"), [(38.0, 38.0), (-1e300, -1e300), (math.inf, math.nan)]
)
def test_finite_or_missing(number, expected):
    result = finite_or_missing(number)
    assert result == expected or (math.isnan(result) and math.isnan(expected))
