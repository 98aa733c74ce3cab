"""The description of what is written into the measures sheet: column placement and cells."""

from __future__ import annotations

import pytest

from tests.computed_frames import COMPUTED_IM04, COMPUTED_PR08, COMPUTED_VA02, computed_frame
from xl_tools.model import (
    WRITTEN_HEADERS,
    Layout,
    Settings,
)
from xl_tools.write import formats
from xl_tools.write.plan import plan_measure_columns

SETTINGS = Settings(authority="Devon", period="November 2023")
TITLE = "Children's social care performance measures"

PR08 = {**COMPUTED_PR08, "warnings": ("19 / 50 is 38.0%", "check the cohort")}
VA02, IM04 = COMPUTED_VA02, COMPUTED_IM04


def _layout(rows: int, columns: dict[str, int] | None = None, last_column: int = 4) -> Layout:
    found = {"id": 1, "measure": 2, "value": 3, "target": 4, **(columns or {})}
    return Layout("Measures", 2, found, tuple(range(3, 3 + rows)), last_column)


def _by_field(plans):
    return {plan.field: plan for plan in plans}


def test_missing_columns_are_appended_right_of_the_table_in_order() -> None:
    plans = plan_measure_columns(computed_frame(PR08), _layout(1), SETTINGS)

    assert [plan.field for plan in plans] == list(WRITTEN_HEADERS)
    assert [plan.column for plan in plans] == list(range(5, 5 + len(WRITTEN_HEADERS)))
    assert [plan.header for plan in plans] == list(WRITTEN_HEADERS.values())
    assert all(plan.is_new and plan.header_row == 2 for plan in plans)


def test_existing_columns_are_overwritten_in_place() -> None:
    layout = _layout(1, {"actual_numbers": 9, "rag": 3}, last_column=10)

    plans = _by_field(plan_measure_columns(computed_frame(PR08), layout, SETTINGS))

    assert (plans["actual_numbers"].column, plans["actual_numbers"].is_new) == (9, False)
    assert (plans["rag"].column, plans["rag"].is_new) == (3, False)
    assert plans["variance_to_target"].column == 11  # the first appended, after column 10
    new_columns = [plan.column for plan in plans.values() if plan.is_new]
    assert new_columns == list(range(11, 11 + len(WRITTEN_HEADERS) - 2))


@pytest.mark.parametrize(
    ("field", "value", "number_format"),
    [
        ("actual_numbers", "19 / 50", formats.GENERAL),
        ("variance_to_target", 14.0, formats.POINTS),
        ("relative_variance_to_target", 0.583, formats.RELATIVE),
        ("rag", "Red", formats.GENERAL),
        ("england_variance", 14.7, formats.POINTS),
        ("england_judgement", "Worse", formats.GENERAL),
        ("region_variance", None, formats.GENERAL),
        ("region_judgement", None, formats.GENERAL),
        ("direction", "Up", formats.GENERAL),
        ("trend", "Worsening", formats.GENERAL),
        ("warnings", "19 / 50 is 38.0%; check the cohort", formats.GENERAL),
        (
            "draft_commentary",
            "38%, above the target of 24%, higher than England (23.3%); up from 35% in October.",
            formats.GENERAL,
        ),
    ],
)
def test_measure_column_values(field, value, number_format) -> None:
    plan = _by_field(plan_measure_columns(computed_frame(PR08, VA02), _layout(2), SETTINGS))[field]

    assert plan.rows == (3, 4)
    assert plan.values[0] == value
    assert plan.number_formats[0] == number_format


def test_a_blank_computed_field_clears_its_cell() -> None:
    plans = _by_field(plan_measure_columns(computed_frame(IM04), _layout(1), SETTINGS))

    assert {field: plans[field].values for field in ("rag", "warnings", "trend")} == {
        "rag": (None,),
        "warnings": (None,),
        "trend": (None,),
    }


def test_layout_rows_must_match_the_measures() -> None:
    with pytest.raises(ValueError) as caught:
        plan_measure_columns(computed_frame(PR08, VA02), _layout(3), SETTINGS)

    assert str(caught.value) == (
        "the layout of sheet 'Measures' has 3 measure rows but the computed table has 2 measures"
    )


def test_the_draft_never_takes_the_place_of_the_officer_s_commentary() -> None:
    own = {**PR08, "commentary": "Audit team to review"}
    plans = _by_field(plan_measure_columns(computed_frame(own), _layout(1), SETTINGS))

    assert "commentary" not in plans  # the officer's column is never written
    assert plans["draft_commentary"].header == "Draft commentary"
    assert plans["draft_commentary"].values[0].startswith("38%, above the target of 24%")
