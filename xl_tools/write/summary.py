"""The board's summary: counts of ratings and judgements, exceptions, a sentence a section.

Every figure here is a count of the computed fields, so it equals what one counts in the
computed table's JSON: measures by ``rag``, and by each comparator's ``judgement``.

The rules:

- **Exceptions** are the measures rated red, and those worse than statistical neighbours
  and worsening since the previous period, in table order, each once with its reasons.
  A measure is named by its ID and name (``PR04 % of initial assessments ...``).
- **A section's standing against comparators** counts each measure with a judgement once,
  against its headline comparator: statistical neighbours where it has a judgement against
  them, else England, else the region. It is ``in line with`` where that judgement is
  similar, else ``lower than`` or ``higher than`` by the sign of the variance to it.
- **Quantifiers** (`quantifier`) of k measures out of n: ``all`` (k = n), ``almost all``
  (k >= 80% of n), ``most`` (k > half), ``half`` (k = half), ``some`` (fewer, k > 0),
  ``none``. A section's sentence quantifies its largest group (ties in the order lower,
  higher, in line) and gives the others as counts: ``Almost all the measures of Volume of
  Activity with a comparator are lower than comparators (7 of 8; 1 in line).``
- A section with ratings adds them: ``against target, 2 red, 1 amber, 3 green``.
- **The lines** the board prints: the RAG counts and how many measures are not rated; for
  each comparator some measure is judged against, the count of each judgement (higher and
  lower, of context measures, only where there are any) and the tolerance that makes one
  similar; the exceptions, or ``none``; then each section's sentence.
- A section with neither says so: ``None of the 18 measures of Impact has a comparator or a
  target.`` (or ``is set against a comparator or rated against a target`` where some have a
  comparator's figure or a target but no rating or judgement could be made).

>>> from xl_tools.model import Judgement, Rag
>>> summary = summarise(
...     [{"id": "AU01", "measure": "Audits", "section": "Audit", "rag": Rag.RED},
...      {"id": "PR05", "measure": "S47s", "section": "Process", "value": 8.0,
...       "statistical_neighbours": 30.0, "statistical_neighbours_judgement": Judgement.LOWER}],
...     tolerance=0.05)
>>> for line in summary_lines(summary):  # doctest: +NORMALIZE_WHITESPACE
...     print(line)
RAG against target: 1 red, 0 amber, 0 green (1 measure not rated)
Against statistical neighbours: 0 better, 0 similar, 0 worse, 0 higher, 1 lower
  (similar: within 5%)
Exceptions: AU01 Audits (red)
The one measure of Audit is not set against a comparator; against target, 1 red,
  0 amber, 0 green.
The one measure of Process with a comparator is lower than comparators (1 of 1).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xl_tools.model import Comparator, Judgement, Rag, Trend
from xl_tools.write import formats
from xl_tools.write.drafts import COMPARATOR_NAMES

__all__ = [
    "BoardSummary",
    "ComparatorCounts",
    "FlaggedMeasure",
    "RagCounts",
    "SectionSummary",
    "quantifier",
    "summarise",
    "summary_lines",
]

Record = Mapping[str, object]
RED = "red"
WORSE_AND_WORSENING = "worse than statistical neighbours and worsening"
# A section's standings, in the order ties are broken, and how a sentence says each.
STANDINGS = {
    "lower": "lower than comparators",
    "higher": "higher than comparators",
    "in line": "in line with comparators",
}
_QUANTIFIED = {
    "all": "All the",
    "almost all": "Almost all the",
    "most": "Most of the",
    "half": "Half the",
    "some": "Some of the",
}


@dataclass(frozen=True)
class RagCounts:
    """How many measures are rated red, amber and green, and how many are not rated."""

    red: int = 0
    amber: int = 0
    green: int = 0
    unrated: int = 0

    @property
    def rated(self) -> int:
        return self.red + self.amber + self.green

    def text(self) -> str:
        """``2 red, 1 amber, 3 green``."""
        return f"{self.red} red, {self.amber} amber, {self.green} green"


@dataclass(frozen=True)
class ComparatorCounts:
    """How many measures have each judgement against one comparator."""

    comparator: Comparator
    better: int = 0
    similar: int = 0
    worse: int = 0
    higher: int = 0
    lower: int = 0


@dataclass(frozen=True)
class FlaggedMeasure:
    """A measure the board should look at first, and why."""

    name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class SectionSummary:
    """One section: its measures' standing against comparators, ratings and sentence.

    Attributes:
        section: The section's name; None for the measures with no section.
        measures: How many measures it has.
        lower: How many stand lower than their headline comparator.
        higher: How many stand higher than it.
        in_line: How many stand in line with it.
        rag: Its measures' ratings.
        sentence: The sentence the board prints for it.
    """

    section: str | None
    measures: int
    lower: int
    higher: int
    in_line: int
    rag: RagCounts
    sentence: str


@dataclass(frozen=True)
class BoardSummary:
    """What the board says at its top before the table.

    Attributes:
        rag: Every measure's rating against its target.
        comparators: Judgement counts for each comparator some measure is judged against,
            in the order statistical neighbours, England, region.
        exceptions: The measures rated red or worse than statistical neighbours and
            worsening, in table order.
        sections: Each section in order of first appearance.
        tolerance: The tolerance the judgements were made with (0.05 for 5%).
    """

    rag: RagCounts
    comparators: tuple[ComparatorCounts, ...]
    exceptions: tuple[FlaggedMeasure, ...]
    sections: tuple[SectionSummary, ...]
    tolerance: float


def summarise(records: Sequence[Record], *, tolerance: float) -> BoardSummary:
    """Count the computed ratings and judgements of a board's measures, section by section.

    Args:
        records: The measures' fields, computed ones included, in table order.
        tolerance: The tolerance the judgements were made with, for the board to say.
    """
    sections: dict[str | None, list[Record]] = {}
    for record in records:
        sections.setdefault(_text(record.get("section")), []).append(record)
    return BoardSummary(
        rag=_ratings(records),
        comparators=tuple(
            counts
            for counts in (_judgements(records, comparator) for comparator in Comparator)
            if counts != ComparatorCounts(counts.comparator)
        ),
        exceptions=tuple(_exceptions(records)),
        sections=tuple(_section(name, members) for name, members in sections.items()),
        tolerance=tolerance,
    )


def summary_lines(summary: BoardSummary) -> tuple[str, ...]:
    """The lines the board prints above its table."""
    unrated = summary.rag.unrated
    lines = [
        f"RAG against target: {summary.rag.text()} "
        f"({unrated} measure{'' if unrated == 1 else 's'} not rated)"
    ]
    within = f"(similar: within {formats.percent_text(summary.tolerance)})"
    for counts in summary.comparators:
        words = f"{counts.better} better, {counts.similar} similar, {counts.worse} worse"
        if counts.higher or counts.lower:
            words += f", {counts.higher} higher, {counts.lower} lower"
        lines.append(f"Against {COMPARATOR_NAMES[counts.comparator]}: {words} {within}")
    flagged = "; ".join(f"{item.name} ({', '.join(item.reasons)})" for item in summary.exceptions)
    lines.append(f"Exceptions: {flagged or 'none'}")
    lines.extend(section.sentence for section in summary.sections)
    return tuple(lines)


def quantifier(count: int, total: int) -> str:
    """The word for `count` out of `total`: all, almost all, most, half, some or none.

    >>> [quantifier(k, 10) for k in (10, 9, 8, 7, 6, 5, 4, 1, 0)]
    ['all', 'almost all', 'almost all', 'most', 'most', 'half', 'some', 'some', 'none']
    """
    if count <= 0:
        return "none"
    if count >= total:
        return "all"
    if count * 5 >= total * 4:
        return "almost all"
    if count * 2 > total:
        return "most"
    return "half" if count * 2 == total else "some"


def _ratings(records: Sequence[Record]) -> RagCounts:
    """How many of `records` are rated red, amber and green, and how many are not."""
    counts = Counter(_rag(record) for record in records)
    return RagCounts(counts[Rag.RED], counts[Rag.AMBER], counts[Rag.GREEN], counts[None])


def _judgements(records: Sequence[Record], comparator: Comparator) -> ComparatorCounts:
    counts = Counter(_judgement(record, comparator) for record in records)
    return ComparatorCounts(
        comparator,
        better=counts[Judgement.BETTER],
        similar=counts[Judgement.SIMILAR],
        worse=counts[Judgement.WORSE],
        higher=counts[Judgement.HIGHER],
        lower=counts[Judgement.LOWER],
    )


def _exceptions(records: Sequence[Record]) -> list[FlaggedMeasure]:
    flagged = []
    for position, record in enumerate(records, start=1):
        reasons = []
        if _rag(record) is Rag.RED:
            reasons.append(RED)
        worse = _judgement(record, Comparator.STATISTICAL_NEIGHBOURS) is Judgement.WORSE
        if worse and _text(record.get("trend")) == Trend.WORSENING:
            reasons.append(WORSE_AND_WORSENING)
        if reasons:
            flagged.append(FlaggedMeasure(_name(record, position), tuple(reasons)))
    return flagged


def _section(name: str | None, records: Sequence[Record]) -> SectionSummary:
    standings = Counter(_standing(record) for record in records)
    counts = {standing: standings[standing] for standing in STANDINGS}
    rag = _ratings(records)
    subject = f"of {name}" if name else "outside any section"
    if sum(counts.values()):
        sentence = _standing_sentence(subject, counts)
        if rag.rated:
            sentence += f"; against target, {rag.text()}"
    else:
        sentence = _unjudged_sentence(subject, records, rag)
    lower, higher, in_line = counts.values()
    return SectionSummary(name, len(records), lower, higher, in_line, rag, sentence + ".")


def _standing_sentence(subject: str, counts: Mapping[str, int]) -> str:
    """``Almost all the measures of X with a comparator are lower than comparators (7 of 8)``."""
    compared = sum(counts.values())
    # Stable: the largest group first, ties in the order of STANDINGS.
    largest, *others = sorted(counts, key=lambda standing: -counts[standing])
    phrase = STANDINGS[largest]
    if compared == 1:
        lead = f"The one measure {subject} with a comparator is {phrase}"
    elif counts[largest] == 1 and compared > 2:
        lead = f"One of the measures {subject} with a comparator is {phrase}"
    else:
        words = _QUANTIFIED[quantifier(counts[largest], compared)]
        lead = f"{words} measures {subject} with a comparator are {phrase}"
    rest = ", ".join(f"{counts[other]} {other}" for other in others if counts[other])
    return f"{lead} ({counts[largest]} of {compared}{f'; {rest}' if rest else ''})"


def _unjudged_sentence(subject: str, records: Sequence[Record], rag: RagCounts) -> str:
    """The sentence of a section with no judgement against any comparator."""
    one = len(records) == 1
    who = f"The one measure {subject}" if one else f"None of the {len(records)} measures {subject}"
    is_set = f"{who} is{' not' if one else ''} set against a comparator"
    if rag.rated:
        return f"{is_set}; against target, {rag.text()}"
    if any(_has_comparator_or_target(record) for record in records):
        return f"{is_set} or rated against a target"
    return f"{who} has {'no comparator or target' if one else 'a comparator or a target'}"


def _standing(record: Record) -> str | None:
    """Where a measure stands against its headline comparator (the first with a judgement)."""
    for comparator in Comparator:
        judgement = _judgement(record, comparator)
        if judgement is None:
            continue
        if judgement is Judgement.SIMILAR:
            return "in line"
        # The figures themselves, as the judgement had them: a variance rounds to two places.
        value, figure = _number(record.get("value")), _number(record.get(comparator.value))
        if value is None or figure is None:
            gap = _number(record.get(f"{comparator}_variance")) or 0.0
        else:
            gap = value - figure
        return "lower" if gap < 0 else "higher" if gap > 0 else None
    return None


def _has_comparator_or_target(record: Record) -> bool:
    fields = ("target", *(comparator.value for comparator in Comparator))
    return any(_number(record.get(field)) is not None for field in fields)


def _name(record: Record, position: int) -> str:
    """``PR04 % of initial assessments completed in 45 days``."""
    name = " ".join(filter(None, (_text(record.get("id")), _text(record.get("measure")))))
    return name or f"measure {position} (no name)"


def _rag(record: Record) -> Rag | None:
    rag = _text(record.get("rag"))
    return None if rag is None else Rag(rag)


def _judgement(record: Record, comparator: Comparator) -> Judgement | None:
    judgement = _text(record.get(f"{comparator}_judgement"))
    return None if judgement is None else Judgement(judgement)


def _number(cell: object) -> float | None:
    if cell is None or isinstance(cell, str | bool):
        return None
    number = float(cell)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _text(cell: object) -> str | None:
    text = cell.strip() if isinstance(cell, str) else ""
    return text or None
