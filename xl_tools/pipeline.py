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

    from xl_tools.model import Layout, MeasuresWorkbook, Settings
    from xl_tools.package import Workbook
    from xl_tools.published.filling import Fill, Match

COMPARATORS_SUFFIX = "-comparators"


@dataclass(frozen=True)
class ComparatorOptions:
    """What the officer asked of DfE's published comparators (DESIGN 10).

    Attributes:
        la: The authority, by DfE number or name; None for the workbook's own Authority.
        year: The year ending 31 March; None for the newest out by the reporting period.
        average: ``mean`` (as LAIT) or ``median`` (as DfE's dashboard) of the neighbours.
        neighbours: DfE's 2021 groupings or its 2025 model; None for the one DfE used.
        data: A folder of EES CSV downloads to read instead of the shipped figures.

    >>> ComparatorOptions(la="878").average
    'mean'
    """

    la: str | None = None
    year: int | None = None
    average: str = "mean"
    neighbours: int | None = None
    data: Path | None = None


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
    with _collector_paused(), open_for_writing(path) as book:
        target = output_path(path, out, in_place, macro_enabled=is_macro_enabled(book))
        # The place is made ready before the work, so that a target that cannot be
        # written is reported at once, and Ctrl-C at any point leaves nothing behind.
        with Replacement(target) as replacement:
            measures, computed, filling = _read_compute_and_write(path, book, options)
            replacement.write(book.save)
    problems = (*measures.problems, *row_problems(computed, measures.layout, str(path)))
    ratings = Counter(str(rag) for rag in computed["rag"] if rag is not None)
    return BuildResult(
        path,
        target,
        problems,
        measures=len(computed),
        filled=filling[0],
        left=filling[1],
        red=ratings[Rag.RED],
        amber=ratings[Rag.AMBER],
        green=ratings[Rag.GREEN],
    )


def _read_compute_and_write(
    path: Path, book: Workbook, options: RunOptions
) -> tuple[MeasuresWorkbook, pd.DataFrame, Filling]:
    """A build up to saving: the workbook's measures read, computed and written into it.

    Where the options ask for DfE's published comparators, they are written first and
    the build computes with them.
    """
    from xl_tools.compute import compute_measures
    from xl_tools.read import interpret, worksheet_sources
    from xl_tools.write.xlsx import write_results

    measures = interpret(worksheet_sources(book), source=str(path), **_reading(options))
    filling: Filling = ((), ())
    if options.comparators is not None:
        measures, filling = _fill_comparators(book, measures, options.comparators)
    computed = compute_measures(measures.frame, measures.settings)
    write_results(book, computed, measures.settings, measures.layout)
    return measures, computed, filling


Filling = tuple[tuple["Fill", ...], tuple["Match", ...]]


@dataclass(frozen=True)
class ComparatorsResult:
    """What `fill_comparators` did.

    Attributes:
        source: The workbook read.
        target: The workbook written.
        authority: The authority's name, as DfE publishes it.
        filled: The measures filled, with the year and figures used.
        left: The measures recognised but not filled, each with why.
        problems: Warnings found on the way.
    """

    source: Path
    target: Path
    authority: str
    filled: tuple[Fill, ...]
    left: tuple[Match, ...]
    problems: tuple[Problem, ...] = ()


def fill_comparators(
    path: Path,
    *,
    out: Path | None = None,
    in_place: bool = False,
    options: RunOptions,
    comparators: ComparatorOptions,
) -> ComparatorsResult:
    """Fill a workbook's Statistical neighbours, England and Region from DfE's figures.

    Each measure the catalogue recognises gets its authority's published figures for one
    year, with the year and source in a Comparator source column; nothing else in the
    workbook changes. Writes ``<stem>-comparators.xlsx`` beside the input, or `out`, or
    the input itself when `in_place`, as a build does.

    Raises:
        XlToolsError: The workbook cannot be read or written, the authority is not known,
            or the published figures cannot be read.
    """
    from xl_tools.replacing import Replacement
    from xl_tools.save import is_macro_enabled, output_path

    output_path(path, out, in_place, suffix=COMPARATORS_SUFFIX)
    with _collector_paused(), open_for_writing(path) as book:
        target = output_path(
            path,
            out,
            in_place,
            macro_enabled=is_macro_enabled(book),
            suffix=COMPARATORS_SUFFIX,
        )
        with Replacement(target) as replacement:
            from xl_tools.read import interpret, worksheet_sources

            sources = worksheet_sources(book)
            reading = _reading(options)
            measures = interpret(sources, source=str(path), population_needed=False, **reading)
            measures, (filled, left) = _fill_comparators(book, measures, comparators)
            replacement.write(book.save)
    authority = _authority(comparators, measures)
    name = f"{authority.name} ({authority.code})"
    return ComparatorsResult(path, target, name, filled, left, measures.problems)


