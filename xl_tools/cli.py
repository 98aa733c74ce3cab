"""The ``xl-tools`` command: build, compute and check measures workbooks (DESIGN 7.1).

Exit codes: 0 success, 1 a workbook was bad, 2 a usage error, 130 stopped by Ctrl-C and 143
by SIGTERM. Any problem with a workbook is one line on stderr, never a traceback; anything
else is a bug and keeps its traceback.
Heavy modules (pandas, lxml) are imported only by the commands that need them, so that
``xl-tools --help`` answers at once.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from xl_tools.arguments import build_parser
from xl_tools.errors import NothingToDoError, Problem, ProblemCode, Severity, XlToolsError
from xl_tools.interrupt import Interrupted, interrupted, interruptible, resume
from xl_tools.messages import report
from xl_tools.paths import expand_workbooks, is_batch, is_skipped
from xl_tools.progress import Progress

if TYPE_CHECKING:
    from xl_tools.dfe_comparators import ComparatorOptions
    from xl_tools.pipeline import Inspection, RunOptions
    from xl_tools.published.filling import Fill, Match


def run() -> NoReturn:
    """The ``xl-tools`` program: run the command line in a process of its own, and exit.

    A run is short and frees its memory by ending, so Python's cycle collector is paused
    for all of it: its passes through what importing pandas makes find nothing to free and
    cost a tenth of a single build. A batch's workers run it again (`workers.warm_up`).
    Ctrl-C and SIGTERM stop it cleanly (`xl_tools.interrupt`).
    """
    gc.disable()
    with interruptible():
        code = main()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments after the program's name; None for ``sys.argv[1:]``.

    Returns:
        The exit code: 0 success, 1 a workbook was bad, 128 and the signal's number when
        stopped (130 for Ctrl-C). Usage errors, ``--help`` and ``--version`` exit through
        `SystemExit` (code 2, 0 and 0), as argparse does.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = RUNS[args.command]
    try:
        return command(args)
    except UsageError as err:
        parser.error(str(err))  # exits with code 2, as argparse's own usage errors
    except XlToolsError as err:
        report(err.problems)
        return 1
    except BrokenPipeError:
        # Whatever read the output (head, a pager) stopped early: say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt as err:
        return stopped(interrupted(err), None, "stopped before the end")


def stopped(stop: Interrupted, file: Path | str | None, consequence: str) -> int:
    """Say in one line that the run was stopped and what that left undone; the exit code.

    A temporary file that the interruption caught as it was being made is removed.
    """
    from xl_tools.replacing import remove_own_temporaries

    remove_own_temporaries()
    report([stop.problem(None if file is None else str(file), consequence)])
    return stop.exit_code


class UsageError(Exception):
    """The arguments fit together only once the workbooks named are known."""


def reading_options(args: argparse.Namespace) -> RunOptions:
    """The run's options from the parsed arguments, reading the column map if one is given.

    Raises:
        SettingsError: The column map file is missing or wrong.
    """
    from xl_tools.column_map import load_column_map
    from xl_tools.pipeline import RunOptions

    return RunOptions(
        population=args.population,
        period=args.period,
        tolerance=args.tolerance,
        sheet=args.sheet,
        extra_headers=load_column_map(args.map) if args.map else {},
        comparators=comparator_options(args) if getattr(args, "comparators", False) else None,
    )


def comparator_options(args: argparse.Namespace) -> ComparatorOptions:
    """What was asked of DfE's published comparators."""
    from xl_tools.dfe_comparators import ComparatorOptions

    return ComparatorOptions(
        la=args.la,
        year=args.year,
        average=args.average,
        neighbours=args.neighbours,
        data=args.data,
    )


def run_comparators(args: argparse.Namespace) -> int:
    """``xl-tools comparators``: fill one workbook's comparators and say what was filled."""
    from xl_tools.dfe_comparators import fill_comparators

    try:
        result = fill_comparators(
            args.workbook,
            out=args.out,
            in_place=args.in_place,
            options=reading_options(args),
            comparators=comparator_options(args),
        )
    except KeyboardInterrupt as err:
        return stopped(interrupted(err), args.workbook, "nothing was written")
    report(result.problems)
    for line in filling_lines(result.authority, result.filled, result.left):
        print(line)
    print(f"{result.source} -> {result.target}")
    return 0


def filling_lines(
    authority: str | None, filled: Sequence[Fill], left: Sequence[Match]
) -> list[str]:
    """What a fill did, a line a measure: what was filled from where, and what was left."""
    first = f"{len(filled)} measures filled from DfE's published figures"
    lines = [f"{authority}: {first}" if authority else first]
    lines += [f"  {fill.match.label}: {fill.comparators.source}" for fill in filled]
    lines += [f"  {match.label} left: {match.left}" for match in left]
    return lines


