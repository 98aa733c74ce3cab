"""Variance to the target and to comparators (DESIGN 4.2)."""

import math

import pytest

from xl_tools.compute.variance import relative_variance, variance

NAN = math.nan


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [
        (38, 24, 14.0),
        (38, 23.3, 14.7),
        (20, 24, -4.0),
        (24, 24, 0.0),
        (5, 0, 5.0),
        (0.125, 0, 0.13),
        (-0.125, 0, -0.13),
        (20.345, 10.23, 10.12),
        (439, 501.7, -62.7),
    ],
)
def test_variance(value, reference, expected):
    assert variance(value, reference) == expected


@pytest.mark.parametrize(("value", "reference"), [(NAN, 24), (38, NAN), (NAN, NAN), (None, 3)])
def test_variance_missing(value, reference):
    assert math.isnan(variance(value, reference))


@pytest.mark.parametrize(
    ("value", "reference", "expected"),
    [
        (38, 24, 0.583),
        (20, 24, -0.167),
        (24, 24, 0.0),
        (30, 20, 0.5),
        # 0.0625 rounds half up to 0.063, not to even (0.062).
        (17, 16, 0.063),
    ],
)
def test_relative_variance(value, reference, expected):
    assert relative_variance(value, reference) == expected


@pytest.mark.parametrize(("value", "reference"), [(5, 0), (0, 0), (NAN, 24), (38, NAN)])
def test_relative_variance_missing(value, reference):
    assert math.isnan(relative_variance(value, reference))
