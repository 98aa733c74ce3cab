"""Cell values, units and polarities as DESIGN 3.2-3.3 says officers write them."""

from __future__ import annotations

import datetime
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_tools.model import Polarity, Unit
from xl_tools.read.values import (
    MAX_FIGURE,
    NO_FIGURE_MARKERS,
    Figure,
    NoFigure,
    Unreadable,
    is_percent_format,
    parse_figure,
    parse_polarity,
    parse_unit,
    unit_from_name,
)


@pytest.mark.parametrize(
    ("value", "number_format", "percent", "expected"),
    [
        # Percentages: a fraction in a %-formatted cell, points, or text.
        (0.22, "0%", True, 22.0),
        (0.225, "0.0%", True, 22.5),
        (22, "General", True, 22.0),
        (22.0, "0.0", True, 22.0),
        ("22%", "General", True, 22.0),
        ("22 %", "General", True, 22.0),
        ("22.5%", "@", True, 22.5),
        # A %-formatted cell of a measure that is not a percentage keeps its number.
        (0.22, "0%", False, 0.22),
        # A literal % in the format does not scale.
        (22, '0"%"', True, 22.0),
        # Numbers stored as text.
        ("599", "@", False, 599.0),
        ("1,234", "General", False, 1234.0),
        (" 3.5 ", "General", False, 3.5),
        ("-4", "General", False, -4.0),
        ("\u22124", "General", False, -4.0),
        (".5", "General", False, 0.5),
        ("1,234,567.8", "General", False, 1234567.8),
        (0, "General", False, 0.0),
        (147541, "#,##0", False, 147541.0),
    ],
)
def test_figures(value, number_format, percent, expected):
    assert parse_figure(value, number_format, percent=percent) == Figure(expected)


@pytest.mark.parametrize(
    ("value", "marker"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("measure being developed", "measure being developed"),
        ("Measure being  developed", "Measure being developed"),
        ("n/a", "n/a"),
        ("N/A", "N/A"),
        ("-", "-"),
        ("–", "–"),
        ("..", ".."),
        ("tbc", "tbc"),
        ("TBC", "TBC"),
        ("c", "c"),
        ("k", "k"),
        ("x", "x"),
        ("z", "z"),
        ("u", "u"),
        ("low", "low"),
        ("Low", "Low"),
        (" c ", "c"),
    ],
)
def test_no_figure_markers(value, marker):
    assert parse_figure(value, percent=True) == NoFigure(marker)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("twelve", "is not a number"),
        ("12 children", "is not a number"),
        ("1,23", "is not a number"),
        ("%", "is not a number"),
        ("1.2.3", "is not a number"),
        ("E0", "is not a number"),  # an exponent with no digits before it
        ("-e5", "is not a number"),
        ("#DIV/0!", "is an Excel error, not a number"),
        ("#N/A", "is an Excel error, not a number"),
        (True, "is TRUE/FALSE, not a number"),
        (datetime.datetime(2023, 11, 30), "is a date or time, not a number"),
        (math.inf, "is not a finite number"),
    ],
)
def test_unreadable_figures(value, reason):
    result = parse_figure(value)
    assert isinstance(result, Unreadable)
    assert result.reason == reason


@pytest.mark.parametrize(
    ("number_format", "expected"),
    [("0%", True), ("0.0%", True), ("#,##0.0%;[Red]-0.0%", True), ("General", False)]
    + [('0"%"', False), ("0\\%", False), ("0.0", False), ("@", False)],
)
def test_percent_formats(number_format, expected):
    assert is_percent_format(number_format) is expected


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 4)))
def test_a_percentage_in_any_form_reads_as_the_same_points(points):
    fraction = points / 100
    as_text = f"{points:.4f}"
    forms = [
        parse_figure(points, "General", percent=True),
        parse_figure(fraction, "0.0%", percent=True),
        parse_figure(as_text, "@", percent=True),
        parse_figure(as_text + "%", "General", percent=True),
        parse_figure(f"{points:,.4f} %", "General", percent=True),
    ]
    for form in forms:
        assert isinstance(form, Figure)
        assert form.number == pytest.approx(points, abs=1e-9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rate per 10,000", Unit.RATE_PER_10K),
        ("rate per 10000", Unit.RATE_PER_10K),
        ("per 10k", Unit.RATE_PER_10K),
        ("Per 10,000 children", Unit.RATE_PER_10K),
        ("%", Unit.PERCENT),
        ("Percent", Unit.PERCENT),
        ("Percentage", Unit.PERCENT),
        ("percentage (%)", Unit.PERCENT),
        ("Number", Unit.COUNT),
        ("COUNT", Unit.COUNT),
        ("Average", Unit.AVERAGE),
        (None, None),
        ("  ", None),
    ],
)
def test_unit_words(text, expected):
    assert parse_unit(text) == expected