def _fill_comparators(
    book: Workbook, measures: MeasuresWorkbook, asked: ComparatorOptions
) -> tuple[MeasuresWorkbook, Filling]:
    """Write the published comparators into the measures sheet, and read them as written."""
    import dataclasses

    from xl_tools.published import Average
    from xl_tools.published.filling import FillRequest, plan_fill
    from xl_tools.write.comparators import plan_comparator_cells, with_columns
    from xl_tools.write.xlsx import measures_sheet, write_comparator_cells

    figures = _published_figures(asked, measures.source)
    request = FillRequest(
        _authority(asked, measures, figures), asked.year, Average(asked.average), asked.neighbours
    )
    records: list[dict[str, object]] = measures.frame.to_dict("records")  # type: ignore[assignment]
    try:
        fills, left = plan_fill(records, figures, request, _month(measures.settings.period))
    except ValueError as error:
        raise _published_error(error, measures.source) from None
    cells = plan_comparator_cells(fills, measures.layout)
    write_comparator_cells(book, measures_sheet(book, measures.layout), cells, measures.layout)
    frame = measures.frame.copy()
    for fill in fills:
        comparators = fill.comparators
        frame.loc[fill.match.position, "statistical_neighbours"] = _figure(
            comparators.statistical_neighbours
        )
        frame.loc[fill.match.position, "england"] = _figure(comparators.england)
        frame.loc[fill.match.position, "region"] = _figure(comparators.region)
        frame.loc[fill.match.position, "comparator_source"] = comparators.source
    filled = dataclasses.replace(measures, frame=frame, layout=with_columns(measures.layout, cells))
    return filled, (tuple(fills), tuple(left))


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
def _collector_paused() -> Iterator[None]:
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


def _published_figures(asked: ComparatorOptions, source: str | None) -> Any:
    """The shipped published figures, or those read from the folder asked for."""
    from xl_tools.published import read_ees, shipped

    if asked.data is None:
        return shipped()
    try:
        return read_ees(asked.data)
    except ValueError as error:
        raise _published_error(error, source) from None


def _authority(asked: ComparatorOptions, measures: MeasuresWorkbook, figures: Any = None) -> Any:
    """The authority asked for, else the workbook's own Authority setting."""
    from xl_tools.published import find_authority

    text = asked.la or measures.settings.authority
    if not text:
        raise XlToolsError(
            Problem(
                ProblemCode.NO_PUBLISHED_DATA,
                "no authority is given for DfE's comparators: give --la with its DfE number "
                "(such as 878) or name, or fill in Authority in the Settings sheet",
                file=measures.source,
            )
        )
    try:
        return find_authority(text, figures)
    except ValueError as error:
        raise _published_error(error, measures.source) from None


def _published_error(error: ValueError, source: str | None) -> XlToolsError:
    return XlToolsError(Problem(ProblemCode.NO_PUBLISHED_DATA, str(error), file=source))


def _month(period: str | None) -> Any:
    from xl_tools.months import parse_month

    return None if period is None else parse_month(period)


def _figure(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def read(path: Path, options: RunOptions) -> MeasuresWorkbook:
    """Read a workbook with the settings and reading options given for this run."""
    from xl_tools.read import read_workbook

    return read_workbook(path, **_reading(options))


def open_for_writing(path: Path) -> Workbook:
    """Open a workbook to read its measures and write into it.

    Raises:
        XlToolsError: The file is missing, locked, or not a workbook.
    """
    from xl_tools.read import open_workbook

    return open_workbook(path)


def _reading(options: RunOptions) -> dict[str, Any]:
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
