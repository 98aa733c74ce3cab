"""The computed table as JSON and CSV (DESIGN 7.2)."""

import csv
import io
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.computed_frames import MEASURE_KEYS
from tests.computed_frames import input_measure as measure
from xl_tools.compute import compute_measures
from xl_tools.export import CSV_COLUMNS, to_csv, to_json, to_json_document, to_record
from xl_tools.model import INPUT_COLUMNS, Polarity, Settings, Unit

SETTINGS = Settings(authority="Devon", period="November 2023", population=147541.0)
PR08_NAME = "% children starting a CP plan who have been subject to a previous CP plan"


PR08 = measure(
    id="PR08",
    section="Process",
    measure=PR08_NAME,
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

PR08_RECORD = {
    "id": "PR08",
    "section": "Process",
    "measure": PR08_NAME,
    "unit": "percent",
    "polarity": "lower_better",
    "value": 38.0,
    "numerator": 19,
    "denominator": 50,
    "actual_numbers": "19 / 50",
    "target": 24.0,
    "variance_to_target": 14.0,
    "relative_variance_to_target": 0.583,
    "rag": "red",
    "comparators": {
        "statistical_neighbours": {"value": 24.0, "variance": 14.0, "judgement": "worse"},
        "england": {"value": 23.3, "variance": 14.7, "judgement": "worse"},
        "region": None,
    },
    "previous": 35.0,
    "direction": "up",
    "trend": "worsening",
    "twelve_month_start": None,
    "twelve_month_span": None,
    "twelve_month_direction": None,
    "twelve_month_trend": None,
    "draft_commentary": (
        "38%, above the target of 24%, higher than statistical neighbours (24%) and England "
        "(23.3%); up from 35% in October."
    ),
    "warnings": [],
}


def computed(*rows, settings=SETTINGS):
    return compute_measures(pd.DataFrame(list(rows)), settings)


def records(*rows):
    return json.loads(to_json(computed(*rows), SETTINGS))["measures"]


def test_design_example_as_json():
    document = json.loads(to_json(computed(PR08), SETTINGS))
    assert document == {
        "authority": "Devon",
        "period": "November 2023",
        "population": 147541,
        "measures": [PR08_RECORD],
    }


def test_design_example_types():
    (record,) = records(PR08)
    assert type(record["numerator"]) is int
    assert type(record["denominator"]) is int
    for key in ("value", "target", "previous", "variance_to_target"):
        assert type(record[key]) is float, key


def test_json_text_is_indented_and_keeps_non_ascii():
    text = to_json(computed(measure(measure="Children’s visits", unit=Unit.COUNT)), SETTINGS)
    assert text.startswith('{\n  "authority": "Devon",\n')
    assert "Children’s visits" in text


def test_keys_are_always_present_and_nulls_are_null():
    (record,) = records(measure())
    assert set(record) == MEASURE_KEYS
    assert set(record["comparators"]) == {"statistical_neighbours", "england", "region"}
    assert record["polarity"] == "none"
    nullable = MEASURE_KEYS - {"comparators", "warnings", "polarity"}
    assert {key: record[key] for key in nullable} == dict.fromkeys(nullable)
    assert all(figures is None for figures in record["comparators"].values())


def test_document_keys():
    assert list(to_json_document(computed(PR08), SETTINGS)) == [
        "authority",
        "period",
        "population",
        "measures",
    ]


def test_no_nan_anywhere():
    rows = [PR08, measure(), measure(unit=Unit.PERCENT, value=3.0, england=2.0)]
    text = to_json(computed(*rows), Settings())
    assert "NaN" not in text
    json.loads(text)


def test_comparator_without_a_value_has_no_variance():
    (record,) = records(measure(unit=Unit.PERCENT, england=23.3))
    assert record["comparators"]["england"] == {
        "value": 23.3,
        "variance": None,
        "judgement": None,
    }


@pytest.mark.parametrize(
    ("fields", "numerator", "denominator"),
    [
        # A rate: the count of children, given or worked out, and the population of its
        # own denominator where it has one.
        (dict(unit=Unit.RATE_PER_10K, value=61.0), 900, None),
        (dict(unit=Unit.RATE_PER_10K, value=61.0, count=899.0), 899, None),
        (dict(unit=Unit.RATE_PER_10K, numerator=900.0, denominator=147541.0), 900, 147541),
        (dict(unit=Unit.RATE_PER_10K, value=61.0, denominator=147541.0), 900, 147541),
        # A count: only what the workbook gives.
        (dict(unit=Unit.COUNT, value=599.0), None, None),
        (dict(unit=Unit.COUNT, value=9.0, numerator=9.0, denominator=12.0), 9, 12),
        # A percentage: X worked out; FTEs keep their fraction.
        (dict(unit=Unit.PERCENT, value=38.0, denominator=50.0), 19, 50),
        (dict(unit=Unit.PERCENT, value=48.0, numerator=107.8, denominator=224.5), 107.8, 224.5),
        (dict(unit=Unit.AVERAGE, value=17.0, numerator=3256.0, denominator=191.5), 3256, 191.5),
    ],
)
def test_numerator_and_denominator(fields, numerator, denominator):
    (record,) = records(measure(**fields))
    assert (record["numerator"], record["denominator"]) == (numerator, denominator)
    assert type(record["numerator"]) is type(numerator)


def test_measure_with_no_figure_has_null_value():
    (record,) = records(
        measure(unit=Unit.PERCENT, no_figure="measure being developed", value=89.0, target=90.0)
    )
    assert record["value"] is None
    assert record["rag"] is None
    assert record["target"] == 90.0


def test_warnings_are_a_list_of_text():
    (record,) = records(measure(unit=Unit.PERCENT, value=45.0, numerator=19.0, denominator=50.0))
    assert record["warnings"] == ["19 / 50 is 38.0% but the value given is 45.0%"]


def test_to_record_accepts_a_series_and_plain_strings():
    row = computed(PR08).iloc[0]
    # A row of the computed table has no drafted commentary: drafting is the document's.
    assert to_record(row) == {**PR08_RECORD, "draft_commentary": None}
    plain = {**row.to_dict(), "unit": "percent", "rag": "red", "warnings": "one warning"}
    record = to_record(plain)
    assert (record["unit"], record["rag"], record["warnings"]) == (
        "percent",
        "red",
        ["one warning"],
    )


def test_population_is_null_when_unknown_and_float_when_not_whole():
    assert to_json_document(computed(PR08), Settings())["population"] is None
    assert to_json_document(computed(PR08), Settings(population=1.5))["population"] == 1.5


EXPECTED_CSV_HEADER = (
    "authority,period,id,section,measure,unit,polarity,value,numerator,denominator,"
    "actual_numbers,target,variance_to_target,relative_variance_to_target,rag,"
    "statistical_neighbours_value,statistical_neighbours_variance,"
    "statistical_neighbours_judgement,england_value,england_variance,england_judgement,"
    "region_value,region_variance,region_judgement,previous,direction,trend,"
    "twelve_month_start,twelve_month_span,twelve_month_direction,twelve_month_trend,"
    "draft_commentary,warnings"
)


def test_csv_header_is_fixed():
    assert ",".join(CSV_COLUMNS) == EXPECTED_CSV_HEADER
    assert to_csv(computed(PR08), SETTINGS).splitlines()[0] == EXPECTED_CSV_HEADER
    empty = compute_measures(pd.DataFrame(columns=list(INPUT_COLUMNS)), SETTINGS)
    assert to_csv(empty, Settings()) == EXPECTED_CSV_HEADER + "\n"


def test_csv_design_example_row():
    two_warnings = measure(id="X1", unit=None, value=45.0, numerator=19.0)
    (pr08, other) = csv.DictReader(io.StringIO(to_csv(computed(PR08, two_warnings), SETTINGS)))
    assert pr08 == {
        "authority": "Devon",
        "period": "November 2023",
        "id": "PR08",
        "section": "Process",
        "measure": PR08_NAME,
        "unit": "percent",
        "polarity": "lower_better",
        "value": "38.0",
        "numerator": "19",
        "denominator": "50",
        "actual_numbers": "19 / 50",
        "target": "24.0",
        "variance_to_target": "14.0",
        "relative_variance_to_target": "0.583",
        "rag": "red",
        "statistical_neighbours_value": "24.0",
        "statistical_neighbours_variance": "14.0",
        "statistical_neighbours_judgement": "worse",
        "england_value": "23.3",
        "england_variance": "14.7",
        "england_judgement": "worse",
        "region_value": "",
        "region_variance": "",
        "region_judgement": "",
        "previous": "35.0",
        "direction": "up",
        "trend": "worsening",
        "twelve_month_start": "",
        "twelve_month_span": "",
        "twelve_month_direction": "",
        "twelve_month_trend": "",
        "draft_commentary": PR08_RECORD["draft_commentary"],
        "warnings": "",
    }
    assert other["unit"] == ""
    assert other["warnings"].startswith("the unit is not known")


def test_csv_joins_warnings():
    row = computed(PR08).iloc[0].to_dict()
    row["warnings"] = ("first", "second")
    text = to_csv(pd.DataFrame([row]), SETTINGS)
    assert next(csv.DictReader(io.StringIO(text)))["warnings"] == "first; second"


def test_figures_are_as_the_board_shows_them_without_float_noise():
    noisy = measure(
        id="N1",
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        value=0.224 * 100,  # a fraction from a %-formatted cell: 22.400000000000002
        denominator=315.0,
        target=14.15,
        england=0.3 * 100,
        previous=22.45,
    )
    (record,) = records(noisy)
    assert (record["value"], record["target"], record["previous"]) == (22.4, 14.2, 22.5)
    assert (record["variance_to_target"], record["relative_variance_to_target"]) == (8.3, 0.583)
    assert record["comparators"]["england"] == {
        "value": 30.0,
        "variance": -7.6,
        "judgement": "better",
    }
    assert (record["numerator"], record["denominator"]) == (71, 315)
    text = to_json(computed(noisy), SETTINGS)
    assert "00000" not in text and "99999" not in text


@pytest.mark.parametrize(
    ("fields", "key", "expected"),
    [
        (dict(unit=Unit.COUNT, value=1234.56), "value", 1234.6),
        (dict(unit=Unit.RATE_PER_10K, value=20.25), "value", 20.3),
        (dict(unit=Unit.AVERAGE, numerator=3256.0, denominator=191.55), "denominator", 191.6),
        (dict(unit=Unit.PERCENT, numerator=107.84, denominator=224.5), "numerator", 107.8),
        (dict(unit=Unit.PERCENT, value=22.0, target=24.0), "relative_variance_to_target", -0.083),
        (dict(unit=Unit.PERCENT, value=22.0, target=24.0), "variance_to_target", -2.0),
    ],
)
def test_each_figure_is_rounded_half_up_to_the_places_the_board_shows(fields, key, expected):
    (record,) = records(measure(**fields))
    assert record[key] == expected
    assert type(record[key]) is type(expected)


def test_the_csv_gives_the_same_rounded_figures():
    noisy = measure(unit=Unit.PERCENT, value=0.224 * 100, target=14.15, denominator=315.0)
    (row,) = csv.DictReader(io.StringIO(to_csv(computed(noisy), SETTINGS)))
    assert (row["value"], row["target"], row["variance_to_target"]) == ("22.4", "14.2", "8.3")
    assert (row["relative_variance_to_target"], row["numerator"]) == ("0.583", "71")


FORMULA_STARTS = ['=HYPERLINK("x")', "+1 placements", "-1 placements", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.mark.parametrize("text", FORMULA_STARTS)
def test_every_text_cell_of_the_csv_is_made_safe_to_open(text):
    row = measure(id=text, section=text, measure=text, unit=Unit.COUNT, value=-3.0)
    settings = Settings(authority=text, period=text)
    table = computed(row, settings=settings)
    table.loc[0, "warnings"] = (text,)
    (read,) = csv.DictReader(io.StringIO(to_csv(table, settings), newline=""))
    for column in ("authority", "period", "id", "section", "measure", "warnings"):
        assert read[column] == "'" + text, column
    assert read["value"] == "-3.0", "a number is a number, not text"


@pytest.mark.parametrize("text", FORMULA_STARTS)
def test_the_json_keeps_text_exact(text):
    (record,) = records(measure(measure=text, unit=Unit.COUNT, value=3.0))
    assert record["measure"] == text


@given(
    st.sampled_from([*Unit, None]),
    st.sampled_from(list(Polarity)),
    st.lists(st.floats(allow_nan=True, allow_infinity=False), min_size=8, max_size=8),
    st.one_of(st.none(), st.floats(min_value=1e-300, allow_infinity=False)),
)
def test_any_finite_figures_give_json_and_csv(unit, polarity, figures, population):
    names = ("value", "numerator", "denominator", "count", "target", "england", "previous",
             "amber_threshold")  # fmt: skip
    row = measure(unit=unit, polarity=polarity, **dict(zip(names, figures, strict=True)))
    settings = Settings(population=population)
    table = computed(row, settings=settings)
    document = json.loads(to_json(table, settings))
    assert set(document["measures"][0]) == MEASURE_KEYS
    assert to_csv(table, settings).count("\n") == 2