def run_build(args: argparse.Namespace) -> int:
    """``xl-tools build``: one workbook, or a batch of several, a folder or a pattern."""
    soffice = None
    if args.pdf:  # LibreOffice is looked for before anything is read or written
        from xl_tools.pdf import find_libreoffice

        soffice = find_libreoffice()
    options = reading_options(args)
    if is_batch(args.workbooks):
        return run_batch_build(args, options, soffice)
    if soffice is not None:
        return run_build_with_pdf(args, options, soffice)
    from xl_tools.pipeline import build_workbook

    (workbook,) = args.workbooks
    try:
        result = build_workbook(workbook, out=args.out, in_place=args.in_place, options=options)
    except KeyboardInterrupt as err:  # the build removed its temporary file on the way out
        return stopped(interrupted(err), workbook, "nothing was written")
    report(result.problems)
    if options.comparators is not None:
        for line in filling_lines(None, result.filled, result.left):
            print(line)
    print(f"{result.source} -> {result.target}")
    return 0


def run_build_with_pdf(args: argparse.Namespace, options: RunOptions, soffice: Path) -> int:
    """Build one workbook, then print its board to PDF beside it.

    The PDF's place is made ready first, so that one that cannot be written stops the run
    before anything is. A PDF that fails leaves the workbook built: both are said, and the
    exit code is 1.
    """
    from xl_tools.pdf import WITHOUT_PDF, BoardPdf, pdf_path
    from xl_tools.pipeline import build_workbook
    from xl_tools.save import output_path

    (workbook,) = args.workbooks
    # The workbook's name, and so the PDF's, is known before the workbook is opened.
    with BoardPdf(pdf_path(output_path(workbook, args.out, args.in_place)), soffice) as pdf:
        try:
            result = build_workbook(workbook, out=args.out, in_place=args.in_place, options=options)
        except KeyboardInterrupt as err:
            return stopped(interrupted(err), workbook, "nothing was written")
        report(result.problems)
        print(f"{result.source} -> {result.target}", flush=True)
        try:
            resume()  # a stop that came as the workbook took its place stops the run now
            pdf.print_board(result.target)
        except KeyboardInterrupt as err:  # LibreOffice was stopped and its files removed
            return stopped(interrupted(err), workbook, f"{result.target} {WITHOUT_PDF}")
    print(f"{result.source} -> {pdf.target}")
    return 0


def run_batch_build(args: argparse.Namespace, options: RunOptions, soffice: Path | None) -> int:
    """Build every workbook named, in parallel; a bad one is reported and the rest go on."""
    from xl_tools.batch import REPORT_NAME, Status, build_all, summary, write_report
    from xl_tools.save import make_folder

    if args.in_place:
        raise UsageError("--in-place takes one workbook: a batch never writes into its inputs")
    workbooks = expand_workbooks(args.workbooks)
    if all(is_skipped(path) for path in workbooks):
        raise NothingToDoError(Problem(ProblemCode.NOTHING_TO_DO, ALL_SKIPPED))
    out = args.out
    if out is not None:
        if out.exists() and not out.is_dir():
            raise UsageError(f"-o/--out must be a folder when building several workbooks: {out}")
        make_folder(out)
    start = time.perf_counter()
    progress = Progress(len(workbooks), "building")
    built = build_all(
        workbooks, out=out, options=options, jobs=args.jobs, on_done=progress.show, soffice=soffice
    )
    progress.close()
    outcomes = built.outcomes
    if built.interrupted:
        stop = built.interrupted
        left = sum(o.status == Status.INTERRUPTED for o in outcomes)
        report([stop.problem(None, f"{left} of {len(outcomes)} workbooks not built")])
    try:
        written = write_report(outcomes, (out or _common_folder(workbooks)) / REPORT_NAME)
    except XlToolsError as err:
        written = None
        report(err.problems)
    for line in summary(outcomes, time.perf_counter() - start, pdf=soffice is not None):
        print(line, file=sys.stderr)
    if written:
        print(f"report: {written}", file=sys.stderr)
    if built.interrupted:
        return built.interrupted.exit_code
    return 1 if written is None or any(o.status == Status.FAILED for o in outcomes) else 0


ALL_SKIPPED = (
    "nothing to do: every file named is a lock file, a temporary file or a board already built"
)


def _common_folder(workbooks: Sequence[Path]) -> Path:
    """The folder holding every workbook (the current one when there are none)."""
    folders = [str(path.absolute().parent) for path in workbooks]
    return Path(os.path.commonpath(folders)) if folders else Path.cwd()


def run_compute(args: argparse.Namespace) -> int:
    """``xl-tools compute``: print the computed table as JSON, or CSV or JSON lines."""
    options = reading_options(args)
    if args.format != "json":
        return run_batch_compute(args, options)
    if is_batch(args.workbooks):
        expand_workbooks(args.workbooks)  # nothing to do is said before how to do it
        extra = " ".join(map(str, args.workbooks[1:]))
        raise UsageError(
            (f"unrecognized arguments: {extra}: " if extra else "")
            + "--format json prints one workbook: give --format csv or jsonl for several"
        )
    from xl_tools.export import to_json
    from xl_tools.pipeline import compute_workbook

    (workbook,) = args.workbooks
    computed, settings = compute_workbook(workbook, options=options)
    print(to_json(computed, settings))
    return 0


