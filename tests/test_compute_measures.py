"""The whole measures table through the compute core."""

import math

import pandas as pd
import pytest

from tests.computed_frames import input_measure as measure
from xl_tools.compute import compute_measure, compute_measures
from xl_tools.model import (
    COMPUTED_COLUMNS,
    INPUT_COLUMNS,
    Direction,
    Judgement,
    Polarity,
    Rag,
    Settings,
    Trend,
    Unit,
)

SETTINGS = Settings(authority="Devon", period="November 2023", population=147541.0)


PR08 = measure(
    id="PR08",
    section="Process",
    measure="% children starting a CP plan who have been subject to a previous CP plan",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_BETTER,
    value=38.0,
    numerator=19.0,
    denominator=50.0,
    target=24.0,
    statistical_neighbours=24.0,
    england=23.3,
    previous=35.0,
)


def test_design_example_row():
    row = compute_measures(pd.DataFrame([PR08]), SETTINGS).iloc[0]
    assert row["actual_numbers"] == "19 / 50"
    assert row["variance_to_target"] == 14.0
    assert row["relative_variance_to_target"] == 0.583
    assert row["rag"] is Rag.RED
    assert row["statistical_neighbours_variance"] == 14.0
    assert row["statistical_neighbours_relative_variance"] == 0.583
    assert row["statistical_neighbours_judgement"] is Judgement.WORSE
    assert row["england_variance"] == 14.7
    assert row["england_relative_variance"] == 0.631
    assert row["england_judgement"] is Judgement.WORSE
    assert math.isnan(row["region_variance"])
    assert math.isnan(row["region_relative_variance"])
    assert row["region_judgement"] is None
    assert row["direction"] is Direction.UP
    assert row["trend"] is Trend.WORSENING
    assert row["warnings"] == ()


def test_columns_are_input_then_computed():
    computed = compute_measures(pd.DataFrame([PR08]), SETTINGS)
    assert tuple(computed.columns) == (*INPUT_COLUMNS, *COMPUTED_COLUMNS)


def test_input_is_not_changed():
    frame = pd.DataFrame([measure(unit=Unit.PERCENT, value=38.0, denominator=50.0)])
    before = frame.copy()
    computed = compute_measures(frame, SETTINGS)
    pd.testing.assert_frame_equal(frame, before)
    assert computed is not frame
    assert computed.loc[0, "numerator"] == 19.0


def test_extra_and_earlier_computed_columns_are_dropped():
    frame = pd.DataFrame([{**PR08, "rag": "green", "notes": "x"}])
    computed = compute_measures(frame, SETTINGS)
    assert "notes" not in computed.columns
    assert computed.loc[0, "rag"] is Rag.RED


def test_index_is_kept():
    frame = pd.DataFrame([PR08, PR08], index=[7, 3])
    assert list(compute_measures(frame, SETTINGS).index) == [7, 3]


def test_empty_table():
    computed = compute_measures(pd.DataFrame(columns=list(INPUT_COLUMNS)), SETTINGS)
    assert tuple(computed.columns) == (*INPUT_COLUMNS, *COMPUTED_COLUMNS)
    assert computed.empty


def test_missing_columns_are_named():
    frame = pd.DataFrame([PR08]).drop(columns=["target", "previous"])
    kept = ", ".join(column for column in INPUT_COLUMNS if column not in ("target", "previous"))
    with pytest.raises(ValueError) as raised:
        compute_measures(frame, SETTINGS)
    assert str(raised.value) == (
        f"the measures table lacks the columns target, previous (it has {kept})"
    )


def test_table_without_columns_says_so():
    with pytest.raises(ValueError, match=r"\(it has none\)$"):
        compute_measures(pd.DataFrame(), SETTINGS)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # Values and parts worked out, per unit.
        (
            dict(unit=Unit.PERCENT, numerator=19.0, denominator=50.0),
            dict(value=38.0, actual_numbers="19 / 50"),
        ),
        (
            dict(unit=Unit.PERCENT, value=10.2, denominator=4316.0),
            dict(numerator=440.0, actual_numbers="440 / 4,316"),
        ),
        (
            dict(unit=Unit.RATE_PER_10K, value=61.0),
            dict(count=900.0, actual_numbers="900"),
        ),
        (
            dict(unit=Unit.RATE_PER_10K, count=900.0),
            dict(value=61.0, actual_numbers="900"),
        ),
        (dict(unit=Unit.COUNT, value=599.0), dict(count=599.0, actual_numbers="599")),
        (
            dict(unit=Unit.AVERAGE, numerator=3256.0, denominator=191.5),
            dict(value=17.0, actual_numbers="3,256 / 191.5"),
        ),
    ],
)
def test_derived_figures(fields, expected):
    row = compute_measures(pd.DataFrame([measure(**fields)]), SETTINGS).iloc[0]
    for column, value in expected.items():
        assert row[column] == value, column


def test_derived_value_feeds_rag_and_variance():
    row = compute_measures(
        pd.DataFrame(
            [
                measure(
                    unit=Unit.PERCENT,
                    polarity=Polarity.HIGHER_BETTER,
                    numerator=79.0,
                    denominator=100.0,
                    target=80.0,
                )
            ]
        ),
        SETTINGS,
    ).iloc[0]
    assert row["value"] == 79.0
    assert row["variance_to_target"] == -1.0
    assert row["rag"] is Rag.AMBER


