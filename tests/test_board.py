"""The board as described for either back end: its columns, cells, sections, summary, pages."""

from __future__ import annotations

import datetime
import math

import pytest

from tests.computed_frames import (
    COMPUTED_IM04,
    COMPUTED_PR08,
    COMPUTED_VA02,
    board_frame,
    computed_frame,
    measure,
)
from xl_tools.model import (
    BOARD_COLUMNS,
    BOARD_SHEET,
    Direction,
    Judgement,
    Polarity,
    Rag,
    Settings,
    Trend,
    Unit,
)
from xl_tools.write import formats, summary
from xl_tools.write.board import plan_board, shown_columns, uk_date
from xl_tools.write.board_columns import SPARKLINE, direction_words
from xl_tools.write.fit import MIN_SCALE, PADDING_PIXELS, PAGE_PIXELS, PIXELS_PER_UNIT
from xl_tools.write.pages import KEPT_TOGETHER, page_breaks
from xl_tools.write.records import measure_records, with_drafts

SETTINGS = Settings(authority="Devon", period="November 2023")
TITLE = "Children's social care performance measures"
TODAY = datetime.date(2026, 11, 30)

PR08, IM04 = COMPUTED_PR08, COMPUTED_IM04
VA02 = {**COMPUTED_VA02, "commentary": "Back to the level of the start of the year"}


def plan(*rows, settings=SETTINGS):
    return plan_board(computed_frame(*rows), settings, TODAY)


def headers(board) -> list[str]:
    return [column.header for column in board.columns]


def measure_rows(board) -> list[dict[str, object]]:
    """Each measure's cells by header (section headings left out)."""
    names = headers(board)
    return [dict(zip(names, row.cells, strict=True)) for row in board.body if not row.section]


# Columns


def test_only_columns_with_something_to_show_are_on_the_board() -> None:
    board = plan(PR08)

    assert headers(board) == [
        "ID", "Measure", "Value", "Actual numbers", "Target", "Variance to target", "RAG",
        "England", "Previous", "Direction of travel", "Commentary",
    ]  # fmt: skip
    for index in range(len(board.columns)):
        assert any(row.cells[index].value is not None for row in board.body if not row.section)


def test_the_officer_fixes_the_board_s_columns_and_their_order() -> None:
    fixed = Settings(period="November 2023", board_columns=("Measure", "RAG", "Region", "Value"))
    board = plan(VA02, settings=fixed)

    assert headers(board) == ["Measure", "RAG", "Region", "Variance to region", "Against region",
                              "Value"]  # fmt: skip
    assert board.rag_column == 2


def test_every_board_column_an_officer_may_name_is_shown_when_something_has_it() -> None:
    records = with_drafts(measure_records(board_frame()), SETTINGS)
    assert set(shown_columns(records, with_sparklines=False)) == set(BOARD_COLUMNS) - {
        "Last 12 months", "Trend over 12 months", "Year to date", "Same month last year",
    }  # fmt: skip


def test_a_percentage_measure_s_cells() -> None:
    fixed = (
        "Value", "Actual numbers", "Target", "Variance to target", "RAG", "England",
        "Previous", "Direction of travel",
    )  # fmt: skip
    (row,) = measure_rows(plan(PR08, settings=Settings(board_columns=fixed)))

    assert (row["Value"].value, row["Value"].number_format) == (0.38, "0%")
    assert (row["Target"].value, row["Target"].number_format) == (0.24, "0%")
    assert (row["Variance to target"].value, row["Variance to target"].number_format) == (
        14.0,
        formats.POINTS,
    )
    assert row["England"].value == pytest.approx(0.233)
    assert row["England"].number_format == "0.0%"
    assert (row["Variance to England"].value, row["Against England"].value) == (14.7, "worse")
    assert row["RAG"].value == "Red"
    assert row["Actual numbers"].value == "19 / 50"
    assert row["Previous"].value == pytest.approx(0.35)
    assert row["Direction of travel"].value == "\u25b2 worse"


@pytest.mark.parametrize(
    ("direction", "trend", "words"),
    [
        (Direction.UP, Trend.WORSENING, "\u25b2 worse"),
        (Direction.DOWN, Trend.IMPROVING, "\u25bc better"),
        (Direction.SAME, Trend.STABLE, "\u25ba same"),
        (Direction.UP, None, "\u25b2 up"),  # a context measure: the move itself
        (Direction.DOWN, None, "\u25bc down"),
        (None, None, None),
    ],
)
def test_direction_of_travel_is_an_arrow_and_a_word(direction, trend, words) -> None:
    assert direction_words({"direction": direction, "trend": trend}) == words


