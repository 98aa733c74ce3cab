"""Build or compute many workbooks at once, in parallel worker processes (DESIGN 8).

Each worker imports the engine once and then takes workbook after workbook
(`xl_tools.workers`); it sends back only a small `Outcome` (or, for compute, the rows of
text to print), never a workbook or a table, so that the batch's memory does not grow with
the number of workbooks. A workbook that fails is an `Outcome` too, and so is one whose
worker died: the batch goes on.

Ctrl-C (or SIGTERM) stops a batch at once: no workbook is started after it, those being
built are stopped and leave no temporary file, and each workbook not built is an
`Outcome` of status ``interrupted``, so that the report still lists every workbook.
"""

from __future__ import annotations

import csv
import io
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tools.errors import Problem, ProblemCode, Severity, XlToolsError
from xl_tools.interrupt import Interrupted, defer, interrupted, raise_interrupted, resume
from xl_tools.paths import is_skipped
from xl_tools.workers import Workers

if TYPE_CHECKING:
    from xl_tools.pdf import BoardPdf
    from xl_tools.pipeline import BuildResult, RunOptions

REPORT_NAME = "xl-tools-batch-report.csv"
REPORT_COLUMNS = (
    "file",
    "output",
    "status",
    "error",
    "measures",
    "red",
    "amber",
    "green",
    "warnings",
    "seconds",
    "pdf",
)


class Status(StrEnum):
    """What became of one workbook in a batch."""

    BUILT = "built"
    FAILED = "failed"
    SKIPPED = "skipped"
    # Not built because the batch was stopped (Ctrl-C, SIGTERM) before it was done.
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class Outcome:
    """What a batch did with one workbook: small, so that workers send it back cheaply.

    Attributes:
        source: The workbook named.
        status: Built, failed, skipped, or interrupted (not built: the batch stopped).
        target: The workbook written, when built.
        error: Why it failed or was skipped, in one line.
        measures: The number of measures computed.
        red: Measures rated red (likewise `amber` and `green`).
        warnings: The number of warnings found.
        seconds: The time spent on it.
        problems: Every problem's line (errors of a failed workbook, else warnings).
        pdf: The board's PDF written, when asked for (``--pdf``) and printed.
    """

    source: Path
    status: Status
    target: Path | None = None
    error: str | None = None
    measures: int = 0
    red: int = 0
    amber: int = 0
    green: int = 0
    warnings: int = 0
    seconds: float = 0.0
    problems: tuple[str, ...] = ()
    pdf: Path | None = None


def skipped(path: Path) -> Outcome:
    """The outcome of a file the batch leaves alone."""
    why = "an Excel lock file" if path.name.startswith("~$") else "written by xl-tools"
    if path.name.startswith("~") and not path.name.startswith("~$"):
        why = "a temporary file"
    return Outcome(path, Status.SKIPPED, error=f"skipped: {why}")


def build_one(
    path: Path, *, out: Path | None, options: RunOptions, soffice: Path | None = None
) -> Outcome:
    """Build one workbook and say how it went; a bad workbook is an outcome, not an error.

    Writes ``<stem>-board.xlsx`` beside the workbook or in the folder `out`, never over the
    workbook itself, and with `soffice` its board's PDF beside it (`xl_tools.pdf`).
    Anything other than a bad workbook (a bug) becomes a failed outcome whose problems hold
    the traceback, so that one bug does not stop the batch unseen.

    Args:
        path: The measures workbook.
        out: The folder to write into, or None to write beside the workbook.
        options: Settings and reading options from the command line.
        soffice: LibreOffice's program, to print the board to PDF; None for no PDF.

    Returns:
        The outcome, with the counts of measures, RAG ratings and warnings when built. A
        workbook built whose PDF failed is a failed outcome naming the workbook written.
    """
    from xl_tools.pipeline import build_workbook

    start = time.perf_counter()
    try:
        with _pdf_place(path, out, soffice) as pdf:
            result = build_workbook(path, out=out, options=options)
            built = _built(path, result, start)
            return built if pdf is None else _print(built, pdf, start)
    except XlToolsError as err:
        return _failed(path, [str(problem) for problem in err.problems], start)
    except Exception as err:  # a bug: kept whole, with its traceback, for the report
        lines = [f"{path}: internal error {type(err).__name__}: {err} (please report it)"]
        return _failed(path, [*lines, traceback.format_exc()], start)


