"""RAG against the target (DESIGN 4.3)."""

import math

import pytest

from xl_tools.compute.rag import amber_bound, rate_against_target
from xl_tools.model import Polarity, Rag

NAN = math.nan
HIGH = Polarity.HIGHER_BETTER
LOW = Polarity.LOWER_BETTER
T = 0.05


@pytest.mark.parametrize(
    ("value", "target", "polarity", "amber_threshold", "expected"),
    [
        # Higher is better, target 80: amber bound 76.
        (85, 80, HIGH, NAN, Rag.GREEN),
        (80, 80, HIGH, NAN, Rag.GREEN),
        (79.99, 80, HIGH, NAN, Rag.AMBER),
        (76, 80, HIGH, NAN, Rag.AMBER),
        (75.99, 80, HIGH, NAN, Rag.RED),
        (0, 80, HIGH, NAN, Rag.RED),
        # Lower is better, target 24: amber bound 25.2.
        (20, 24, LOW, NAN, Rag.GREEN),
        (24, 24, LOW, NAN, Rag.GREEN),
        (25.2, 24, LOW, NAN, Rag.AMBER),
        (25.21, 24, LOW, NAN, Rag.RED),
        (38, 24, LOW, NAN, Rag.RED),
        # Exactly on a bound that float arithmetic misses: 3.8 x 1.05 is 3.9899999999999998
        # and 8.3 x 0.95 is 7.885000000000001, yet 3.99 and 7.885 are on the bound.
        (3.99, 3.8, LOW, NAN, Rag.AMBER),
        (3.991, 3.8, LOW, NAN, Rag.RED),
        (10.71, 10.2, LOW, NAN, Rag.AMBER),
        (7.885, 8.3, HIGH, NAN, Rag.AMBER),
        (7.884, 8.3, HIGH, NAN, Rag.RED),
        (85.5, 90, HIGH, NAN, Rag.AMBER),
        (85.49, 90, HIGH, NAN, Rag.RED),
        # The amber threshold column replaces the tolerance, its edge is amber too.
        (70, 80, HIGH, 70, Rag.AMBER),
        (69.9, 80, HIGH, 70, Rag.RED),
        (77, 80, HIGH, 78, Rag.RED),
        (30, 24, LOW, 30, Rag.AMBER),
        (30.1, 24, LOW, 30, Rag.RED),
        (25, 24, LOW, 24.5, Rag.RED),
        (24, 24, LOW, 30, Rag.GREEN),
        # Target 0: on it is green; any gap the wrong way is red (the bound is 0 too).
        (0, 0, HIGH, NAN, Rag.GREEN),
        (-1, 0, HIGH, NAN, Rag.RED),
        (0, 0, LOW, NAN, Rag.GREEN),
        (0.1, 0, LOW, NAN, Rag.RED),
        (0.1, 0, LOW, 1, Rag.AMBER),
    ],
)
def test_rate_against_target(value, target, polarity, amber_threshold, expected):
    assert rate_against_target(value, target, polarity, amber_threshold, T) is expected


@pytest.mark.parametrize(
    ("value", "target", "polarity"),
    [
        (439, 400, Polarity.NONE),
        (NAN, 80, HIGH),
        (80, NAN, HIGH),
        (None, 80, LOW),
        (80, None, LOW),
    ],
)
def test_no_rating(value, target, polarity):
    assert rate_against_target(value, target, polarity, NAN, T) is None


@pytest.mark.parametrize(
    ("tolerance", "value", "expected"),
    [(0.1, 72, Rag.AMBER), (0.1, 71.9, Rag.RED), (0.0, 79.9, Rag.RED), (0.0, 80, Rag.GREEN)],
)
def test_tolerance_from_settings(tolerance, value, expected):
    assert rate_against_target(value, 80, HIGH, NAN, tolerance) is expected


@pytest.mark.parametrize(
    ("target", "polarity", "amber_threshold", "expected"),
    [(80, HIGH, NAN, 76.0), (24, LOW, NAN, 25.2), (80, HIGH, 70, 70), (0, LOW, NAN, 0.0)],
)
def test_amber_bound(target, polarity, amber_threshold, expected):
    assert amber_bound(target, polarity, amber_threshold, T) == expected