@pytest.mark.parametrize(
    ("rag", "word"), [(Rag.RED, "Red"), (Rag.AMBER, "Amber"), (Rag.GREEN, "Green")]
)
def test_rag_cells_hold_the_word(rag, word) -> None:
    board = plan({**PR08, "rag": rag})

    assert board.body[-1].cells[board.rag_column - 1].value == word
    assert headers(board)[board.rag_column - 1] == "RAG"


def test_a_board_with_no_rating_has_no_rag_column() -> None:
    board = plan(VA02)

    assert "RAG" not in headers(board) and board.rag_column is None


def test_a_measure_without_a_figure_shows_its_marker() -> None:
    (row,) = measure_rows(plan(IM04))

    assert row["Value"].value == "measure being developed"
    assert row["Target"].value == pytest.approx(0.9)
    assert "Variance to target" not in row


def test_a_wide_board_folds_comparators_into_a_figure_and_a_word() -> None:
    board = plan_board(board_frame(), SETTINGS, TODAY)
    rows = {row["ID"].value: row for row in measure_rows(board)}

    assert rows["PR08"]["Statistical neighbours"].value == "24%\nworse"
    assert rows["VA01"]["England"].value == "545.1\nlower"  # a context measure
    assert rows["VA03"]["Region"].value == "22.8%\nsimilar"
    assert rows["VA02"]["England"].value is None
    assert "Variance to England" not in headers(board)


def test_the_board_fits_an_a4_page_with_text_of_9_points_or_more() -> None:
    for frame in (board_frame(), computed_frame(PR08, VA02, IM04)):
        board = plan_board(frame, SETTINGS, TODAY)
        pixels = sum(c.width * PIXELS_PER_UNIT + PADDING_PIXELS for c in board.columns)
        scale = board.page.scale
        assert MIN_SCALE <= scale <= 100
        assert pixels * scale / 100 <= PAGE_PIXELS
        assert board.style.font_size * scale / 100 >= 9


def _a_year_of(frame, start: float, year_to_date: float, a_year_ago: float):
    """The frame with a monthly history, as computing adds it."""
    frame["history"] = [()]
    frame["last_12_months"] = [(start,) * 12]
    frame["twelve_month_start"] = [start]
    frame["twelve_month_span"] = [11.0]
    frame["twelve_month_direction"] = [Direction.UP]
    frame["twelve_month_trend"] = [Trend.WORSENING]
    frame["year_to_date"] = [year_to_date]
    frame["same_month_last_year"] = [a_year_ago]
    return frame


def test_a_board_with_every_column_folds_them_and_keeps_what_folds() -> None:
    every = {
        **PR08,
        "statistical_neighbours": 24.0, "statistical_neighbours_judgement": Judgement.WORSE,
        "region": 25.5, "region_judgement": Judgement.WORSE,
    }  # fmt: skip
    board = plan_board(_a_year_of(computed_frame(every), 30.0, 33.0, 31.0), SETTINGS, TODAY)

    pixels = sum(c.width * PIXELS_PER_UNIT + PADDING_PIXELS for c in board.columns)
    assert pixels * board.page.scale / 100 <= PAGE_PIXELS
    assert "Left off" not in board.notes
    (row,) = measure_rows(board)
    # The year to date after the trend, the previous figure under the direction, the
    # actual numbers under the value.
    assert row["Trend over 12 months"].value.endswith(
        "; Year to date: 33%; Same month last year: 31%"
    )
    assert row["Direction of travel"].value == "\u25b2 worse\nwas 35%"
    assert row["Value and actual numbers"].value == "38%\n19 / 50"
    assert row["Statistical neighbours"].value == "24%\nworse"


def test_a_board_too_wide_even_folded_leaves_columns_off_and_says_which() -> None:
    huge = 123_456_789.5  # figures never wrap: columns of such figures are wide
    wide = {
        **VA02, "id": "VA02-2023", "unit": Unit.RATE_PER_10K, "value": huge, "previous": huge,
        "target": huge, "variance_to_target": huge, "rag": Rag.RED,
        **{comparator: huge for comparator in ("statistical_neighbours", "england", "region")},
    }  # fmt: skip
    board = plan_board(_a_year_of(computed_frame(wide), huge, huge, huge), SETTINGS, TODAY)

    pixels = sum(c.width * PIXELS_PER_UNIT + PADDING_PIXELS for c in board.columns)
    assert pixels * board.page.scale / 100 <= PAGE_PIXELS
    assert board.page.scale >= MIN_SCALE
    left_off = board.notes.split("Left off for room on the page: ")[1].split(" (")[0]
    assert left_off.split(", ")[:2] == ["ID", "Last 12 months"]
    assert not set(left_off.split(", ")) & set(headers(board))