def _built(path: Path, result: BuildResult, start: float) -> Outcome:
    return Outcome(
        path,
        Status.BUILT,
        target=result.target,
        measures=result.measures,
        red=result.red,
        amber=result.amber,
        green=result.green,
        warnings=result.warnings,
        seconds=time.perf_counter() - start,
        problems=tuple(str(p) for p in result.problems if p.severity == Severity.WARNING),
    )


def _pdf_place(
    path: Path, out: Path | None, soffice: Path | None
) -> AbstractContextManager[BoardPdf | None]:
    """The place of the board's PDF made ready before the build; nothing without `soffice`."""
    if soffice is None:
        return nullcontext()
    from xl_tools.pdf import BoardPdf, pdf_path
    from xl_tools.save import output_path

    return BoardPdf(pdf_path(output_path(path, out, False)), soffice)


def _print(built: Outcome, pdf: BoardPdf, start: float) -> Outcome:
    """Print a built workbook's board to PDF: the outcome with the PDF, or why there is none.

    Stopped while it prints, the outcome says so and the batch stops once it has it.
    """
    from xl_tools.pdf import WITHOUT_PDF

    assert built.target is not None, "a built outcome names its workbook"
    try:
        resume()  # a stop that came as the workbook took its place stops the batch now
        pdf.print_board(built.target)
    except XlToolsError as err:
        lines = tuple(str(problem) for problem in err.problems)
        seconds = time.perf_counter() - start
        return replace(
            built, status=Status.FAILED, error=one_line(lines), problems=lines, seconds=seconds
        )
    except KeyboardInterrupt as err:
        defer()  # the stop waits until this outcome is sent (`resume`), then stops the batch
        raise_interrupted(interrupted(err).signal_number, None)
        # A worker is stopped by the batch (SIGTERM), whatever stopped the batch: the batch
        # names that.
        why = f"interrupted: {built.target} {WITHOUT_PDF}"
        line = str(Problem(ProblemCode.INTERRUPTED, why, file=str(built.source)))
        return replace(built, error=line, seconds=time.perf_counter() - start)
    return replace(built, pdf=pdf.target, seconds=time.perf_counter() - start)


def one_line(problems: Sequence[str]) -> str:
    """A failed workbook's problems as one line: the first, and how many more there are.

    >>> one_line(["m.xlsx: no such file"])
    'm.xlsx: no such file'
    >>> one_line(["m.xlsx: Measures!F5: bad", "m.xlsx: Measures!F6: bad"])
    'm.xlsx: Measures!F5: bad (and 1 more: xl-tools check lists them all)'
    """
    line = " ".join(problems[0].split())
    more = [problem for problem in problems[1:] if not problem.startswith("Traceback")]
    return f"{line} (and {len(more)} more: xl-tools check lists them all)" if more else line


def _failed(path: Path, problems: list[str], start: float) -> Outcome:
    return Outcome(
        path,
        Status.FAILED,
        error=one_line(problems),
        seconds=time.perf_counter() - start,
        problems=tuple(problems),
    )


def compute_one(path: Path, *, options: RunOptions, jsonl: bool) -> Computed:
    """One workbook's computed table as lines to print (CSV rows or JSON lines), or why not.

    Each line leads with the workbook's file, authority and period, so that the lines of
    many workbooks make one table. A bad workbook gives no lines and its problems.
    """
    import json

    from xl_tools.export import csv_safe, to_csv, to_json_document
    from xl_tools.pipeline import compute_workbook

    try:
        computed, settings = compute_workbook(path, options=options)
    except XlToolsError as err:
        return Computed(path, (), tuple(str(problem) for problem in err.problems))
    if jsonl:
        document = to_json_document(computed, settings)
        head = {"file": str(path), **{k: v for k, v in document.items() if k != "measures"}}
        lines = [
            json.dumps({**head, **measure}, ensure_ascii=False, allow_nan=False)
            for measure in document["measures"]
        ]
        return Computed(path, tuple(lines))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([csv_safe(str(path))])
    rows = to_csv(computed, settings).splitlines()[1:]
    return Computed(path, tuple(f"{buffer.getvalue()},{row}" for row in rows))


