"""The description of what to write: column placement, cell values, the board's rows."""

from __future__ import annotations

import math

import pytest

from tests.computed_frames import board_frame, computed_frame, measure
from xl_tools.model import (
    BOARD_SHEET,
    WRITTEN_HEADERS,
    Direction,
    Judgement,
    Layout,
    Polarity,
    Rag,
    Settings,
    Trend,
    Unit,
)
from xl_tools.write import formats
from xl_tools.write.plan import BOARD_HEADERS, plan_board, plan_measure_columns

SETTINGS = Settings(authority="Devon", period="November 2023")
TITLE = "Children's social care performance measures"

PR08 = measure(
    id="PR08",
    section="Process",
    measure="% children starting a CP plan who have been subject to a previous CP plan",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_BETTER,
    value=38.0,
    target=24.0,
    england=23.3,
    previous=35.0,
    actual_numbers="19 / 50",
    variance_to_target=14.0,
    relative_variance_to_target=0.583,
    rag=Rag.RED,
    england_variance=14.7,
    england_judgement=Judgement.WORSE,
    direction=Direction.UP,
    trend=Trend.WORSENING,
    warnings=("19 / 50 is 38.0%", "check the cohort"),
)
VA02 = measure(
    id="VA02", section="Volume of Activity", measure="Number of referrals", unit=Unit.COUNT,
    polarity=Polarity.NONE, value=1599.0, previous=612.0, actual_numbers="1,599",
    direction=Direction.UP,
)  # fmt: skip
IM04 = measure(
    id="IM04", section="Impact", measure="% of CEP with an up to date visit", unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER, no_figure="measure being developed", target=90.0,
)  # fmt: skip


def _layout(rows: int, columns: dict[str, int] | None = None, last_column: int = 4) -> Layout:
    found = {"id": 1, "measure": 2, "value": 3, "target": 4, **(columns or {})}
    return Layout("Measures", 2, found, tuple(range(3, 3 + rows)), last_column)


def _by_field(plans):
    return {plan.field: plan for plan in plans}


def test_missing_columns_are_appended_right_of_the_table_in_order() -> None:
    plans = plan_measure_columns(computed_frame(PR08), _layout(1))

    assert [plan.field for plan in plans] == list(WRITTEN_HEADERS)
    assert [plan.column for plan in plans] == list(range(5, 5 + len(WRITTEN_HEADERS)))
    assert [plan.header for plan in plans] == list(WRITTEN_HEADERS.values())
    assert all(plan.is_new and plan.header_row == 2 for plan in plans)


def test_existing_columns_are_overwritten_in_place() -> None:
    layout = _layout(1, {"actual_numbers": 9, "rag": 3}, last_column=10)

    plans = _by_field(plan_measure_columns(computed_frame(PR08), layout))

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
    ],
)
def test_measure_column_values(field, value, number_format) -> None:
    plan = _by_field(plan_measure_columns(computed_frame(PR08, VA02), _layout(2)))[field]

    assert plan.rows == (3, 4)
    assert plan.values[0] == value
    assert plan.number_formats[0] == number_format


def test_a_blank_computed_field_clears_its_cell() -> None:
    plans = _by_field(plan_measure_columns(computed_frame(IM04), _layout(1)))

    assert {field: plans[field].values for field in ("rag", "warnings", "trend")} == {
        "rag": (None,),
        "warnings": (None,),
        "trend": (None,),
    }


def test_layout_rows_must_match_the_measures() -> None:
    with pytest.raises(ValueError) as caught:
        plan_measure_columns(computed_frame(PR08, VA02), _layout(3))

    assert str(caught.value) == (
        "the layout of sheet 'Measures' has 3 measure rows but the computed table has 2 measures"
    )


def _column(board, header):
    index = BOARD_HEADERS.index(header)
    return [row[index] for row in board.rows]


def test_board_rows_follow_the_sections_in_order_of_appearance() -> None:
    second_process = measure(id="PR01", section="Process", measure="Conversion", value=31.0)
    frame = computed_frame(PR08, VA02, IM04, second_process)

    board = plan_board(frame, SETTINGS)

    assert [cell.value for cell in _column(board, "ID")] == ["PR08", "PR01", "VA02", "IM04"]
    assert [cell.value for cell in _column(board, "Section")] == [
        "Process", "Process", "Volume of Activity", "Impact",
    ]  # fmt: skip


def test_board_headers_are_distinct_and_one_row() -> None:
    board = plan_board(computed_frame(PR08), SETTINGS)

    headers = [column.header for column in board.columns]
    assert len(set(headers)) == len(headers)
    assert headers[:8] == [
        "Section", "ID", "Measure", "Value", "Actual numbers", "Target", "Variance to target",
        "RAG",
    ]  # fmt: skip
    assert "Variance to statistical neighbours" in headers
    assert headers[-1] == "Direction of travel"
    assert board.header_row == 3 and board.first_row == 4 and board.last_row == 4
    assert board.freeze == (4, 1)
    assert board.page.repeat_rows == (3, 3)
    assert board.sheet == BOARD_SHEET


def test_board_cells_of_a_percentage_measure() -> None:
    row = dict(zip(BOARD_HEADERS, plan_board(computed_frame(PR08), SETTINGS).rows[0], strict=True))

    assert (row["Value"].value, row["Value"].number_format) == (0.38, "0%")
    assert (row["Target"].value, row["Target"].number_format) == (0.24, "0%")
    assert (row["Variance to target"].value, row["Variance to target"].number_format) == (
        14.0,
        formats.POINTS,
    )
    assert row["England"].value == pytest.approx(0.233)
    assert row["England"].number_format == "0.0%"
    assert row["Region"].value is None
    assert row["RAG"].value == "Red"
    assert row["Actual numbers"].value == "19 / 50"
    assert row["Direction of travel"].value == "Up, worsening"


