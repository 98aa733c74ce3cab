"""Judgements against comparators (DESIGN 4.4)."""

import math

import pytest

from xl_tools.compute.comparators import judge_against
from xl_tools.model import Judgement, Polarity

NAN = math.nan
HIGH = Polarity.HIGHER_BETTER
LOW = Polarity.LOWER_BETTER
NONE = Polarity.NONE


@pytest.mark.parametrize(
    ("value", "comparator", "polarity", "expected"),
    [
        (38, 24, LOW, Judgement.WORSE),
        (38, 23.3, LOW, Judgement.WORSE),
        (15, 24, LOW, Judgement.BETTER),
        (90, 80, HIGH, Judgement.BETTER),
        (70, 80, HIGH, Judgement.WORSE),
        (500, 400, NONE, Judgement.HIGHER),
        (300, 400, NONE, Judgement.LOWER),
        # Within 5% of the comparator, either side, whatever the polarity.
        (24, 24, LOW, Judgement.SIMILAR),
        (82, 80, HIGH, Judgement.SIMILAR),
        (410, 400, NONE, Judgement.SIMILAR),
        # Exactly on the edge is similar (0.05 x 80 = 4; 0.05 x 24 = 1.2).
        (84, 80, HIGH, Judgement.SIMILAR),
        (76, 80, HIGH, Judgement.SIMILAR),
        (25.2, 24, LOW, Judgement.SIMILAR),
        (22.8, 24, LOW, Judgement.SIMILAR),
        # |1.05 - 1| is 0.050000000000000044 in floats, yet on the edge.
        (1.05, 1, HIGH, Judgement.SIMILAR),
        (0.95, 1, HIGH, Judgement.SIMILAR),
        (2.1, 2, NONE, Judgement.SIMILAR),
        (84.01, 80, HIGH, Judgement.BETTER),
        (75.99, 80, HIGH, Judgement.WORSE),
        # A comparator of 0: only 0 is similar.
        (0, 0, LOW, Judgement.SIMILAR),
        (1, 0, LOW, Judgement.WORSE),
        (1, 0, NONE, Judgement.HIGHER),
    ],
)
def test_judge_against(value, comparator, polarity, expected):
    assert judge_against(value, comparator, polarity, 0.05) is expected


@pytest.mark.parametrize(("value", "comparator"), [(NAN, 24), (38, NAN), (None, 24), (38, None)])
def test_no_judgement_when_missing(value, comparator):
    assert judge_against(value, comparator, LOW, 0.05) is None


def test_tolerance_zero_leaves_only_equal_similar():
    assert judge_against(80, 80, HIGH, 0.0) is Judgement.SIMILAR
    assert judge_against(80.1, 80, HIGH, 0.0) is Judgement.BETTER