def test_figures_fit_their_columns() -> None:
    board = plan_board(board_frame(), SETTINGS, TODAY)

    for index, column in enumerate(board.columns):
        for row in board.body:
            cell = row.cells[index]
            if isinstance(cell.value, float):
                assert len(formats.shown(cell.value, cell.number_format)) <= column.width - 1


# Sections, commentary, summary


def test_sections_are_heading_rows_in_order_of_appearance() -> None:
    second_process = measure(id="PR01", section="Process", measure="Conversion", value=31.0)
    board = plan(PR08, VA02, IM04, second_process)

    rows = [(row.section, row.cells[0].value) for row in board.body]
    assert rows == [
        (True, "Process"), (False, "PR08"), (False, "PR01"),
        (True, "Volume of Activity"), (False, "VA02"),
        (True, "Impact"), (False, "IM04"),
    ]  # fmt: skip
    assert all(cell.value is None for row in board.body if row.section for cell in row.cells[1:])


def test_a_board_without_sections_has_no_heading_rows() -> None:
    board = plan({**PR08, "section": None}, {**VA02, "section": None})

    assert not any(row.section for row in board.body)


def test_the_officer_s_commentary_is_shown_and_else_the_draft_marked_so() -> None:
    board = plan(PR08, VA02)
    rows = {row["ID"].value: row for row in measure_rows(board)}
    drafted = [row for row in board.body if row.draft is not None]

    assert rows["VA02"]["Commentary"].value == "Back to the level of the start of the year"
    assert rows["PR08"]["Commentary"].value == (
        "Draft: 38%, above the target of 24%, higher than England (23.3%); up from 35% in October."
    )
    assert [row.cells[0].value for row in drafted] == ["PR08"]
    assert drafted[0].draft == headers(board).index("Commentary") + 1
    assert "Commentary marked Draft is drafted from the figures" in board.notes


def test_the_summary_is_the_summary_of_the_measures() -> None:
    frame = board_frame()
    board = plan_board(frame, SETTINGS, TODAY)
    records = measure_records(frame)

    told = summary.summary_lines(summary.summarise(records, tolerance=SETTINGS.tolerance))
    assert board.summary == told
    assert len(board.summary_heights) == len(told)
    assert board.header_row == board.summary_row + len(told) + 1


# Title, notes, footer, pages


@pytest.mark.parametrize(
    ("authority", "period", "title"),
    [
        ("Devon", "November 2023", f"{TITLE}: Devon, November 2023"),
        ("Devon", None, f"{TITLE}: Devon"),
        (None, "November 2023", f"{TITLE}: November 2023"),
        (None, None, TITLE),
    ],
)  # fmt: skip
def test_the_title_says_what_where_and_when(authority, period, title) -> None:
    assert plan(PR08, settings=Settings(authority=authority, period=period)).title == title


@pytest.mark.parametrize(
    ("settings", "notes"),
    [
        (SETTINGS, "Amber within 5% of target."),
        (Settings(tolerance=0.1), "Amber within 10% of target."),
        (SETTINGS, "Figures as at November 2023."),
    ],
)
def test_the_notes(settings, notes) -> None:
    assert notes in plan(PR08, settings=settings).notes


def test_the_footer_says_where_when_the_page_and_the_date() -> None:
    board = plan(PR08, settings=Settings(authority="Brighton & Hove", period="May 2024"))

    assert board.page.footer == ("Brighton && Hove, May 2024", "Page &P of &N", "30 Nov 2026")
    assert board.page.repeat_rows == (board.header_row, board.header_row)
    assert (board.page.paper, board.page.landscape) == ("A4", True)
    assert board.sheet == BOARD_SHEET


@pytest.mark.parametrize(
    ("day", "text"),
    [(datetime.date(2026, 11, 30), "30 Nov 2026"), (datetime.date(2027, 1, 2), "2 Jan 2027")],
)
def test_the_date_is_written_the_uk_way(day, text) -> None:
    assert uk_date(day) == text


def test_the_build_date_can_be_fixed_for_a_board_that_builds_the_same(monkeypatch) -> None:
    from xl_tools.write.board import build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date() == datetime.date(2023, 11, 14)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() == datetime.date.today()


def test_a_board_of_no_measures_has_only_its_header() -> None:
    board = plan()

    assert board.body == ()
    assert board.last_row == board.header_row


def test_pages_break_before_sections_that_would_split() -> None:
    rows = [
        {**VA02, "section": f"Section {n // 6}", "id": f"M{n}", "measure": "A measure " * 9}
        for n in range(48)
    ]
    board = plan(*rows)

    assert board.page.breaks, "eight sections of six long rows take more than a page"
    for row in board.page.breaks:
        assert board.body[row - board.first_row].section


