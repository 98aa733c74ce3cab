"""Drafted commentary: each wording rule, and that a draft never contradicts the figures."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_tools.compute import compute_measure
from xl_tools.model import (
    INPUT_COLUMNS,
    Comparator,
    Direction,
    Judgement,
    Polarity,
    Rag,
    Settings,
    Unit,
)
from xl_tools.write import formats
from xl_tools.write.drafts import COMPARATOR_NAMES, draft_commentary

SN, ENGLAND, REGION = (comparator.value for comparator in Comparator)
PERCENT, RATE, COUNT, AVERAGE = Unit.PERCENT, Unit.RATE_PER_10K, Unit.COUNT, Unit.AVERAGE
HIGHER, LOWER, CONTEXT = Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER, Polarity.NONE
COMPARATOR_WORDS = ("lower than", "higher than", "in line with")


def computed(tolerance: float = 0.05, **given: object) -> dict[str, object]:
    """A measure's record as the board drafts from it: input fields, then computed ones."""
    record: dict[str, object] = dict.fromkeys(INPUT_COLUMNS, math.nan)
    record.update(id=None, section=None, measure="A measure", no_figure=None, commentary=None)
    record.update(unit=None, polarity=CONTEXT)
    record.update(given)
    record.update(compute_measure(record, Settings(tolerance=tolerance)))
    return {
        name: None if isinstance(value, float) and math.isnan(value) else value
        for name, value in record.items()
    }


def draft(tolerance: float = 0.05, period: str | None = "October", **given: object) -> str | None:
    record = computed(tolerance, **given)
    return draft_commentary(record, tolerance=tolerance, previous_period=period)


def board_text(number: float, unit: Unit | None) -> str:
    """A figure as the board shows it."""
    return formats.shown(formats.stored_value(number, unit), formats.value_format(number, unit))


@pytest.mark.parametrize(
    ("unit", "value", "expected"),
    [
        (PERCENT, 79.0, "79%."),
        (PERCENT, 10.2, "10.2%."),
        (PERCENT, 10.25, "10.3%."),  # half up, as the board rounds
        (PERCENT, 0.0, "0%."),
        (RATE, 439.0, "439 per 10,000."),
        (RATE, 17.45, "17.5 per 10,000."),
        (RATE, 1234.0, "1234 per 10,000."),
        (COUNT, 599.0, "599."),
        (COUNT, 1234.0, "1,234."),
        (AVERAGE, 17.0, "17."),
        (AVERAGE, 17.5, "17.5."),
        (None, 1234.0, "1234."),
        (None, 2.5, "2.5."),
    ],
)
def test_the_figure_is_written_as_the_board_shows_it(unit, value, expected) -> None:
    assert draft(unit=unit, value=value) == expected


@pytest.mark.parametrize(
    ("polarity", "value", "target", "tolerance", "expected"),
    [
        (HIGHER, 79.0, 85.0, 0.05, "79%, below the target of 85%."),
        (HIGHER, 82.0, 85.0, 0.05, "82%, slightly below the target of 85%."),
        (HIGHER, 90.0, 85.0, 0.05, "90%, above the target of 85%."),
        (HIGHER, 85.0, 85.0, 0.05, "85%, meeting the target of 85%."),
        (LOWER, 18.0, 20.0, 0.05, "18%, below the target of 20%."),
        (LOWER, 21.0, 20.0, 0.05, "21%, slightly above the target of 20%."),
        (LOWER, 20.0, 20.0, 0.05, "20%, meeting the target of 20%."),
        # No tolerance, yet the board shows both as 85%: a move it cannot show is slight.
        (HIGHER, 84.96, 85.0, 0.0, "85%, slightly below the target of 85%."),
        (CONTEXT, 30.0, 20.0, 0.05, "30%."),  # a context measure has no target clause
        (HIGHER, 30.0, None, 0.05, "30%."),
    ],
)
def test_the_target_clause(polarity, value, target, tolerance, expected) -> None:
    target = math.nan if target is None else target
    given = {"unit": PERCENT, "polarity": polarity, "value": value, "target": target}
    assert draft(tolerance, **given) == expected


@pytest.mark.parametrize(
    ("polarity", "value", "target", "words", "rag"),
    [
        (HIGHER, 85.0, 85.0, "meeting", Rag.GREEN),
        (LOWER, 20.0, 20.0, "meeting", Rag.GREEN),
        (HIGHER, 90.0, 85.0, "above", Rag.GREEN),
        (LOWER, 18.0, 20.0, "below", Rag.GREEN),
        (HIGHER, 82.0, 85.0, "slightly below", Rag.AMBER),
        (LOWER, 21.0, 20.0, "slightly above", Rag.AMBER),
        (HIGHER, 79.0, 85.0, "below", Rag.RED),
        (LOWER, 24.0, 20.0, "above", Rag.RED),
    ],
)
def test_the_target_clause_sits_beside_the_rating(polarity, value, target, words, rag) -> None:
    record = computed(unit=PERCENT, polarity=polarity, value=value, target=target)
    text = draft_commentary(record, tolerance=0.05, previous_period=None)
    assert record["rag"] is rag
    assert text == f"{board_text(value, PERCENT)}, {words} the target of {target:.0f}%."


