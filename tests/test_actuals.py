"""Actual numbers per unit, values from their parts, and their warnings (DESIGN 4.1)."""

import math

import pytest

from xl_tools.compute.actuals import (
    consistency_warning,
    count_from_rate,
    derive_actuals,
    format_actual,
    format_part,
    numerator_from_percent,
    percent_of,
    rate_of,
)
from xl_tools.model import Unit

NAN = math.nan
POPULATION = 147541.0

NO_DENOMINATOR = "no denominator (Y) is given, so the actual numbers cannot be shown as X / Y"
NO_POPULATION = (
    "the 0-17 child population is needed to work out the count from the rate: "
    "give it in the settings, or fill in the count"
)
UNKNOWN_UNIT = (
    "the unit is not known (rate per 10,000, percentage, count or average), "
    "so no actual numbers are shown"
)


def same(left, right):
    return (math.isnan(left) and math.isnan(right)) or left == right


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "expected"),
    [
        # Numerator and denominator given: shown as they are.
        (38.0, 19.0, 50.0, (38.0, 19.0, 50.0, "19 / 50")),
        (28.5, 1234.0, 4316.0, (28.5, 1234.0, 4316.0, "1,234 / 4,316")),
        # Full-time equivalents keep one decimal.
        (48.0, 107.8, 224.5, (48.0, 107.8, 224.5, "107.8 / 224.5")),
        # X worked out from the value and Y, rounded half up.
        (38.0, NAN, 50.0, (38.0, 19.0, 50.0, "19 / 50")),
        (29.0, NAN, 50.0, (29.0, 15.0, 50.0, "15 / 50")),
        (10.2, NAN, 4316.0, (10.2, 440.0, 4316.0, "440 / 4,316")),
        (48.0, NAN, 224.5, (48.0, 108.0, 224.5, "108 / 224.5")),
        (0.0, NAN, 12.0, (0.0, 0.0, 12.0, "0 / 12")),
        # The value worked out from X and Y, to one decimal.
        (NAN, 19.0, 50.0, (38.0, 19.0, 50.0, "19 / 50")),
        (NAN, 1.0, 3.0, (33.3, 1.0, 3.0, "1 / 3")),
        (NAN, 2.0, 3.0, (66.7, 2.0, 3.0, "2 / 3")),
        # No Y: blank; no figure at all: nothing.
        (NAN, NAN, 50.0, (NAN, NAN, 50.0, None)),
        (NAN, NAN, NAN, (NAN, NAN, NAN, None)),
        # Y of 0: the parts are shown, no percentage can be worked out.
        (NAN, 0.0, 0.0, (NAN, 0.0, 0.0, "0 / 0")),
    ],
)
def test_percent(value, numerator, denominator, expected):
    actuals = derive_actuals(Unit.PERCENT, value, numerator, denominator)
    got = (actuals.value, actuals.numerator, actuals.denominator, actuals.text)
    assert all(same(g, e) for g, e in zip(got[:3], expected[:3], strict=True))
    assert got[3] == expected[3]
    assert actuals.warnings == ()


@pytest.mark.parametrize(("value", "numerator"), [(38.0, NAN), (NAN, 19.0), (38.0, 19.0)])
def test_percent_without_denominator_warns(value, numerator):
    actuals = derive_actuals(Unit.PERCENT, value, numerator)
    assert actuals.text is None
    assert actuals.warnings == (NO_DENOMINATOR,)
    assert same(actuals.value, value)


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "warning"),
    [
        (45.0, 19.0, 50.0, "19 / 50 is 38.0% but the value given is 45.0%"),
        (37.4, 19.0, 50.0, "19 / 50 is 38.0% but the value given is 37.4%"),
        (20.0, 1234.0, 4316.0, "1,234 / 4,316 is 28.6% but the value given is 20.0%"),
        (40.0, 107.8, 224.5, "107.8 / 224.5 is 48.0% but the value given is 40.0%"),
        # Within half a point (edge included): rounding, not a mistake.
        (38.5, 19.0, 50.0, None),
        (37.5, 19.0, 50.0, None),
        (33.0, 1.0, 3.0, None),
        (NAN, 19.0, 50.0, None),
        (38.0, 19.0, 0.0, None),
    ],
)
def test_consistency_warning(value, numerator, denominator, warning):
    assert consistency_warning(value, numerator, denominator) == warning


