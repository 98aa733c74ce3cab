"""Number formats and the words shown: percentages, points, rates, counts, RAG, direction."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_tools.model import Direction, Judgement, Rag, Trend, Unit
from xl_tools.write import formats


@pytest.mark.parametrize(
    ("value", "unit", "stored", "code", "text"),
    [
        (22.0, Unit.PERCENT, 0.22, "0%", "22%"),
        (10.2, Unit.PERCENT, 0.102, "0.0%", "10.2%"),
        (0.0, Unit.PERCENT, 0.0, "0%", "0%"),
        (439.0, Unit.RATE_PER_10K, 439.0, "0", "439"),
        (20.5, Unit.RATE_PER_10K, 20.5, "0.0", "20.5"),
        (1234.0, Unit.COUNT, 1234.0, "#,##0", "1,234"),
        (224.5, Unit.COUNT, 224.5, "#,##0.0", "224.5"),
        (17.0, Unit.AVERAGE, 17.0, "0", "17"),
        (16.25, Unit.AVERAGE, 16.25, "0.0", "16.3"),
        (5.0, None, 5.0, "General", "5"),
    ],
)
def test_a_figure_is_stored_and_shown_in_its_unit(value, unit, stored, code, text) -> None:
    assert formats.stored_value(value, unit) == pytest.approx(stored)
    assert formats.value_format(value, unit) == code
    assert formats.shown(formats.stored_value(value, unit), code) == text


@pytest.mark.parametrize(
    ("variance", "unit", "code", "text"),
    [
        (14.0, Unit.PERCENT, '+0.0 "pts";-0.0 "pts";0.0 "pts"', "+14.0 pts"),
        (-0.8, Unit.PERCENT, '+0.0 "pts";-0.0 "pts";0.0 "pts"', "-0.8 pts"),
        (0.0, Unit.PERCENT, '+0.0 "pts";-0.0 "pts";0.0 "pts"', "0.0 pts"),
        (-61.0, Unit.RATE_PER_10K, "+0;-0;0", "-61"),
        (20.8, Unit.RATE_PER_10K, "+0.0;-0.0;0.0", "+20.8"),
        (1200.0, Unit.COUNT, "+#,##0;-#,##0;#,##0", "+1,200"),
        (-2.5, Unit.COUNT, "+#,##0.0;-#,##0.0;#,##0.0", "-2.5"),
        (0.8, Unit.AVERAGE, "+0.0;-0.0;0.0", "+0.8"),
    ],
)
def test_a_variance_carries_its_sign_and_unit(variance, unit, code, text) -> None:
    assert formats.variance_format(variance, unit) == code
    assert formats.shown(variance, code) == text


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        (0.583, formats.RELATIVE, "+58.3%"),
        (-0.054, formats.RELATIVE, "-5.4%"),
        (0.125, formats.PERCENT, "13%"),  # half up, as Excel shows it
        (0.0004, formats.POINTS, "0.0 pts"),
        (-0.0004, formats.POINTS, "0.0 pts"),
        (1234567.0, formats.COUNT, "1,234,567"),
        (2.5, "0.000", "2.5"),
        (None, formats.PERCENT, ""),
        ("measure being developed", formats.GENERAL, "measure being developed"),
    ],
)
def test_shown_is_the_text_excel_shows(value, code, text) -> None:
    assert formats.shown(value, code) == text


@pytest.mark.parametrize(
    ("rag", "word"),
    [(Rag.RED, "Red"), (Rag.AMBER, "Amber"), (Rag.GREEN, "Green"), ("red", "Red"), (None, "")],
)
def test_rag_words(rag, word) -> None:
    assert formats.rag_word(rag) == word


@pytest.mark.parametrize(
    ("judgement", "word"),
    [(Judgement.BETTER, "Better"), (Judgement.LOWER, "Lower"), (math.nan, ""), (None, "")],
)
def test_judgement_words(judgement, word) -> None:
    assert formats.judgement_word(judgement) == word


@pytest.mark.parametrize(
    ("direction", "trend", "text"),
    [
        (Direction.UP, Trend.WORSENING, "Up, worsening"),
        (Direction.DOWN, Trend.IMPROVING, "Down, improving"),
        (Direction.SAME, Trend.STABLE, "Same, stable"),
        (Direction.DOWN, None, "Down"),
        ("up", math.nan, "Up"),
        (None, None, ""),
    ],
)
def test_direction_of_travel_text(direction, trend, text) -> None:
    assert formats.direction_text(direction, trend) == text


@pytest.mark.parametrize(
    ("header", "cells", "cap", "width"),
    [
        ("ID", [("VA01", formats.GENERAL)], 13, 6.0),
        (
            "Value",
            [(0.22, formats.PERCENT), ("measure being developed", formats.GENERAL)],
            12,
            14.0,
        ),
        ("Count", [(123456789.0, formats.COUNT)], 6, 13.0),  # figures never squeezed
        ("Statistical neighbours", [], 13, 14.0),  # the longest header word fits
    ],
)
def test_column_width_fits_figures_and_header_words(header, cells, cap, width) -> None:
    assert formats.column_width(header, cells, cap) == width


@pytest.mark.parametrize(
    ("text", "width", "per_unit", "lines"),
    [
        ("Direction of travel", 30, 1.0, 1),
        ("Direction of travel", 12, 1.0, 2),
        ("Variance to statistical neighbours", 13, 1.0, 3),
        ("abcdefghijklmnopqrstuvwxyz", 11, 1.0, 3),  # a long word breaks
        ("", 10, 1.0, 1),
        ("Initial Assessments completed in the period", 40, 1.2, 1),
    ],
)
def test_wrapped_lines(text, width, per_unit, lines) -> None:
    assert formats.wrapped_lines(text, width, per_unit) == lines


@pytest.mark.parametrize(("fraction", "text"), [(0.05, "5%"), (0.025, "2.5%"), (0.1, "10%")])
def test_percent_text(fraction, text) -> None:
    assert formats.percent_text(fraction) == text


_CODES = sorted(
    {formats.value_format(v, u) for v in (1.0, 1.5) for u in Unit}
    | {formats.variance_format(v, u) for v in (1.0, 1.5) for u in Unit}
    | {formats.RELATIVE, formats.GENERAL}
)


def _width_of_every_figure(header: str, cells: list[tuple[object, str]], cap: float) -> float:
    """`column_width` as it reads: the shown text of every figure measured."""
    figures = [
        len(formats.shown(value, code))
        for value, code in cells
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]
    texts = [len(value) for value, _ in cells if isinstance(value, str)]
    needed = max([len(word) + 1 for word in header.split()] + figures)
    return float(max(needed, min(max([needed, *texts]), cap)) + 2)


_CELL_VALUES = st.one_of(
    st.floats(min_value=-1e9, max_value=1e9),
    st.sampled_from([0.0, -0.0, 0.05, -0.05, 9.95, -9.95, 99.95, 999.5, -0.004, 0.0049]),
    st.integers(-(10**6), 10**6),
    st.none(),
    st.text(max_size=30),
)


@given(st.lists(st.tuples(_CELL_VALUES, st.sampled_from(_CODES)), max_size=40))
def test_column_width_is_the_widest_figure_shown(cells) -> None:
    assert formats.column_width("Value", cells, 13.0) == _width_of_every_figure(
        "Value", cells, 13.0
    )


@given(st.floats(), st.sampled_from([*Unit, None]))
def test_formatting_never_raises_on_any_float(number, unit) -> None:
    value_code = formats.value_format(number, unit)
    variance_code = formats.variance_format(number, unit)
    for code in (value_code, variance_code, formats.RELATIVE, formats.GENERAL):
        assert isinstance(formats.shown(formats.stored_value(number, unit), code), str)
    assert formats.column_width("Value", [(number, value_code)], 13) >= 7


@pytest.mark.parametrize(
    ("number", "code", "text"),
    [
        (1e27, formats.DECIMAL, "1000000000000000000000000000.0"),
        (1e27, formats.COUNT, "1,000,000,000,000,000,000,000,000,000"),
        (-1e27, formats.POINTS, "-1000000000000000000000000000.0 pts"),
        (1e307, formats.PERCENT, "1e+307"),
        (math.inf, formats.COUNT, "inf"),
    ],
)
def test_a_figure_beyond_any_measure_is_shown_whole(number, code, text) -> None:
    assert formats.shown(number, code) == text