@pytest.mark.parametrize(
    ("unit", "polarity", "value", "comparators", "expected"),
    [
        # better, similar, worse: the word follows the sign, not the judgement's good news
        (PERCENT, HIGHER, 90.0, {SN: 80.0}, "90%, higher than statistical neighbours (80%)."),
        (PERCENT, LOWER, 38.0, {SN: 24.0}, "38%, higher than statistical neighbours (24%)."),
        (PERCENT, LOWER, 15.0, {SN: 24.0}, "15%, lower than statistical neighbours (24%)."),
        (PERCENT, HIGHER, 21.0, {SN: 20.0}, "21%, in line with statistical neighbours (20%)."),
        # higher and lower for context measures
        (RATE, CONTEXT, 439.0, {ENGLAND: 538.0}, "439 per 10,000, lower than England (538)."),
        (RATE, CONTEXT, 600.0, {REGION: 538.0}, "600 per 10,000, higher than the region (538)."),
        (
            RATE,
            CONTEXT,
            439.0,
            {SN: 512.0, ENGLAND: 538.0, REGION: 440.0},
            "439 per 10,000, lower than statistical neighbours (512) and England (538), "
            "in line with the region (440).",
        ),
        (
            COUNT,
            CONTEXT,
            1000.0,
            {SN: 1010.0, ENGLAND: 1234.0, REGION: 800.0},
            "1,000, in line with statistical neighbours (1,010), lower than England (1,234), "
            "higher than the region (800).",
        ),
        (
            AVERAGE,
            LOWER,
            17.0,
            {SN: 20.0, ENGLAND: 12.5, REGION: 19.0},
            "17, lower than statistical neighbours (20) and the region (19), "
            "higher than England (12.5).",
        ),
        (PERCENT, HIGHER, 79.0, {}, "79%."),  # no comparator: nothing said
    ],
)
def test_the_comparator_clause(unit, polarity, value, comparators, expected) -> None:
    assert draft(unit=unit, polarity=polarity, value=value, **comparators) == expected


@pytest.mark.parametrize(
    ("value", "previous", "period", "tolerance", "expected"),
    [
        (400.0, 452.0, "October", 0.05, "400 per 10,000, down from 452 in October."),
        (439.0, 452.0, "October", 0.05, "439 per 10,000, slightly down from 452 in October."),
        (500.0, 452.0, "October", 0.05, "500 per 10,000, up from 452 in October."),
        (460.0, 452.0, "October", 0.05, "460 per 10,000, slightly up from 452 in October."),
        (460.0, 452.0, "October", 0.0, "460 per 10,000, up from 452 in October."),
        (452.0, 452.0, "October", 0.05, "452 per 10,000, the same as in October (452)."),
        (400.0, 452.0, None, 0.05, "400 per 10,000, down from 452 previously."),
        (400.0, 452.0, "", 0.05, "400 per 10,000, down from 452 previously."),
        (452.0, 452.0, None, 0.05, "452 per 10,000, the same as the previous period (452)."),
        # The board shows both as 452: no tolerance, yet the move is too small to show.
        (452.04, 451.96, "October", 0.0, "452 per 10,000, slightly up from 452 in October."),
        (452.0, None, "October", 0.05, "452 per 10,000."),  # no previous: nothing said
    ],
)
def test_the_change_clause(value, previous, period, tolerance, expected) -> None:
    previous = math.nan if previous is None else previous
    given = {"unit": RATE, "value": value, "previous": previous}
    assert draft(tolerance, period, **given) == expected


def test_the_change_follows_a_semicolon_after_other_clauses() -> None:
    given = {"unit": PERCENT, "polarity": HIGHER, "value": 79.0, "target": 85.0}
    given.update({SN: 84.0, ENGLAND: 85.0, REGION: 80.0, "previous": 81.0})
    assert draft(**given) == (
        "79%, below the target of 85%, lower than statistical neighbours (84%) and "
        "England (85%), in line with the region (80%); slightly down from 81% in October."
    )


@pytest.mark.parametrize(
    ("given", "rag", "judgement"),
    [
        ({"polarity": LOWER, "target": 0.999}, Rag.RED, None),
        ({"polarity": HIGHER, "target": 1.001}, Rag.RED, None),
        ({"polarity": HIGHER, SN: 0.999}, None, Judgement.BETTER),
        ({"polarity": CONTEXT, REGION: 1.001}, None, Judgement.LOWER),
    ],
)
def test_a_gap_the_variance_cannot_show_is_left_out(given, rag, judgement) -> None:
    """No tolerance, and a gap under the variance's two places: the board shows no way."""
    record = computed(0.0, unit=COUNT, value=1.0, **given)
    judgements = {record[f"{comparator}_judgement"] for comparator in Comparator} - {None}
    assert (record["rag"], judgements) == (rag, {judgement} - {None})
    assert draft_commentary(record, tolerance=0.0, previous_period=None) == "1."


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"no_figure": "being developed"}, "No figure this period (being developed)."),
        ({"no_figure": "c"}, "No figure this period."),
        ({"no_figure": "n/a"}, "No figure this period."),
        ({"no_figure": ".."}, "No figure this period."),
        ({}, "No figure this period."),
        # Whatever else the row holds, nothing is said of a measure with no figure.
        (
            {"no_figure": "suppressed", "value": 5.0, SN: 4.0, "target": 3.0, "previous": 2.0},
            "No figure this period (suppressed).",
        ),
        ({"measure": None}, None),  # no name and no figure: no draft
        ({"measure": None, "id": "IM04"}, "No figure this period."),
    ],
)  # fmt: skip
def test_a_measure_with_no_figure(given, expected) -> None:
    assert draft(unit=PERCENT, polarity=HIGHER, **given) == expected


