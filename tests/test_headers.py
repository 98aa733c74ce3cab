"""Header names and finding the header row (DESIGN 3.2)."""

from __future__ import annotations

import pytest

from xl_tools.errors import ProblemCode, SettingsError
from xl_tools.model import WRITTEN_HEADERS
from xl_tools.read.cells import SheetCells
from xl_tools.read.headers import (
    HEADER_NAMES,
    find_header_row,
    header_lookup,
    normalise,
    read_header_row,
)


def sheet_of(*rows: tuple[object, ...]) -> SheetCells:
    return SheetCells("Measures", tuple(rows))


@pytest.mark.parametrize(
    ("header", "field"),
    [
        (name, field)
        for field, names in HEADER_NAMES.items()
        for name in names
        if field != "actual_numbers"
    ]
    + [
        ("MEASURE", "measure"),
        (" performance  indicator ", "measure"),
        ("Stat. neighbours", "statistical_neighbours"),
        ("stat_neighbours", "statistical_neighbours"),
        ("S.N.", "statistical_neighbours"),
        ("Good performance is:", "polarity"),
        ("Measure-ID", "id"),
        ("Previous Period", "previous"),
        ("Actual numbers", "actual_numbers"),
        ("Numbers", "actual_numbers"),
    ],
)
def test_header_names_match_whatever_their_case_spaces_and_punctuation(header, field):
    assert header_lookup()[normalise(header)] == field


@pytest.mark.parametrize(("field", "header"), sorted(WRITTEN_HEADERS.items()))
def test_written_headers_are_known_as_their_fields(field, header):
    assert header_lookup()[normalise(header)] == field


def test_extra_names_add_to_the_built_in_ones():
    lookup = header_lookup({"value": ["Nov-23 figure"], "target": ("Aim",)})
    assert lookup["nov23figure"] == "value"
    assert lookup["aim"] == "target"
    assert lookup["value"] == "value"


def test_an_extra_name_for_an_unknown_field_is_refused():
    with pytest.raises(SettingsError) as caught:
        header_lookup({"colour": ["Colour"], "value": ["Nov"], "size": "Size"})
    assert str(caught.value).splitlines() == [
        f'header names are given for "{field}", which is not a column the tool knows '
        "(known: id, section, measure, unit, polarity, dfe_measure, basis, value, numerator, "
        "denominator, count, target, statistical_neighbours, england, region, "
        "comparator_source, previous, amber_threshold, commentary, actual_numbers)"
        for field in ("colour", "size")
    ]
    assert [p.code for p in caught.value.problems] == [ProblemCode.BAD_SETTING] * 2


def test_the_header_row_is_found_under_a_title_and_notes():
    sheet = sheet_of(
        ("Devon children's services",),
        (),
        ("Notes: figures are provisional",),
        ("Ref", "Indicator", "Good is", "Latest", "SN", "Apr"),
        ("VA02", "Number of referrals", "Low", 599, 610, 580),
    )
    found = find_header_row(sheet)
    assert found is not None
    assert found.row == 4
    assert found.columns == {
        "id": 1,
        "measure": 2,
        "polarity": 3,
        "value": 4,
        "statistical_neighbours": 5,
    }
    assert found.ignored == ((6, "Apr"),)
    assert found.last_column == 6


def test_the_tool_s_own_columns_are_found_as_outputs_not_inputs():
    sheet = sheet_of(("Measure", "Value", "Actual numbers", "RAG", "Direction"))
    found = find_header_row(sheet)
    assert found is not None
    assert found.columns == {
        "measure": 1,
        "value": 2,
        "actual_numbers": 3,
        "rag": 4,
        "direction": 5,
    }
    assert found.input_columns == {"measure": 1, "value": 2}
    assert found.ignored == ()


def test_a_second_column_of_one_field_is_ignored():
    found = read_header_row(sheet_of(("Measure", "Value", "Actual")), 1, header_lookup())
    assert found.columns == {"measure": 1, "value": 2}
    assert found.ignored == ((3, "Actual"),)


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param((("Measure", "Target", "England"),), id="no figure column"),
        pytest.param((("Value", "Target"),), id="no measure column"),
        pytest.param(((),) * 30 + (("Measure", "Value"),), id="below row 30"),
        pytest.param((), id="empty sheet"),
    ],
)
def test_no_header_row(rows):
    assert find_header_row(sheet_of(*rows)) is None


def test_a_header_row_on_row_30_is_found():
    found = find_header_row(sheet_of(*((),) * 29, ("Measure", "Count")))
    assert found is not None
    assert found.row == 30


def test_a_header_found_only_by_an_extra_name():
    sheet = sheet_of(("Measure", "Nov 23"))
    assert find_header_row(sheet) is None
    found = find_header_row(sheet, {"value": ["Nov 23"]})
    assert found is not None
    assert found.columns == {"measure": 1, "value": 2}
