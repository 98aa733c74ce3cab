"""Build or compute many workbooks at once, in parallel worker processes (DESIGN 8).

Each worker imports the engine once and then takes workbook after workbook; it sends back
only a small `Outcome` (or, for compute, the rows of text to print), never a workbook or a
table, so that the batch's memory does not grow with the number of workbooks. A workbook
that fails is an `Outcome` too: the batch goes on.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from xl_tools.errors import Severity, XlToolsError
from xl_tools.paths import is_skipped

if TYPE_CHECKING:
    from xl_tools.pipeline import RunOptions

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
)
# A worker's start (its imports) costs about two builds: fewer workbooks than this per
# worker are done sooner in the process already running.
WORKBOOKS_PER_WORKER = 2

T = TypeVar("T")


class Status(StrEnum):
    """What became of one workbook in a batch."""

    BUILT = "built"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Outcome:
    """What a batch did with one workbook: small, so that workers send it back cheaply.

    Attributes:
        source: The workbook named.
        status: Built, failed or skipped.
        target: The workbook written, when built.
        error: Why it failed or was skipped, in one line.
        measures: The number of measures computed.
        red: Measures rated red (likewise `amber` and `green`).
        warnings: The number of warnings found.
        seconds: The time spent on it.
        problems: Every problem's line (errors of a failed workbook, else warnings).
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


def skipped(path: Path) -> Outcome:
    """The outcome of a file the batch leaves alone."""
    why = "an Excel lock file" if path.name.startswith("~$") else "written by xl-tools"
    if path.name.startswith("~") and not path.name.startswith("~$"):
        why = "a temporary file"
    return Outcome(path, Status.SKIPPED, error=f"skipped: {why}")


def build_one(path: Path, *, out: Path | None, options: RunOptions) -> Outcome:
    """Build one workbook and say how it went; a bad workbook is an outcome, not an error.

    Writes ``<stem>-board.xlsx`` beside the workbook or in the folder `out`, never over the
    workbook itself. Anything other than a bad workbook (a bug) becomes a failed outcome
    whose problems hold the traceback, so that one bug does not stop the batch unseen.

    Args:
        path: The measures workbook.
        out: The folder to write into, or None to write beside the workbook.
        options: Settings and reading options from the command line.

    Returns:
        The outcome, with the counts of measures, RAG ratings and warnings when built.
    """
    from xl_tools.pipeline import build_workbook

    start = time.perf_counter()
    try:
        result = build_workbook(path, out=out, options=options)
    except XlToolsError as err:
        return _failed(path, [str(problem) for problem in err.problems], start)
    except Exception as err:  # a bug: kept whole, with its traceback, for the report
        lines = [f"{path}: internal error {type(err).__name__}: {err} (please report it)"]
        return _failed(path, [*lines, traceback.format_exc()], start)
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
    import io
    import json

    from xl_tools.export import to_csv, to_json_document
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
    csv.writer(buffer, lineterminator="").writerow([str(path)])
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


