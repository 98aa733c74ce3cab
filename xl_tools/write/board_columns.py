"""The board's columns: what each shows of a measure, in a full form and a compact one.

A board column is one of the names an officer may list in the Settings sheet's "Board
columns" (`xl_tools.model.BOARD_COLUMNS`). Most are one sheet column; a comparator is
three in full (its figure, the variance to it and the judgement word) and one when compact
(``24%`` over ``worse``). Target and its variance, the previous figure and the direction,
the year's figures and the trend words, and the value and its actual numbers fold together
the same way when the page is short of room (`xl_tools.write.fit`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

from xl_tools.model import (
    COMPARATOR_LABELS,
    Comparator,
    Direction,
    Judgement,
    Trend,
    comparator_fields,
)
from xl_tools.write import formats, trends
from xl_tools.write.description import BoardCell, Row
from xl_tools.write.records import (
    EMPTY,
    figure_cell,
    shown_text,
    text_of,
    unit_of,
    value_cell,
    variance_cell,
)

COMMENTARY = "Commentary"
DRAFT_MARK = "Draft: "
SPARKLINE = trends.TREND_HEADERS[0]
# The direction of travel as an arrow and a word: the arrow for the move, the word for
# whether it is good news (by the measure's polarity), or the move itself where none is.
ARROWS = {Direction.UP: "\u25b2", Direction.DOWN: "\u25bc", Direction.SAME: "\u25ba"}
_TREND_WORDS = {Trend.IMPROVING: "better", Trend.WORSENING: "worse", Trend.STABLE: "same"}


class Fold(IntEnum):
    """How far the board's columns are folded together to fit the page, least first."""

    NONE = 0
    COMPARATORS = 1  # a comparator's figure and judgement in one cell
    TARGET = 2  # the target and the variance to it in one cell
    DIRECTION = 3  # the previous figure under the direction of travel
    TREND = 4  # the year to date and a year ago after the trend's words
    VALUE = 5  # the actual numbers under the value


@dataclass(frozen=True)
class Column:
    """One sheet column of the board.

    Attributes:
        header: Its header.
        cell: What it shows of a measure.
        wrap: For a column of wrapped text, its (widest, narrowest) width; None for a
            column as wide as its widest cell.
        align: How its body is aligned (``general``: text left, numbers right).
        draft: Whether its text may be a drafted commentary, shown as such.
    """

    header: str
    cell: Callable[[Row], BoardCell]
    wrap: tuple[float, float] | None = None
    align: str = "general"
    draft: bool = False


_BY_LABEL = {label: comparator for comparator, label in COMPARATOR_LABELS.items()}


def sheet_columns(names: tuple[str, ...], fold: Fold) -> list[Column]:
    """The sheet columns of the board columns named, folded as far as `fold` says."""
    shown = set(names)
    columns: list[Column] = []
    for name in names:
        columns.extend(_columns_of(name, shown, fold))
    return columns


def _columns_of(name: str, shown: set[str], fold: Fold) -> list[Column]:
    if name in _BY_LABEL:
        return _COMPARATORS[_BY_LABEL[name], fold >= Fold.COMPARATORS]
    if name == "Value" and fold >= Fold.VALUE and "Actual numbers" in shown:
        return [_FOLDED["Value"]]
    if name == "Actual numbers" and fold >= Fold.VALUE and "Value" in shown:
        return []
    if name == "Target" and fold >= Fold.TARGET and "Variance to target" in shown:
        return [_FOLDED["Target"]]
    if name == "Variance to target" and fold >= Fold.TARGET and "Target" in shown:
        return []
    if name == "Previous" and fold >= Fold.DIRECTION and "Direction of travel" in shown:
        return []
    if name == "Direction of travel" and fold >= Fold.DIRECTION and "Previous" in shown:
        return [_FOLDED[name]]
    folded_trend = fold >= Fold.TREND and trends.TREND_HEADERS[1] in shown
    if name in trends.TREND_HEADERS[2:] and folded_trend:
        return []
    if name == trends.TREND_HEADERS[1] and folded_trend:
        return [_trend_column(tuple(n for n in trends.TREND_HEADERS[2:] if n in shown))]
    return [_SIMPLE[name]]


@functools.cache
def _trend_column(extras: tuple[str, ...]) -> Column:
    """The trend's words with the year's figures named after them: one column a choice."""
    return Column(
        trends.TREND_HEADERS[1], lambda record: _trend_with(record, extras), wrap=(24.0, 14.0)
    )


def _comparator_columns(comparator: Comparator, folded: bool) -> list[Column]:
    label, fields = COMPARATOR_LABELS[comparator], comparator_fields(comparator)

    def figure(record: Row) -> BoardCell:
        return figure_cell(record.get(fields["value"]), unit_of(record))

    def variance(record: Row) -> BoardCell:
        return variance_cell(record.get(fields["variance"]), unit_of(record))

    def judgement(record: Row) -> BoardCell:
        return BoardCell(_judgement_word(record.get(fields["judgement"])) or None)

    def both(record: Row) -> BoardCell:
        shown = figure(record)
        if shown.value is None:
            return EMPTY
        word = _judgement_word(record.get(fields["judgement"]))
        return BoardCell("\n".join(filter(None, (shown_text(shown), word))))

    if folded:
        return [Column(label, both, align="right")]
    lower = label[0].lower() + label[1:] if label != "England" else label
    return [
        Column(label, figure),
        Column(f"Variance to {lower}", variance),
        Column(f"Against {lower}", judgement, align="center"),
    ]