def run_batch_compute(args: argparse.Namespace, options: RunOptions) -> int:
    """Print one table of every workbook's measures, in the order the workbooks are named."""
    from xl_tools.batch import computing, csv_header

    workbooks = expand_workbooks(args.workbooks)
    if args.format == "csv":
        print(csv_header())
    progress = Progress(len(workbooks), "computing", quiet=True)
    waiting: dict[Path, list[str]] = {}
    order = iter(workbooks)
    next_up = next(order, None)
    failed = 0
    jsonl = args.format == "jsonl"
    with computing(options, jsonl=jsonl, jobs=args.jobs) as workers:
        for path, computed in workers.run(workbooks):
            failed += bool(computed.problems)
            progress.show_failure(computed.problems)
            waiting[path] = list(computed.lines)
            while next_up in waiting:  # print in the order named, as each is ready
                for line in waiting.pop(next_up):
                    print(line)
                sys.stdout.flush()  # each workbook's rows as they come, for whatever reads them
                next_up = next(order, None)
    progress.close()
    return 1 if failed else 0


def run_new_month(args: argparse.Namespace) -> int:
    """``xl-tools new-month``: write next month's workbook and say where it went."""
    from xl_tools.roll_forward import new_month

    try:
        written = new_month(args.workbook, period=args.period, out=args.out)
    except KeyboardInterrupt as err:  # the save removed its temporary file on the way out
        return stopped(interrupted(err), args.workbook, "nothing was written")
    print(f"{args.workbook} -> {written}")
    return 0


def run_add_button(args: argparse.Namespace) -> int:
    """``xl-tools add-button``: write the macro-enabled copy and say where its buttons are."""
    from xl_tools.add_button import add_buttons
    from xl_tools.column_map import load_column_map

    extra = load_column_map(args.map) if args.map else None
    try:
        added = add_buttons(args.workbook, out=args.out, sheet=args.sheet, extra_headers=extra)
    except KeyboardInterrupt as err:  # the save removed its temporary file on the way out
        return stopped(interrupted(err), args.workbook, "nothing was written")
    print(added.summary)
    return 0


def run_init(args: argparse.Namespace) -> int:
    """``xl-tools init``: write this month's workbooks and the Lite script, a line each."""
    from xl_tools.init import init_folder

    month = args.period or datetime.date.today()
    for file in init_folder(args.folder, month):
        print(f"{file.path}: {file.about}")
    return 0


def run_excel_setup(args: argparse.Namespace) -> int:
    """``xl-tools excel-setup``: write (or show) the button's Python in xlwings.conf."""
    from xl_tools.excel_setup import excel_setup

    done = excel_setup(config=args.config, dry_run=args.dry_run)
    verb = "wrote" if done.written else "would write"
    print(f"{done.config}: {verb} {done.line}")
    if done.written:
        print("The Excel button now runs this Python. Run this again after moving Python.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """``xl-tools check``: list every problem of each workbook; 1 when any is an error."""
    from xl_tools.pipeline import Inspection, inspect_workbook

    options = reading_options(args)
    found: dict[Path, Inspection] = {}
    for workbook in expand_workbooks(args.workbooks):
        try:
            found[workbook] = inspect_workbook(workbook, options=options)
        except XlToolsError as err:
            found[workbook] = Inspection(list(err.problems), [])
    if args.format == "json":
        print(
            json.dumps({"workbooks": [_check_entry(path, found[path]) for path in found]}, indent=2)
        )
    else:
        for path, inspection in found.items():
            report(inspection.problems, every=True)  # on stderr, as every problem is
            if not inspection.problems:
                print(f"{path}: no problems found")
            for line in recognised_lines(path, inspection.recognised):
                print(line)
    errors = (p for inspection in found.values() for p in inspection.problems)
    return 1 if any(p.severity == Severity.ERROR for p in errors) else 0


def recognised_lines(path: Path, recognised: Sequence[Match]) -> list[str]:
    """The measures DfE publishes figures for, a line each, and why any cannot be filled."""
    if not recognised:
        return []
    lines = [f"{path}: {len(recognised)} measures are DfE published measures:"]
    for match in recognised:
        line = f'  {match.label} (by {match.how}): "{match.indicator.name}"'
        lines.append(line if match.left is None else f"{line}; not filled: {match.left}")
    return lines


def _check_entry(path: Path, inspection: Inspection) -> dict[str, object]:
    problems = inspection.problems
    return {
        "file": str(path),
        "errors": sum(p.severity == Severity.ERROR for p in problems),
        "warnings": sum(p.severity == Severity.WARNING for p in problems),
        "problems": [p.as_dict() for p in problems],
        "dfe_measures": [
            {
                "id": match.measure_id,
                "measure": match.measure,
                "dfe_measure": match.indicator.key,
                "recognised_by": match.how,
                "not_filled": match.left,
            }
            for match in inspection.recognised
        ],
    }


# What each command runs, by its name on the command line.
RUNS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": run_init,
    "excel-setup": run_excel_setup,
    "build": run_build,
    "comparators": run_comparators,
    "compute": run_compute,
    "check": run_check,
    "new-month": run_new_month,
    "add-button": run_add_button,
}
