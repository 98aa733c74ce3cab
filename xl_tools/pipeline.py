"""The three jobs the CLI and the Excel button run: build, compute and check one workbook.

Each job reads the workbook, computes the measures and (for build) writes the results, and
raises an `XlToolsError` for anything wrong with the workbook. Nothing here parses command
lines or prints: the CLI does that.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_tools.errors import Problem, ProblemCode, Severity, XlToolsError
from xl_tools.model import Rag

if TYPE_CHECKING:
    import pandas as pd

    from xl_tools.dfe_comparators import ComparatorOptions, Planned
    from xl_tools.model import Layout, MeasuresWorkbook, Settings
    from xl_tools.package import Workbook
    from xl_tools.published.filling import Fill, Match


@dataclass(frozen=True)
class RunOptions:
    """What the officer gave on the command line (or the button) for one run.

    Settings given here override the workbook's own.

    Attributes:
        population: The 0-17 child population.
        period: The reporting period, e.g. "November 2023".
        tolerance: The amber tolerance as a fraction (0.05 for 5%).
        sheet: The measures sheet's name, where the tool should not look for it itself.
        extra_headers: More header names for each field (``{"value": ("Nov 23 figure",)}``),
            from a column map file.
        comparators: Fill DfE's published comparators first, as asked (``build
            --comparators``); None to leave them as they are.

    >>> RunOptions(population=147541.0).tolerance is None
    True
    """

    population: float | None = None
    period: str | None = None
    tolerance: float | None = None
    sheet: str | None = None
    extra_headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    comparators: ComparatorOptions | None = None


@dataclass(frozen=True)
class BuildResult:
    """What a build did.

    Attributes:
        source: The workbook read.
        target: The workbook written.
        problems: Warnings found on the way (errors are raised instead).
        measures: The number of measures computed.
        red: Measures rated red (likewise `amber` and `green`).

    >>> BuildResult(Path("m.xlsx"), Path("m-board.xlsx"), measures=60, red=9).warnings
    0
    """

    source: Path
    target: Path
    problems: tuple[Problem, ...] = ()
    measures: int = 0
    filled: tuple[Fill, ...] = ()
    left: tuple[Match, ...] = ()
    red: int = 0
    amber: int = 0
    green: int = 0

    @property
    def warnings(self) -> int:
        """The number of warnings found."""
        return sum(problem.severity == Severity.WARNING for problem in self.problems)


def build_workbook(
    path: Path, *, out: Path | None = None, in_place: bool = False, options: RunOptions
) -> BuildResult:
    """Read a workbook, compute its measures and write the results and the board sheet.

    Writes ``<stem>-board.xlsx`` beside the input (``.xlsm`` for a macro-enabled workbook),
    or `out`, or the input itself when `in_place` (see `xl_tools.save.output_path`), always
    through a temporary file, which an interruption (`KeyboardInterrupt`) removes too. Only
    the tool's own cells and sheet change: every other part of the workbook goes out as it
    came.

    Args:
        path: The measures workbook.
        out: A file or folder to write to instead of the default.
        in_place: Write back into the input itself.
        options: Settings and reading options from the command line.

    Returns:
        Where it wrote, the warnings found, and the measures with their ratings.

    Raises:
        XlToolsError: The workbook cannot be read, computed or written; the output named
            is not a workbook of its kind, a folder, or read-only; the disk is full.
    """
    from xl_tools.replacing import Replacement
    from xl_tools.save import is_macro_enabled, output_path

    output_path(path, out, in_place)  # what the names alone tell, before opening anything
    with collector_paused(), open_for_writing(path) as book:
        target = output_path(path, out, in_place, macro_enabled=is_macro_enabled(book))
        # The place is made ready before the work, so that a target that cannot be
        # written is reported at once, and Ctrl-C at any point leaves nothing behind.
        with Replacement(target) as replacement:
            measures, computed, planned = _read_compute_and_write(path, book, options)
            replacement.write(book.save)
    problems = (*measures.problems, *row_problems(computed, measures.layout, str(path)))
    ratings = Counter(str(rag) for rag in computed["rag"] if rag is not None)
    return BuildResult(
        path,
        target,
        problems,
        measures=len(computed),
        filled=planned.filled if planned else (),
        left=planned.left if planned else (),
        red=ratings[Rag.RED],
        amber=ratings[Rag.AMBER],
        green=ratings[Rag.GREEN],
    )


def _read_compute_and_write(
    path: Path, book: Workbook, options: RunOptions
) -> tuple[MeasuresWorkbook, pd.DataFrame, Planned | None]:
    """A build up to saving: the workbook's measures read, computed and written into it.

    Where the options ask for DfE's published comparators, they are written first and
    the build computes with them.
    """
    from xl_tools.compute import compute_measures
    from xl_tools.read import interpret, worksheet_sources
    from xl_tools.write.xlsx import write_results

    measures = interpret(worksheet_sources(book), source=str(path), **reading_arguments(options))
    planned = None
    if options.comparators is not None:
        from xl_tools.dfe_comparators import fill_into

        measures, planned = fill_into(book, measures, options.comparators)
    computed = compute_measures(measures.frame, measures.settings)
    write_results(book, computed, measures.settings, measures.layout)
    return measures, computed, planned


def compute_workbook(path: Path, *, options: RunOptions) -> tuple[pd.DataFrame, Settings]:
    """Read a workbook and compute its measures, writing nothing.

    Args:
        path: The measures workbook.
        options: Settings and reading options from the command line.

    Returns:
        The computed measures table (`INPUT_COLUMNS` and `COMPUTED_COLUMNS`) and the
        settings it was computed with, ready for `xl_tools.export.to_json` or ``to_csv``.

    Raises:
        XlToolsError: The workbook cannot be read or computed.
    """
    from xl_tools.compute import compute_measures

    measures = read(path, options)
    return compute_measures(measures.frame, measures.settings), measures.settings


def check_workbook(path: Path, *, options: RunOptions) -> list[Problem]:
    """Read and validate a workbook, writing nothing, and list every problem found.

    The workbook goes through a build as far as saving: whatever would stop a build is
    found. Problems that stop it are returned too, not raised, so that a check of several
    workbooks lists them all.

    Args:
        path: The measures workbook.
        options: Settings and reading options from the command line.

    Returns:
        Every problem (errors and warnings) found; empty when the workbook is clean.
    """
    return inspect_workbook(path, options=options).problems


@dataclass(frozen=True)
class Inspection:
    """What a check found.

    Attributes:
        problems: Every problem, errors and warnings.
        recognised: The measures DfE publishes figures for, as the catalogue recognised
            them, each with why its comparators cannot be filled, if they cannot.
    """

    problems: list[Problem]
    recognised: list[Match]


def inspect_workbook(path: Path, *, options: RunOptions) -> Inspection:
    """Check a workbook (`check_workbook`) and say which measures DfE publishes figures for."""
    from xl_tools.published.filling import match_measures

    try:
        with open_for_writing(path) as book:
            measures, computed, _ = _read_compute_and_write(path, book, options)
    except XlToolsError as err:
        return Inspection(list(err.problems), [])
    records: list[dict[str, object]] = measures.frame.to_dict("records")  # type: ignore[assignment]
    problems = [*measures.problems, *row_problems(computed, measures.layout, str(path))]
    return Inspection(problems, match_measures(records))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for one build, resuming it (and so freeing) after.

    A build makes a great many objects (parsed parts, pandas imported on first use) that
    all live until it ends; the collector's passes through them on the way free nothing.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def read(path: Path, options: RunOptions) -> MeasuresWorkbook:
    """Read a workbook with the settings and reading options given for this run."""
    from xl_tools.read import read_workbook

    return read_workbook(path, **reading_arguments(options))


def open_for_writing(path: Path) -> Workbook:
    """Open a workbook to read its measures and write into it.

    Raises:
        XlToolsError: The file is missing, locked, or not a workbook.
    """
    from xl_tools.read import open_workbook

    return open_workbook(path)


def reading_arguments(options: RunOptions) -> dict[str, Any]:
    """The reader's keyword arguments for this run's options."""
    from xl_tools.read import SettingsOverrides

    overrides = SettingsOverrides(
        period=options.period, population=options.population, tolerance=options.tolerance
    )
    return {"overrides": overrides, "sheet": options.sheet, "extra_headers": options.extra_headers}


def row_problems(computed: pd.DataFrame, layout: Layout, source: str) -> list[Problem]:
    """The computed table's per-measure warnings, each placed on its measure's value cell."""
    from xl_tools.references import cell_address

    codes = _warning_codes()
    problems: list[Problem] = []
    for row, (measure, notes) in zip(
        layout.rows, zip(computed["measure"], computed["warnings"], strict=True), strict=True
    ):
        problems.extend(
            Problem(
                (code := codes.get(note, ProblemCode.INCONSISTENT_FIGURES)),
                f"{note} ({measure})",
                file=source,
                sheet=layout.sheet,
                cell=cell_address(row, _column_of(code, layout)),
                severity=Severity.WARNING,
            )
            for note in notes
        )
    return problems


def _warning_codes() -> dict[str, ProblemCode]:
    from xl_tools.compute import actuals

    return {
        actuals.NO_DENOMINATOR: ProblemCode.NO_DENOMINATOR,
        actuals.NO_POPULATION: ProblemCode.NO_POPULATION,
        actuals.UNKNOWN_UNIT: ProblemCode.BAD_UNIT,
    }


def _column_of(code: ProblemCode, layout: Layout) -> int:
    """The column a warning points at: the missing part where one is missing."""
    missing = {ProblemCode.NO_DENOMINATOR: "denominator", ProblemCode.NO_POPULATION: "count"}
    for field_name in (missing.get(code), "value", "measure"):
        if field_name in layout.columns:
            return layout.columns[field_name]
    return 1