def test_inconsistent_figures_are_kept():
    actuals = derive_actuals(Unit.PERCENT, 45.0, 19.0, 50.0)
    assert (actuals.value, actuals.numerator, actuals.denominator) == (45.0, 19.0, 50.0)
    assert actuals.text == "19 / 50"
    assert actuals.warnings == ("19 / 50 is 38.0% but the value given is 45.0%",)


@pytest.mark.parametrize(
    ("value", "count", "population", "expected"),
    [
        # The count column wins when filled.
        (61.0, 900.0, POPULATION, (61.0, 900.0, "900")),
        (61.0, 899.0, None, (61.0, 899.0, "899")),
        # Else the count is worked out from the rate and the population, half up.
        (61.0, NAN, POPULATION, (61.0, 900.0, "900")),
        (439.0, NAN, POPULATION, (439.0, 6477.0, "6,477")),
        (5.0, NAN, 3000.0, (5.0, 2.0, "2")),  # 1.5 children rounds up to 2
        # The value worked out from the count, to one decimal.
        (NAN, 900.0, POPULATION, (61.0, 900.0, "900")),
        (NAN, 20.0, POPULATION, (1.4, 20.0, "20")),
        (NAN, 900.0, None, (NAN, 900.0, "900")),
        # No figure at all: nothing, and nothing to warn about.
        (NAN, NAN, POPULATION, (NAN, NAN, None)),
        (NAN, NAN, None, (NAN, NAN, None)),
    ],
)
def test_rate(value, count, population, expected):
    actuals = derive_actuals(Unit.RATE_PER_10K, value, count=count, population=population)
    assert same(actuals.value, expected[0])
    assert same(actuals.count, expected[1])
    assert actuals.text == expected[2]
    assert actuals.warnings == ()


@pytest.mark.parametrize("population", [None, NAN, 0.0])
def test_rate_without_count_or_population_warns(population):
    actuals = derive_actuals(Unit.RATE_PER_10K, 61.0, population=population)
    assert actuals.text is None
    assert math.isnan(actuals.count)
    assert actuals.warnings == (NO_POPULATION,)


@pytest.mark.parametrize(
    ("value", "count", "expected"),
    [
        (599.0, NAN, (599.0, 599.0, "599")),
        (1234.0, NAN, (1234.0, 1234.0, "1,234")),
        (NAN, 9.0, (9.0, 9.0, "9")),
        (9.0, 9.0, (9.0, 9.0, "9")),
        (0.0, NAN, (0.0, 0.0, "0")),
        (NAN, NAN, (NAN, NAN, None)),
    ],
)
def test_count(value, count, expected):
    actuals = derive_actuals(Unit.COUNT, value, count=count)
    assert same(actuals.value, expected[0])
    assert same(actuals.count, expected[1])
    assert actuals.text == expected[2]
    assert actuals.warnings == ()


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "expected"),
    [
        (17.0, 3256.0, 191.5, (17.0, "3,256 / 191.5")),
        (NAN, 3256.0, 191.5, (17.0, "3,256 / 191.5")),
        (NAN, 340.0, 20.0, (17.0, "340 / 20")),
        (17.0, NAN, 20.0, (17.0, None)),
        (17.0, 340.0, NAN, (17.0, None)),
        (NAN, 5.0, 0.0, (NAN, "5 / 0")),
    ],
)
def test_average(value, numerator, denominator, expected):
    actuals = derive_actuals(Unit.AVERAGE, value, numerator, denominator)
    assert same(actuals.value, expected[0])
    assert actuals.text == expected[1]
    assert actuals.warnings == ()


def test_unknown_unit_shows_nothing_and_says_why():
    actuals = derive_actuals(None, 38.0, 19.0, 50.0, 3.0, POPULATION)
    assert actuals.text is None
    assert (actuals.value, actuals.numerator, actuals.denominator, actuals.count) == (
        38.0,
        19.0,
        50.0,
        3.0,
    )
    assert actuals.warnings == (UNKNOWN_UNIT,)


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0.0, "0"),
        (19.0, "19"),
        (999.0, "999"),
        (1000.0, "1,000"),
        (1234567.0, "1,234,567"),
        (224.5, "224.5"),
        (3256.25, "3,256.3"),
        (0.05, "0.1"),
        (1234.04, "1,234.0"),
    ],
)
def test_format_part(number, text):
    assert format_part(number) == text


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [(19, 50, "19 / 50"), (1234, 4316, "1,234 / 4,316"), (3256, 224.5, "3,256 / 224.5")],
)
def test_format_actual(numerator, denominator, text):
    assert format_actual(numerator, denominator) == text


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(19, 50, 38.0), (0, 12, 0.0), (3, 0, NAN), (NAN, 50, NAN), (19, NAN, NAN)],
)
def test_percent_of(numerator, denominator, expected):
    assert same(percent_of(numerator, denominator), expected)