# Figures of every size a board meets, and ones near each other, where the words change.
FIGURES = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_subnormal=False),
    st.integers(0, 1000).map(float),
    st.sampled_from([0.0, 0.05, 0.5, 1.04, 0.96, 22.04, 21.96, 99.95]),
)


@st.composite
def measures(draw: st.DrawFn) -> tuple[dict[str, object], float]:
    tolerance = draw(st.sampled_from([0.0, 0.05, 0.1, 0.25]))
    value = draw(st.one_of(FIGURES, st.none()))
    near = st.floats(min_value=-0.4, max_value=0.4).map(lambda f: (value or 0.0) * (1 + f))
    other = st.one_of(st.none(), FIGURES, near, st.just(value))
    given = {name: draw(other) for name in ("target", "previous", SN, ENGLAND, REGION)}
    given = {name: math.nan if figure is None else figure for name, figure in given.items()}
    record = computed(
        tolerance,
        unit=draw(st.sampled_from([*Unit, None])),
        polarity=draw(st.sampled_from(list(Polarity))),
        value=math.nan if value is None else value,
        **given,
    )
    return record, tolerance


def comparator_word(text: str, mention: str) -> str:
    """The comparator word whose clause `mention` is in: the last one before it."""
    before = text[: text.index(mention)]
    return max(COMPARATOR_WORDS, key=before.rfind)


@given(measures(), st.sampled_from(["October", None]))
def test_a_draft_never_contradicts_the_computed_figures(measure, period) -> None:
    record, tolerance = measure
    text = draft_commentary(record, tolerance=tolerance, previous_period=period)
    unit, value = record["unit"], record["value"]
    if value is None:
        assert text == "No figure this period."
        return
    assert text is not None and text.endswith(".") and text.isascii()
    lead = board_text(value, unit) + (" per 10,000" if unit is RATE else "")
    assert text.startswith(lead) and text[len(lead)] in ".,"
    for comparator in Comparator:
        check_comparator(text, record, comparator)
    check_change(text, record, period, tolerance)
    check_target(text, record)


def check_comparator(text: str, record: dict[str, object], comparator: Comparator) -> None:
    name, figure = COMPARATOR_NAMES[comparator], record[comparator.value]
    judgement = record[f"{comparator}_judgement"]
    if figure is None or judgement is None:
        assert f"{name} (" not in text
        return
    mention = f"{name} ({board_text(figure, record['unit'])})"
    gap = record[f"{comparator}_variance"]
    if gap == 0 and judgement is not Judgement.SIMILAR:
        assert f"{name} (" not in text  # too close for the board to show which way
        return
    assert text.count(mention) == 1
    word = comparator_word(text, mention)
    assert (word == "in line with") == (judgement is Judgement.SIMILAR)
    assert word != "lower than" or gap < 0
    assert word != "higher than" or gap > 0


def check_change(
    text: str, record: dict[str, object], period: str | None, tolerance: float
) -> None:
    direction, previous = record["direction"], record["previous"]
    assert (" down from " in text) == (direction is Direction.DOWN)
    assert (" up from " in text) == (direction is Direction.UP)
    assert ("the same as" in text) == (direction is Direction.SAME)
    if direction is None:
        assert " previous" not in text and " in October" not in text
        return
    shown = board_text(previous, record["unit"])
    when = f"in {period}" if period else "previously"
    if direction is Direction.SAME:
        assert f"({shown})." in text
        return
    assert text.endswith(f" from {shown} {when}.")
    value, unit = record["value"], record["unit"]
    within = abs(value - previous) <= tolerance * abs(previous) + 1e-9
    too_small_to_show = board_text(value, unit) == shown
    assert ("slightly " in text.rpartition(";")[2]) == (within or too_small_to_show)


def check_target(text: str, record: dict[str, object]) -> None:
    target, gap = record["target"], record["variance_to_target"]
    if target is None or record["polarity"] is CONTEXT:
        assert "target" not in text
        return
    if gap == 0 and record["rag"] is not Rag.GREEN:
        assert "target" not in text  # too close for the board to show which way
        return
    shown = board_text(target, record["unit"])
    assert f"the target of {shown}" in text
    assert ("meeting the target" in text) == (gap == 0)
    assert ("meeting the target" in text) <= (record["rag"] is Rag.GREEN)
    assert ("above the target" not in text) or gap > 0
    assert ("below the target" not in text) or gap < 0