@pytest.mark.parametrize(
    ("fields", "warnings"),
    [
        (
            dict(unit=Unit.PERCENT, value=45.0, numerator=19.0, denominator=50.0),
            ("19 / 50 is 38.0% but the value given is 45.0%",),
        ),
        (
            dict(unit=Unit.PERCENT, value=38.0),
            ("no denominator (Y) is given, so the actual numbers cannot be shown as X / Y",),
        ),
        (
            dict(unit=None, value=38.0),
            (
                "the unit is not known (rate per 10,000, percentage, count or average), "
                "so no actual numbers are shown",
            ),
        ),
    ],
)
def test_warnings(fields, warnings):
    row = compute_measures(pd.DataFrame([measure(**fields)]), SETTINGS).iloc[0]
    assert row["warnings"] == warnings


def test_rate_without_population_warns():
    frame = pd.DataFrame([measure(unit=Unit.RATE_PER_10K, value=61.0)])
    row = compute_measures(frame, Settings()).iloc[0]
    assert row["actual_numbers"] is None
    assert row["warnings"] == (
        "the 0-17 child population is needed to work out the count from the rate: "
        "give it in the settings, or fill in the count",
    )


def test_tolerance_comes_from_settings():
    fields = dict(polarity=Polarity.HIGHER_BETTER, value=72.0, target=80.0, england=76.0)
    frame = pd.DataFrame([measure(unit=Unit.PERCENT, denominator=100.0, **fields)])
    strict = compute_measures(frame, Settings(tolerance=0.05)).iloc[0]
    loose = compute_measures(frame, Settings(tolerance=0.1)).iloc[0]
    assert (strict["rag"], strict["england_judgement"]) == (Rag.RED, Judgement.WORSE)
    assert (loose["rag"], loose["england_judgement"]) == (Rag.AMBER, Judgement.SIMILAR)


def test_amber_threshold_column_is_used():
    fields = dict(polarity=Polarity.LOWER_BETTER, value=28.0, target=24.0, amber_threshold=30.0)
    row = compute_measures(pd.DataFrame([measure(unit=Unit.PERCENT, **fields)]), SETTINGS)
    assert row.loc[0, "rag"] is Rag.AMBER


def test_measure_with_no_figure_gets_nothing():
    fields = dict(
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        no_figure="measure being developed",
        numerator=3.0,
        denominator=4.0,
        target=80.0,
        england=70.0,
        previous=60.0,
    )
    row = compute_measures(pd.DataFrame([measure(**fields)]), SETTINGS).iloc[0]
    assert math.isnan(row["value"])
    assert row["actual_numbers"] is None
    assert math.isnan(row["variance_to_target"])
    assert row["rag"] is None
    assert row["england_judgement"] is None
    assert (row["direction"], row["trend"]) == (None, None)
    assert row["warnings"] == ()


def test_context_measure_has_no_rag_or_trend():
    fields = dict(unit=Unit.RATE_PER_10K, value=439.0, target=400.0, england=500.0, previous=420.0)
    row = compute_measures(pd.DataFrame([measure(**fields)]), SETTINGS).iloc[0]
    assert row["rag"] is None
    assert row["england_judgement"] is Judgement.LOWER
    assert (row["direction"], row["trend"]) == (Direction.UP, None)
    assert row["actual_numbers"] == "6,477"


@pytest.mark.parametrize(
    ("fields", "rag", "direction"),
    [
        (dict(value=38.0), None, None),  # no target, no previous
        (dict(target=24.0, previous=35.0), None, None),  # no value
        (dict(value=24.0, target=24.0, previous=24.0), Rag.GREEN, Direction.SAME),
        (dict(value=20.0, target=0.0), Rag.RED, None),
    ],
)
def test_missing_pieces(fields, rag, direction):
    row = compute_measures(
        pd.DataFrame([measure(unit=Unit.COUNT, polarity=Polarity.LOWER_BETTER, **fields)]),
        SETTINGS,
    ).iloc[0]
    assert row["rag"] is rag
    assert row["direction"] is direction


def test_target_zero_has_no_relative_variance():
    row = compute_measure(measure(unit=Unit.COUNT, value=9.0, target=0.0), SETTINGS)
    assert row["variance_to_target"] == 9.0
    assert math.isnan(row["relative_variance_to_target"])


def test_text_columns_read_as_missing_text_are_tolerated():
    # pandas may store a missing text cell as NaN rather than None.
    row = compute_measure(measure(no_figure=math.nan, unit=Unit.COUNT, value=5.0), SETTINGS)
    assert row["actual_numbers"] == "5"


def test_column_types():
    computed = compute_measures(pd.DataFrame([PR08, measure()]), SETTINGS)
    for column in ("value", "variance_to_target", "england_relative_variance", "count"):
        assert computed[column].dtype == "float64", column
    for column in ("actual_numbers", "rag", "direction", "trend", "warnings"):
        assert computed[column].dtype == object, column
    assert computed.loc[1, "warnings"] == (
        "the unit is not known (rate per 10,000, percentage, count or average), "
        "so no actual numbers are shown",
    )