@pytest.mark.parametrize(
    ("count", "population", "expected"),
    [(900, 150000, 60.0), (900, 0, NAN), (NAN, 150000, NAN), (900, NAN, NAN)],
)
def test_rate_of(count, population, expected):
    assert same(rate_of(count, population), expected)


@pytest.mark.parametrize(
    ("value", "denominator", "expected"), [(38, 50, 19.0), (25, 2, 1.0), (24.9, 2, 0.0)]
)
def test_numerator_from_percent(value, denominator, expected):
    assert numerator_from_percent(value, denominator) == expected


@pytest.mark.parametrize(
    ("rate", "population", "expected"), [(61, 147541, 900.0), (5, 3000, 2.0), (4.9, 3000, 1.0)]
)
def test_count_from_rate(rate, population, expected):
    assert count_from_rate(rate, population) == expected


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "count", "population", "expected"),
    [
        # Kept as its parts: the rate is X / Y x 10,000, the actual numbers X.
        (NAN, 900.0, POPULATION, NAN, None, (61.0, 900.0, "900")),
        (NAN, 900.0, POPULATION, NAN, 100000.0, (61.0, 900.0, "900")),
        (61.0, 900.0, POPULATION, NAN, None, (61.0, 900.0, "900")),
        # The numerator alone is the count, of the settings' population.
        (NAN, 900.0, NAN, NAN, POPULATION, (61.0, 900.0, "900")),
        # The denominator alone is the population the count is worked out of.
        (61.0, NAN, POPULATION, NAN, None, (61.0, 900.0, "900")),
        (61.0, NAN, POPULATION, NAN, 1000.0, (61.0, 900.0, "900")),
        # The count column wins over the numerator.
        (NAN, 900.0, POPULATION, 899.0, None, (60.9, 899.0, "899")),
    ],
)
def test_rate_from_numerator_and_denominator(
    value, numerator, denominator, count, population, expected
):
    actuals = derive_actuals(
        Unit.RATE_PER_10K, value, numerator, denominator, count, population=population
    )
    assert same(actuals.value, expected[0])
    assert same(actuals.count, expected[1])
    assert actuals.text == expected[2]
    assert actuals.warnings == ()


@pytest.mark.parametrize(
    ("value", "numerator", "denominator", "warning"),
    [
        (70.0, 900.0, POPULATION, (
            "900 / 147,541 is 61.0 per 10,000 but the value given is 70.0 per 10,000"
        )),
        (61.4, 900.0, POPULATION, None),  # within half of one per 10,000: rounding
        (1234.5, 12345.0, 100000.0, None),
        (1236.0, 12345.0, 100000.0, (
            "12,345 / 100,000 is 1,234.5 per 10,000 but the value given is 1,236.0 per 10,000"
        )),
    ],
)  # fmt: skip
def test_a_rate_that_disagrees_with_its_parts_is_warned_of_and_kept(
    value, numerator, denominator, warning
):
    actuals = derive_actuals(Unit.RATE_PER_10K, value, numerator, denominator)
    assert actuals.warnings == (() if warning is None else (warning,))
    assert (actuals.value, actuals.count, actuals.text) == (
        value,
        numerator,
        format_part(numerator),
    )


@pytest.mark.parametrize(
    ("unit", "figures"),
    [
        (Unit.PERCENT, dict(numerator=1e11, denominator=1e-300)),
        (Unit.PERCENT, dict(value=1e300, denominator=1e300)),
        (Unit.RATE_PER_10K, dict(count=1e11, population=1e-300)),
        (Unit.RATE_PER_10K, dict(value=1e300, population=1e300)),
        (Unit.AVERAGE, dict(numerator=1e300, denominator=1e-300)),
    ],
)
def test_arithmetic_that_overflows_gives_no_figure_never_infinity(unit, figures):
    actuals = derive_actuals(unit, **figures)
    for figure in (actuals.value, actuals.numerator, actuals.denominator, actuals.count):
        assert not math.isinf(figure)
    assert actuals.text is None or "inf" not in actuals.text


def test_a_percentage_of_a_cohort_below_0_is_no_figure():
    assert math.isnan(percent_of(3, -50))
    actuals = derive_actuals(Unit.PERCENT, numerator=3.0, denominator=-50.0)
    assert math.isnan(actuals.value) and actuals.text == "3 / -50"