@pytest.mark.parametrize(
    ("rows", "breaks"),
    [
        # A section that fits a page but not what is left of this one starts the next.
        ([(20, True), *[(140, False)] * 3, (20, True), (100, False)], (4,)),
        # One that fits what is left stays.
        ([(20, True), (100, False), (20, True), (100, False)], ()),
        # A section longer than a page starts on this one where enough of it fits here...
        ([(20, True), (200, False), (20, True), *[(40, False)] * 20], ()),
        # ...and on the next where fewer than KEPT_TOGETHER of its measures would.
        ([(20, True), (400, False), (20, True), *[(40, False)] * 20], (2,)),
        # The first section never breaks from the header above it.
        ([(20, True), *[(100, False)] * 8], ()),
    ],
)
def test_where_pages_break(rows, breaks) -> None:
    assert page_breaks(0, 20, rows) == breaks
    assert KEPT_TOGETHER == 3


# Accessibility (DESIGN 9)


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
    board = plan(PR08)
    pairs = board.colour_pairs()

    style = board.style
    assert {(style.header_font, style.header_fill), (style.text_font, style.section_fill),
            (style.draft_font, style.background)} <= set(pairs)  # fmt: skip
    for text, fill in pairs:
        assert contrast_ratio(text, fill) >= 4.5, (text, fill)


def test_every_rag_word_has_colours() -> None:
    assert [colour.word for colour in plan(PR08).rag_colours] == [
        formats.rag_word(rag) for rag in (Rag.RED, Rag.AMBER, Rag.GREEN)
    ]


# Odd figures


def test_nan_text_from_a_string_column_is_blank() -> None:
    (row,) = measure_rows(plan(measure(id="X1", measure="Thing", value=math.nan)))

    assert row["ID"].value == "X1"
    assert "Value" not in row  # no value and no marker: nothing to show


def test_a_year_s_trend_with_no_value_this_period_is_no_trend_words() -> None:
    """A computed table may carry a year's direction where this period has no value."""
    frame = computed_frame(measure(measure="m", unit=Unit.PERCENT, polarity=Polarity.LOWER_BETTER))
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

    assert "Trend over 12 months" not in headers(plan_board(frame, SETTINGS, TODAY))


@pytest.mark.parametrize("figure", [1e27, -1e27, 9.9e307])
def test_a_figure_beyond_any_measure_is_planned_without_error(figure) -> None:
    row = measure(measure="m", unit=Unit.PERCENT, value=figure, target=figure, england=1.0)
    row.update(variance_to_target=0.0, england_variance=figure, relative_variance_to_target=0.0)
    (cells,) = measure_rows(plan(row))
    assert cells["Value"].value == figure / 100


def test_the_board_s_columns_are_the_ones_it_can_show() -> None:
    from xl_tools.write import trends
    from xl_tools.write.board_columns import Fold, sheet_columns

    assert set(trends.TREND_HEADERS) <= set(BOARD_COLUMNS) and SPARKLINE in BOARD_COLUMNS
    for name in BOARD_COLUMNS:
        assert sheet_columns((name,), Fold.NONE), name


def test_board_columns_in_the_settings_sheet_fix_the_built_board(tmp_path) -> None:
    from tests.board_sheet import read_board
    from tests.workbooks import write_measures_workbook
    from xl_tools.cli import main

    rows = [{"ID": "VA02", "Measure": "Number of referrals", "Unit": "Number", "Value": 599}]
    source = write_measures_workbook(
        tmp_path / "measures.xlsx",
        rows,
        settings={"Reporting period": "November 2023", "Board columns": "Measure, RAG, Value"},
    )

    assert main(["build", str(source), "-o", str(tmp_path / "board.xlsx")]) == 0
    assert read_board(tmp_path / "board.xlsx").headers == ["Measure", "RAG", "Value"]


def test_without_sparklines_the_board_has_no_empty_last_12_months_column():
    """The button cannot draw sparklines: its board leaves their column out."""
    from xl_tools.model import HISTORY_COLUMN
    from xl_tools.write.board import plan_board
    from xl_tools.write.board_columns import SPARKLINE

    computed = _a_year_of(computed_frame(PR08), 21.0, 33.0, 31.0)
    assert HISTORY_COLUMN in computed
    settings = Settings(period="November 2023")
    with_lines = plan_board(computed, settings)
    without = plan_board(computed, settings, sparklines=False)
    assert SPARKLINE in [column.header for column in with_lines.columns]
    assert SPARKLINE not in [column.header for column in without.columns]
    assert without.sparkline_column is None
    assert all(not row.series for row in without.body)
    named = Settings(period="November 2023", board_columns=("Measure", SPARKLINE, "Value"))
    assert [c.header for c in plan_board(computed, named, sparklines=False).columns] == [
        "Measure",
        "Value",
    ]