@dataclass(frozen=True)
class Computed:
    """One workbook's lines of the combined table, or the problems that stopped it."""

    source: Path
    lines: tuple[str, ...]
    problems: tuple[str, ...] = ()


def csv_header() -> str:
    """The header of the combined CSV: the file, then the columns of `xl_tools.export`."""
    from xl_tools.export import CSV_COLUMNS

    return ",".join(("file", *CSV_COLUMNS))


@dataclass(frozen=True)
class Built:
    """What a batch build did.

    Attributes:
        outcomes: Every workbook's outcome, in the order named.
        interrupted: What stopped the batch before its end, if anything did.
    """

    outcomes: list[Outcome]
    interrupted: Interrupted | None = None


def build_all(
    paths: Sequence[Path],
    *,
    out: Path | None,
    options: RunOptions,
    jobs: int | None,
    on_done: Callable[[Outcome], None],
    soffice: Path | None = None,
) -> Built:
    """Build every workbook, skipping lock files and boards; one bad one stops nothing.

    Ctrl-C or SIGTERM stops the batch: the workbooks not built by then are outcomes of
    status ``interrupted``. Temporary files that workers killed on the way left behind are
    removed at the end.

    Args:
        paths: The workbooks, in the order the report lists them.
        out: The folder to write boards into, or None to write each beside its workbook.
        options: Settings and reading options from the command line.
        jobs: Worker processes (None: one per core).
        on_done: Called with each outcome as it comes, for the progress display.
        soffice: LibreOffice's program, to print each board to PDF; None for no PDF.

    Returns:
        Every outcome, in the order of `paths`, and the interruption if there was one.
    """
    outcomes: dict[Path, Outcome] = {}
    todo = []
    first_of_name: dict[str, Path] = {}
    for path in paths:
        # In one folder, two workbooks of the same name would write the same board.
        other = first_of_name.setdefault(path.name.lower(), path) if out else path
        if is_skipped(path):
            outcomes[path] = skipped(path)
        elif other != path:
            outcomes[path] = _failed(path, [f"{path}: {SAME_NAME} {other}"], time.perf_counter())
        else:
            todo.append(path)
            continue
        on_done(outcomes[path])
    work = partial(build_one, out=out, options=options)
    if soffice is not None:
        work = partial(work, soffice=soffice)
    stop = None
    with Workers(work, died=_worker_died, jobs=jobs) as workers:
        try:
            for path, outcome in workers.run(todo):
                outcomes[path] = outcome
                on_done(outcome)
                resume()  # Ctrl-C once its board was in place stops the batch now
        except KeyboardInterrupt as err:
            stop = interrupted(err)
            for path, outcome in workers.stop():  # those done as the batch stopped
                outcomes[path] = outcome
                on_done(outcome)
            for path in todo:
                outcomes.setdefault(path, _not_built(path, stop))
    _remove_stale_temporaries({out} if out else {path.parent for path in todo})
    return Built([outcomes[path] for path in paths], stop)


SAME_NAME = "not built: its board would overwrite the board of"
WORKER_DIED = "the worker {doing} it stopped ({how}): {do} it on its own to try again"


def _worker_died(path: Path, how: str) -> Outcome:
    line = f"{path}: {WORKER_DIED.format(doing='building', how=how, do='build')}"
    return Outcome(path, Status.FAILED, error=line, problems=(line,))


def _computing_worker_died(path: Path, how: str) -> Computed:
    line = f"{path}: {WORKER_DIED.format(doing='computing', how=how, do='compute')}"
    return Computed(path, (), (line,))