def test_an_unknown_unit_word_says_what_to_use():
    assert parse_unit("furlongs") == Unreadable(
        "is not a unit", "use Rate per 10,000, Percentage, Number or Average"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Contacts to children's social care (per 10,000)", Unit.RATE_PER_10K),
        ("ICPCs per 10k", Unit.RATE_PER_10K),
        ("% of referrals which are repeat referrals", Unit.PERCENT),
        ("Percentage of care leavers in EET", Unit.PERCENT),
        ("Number of referrals", Unit.COUNT),
        ("Average caseloads", Unit.AVERAGE),
        ("Conversion contact to referral", None),
        ("Supervisions overdue", None),
    ],
)
def test_units_from_measure_names(name, expected):
    assert unit_from_name(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Higher is better", Polarity.HIGHER_BETTER),
        ("High", Polarity.HIGHER_BETTER),
        ("up", Polarity.HIGHER_BETTER),
        ("↑", Polarity.HIGHER_BETTER),
        ("Lower is better", Polarity.LOWER_BETTER),
        ("LOW", Polarity.LOWER_BETTER),
        ("Down", Polarity.LOWER_BETTER),
        ("None", Polarity.NONE),
        ("Context", Polarity.NONE),
        ("N/A", Polarity.NONE),
        (None, Polarity.NONE),
        ("", Polarity.NONE),
    ],
)
def test_polarity_words(text, expected):
    assert parse_polarity(text) == expected


@pytest.mark.parametrize("text", ["sideways", "good", "?"])
def test_an_unknown_polarity_says_what_to_use(text):
    assert parse_polarity(text) == Unreadable(
        "is not a polarity", "use Higher is better, Lower is better or None"
    )


@given(st.integers(min_value=-(10**12) + 1, max_value=10**12 - 1))
def test_a_whole_number_typed_as_text_with_or_without_separators_is_that_number(number):
    for text in (str(number), f"{number:,}", f"  {number:,} "):
        assert parse_figure(text) == Figure(float(number))


@given(
    st.sampled_from(sorted(NO_FIGURE_MARKERS)),
    st.sampled_from([str.lower, str.upper, str.title]),
    st.text(" ", max_size=3),
)
def test_a_no_figure_marker_in_any_case_with_spaces_means_no_figure(marker, case, spaces):
    reading = parse_figure(spaces + case(marker) + spaces, percent=True)
    assert reading == NoFigure(case(marker))


@given(st.text())
def test_any_text_reads_as_a_figure_no_figure_or_a_reason(text):
    reading = parse_figure(text)
    assert isinstance(reading, Figure | NoFigure | Unreadable)
    if isinstance(reading, Unreadable):
        assert reading.reason


@given(
    st.floats(min_value=-MAX_FIGURE, max_value=MAX_FIGURE, exclude_min=True, exclude_max=True),
    st.sampled_from(["0%", "General"]),
)
def test_a_number_outside_a_percentage_is_never_scaled(number, number_format):
    assert parse_figure(number, number_format, percent=False) == Figure(number)


@pytest.mark.parametrize("value", [1e12, -1e12, 1e27, -1e27, 1.7976931348623157e308, "1e27"])
@pytest.mark.parametrize("percent", [False, True])
def test_a_figure_beyond_any_measure_is_unreadable(value, percent):
    assert parse_figure(value, "0%", percent=percent) == Unreadable(
        "is beyond any figure of a measure",
        "a figure is less than 1,000,000,000,000 (a million million); check the cell",
    )


@given(st.floats(min_value=-MAX_FIGURE, max_value=MAX_FIGURE, exclude_min=True, exclude_max=True))
def test_every_figure_under_the_bound_reads(number):
    assert isinstance(parse_figure(number), Figure)
    assert isinstance(parse_figure(repr(number)), Figure)


@given(st.text(alphabet=st.characters(categories=["L"]), min_size=2, max_size=12))
def test_a_word_that_is_not_a_marker_is_not_a_number(word):
    if word.lower() not in NO_FIGURE_MARKERS:
        assert parse_figure(word) == Unreadable("is not a number")
