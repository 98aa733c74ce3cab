"""The benchmark's table: each measurement against what it is compared with and its target.

Rows are made from `timing.Runs` and printed as one Markdown table, ready for the README,
between the lines that say where and when it was measured and the notes on how.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass

from timing import Runs, ratio

_MET = {"<": operator.lt, "<=": operator.le, ">=": operator.ge}
_wall = operator.attrgetter("wall")
_cpu = operator.attrgetter("cpu")
HEADER = ("measure", "xl-tools", "against", "ratio", "target", "runs")


@dataclass(frozen=True)
class Target:
    """What a measurement should come to, e.g. at most 1.0x the other side.

    Attributes:
        sign: ``<``, ``<=`` or ``>=``.
        limit: The number the measurement is held to.
        unit: How the limit reads: ``x`` for a ratio, `` s``, `` MiB``.
        judged: False where this run is too small for the target to apply (``--quick``).

    >>> Target("<=", 1.0).verdict(1.08), Target(">=", 15, "x", judged=False).verdict(8.1)
    ('<= 1.0x MISSED', '>= 15x not judged')
    """

    sign: str
    limit: float
    unit: str = "x"
    judged: bool = True

    def __str__(self) -> str:
        number = f"{self.limit:.1f}" if self.limit < 10 else f"{self.limit:.0f}"
        return f"{self.sign} {number}{self.unit}"

    def verdict(self, value: float) -> str:
        """The target and whether `value` meets it."""
        if not self.judged:
            return f"{self} not judged"
        return f"{self} {'ok' if _MET[self.sign](value, self.limit) else 'MISSED'}"


@dataclass(frozen=True)
class Row:
    """One line of the table, as text."""

    measure: str
    ours: str
    against: str
    ratio: str
    target: str
    runs: str


def seconds(value: float) -> str:
    """Seconds to three figures or so.

    >>> seconds(0.04312), seconds(0.4312), seconds(26.04)
    ('0.043 s', '0.431 s', '26.04 s')
    """
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def mib(kib: float) -> str:
    """KiB as MiB.

    >>> mib(155_648)
    '152 MiB'
    """
    return f"{kib / 1024:.0f} MiB"


def timed(runs: Runs) -> str:
    """A side's median wall time, its CPU time beside."""
    return f"{seconds(runs.wall)} (CPU {seconds(runs.cpu)})"


def time_row(
    measure: str,
    ours: Runs,
    name: str,
    theirs: Runs,
    target: Target | None = None,
    *,
    faster: bool = False,
    absolute: bool = False,
) -> Row:
    """A row comparing the time of xl-tools with another command's, run in pairs.

    Args:
        measure: What xl-tools does.
        ours: Its runs.
        name: What it is compared with.
        theirs: That command's runs, paired with ours.
        target: What it should come to; None for none.
        faster: Show the ratio as how many times faster xl-tools is (theirs / ours).
        absolute: Judge the target on xl-tools's own median time, not on the ratio.
    """
    if faster:
        wall, cpu = ratio(theirs, ours, _wall), ratio(theirs, ours, _cpu)
        shown = f"{wall:.1f}x faster (CPU {cpu:.1f}x)"
    else:
        wall, cpu = ratio(ours, theirs, _wall), ratio(ours, theirs, _cpu)
        shown = f"{wall:.2f}x (CPU {cpu:.2f}x)"
    judged = ours.wall if absolute else wall
    verdict = target.verdict(judged) if target else ""
    return Row(
        measure, timed(ours), f"{name} {timed(theirs)}", shown, verdict, f"{len(ours)} pairs"
    )


def memory_row(
    measure: str,
    ours: Runs,
    against: Mapping[str, Runs],
    target: Target,
    *,
    ratio_target: bool = False,
) -> Row:
    """A row of peak memory: the largest of xl-tools's runs against others' largest.

    Args:
        measure: What xl-tools does.
        ours: Its runs.
        against: Other commands' runs by name; the ratio is to the first.
        target: What it should come to.
        ratio_target: Judge the target on the ratio to the first; otherwise on MiB.
    """
    first = next(iter(against.values()))
    peak_ratio = ours.peak_kib / first.peak_kib
    judged = peak_ratio if ratio_target else ours.peak_kib / 1024
    others = "; ".join(f"{name} {mib(runs.peak_kib)}" for name, runs in against.items())
    runs = f"{len(ours)} runs" if len(ours) != len(first) else f"{len(ours)} pairs"
    return Row(
        measure, mib(ours.peak_kib), others, f"{peak_ratio:.2f}x", target.verdict(judged), runs
    )


def print_report(lines: list[str], rows: list[Row], notes: list[str]) -> None:
    """The lines above, the rows as a Markdown table, and the notes below."""
    print("\n".join(lines), end="\n\n")
    table = [HEADER, *((r.measure, r.ours, r.against, r.ratio, r.target, r.runs) for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    table.insert(1, tuple("-" * width for width in widths))
    for row in table:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
    print()
    print("\n".join(notes))
