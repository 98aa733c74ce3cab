"""Drafted commentary: one plain sentence a measure, from its computed figures only.

The rules (DESIGN 11), in the order the sentence follows them:

1. **The figure** starts the sentence, written as the board shows it (rounded half up):
   a percentage as ``79%`` or ``10.2%``, a rate as ``439 per 10,000``, a count as
   ``1,234``, an average as ``17`` or ``17.5``, a figure of unknown unit as the number.
   Every other figure in the sentence is written the same way, without ``per 10,000``.
2. **The target**, where the measure has one and a polarity (a context measure has no
   target clause): ``meeting the target of 85%`` where the value equals it, else
   ``above the target of 20%`` or ``below the target of 85%`` by the sign of the variance
   to target. The words say where the figure stands, never "met" or "missed": whether
   above or below is good is the RAG rating's to say, and "meeting" is written only where
   the variance is nothing and the rating is not red or amber.
3. **Each comparator with a figure and a judgement**, in the order statistical neighbours,
   England, the region, each with its figure in brackets: ``in line with`` exactly where
   the judgement is similar, else ``lower than`` or ``higher than`` by the sign of the
   variance to it. Comparators sharing the word share the clause, the words in the order of
   their first comparator: ``lower than statistical neighbours (512) and England (538), in
   line with the region (440)``.
4. **The change since the previous period**, where there is a previous figure and a
   computed direction, after a semicolon (a comma where only the figure comes before it):
   ``down from 452 in October``, ``up from 47% in October`` or ``the same as in October
   (79%)``, the words following the computed direction. Without a period's name: ``down
   from 452 previously``, ``the same as the previous period (79%)``.
5. **Slightly**: a move to or from the target or the previous figure is ``slightly`` above,
   below, up or down where it is within the tolerance of the target or previous figure
   (|value - reference| <= tolerance x |reference|), or where the two show the same on the
   board. Comparators never get it: ``in line with`` already says "within the tolerance".
6. **No figure**: ``No figure this period.``, with the cell's words in brackets where they
   are words rather than a code (``No figure this period (measure being developed).``;
   ``c``, ``n/a`` or ``..`` are left out). Nothing else is said.
7. **Too close to say**: computed variances are rounded to two places. Where one rounds to
   nothing yet the rating or judgement says the figures differ (only with no tolerance, or
   a comparator next to nought), that clause is left out: the board cannot show which way
   they differ.
8. Nothing is said that the figures do not show: no clause for a missing target,
   comparator or previous figure, and no "improving" or "better": the trend and judgements
   are on the board beside the draft. A row with no figure and no name gets no draft.

>>> from xl_tools.model import Direction, Judgement, Polarity, Unit
>>> print(draft_commentary(  # doctest: +NORMALIZE_WHITESPACE
...     {"unit": Unit.RATE_PER_10K, "polarity": Polarity.NONE, "value": 439.0,
...      "statistical_neighbours": 512.0, "statistical_neighbours_variance": -73.0,
...      "statistical_neighbours_judgement": Judgement.LOWER,
...      "england": 538.0, "england_variance": -99.0, "england_judgement": Judgement.LOWER,
...      "previous": 452.0, "direction": Direction.DOWN},
...     tolerance=0.05, previous_period="October"))
439 per 10,000, lower than statistical neighbours (512) and England (538);
slightly down from 452 in October.
>>> draft_commentary(
...     {"unit": Unit.PERCENT, "polarity": Polarity.HIGHER_BETTER, "value": 79.0,
...      "target": 85.0, "variance_to_target": -6.0, "region": 80.0,
...      "region_variance": -1.0, "region_judgement": Judgement.SIMILAR},
...     tolerance=0.05, previous_period=None)
'79%, below the target of 85%, in line with the region (80%).'
>>> draft_commentary({"measure": "% of CEP visited", "no_figure": "measure being developed"},
...                  tolerance=0.05, previous_period="October")
'No figure this period (measure being developed).'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from xl_tools.model import Comparator, Direction, Judgement, Polarity, Rag, Unit
from xl_tools.write import formats

__all__ = ["draft_commentary"]

COMPARATOR_NAMES = {
    Comparator.STATISTICAL_NEIGHBOURS: "statistical neighbours",
    Comparator.ENGLAND: "England",
    Comparator.REGION: "the region",
}
NO_FIGURE = "No figure this period"
# Figures equal to this many places are equal (the places the RAG and judgement rules use).
_EQUAL_PLACES = 9
_E = TypeVar("_E", bound=StrEnum)


def draft_commentary(
    record: Mapping[str, object], *, tolerance: float, previous_period: str | None
) -> str | None:
    """Draft one plain sentence about a measure from its computed figures.

    Args:
        record: The measure's fields (`xl_tools.model.FIELDS`) with the computed ones filled
            in; None (or NaN) where a field is missing.
        tolerance: The tolerance as a fraction (0.05 for 5%), for ``slightly``.
        previous_period: The previous period's name as the sentence says it ("October"),
            or None.

    Returns:
        The sentence, ending with a full stop; None for a row with no figure and no name.
    """
    value = _number(record.get("value"))
    if value is None:
        return _no_figure(record)
    unit = _member(Unit, record.get("unit"))
    lead = _figure(value, unit) + (" per 10,000" if unit is Unit.RATE_PER_10K else "")
    clauses = [
        clause
        for clause in (
            _target_clause(record, value, unit, tolerance),
            _comparator_clause(record, value, unit),
        )
        if clause
    ]
    text = "".join([lead, *(f", {clause}" for clause in clauses)])
    change = _change_clause(record, value, unit, tolerance, previous_period)
    if change:
        text += ("; " if clauses else ", ") + change
    return text + "."


def _no_figure(record: Mapping[str, object]) -> str | None:
    """What to say of a measure with no figure: that it has none, and the cell's words."""
    words = _text(record.get("no_figure"))
    if words is None and _text(record.get("measure")) is None and _text(record.get("id")) is None:
        return None
    # A code such as "c", "n/a", "tbc" or ".." tells a board member nothing.
    if words is not None and len(words) > 3 and any(letter.isalpha() for letter in words):
        return f"{NO_FIGURE} ({words})."
    return f"{NO_FIGURE}."


