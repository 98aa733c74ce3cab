"""Direction of travel since the previous period (DESIGN 4.5)."""

import math

import pytest

from xl_tools.compute.direction import direction_of_travel
from xl_tools.model import Direction, Polarity, Trend

NAN = math.nan
HIGH = Polarity.HIGHER_BETTER
LOW = Polarity.LOWER_BETTER
NONE = Polarity.NONE


@pytest.mark.parametrize(
    ("value", "previous", "polarity", "direction", "trend"),
    [
        (38, 35, LOW, Direction.UP, Trend.WORSENING),
        (30, 35, LOW, Direction.DOWN, Trend.IMPROVING),
        (35, 35, LOW, Direction.SAME, Trend.STABLE),
        (80, 75, HIGH, Direction.UP, Trend.IMPROVING),
        (70, 75, HIGH, Direction.DOWN, Trend.WORSENING),
        (75, 75, HIGH, Direction.SAME, Trend.STABLE),
        (500, 400, NONE, Direction.UP, None),
        (300, 400, NONE, Direction.DOWN, None),
        (400, 400, NONE, Direction.SAME, None),
        # Float noise is not movement; a real difference in the 6th place is.
        (0.1 + 0.2, 0.3, HIGH, Direction.SAME, Trend.STABLE),
        (0.300001, 0.3, HIGH, Direction.UP, Trend.IMPROVING),
        (0, 0, LOW, Direction.SAME, Trend.STABLE),
    ],
)
def test_direction_of_travel(value, previous, polarity, direction, trend):
    assert direction_of_travel(value, previous, polarity) == (direction, trend)


@pytest.mark.parametrize(
    ("value", "previous"), [(NAN, 35), (38, NAN), (NAN, NAN), (None, 35), (38, None)]
)
def test_no_direction_when_missing(value, previous):
    assert direction_of_travel(value, previous, LOW) == (None, None)