@pytest.mark.parametrize(
    ("rag", "word"), [(Rag.RED, "Red"), (Rag.AMBER, "Amber"), (Rag.GREEN, "Green"), (None, None)]
)
def test_board_rag_cells_hold_the_word(rag, word) -> None:
    board = plan_board(computed_frame({**PR08, "rag": rag}), SETTINGS)

    assert board.rows[0][board.rag_column - 1].value == word
    assert BOARD_HEADERS[board.rag_column - 1] == "RAG"


def test_a_measure_without_a_figure_shows_its_marker() -> None:
    row = dict(zip(BOARD_HEADERS, plan_board(computed_frame(IM04), SETTINGS).rows[0], strict=True))

    assert row["Value"].value == "measure being developed"
    assert row["Variance to target"].value is None
    assert row["Target"].value == pytest.approx(0.9)


@pytest.mark.parametrize(
    ("authority", "period", "title"),
    [
        ("Devon", "November 2023", f"{TITLE}: Devon, November 2023"),
        ("Devon", None, f"{TITLE}: Devon"),
        (None, "November 2023", f"{TITLE}: November 2023"),
        (None, None, TITLE),
    ],
)  # fmt: skip
def test_board_title_says_what_where_and_when(authority, period, title) -> None:
    board = plan_board(computed_frame(PR08), Settings(authority=authority, period=period))

    assert board.title == title


@pytest.mark.parametrize(
    ("settings", "notes"),
    [
        (SETTINGS, "Amber within 5% of target."),
        (Settings(tolerance=0.1), "Amber within 10% of target."),
        (SETTINGS, "Figures as at November 2023."),
    ],
)
def test_board_notes(settings, notes) -> None:
    assert notes in plan_board(computed_frame(PR08), settings).subtitle


def test_board_footer_escapes_ampersands() -> None:
    board = plan_board(computed_frame(PR08), Settings(authority="Brighton & Hove"))

    assert board.page.footer_left == "Brighton && Hove"
    assert board.page.footer_centre == "Page &P of &N"
    assert "&D" in board.page.footer_right


def test_board_of_no_measures_has_only_its_header() -> None:
    board = plan_board(computed_frame(), SETTINGS)

    assert board.rows == () and board.row_heights == ()
    assert board.last_row == board.header_row


def test_board_columns_are_wide_enough_for_every_figure() -> None:
    board = plan_board(board_frame(), SETTINGS)

    for index, column in enumerate(board.columns):
        for row in board.rows:
            cell = row[index]
            if isinstance(cell.value, float):
                assert len(formats.shown(cell.value, cell.number_format)) <= column.width - 1


def _luminance(colour: str) -> float:
    def channel(text: str) -> float:
        value = int(text, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(text: str, fill: str) -> float:
    """WCAG 2 contrast ratio of two ``RRGGBB`` colours."""
    lighter, darker = sorted((_luminance(text), _luminance(fill)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("text", "fill", "ratio"), [("000000", "FFFFFF", 21.0), ("FFFFFF", "FFFFFF", 1.0)]
)
def test_contrast_ratio_matches_wcag_reference_values(text, fill, ratio) -> None:
    assert contrast_ratio(text, fill) == pytest.approx(ratio)


def test_every_colour_pair_on_the_board_has_contrast_of_at_least_4_5() -> None:
    board = plan_board(computed_frame(PR08), SETTINGS)
    pairs = board.colour_pairs()

    assert (board.style.header_font, board.style.header_fill) in pairs
    assert len(pairs) == 3 + len(board.rag_colours)
    for text, fill in pairs:
        assert contrast_ratio(text, fill) >= 4.5, (text, fill)


def test_every_rag_word_has_colours() -> None:
    board = plan_board(computed_frame(PR08), SETTINGS)

    assert [colour.word for colour in board.rag_colours] == [
        formats.rag_word(rag) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)
    ]


def test_nan_text_from_a_string_column_is_blank() -> None:
    frame = computed_frame(measure(id="X1", measure="Thing", value=math.nan))

    row = plan_board(frame, SETTINGS).rows[0]

    assert row[0].value is None  # no section
    assert row[3].value is None  # no value and no marker


def test_a_year_s_trend_with_no_value_this_period_is_no_trend_words() -> None:
    """A computed table may carry a year's direction where this period has no value."""
    row = measure(measure="m", unit=Unit.PERCENT, polarity=Polarity.LOWER_BETTER)
    frame = computed_frame(row)
    history = {
        "history": [()],
        "last_12_months": [(math.nan,) * 12],
        "twelve_month_start": [47.0],
        "twelve_month_span": [7.0],
        "twelve_month_direction": [Direction.UP],
        "twelve_month_trend": [Trend.WORSENING],
        "year_to_date": [math.nan],
        "same_month_last_year": [math.nan],
    }
    for column, values in history.items():
        frame[column] = values
    plan = plan_board(frame, SETTINGS)
    trend = [column.header for column in plan.columns].index("Trend over 12 months")
    assert plan.rows[0][trend].value is None


@pytest.mark.parametrize("figure", [1e27, -1e27, 9.9e307])
def test_a_figure_beyond_any_measure_is_planned_without_error(figure) -> None:
    row = measure(measure="m", unit=Unit.PERCENT, value=figure, target=figure, england=1.0)
    row.update(variance_to_target=0.0, england_variance=figure, relative_variance_to_target=0.0)
    plan = plan_board(computed_frame(row), SETTINGS)
    assert plan.rows[0][BOARD_HEADERS.index("Value")].value == figure / 100