def _target_clause(
    record: Mapping[str, object], value: float, unit: Unit | None, tolerance: float
) -> str | None:
    target = _number(record.get("target"))
    polarity = _member(Polarity, record.get("polarity"))
    if target is None or polarity in (None, Polarity.NONE):
        return None
    gap = _gap(record.get("variance_to_target"), value, target)
    shown = _figure(target, unit)
    if gap == 0:
        # The variance rounds to nothing, yet the rating is short of green: too close to say.
        rag = _member(Rag, record.get("rag"))
        return None if rag in (Rag.RED, Rag.AMBER) else f"meeting the target of {shown}"
    where = "above" if gap > 0 else "below"
    return f"{_slightly(value, target, unit, tolerance)}{where} the target of {shown}"


def _comparator_clause(record: Mapping[str, object], value: float, unit: Unit | None) -> str:
    """``lower than statistical neighbours (512) and England (538), in line with ...``."""
    groups: dict[str, list[str]] = {}
    for comparator in Comparator:
        figure = _number(record.get(comparator.value))
        judgement = _member(Judgement, record.get(f"{comparator}_judgement"))
        if figure is None or judgement is None:
            continue
        gap = _gap(record.get(f"{comparator}_variance"), value, figure)
        if judgement is Judgement.SIMILAR:
            word = "in line with"
        elif gap == 0:
            continue  # the variance shows nothing, the judgement a difference: too close to say
        else:
            word = "lower than" if gap < 0 else "higher than"
        named = f"{COMPARATOR_NAMES[comparator]} ({_figure(figure, unit)})"
        groups.setdefault(word, []).append(named)
    return ", ".join(f"{word} {_listed(names)}" for word, names in groups.items())


def _change_clause(
    record: Mapping[str, object],
    value: float,
    unit: Unit | None,
    tolerance: float,
    previous_period: str | None,
) -> str | None:
    previous = _number(record.get("previous"))
    direction = _member(Direction, record.get("direction"))
    if previous is None or direction is None:
        return None
    period = _text(previous_period)
    shown = _figure(previous, unit)
    if direction is Direction.SAME:
        return f"the same as {f'in {period}' if period else 'the previous period'} ({shown})"
    word = "up" if direction is Direction.UP else "down"
    when = f"in {period}" if period else "previously"
    return f"{_slightly(value, previous, unit, tolerance)}{word} from {shown} {when}"


def _slightly(value: float, reference: float, unit: Unit | None, tolerance: float) -> str:
    """``slightly `` where a move is within the tolerance or too small for the board to show."""
    within = round(abs(value - reference) - tolerance * abs(reference), _EQUAL_PLACES) <= 0
    return "slightly " if within or _figure(value, unit) == _figure(reference, unit) else ""


def _gap(variance: object, value: float, reference: float) -> float:
    """The variance as computed (value - reference when it is missing), 0 where equal."""
    gap = _number(variance)
    return round(value - reference if gap is None else gap, _EQUAL_PLACES)


def _figure(number: float, unit: Unit | None) -> str:
    """A figure as the board shows it: ``22%``, ``439``, ``1,234``, ``17.5``."""
    return formats.shown(formats.stored_value(number, unit), formats.value_format(number, unit))


def _listed(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _number(cell: object) -> float | None:
    if cell is None or isinstance(cell, str | bool):
        return None
    number = float(cell)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _member(kind: type[_E], cell: object) -> _E | None:
    """A field's enum member, whether the record holds the member or its text."""
    return kind(cell) if isinstance(cell, str) and cell else None


def _text(cell: object) -> str | None:
    text = cell.strip() if isinstance(cell, str) else ""
    return text or None