def worker_count(jobs: int | None, workbooks: int) -> int:
    """How many worker processes a batch uses: 1 means none, in the running process.

    >>> worker_count(None, 150) == min(os.cpu_count() or 1, 75)
    True
    >>> worker_count(8, 3), worker_count(2, 12), worker_count(1, 150)
    (1, 2, 1)
    """
    return max(1, min(jobs or os.cpu_count() or 1, workbooks // WORKBOOKS_PER_WORKER))


def run_parallel(
    work: Callable[[Path], T], paths: Sequence[Path], *, jobs: int | None
) -> Iterator[tuple[Path, T]]:
    """Run `work` on each path in worker processes, yielding as each one finishes.

    `work` must be picklable (a module-level function or a `functools.partial` of one) and
    must not raise for a bad workbook. A worker that dies (killed, out of memory) fails the
    workbooks it had, with `BrokenProcessPool`.
    """
    workers = worker_count(jobs, len(paths))
    if workers == 1 or multiprocessing.get_start_method() == "fork":
        # Workers forked from this process start with the engine imported: importing it
        # once here is sooner than importing it in every worker at once.
        warm_up()
    if workers == 1:
        yield from ((path, work(path)) for path in paths)
        return
    with ProcessPoolExecutor(workers, initializer=warm_up) as pool:
        futures: dict[Future[T], Path] = {pool.submit(work, path): path for path in paths}
        for future in as_completed(futures):
            yield futures[future], future.result()


def warm_up() -> None:
    """Import the engine once in a new worker (or the batch's own process) before its work."""
    import gc

    import xl_tools.compute
    import xl_tools.export
    import xl_tools.pipeline
    import xl_tools.read
    import xl_tools.save
    import xl_tools.write.xlsx  # noqa: F401

    # The program pauses the collector for a run of one workbook (`cli.run`); a batch's
    # processes live through many, whose cycles must go. What is imported stays for the
    # worker's life: the collector need not keep looking through it.
    gc.enable()
    gc.freeze()


def build_all(
    paths: Sequence[Path],
    *,
    out: Path | None,
    options: RunOptions,
    jobs: int | None,
    on_done: Callable[[Outcome], None],
) -> list[Outcome]:
    """Build every workbook, skipping lock files and boards; one bad one stops nothing.

    Args:
        paths: The workbooks, in the order the report lists them.
        out: The folder to write boards into, or None to write each beside its workbook.
        options: Settings and reading options from the command line.
        jobs: Worker processes (None: one per core).
        on_done: Called with each outcome as it comes, for the progress display.

    Returns:
        Every outcome, in the order of `paths`.
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
    try:
        for path, outcome in run_parallel(work, todo, jobs=jobs):
            outcomes[path] = outcome
            on_done(outcome)
    except BrokenProcessPool:
        for path in todo:
            if path not in outcomes:
                outcomes[path] = Outcome(path, Status.FAILED, error=f"{path}: {WORKER_DIED}")
                on_done(outcomes[path])
    return [outcomes[path] for path in paths]


SAME_NAME = "not built: its board would overwrite the board of"
WORKER_DIED = "the worker building it stopped unexpectedly (out of memory?): run it alone"


def write_report(outcomes: Iterable[Outcome], path: Path) -> Path:
    """Write the batch report: one CSV row per workbook, in `REPORT_COLUMNS`.

    Returns:
        The path written.
    """
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(REPORT_COLUMNS)
        for o in outcomes:
            output = "" if o.target is None else str(o.target)
            writer.writerow(
                [o.source, output, o.status, o.error or "", o.measures, o.red, o.amber]
                + [o.green, o.warnings, f"{o.seconds:.3f}"]
            )
    return path


def summary(outcomes: Sequence[Outcome], seconds: float) -> list[str]:
    """The lines closing a batch: files built and failed, measures and ratings, time.

    >>> built = Outcome(Path("a.xlsx"), Status.BUILT, measures=60, red=9, amber=4, green=30,
    ...                 warnings=2)
    >>> print("\\n".join(summary([built, Outcome(Path("b.xlsx"), Status.FAILED)], 3.04)))
    built 1 of 2 workbooks, 1 failed, in 3.0 s
    60 measures: 9 red, 4 amber, 30 green; 2 warnings
    """
    count = Counter(o.status for o in outcomes)
    attempted = count[Status.BUILT] + count[Status.FAILED]
    first = f"built {count[Status.BUILT]} of {attempted} workbooks, {count[Status.FAILED]} failed"
    if count[Status.SKIPPED]:
        first += f", {count[Status.SKIPPED]} skipped (lock files and boards)"
    first += f", in {seconds:.1f} s"
    totals = {key: sum(getattr(o, key) for o in outcomes) for key in ("measures", "warnings")}
    rags = [
        f"{sum(getattr(o, rag) for o in outcomes):,} {rag}" for rag in ("red", "amber", "green")
    ]
    second = f"{totals['measures']:,} measures: {', '.join(rags)}; {totals['warnings']:,} warnings"
    return [first, second]
