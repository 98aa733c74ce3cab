"""The three jobs the CLI and the Excel button run: build, compute and check one workbook.

Each job reads the workbook, computes the measures and (for build) writes the results, and
raises an `XlToolsError` for anything wrong with the workbook. Nothing here parses command
lines or prints: the CLI does that.
"""

from __future__ import annotations

import gc
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_tools.errors import Problem, ProblemCode, Severity, WouldLoseContentError, XlToolsError

if TYPE_CHECKING:
    import openpyxl
    import pandas as pd

    from xl_tools.model import Layout, MeasuresWorkbook, Settings


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

    >>> RunOptions(population=147541.0).tolerance is None
    True
    """

    population: float | None = None
    period: str | None = None
    tolerance: float | None = None
    sheet: str | None = None
    extra_headers: dict[str, tuple[str, ...]] = field(default_factory=dict)


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

    Writes ``<stem>-board.xlsx`` beside the input, or `out`, or the input itself when
    `in_place` (see `xl_tools.save.output_path`), always through a temporary file. Refuses
    (`WouldLoseContentError`) to write a workbook holding what would be lost on saving.

    Args:
        path: The measures workbook.
        out: A file or folder to write to instead of the default.
        in_place: Write back into the input itself.
        options: Settings and reading options from the command line.

    Returns:
        Where it wrote, the warnings found, and the measures with their ratings.

    Raises:
        XlToolsError: The workbook cannot be read, computed or written.
    """
    with _collector_paused():
        return _build(path, out, in_place, options)


def _build(path: Path, out: Path | None, in_place: bool, options: RunOptions) -> BuildResult:
    """The steps of `build_workbook`."""
    from xl_tools.save import output_path

    target = output_path(path, out, in_place)
    measures, book = read_and_open(path, options)
    try:
        return _compute_and_write(path, target, measures, book)
    finally:
        # openpyxl keeps a macro workbook's parts in an archive it never closes; left to
        # the collector, it may be finalised after its buffer and fail noisily.
        if getattr(book, "vba_archive", None) is not None:
            book.vba_archive.close()
        _release_cells(book)


def _release_cells(book: openpyxl.Workbook) -> None:
    """Let a built workbook's cells be freed the moment the build ends.

    A worksheet and its cells refer to each other, so they would be freed only by the
    cycle collector, whose pass through thousands of cells costs a twentieth of a build;
    emptied of its cells, the workbook is small, and the cells go at once.
    """
    for sheet in book.worksheets:
        getattr(sheet, "_cells", {}).clear()  # not public in openpyxl (pinned <3.2)


def _compute_and_write(
    path: Path, target: Path, measures: MeasuresWorkbook, book: openpyxl.Workbook
) -> BuildResult:
    from xl_tools.compute import compute_measures
    from xl_tools.losses import find_losses
    from xl_tools.model import Rag
    from xl_tools.save import save_workbook
    from xl_tools.write.xlsx import write_results

    losses = find_losses(path)
    if losses:
        raise WouldLoseContentError(losses)
    computed = compute_measures(measures.frame, measures.settings)
    edits = write_results(book, computed, measures.settings, measures.layout)
    save_workbook(book, target, sheet_edits=edits)
    problems = (*measures.problems, *row_problems(computed, measures.layout, str(path)))
    ratings = Counter(str(rag) for rag in computed["rag"] if rag is not None)
    return BuildResult(
        path,
        target,
        problems,
        measures=len(computed),
        red=ratings[Rag.RED],
        amber=ratings[Rag.AMBER],
        green=ratings[Rag.GREEN],
    )


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

    Problems that stop reading are returned too, not raised, so that a check of several
    workbooks lists them all. What a build would refuse to lose is listed as well.

    Args:
        path: The measures workbook.
        options: Settings and reading options from the command line.

    Returns:
        Every problem (errors and warnings) found; empty when the workbook is clean.
    """
    from xl_tools.compute import compute_measures
    from xl_tools.losses import find_losses

    try:
        measures = read(path, options)
    except XlToolsError as err:
        return list(err.problems)
    computed = compute_measures(measures.frame, measures.settings)
    return [
        *measures.problems,
        *row_problems(computed, measures.layout, str(path)),
        *find_losses(path),
    ]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for one build, resuming it (and so freeing) after.

    A build makes a great many objects (a loaded workbook, pandas imported on first use)
    that all live until it ends; the collector's passes through them on the way free
    nothing and cost a tenth of a build's own work.
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

    return read_workbook(path, **_reading(options))


def read_and_open(path: Path, options: RunOptions) -> tuple[MeasuresWorkbook, openpyxl.Workbook]:
    """Read a workbook's measures and open it for writing, loading it once where possible.

    The measures are exactly those `read` gives: where no cell holds a formula they are
    taken from the workbook opened for writing (see `xl_tools.read.fast`), else `read`
    loads the file again for the saved results of its formulas.

    Raises:
        XlToolsError: The workbook cannot be read, as `read` says.
    """
    from xl_tools.read import interpret
    from xl_tools.read.fast import sheets_from_book

    try:
        book = load_for_writing(path)
    except Exception:
        # The reader names what is wrong with a file openpyxl cannot open.
        read(path, options)
        raise
    sheets = sheets_from_book(book)
    if sheets is None:
        return read(path, options), book
    return interpret(sheets, source=str(path), **_reading(options)), book


def _reading(options: RunOptions) -> dict[str, Any]:
    """The reader's keyword arguments for this run's options."""
    from xl_tools.read import SettingsOverrides

    overrides = SettingsOverrides(
        period=options.period, population=options.population, tolerance=options.tolerance
    )
    return {"overrides": overrides, "sheet": options.sheet, "extra_headers": options.extra_headers}


def load_for_writing(path: Path) -> openpyxl.Workbook:
    """Open a workbook with its formulas (and macros, for ``.xlsm``) to write into it.

    The workbook ``openpyxl.load_workbook`` gives, loaded faster (see
    `xl_tools.read.openpyxl_load`).
    """
    from xl_tools.read.openpyxl_load import load_as_openpyxl

    with warnings.catch_warnings():
        # The board sheet is the tool's own and rewritten whole, sparklines included; a loss
        # anywhere else was refused before this point.
        warnings.filterwarnings("ignore", "Sparkline Group extension", UserWarning)
        return load_as_openpyxl(path, keep_vba=path.suffix.lower() == ".xlsm")


def row_problems(computed: pd.DataFrame, layout: Layout, source: str) -> list[Problem]:
    """The computed table's per-measure warnings, each placed on its measure's value cell."""
    from xl_tools.read.cells import cell_address

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