def _not_built(path: Path, stop: Interrupted) -> Outcome:
    return Outcome(path, Status.INTERRUPTED, error=str(stop.problem(str(path), "not built")))


def _remove_stale_temporaries(folders: Iterable[Path]) -> None:
    """Remove what workers killed (or this process, interrupted) left in the boards' folders."""
    from xl_tools.replacing import remove_own_temporaries, remove_stale_temporaries

    remove_own_temporaries()
    for folder in folders:
        remove_stale_temporaries(folder)


def computing(options: RunOptions, *, jsonl: bool, jobs: int | None) -> Workers[Computed]:
    """Workers computing workbooks (`compute_one`); use as a context manager.

    A workbook whose worker died is a `Computed` with no lines and the line saying so.
    """
    work = partial(compute_one, options=options, jsonl=jsonl)
    return Workers(work, died=_computing_worker_died, jobs=jobs)


def write_report(outcomes: Iterable[Outcome], path: Path) -> Path:
    """Write the batch report: one CSV row per workbook, in `REPORT_COLUMNS`.

    The report is written through a temporary file, so that it is whole or not there, and
    every cell is made safe to open in a spreadsheet (a file named ``=cmd.xlsx`` is text).

    Returns:
        The path written.

    Raises:
        XlToolsError: The report cannot be written (`xl_tools.replacing.write_file`).
    """
    from xl_tools.export import csv_safe
    from xl_tools.replacing import write_file

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REPORT_COLUMNS)
    for o in outcomes:
        output = "" if o.target is None else str(o.target)
        row = [o.source, output, o.status, o.error or "", o.measures, o.red, o.amber, o.green]
        row += [o.warnings, f"{o.seconds:.3f}", "" if o.pdf is None else str(o.pdf)]
        writer.writerow([csv_safe(str(cell)) for cell in row])
    write_file(path, buffer.getvalue().encode("utf-8"))
    return path


def summary(outcomes: Sequence[Outcome], seconds: float, *, pdf: bool = False) -> list[str]:
    """The lines closing a batch: files built and failed, PDFs written, measures and ratings.

    Args:
        outcomes: Every workbook's outcome.
        seconds: The batch's time.
        pdf: Whether PDFs of the boards were asked for, and so are counted.

    >>> built = Outcome(Path("a.xlsx"), Status.BUILT, measures=60, red=9, amber=4, green=30,
    ...                 warnings=2)
    >>> print("\\n".join(summary([built, Outcome(Path("b.xlsx"), Status.FAILED)], 3.04)))
    built 1 of 2 workbooks, 1 failed, in 3.0 s
    60 measures: 9 red, 4 amber, 30 green; 2 warnings
    >>> summary([replace(built, pdf=Path("a-board.pdf"))], 2.5, pdf=True)[0]
    'built 1 of 1 workbooks, 0 failed, 1 PDF written, in 2.5 s'
    """
    count = Counter(o.status for o in outcomes)
    attempted = count[Status.BUILT] + count[Status.FAILED] + count[Status.INTERRUPTED]
    first = f"built {count[Status.BUILT]} of {attempted} workbooks, {count[Status.FAILED]} failed"
    if count[Status.INTERRUPTED]:
        first += f", {count[Status.INTERRUPTED]} not built (interrupted)"
    if count[Status.SKIPPED]:
        first += f", {count[Status.SKIPPED]} skipped (lock files and boards)"
    if pdf:
        printed = sum(o.pdf is not None for o in outcomes)
        first += f", {printed} PDF{'' if printed == 1 else 's'} written"
    first += f", in {seconds:.1f} s"
    totals = {key: sum(getattr(o, key) for o in outcomes) for key in ("measures", "warnings")}
    rags = [
        f"{sum(getattr(o, rag) for o in outcomes):,} {rag}" for rag in ("red", "amber", "green")
    ]
    second = f"{totals['measures']:,} measures: {', '.join(rags)}; {totals['warnings']:,} warnings"
    return [first, second]