def _judgement_word(judgement: object) -> str:
    return "" if judgement is None else Judgement(judgement).value  # type: ignore[arg-type]


def direction_words(record: Row) -> str | None:
    """The direction of travel as an arrow and a word: ``▲ worse``, ``▼ down``, ``► same``.

    The word says whether the move is good news where the measure has a polarity, and
    names the move where it has none.

    >>> direction_words({"direction": Direction.UP, "trend": Trend.WORSENING})
    '▲ worse'
    >>> direction_words({"direction": Direction.DOWN, "trend": None})
    '▼ down'
    >>> direction_words({"direction": None}) is None
    True
    """
    direction = record.get("direction")
    if direction is None:
        return None
    direction = Direction(direction)  # type: ignore[arg-type]
    trend = record.get("trend")
    word = direction.value if trend is None else _TREND_WORDS[Trend(trend)]  # type: ignore[arg-type]
    return f"{ARROWS[direction]} {word}"


def _direction(record: Row) -> BoardCell:
    return BoardCell(direction_words(record))


def _direction_and_previous(record: Row) -> BoardCell:
    words = direction_words(record)
    previous = figure_cell(record.get("previous"), unit_of(record))
    if previous.value is None:
        return BoardCell(words)
    was = f"was {shown_text(previous)}"
    return BoardCell(f"{words}\n{was}" if words else was)


def _value_and_actuals(record: Row) -> BoardCell:
    value = value_cell(record)
    actuals = text_of(record.get("actual_numbers"))
    if actuals is None or actuals == shown_text(value):  # a count is its own actual number
        return value
    return BoardCell(f"{shown_text(value)}\n{actuals}" if value.value is not None else actuals)


def _target_and_variance(record: Row) -> BoardCell:
    unit = unit_of(record)
    target = figure_cell(record.get("target"), unit)
    if target.value is None:
        return EMPTY
    variance = variance_cell(record.get("variance_to_target"), unit)
    lines = (shown_text(target), shown_text(variance) if variance.value is not None else "")
    return BoardCell("\n".join(filter(None, lines)))


def _trend_with(record: Row, extras: tuple[str, ...]) -> BoardCell:
    """The trend's words, with the year to date and a year ago after them."""
    unit = unit_of(record)
    parts = [trends.trend_text(record)]
    for header in extras:
        figure = figure_cell(record.get(_TREND_FIELDS[header]), unit)
        if figure.value is not None:
            parts.append(f"{header}: {shown_text(figure)}")
    return BoardCell("; ".join(filter(None, parts)) or None)


def commentary(record: Row) -> BoardCell:
    """The officer's commentary, or else the drafted one, marked as a draft."""
    own = text_of(record.get("commentary"))
    if own is not None:
        return BoardCell(own)
    draft = text_of(record.get("draft_commentary"))
    return BoardCell(None if draft is None else DRAFT_MARK + draft)


def is_draft(cell: BoardCell) -> bool:
    """Whether a commentary cell shows a draft rather than the officer's words."""
    return isinstance(cell.value, str) and cell.value.startswith(DRAFT_MARK)


_TREND_FIELDS = dict(
    zip(trends.TREND_HEADERS[2:], ("year_to_date", "same_month_last_year"), strict=True)
)


def _field_text(field: str) -> Callable[[Row], BoardCell]:
    return lambda record: BoardCell(text_of(record.get(field)))


def _field_figure(field: str) -> Callable[[Row], BoardCell]:
    return lambda record: figure_cell(record.get(field), unit_of(record))


_SIMPLE = {
    "ID": Column("ID", _field_text("id")),
    "Measure": Column("Measure", _field_text("measure"), wrap=(40.0, 20.0)),
    "Value": Column("Value", value_cell),
    "Actual numbers": Column("Actual numbers", _field_text("actual_numbers"), align="right"),
    "Target": Column("Target", _field_figure("target")),
    "Variance to target": Column(
        "Variance to target",
        lambda record: variance_cell(record.get("variance_to_target"), unit_of(record)),
    ),
    "RAG": Column(
        "RAG",
        lambda record: BoardCell(formats.rag_word(record.get("rag")) or None),  # type: ignore[arg-type]
        align="center",
    ),
    "Previous": Column("Previous", _field_figure("previous")),
    "Direction of travel": Column("Direction of travel", _direction),
    SPARKLINE: Column(SPARKLINE, lambda record: EMPTY),
    trends.TREND_HEADERS[1]: Column(
        trends.TREND_HEADERS[1],
        lambda record: BoardCell(trends.trend_text(record)),
        wrap=(24.0, 14.0),
    ),
    **{header: Column(header, _field_figure(field)) for header, field in _TREND_FIELDS.items()},
    COMMENTARY: Column(COMMENTARY, commentary, wrap=(48.0, 24.0), draft=True),
}

# The columns made once: each sheet column is the same object whatever the fold, so that
# fitting works each one's cells out once.
_COMPARATORS = {
    (comparator, folded): _comparator_columns(comparator, folded)
    for comparator in Comparator
    for folded in (False, True)
}
_FOLDED = {
    "Value": Column("Value and actual numbers", _value_and_actuals, align="right"),
    "Target": Column("Target and variance", _target_and_variance, align="right"),
    "Direction of travel": Column("Direction of travel", _direction_and_previous),
}
