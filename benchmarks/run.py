"""Measure xl-tools against openpyxl and the zip floor, and print one table (DESIGN 8).

Run it as ``python benchmarks/run.py [--quick] [--count 150] [--keep DIR]`` from the
repository. It generates the workbooks (``make_workbooks.py``) and measures, on this
machine and in this one run, each as a ratio:

- a single build (a new process) of a typical workbook, and of the same table as Excel
  saves it, against a new process that imports openpyxl and pandas, loads the workbook and
  saves it;
- a single build of the typical workbook with a 200,000-row data sheet against the build
  of the same workbook without it, against openpyxl's load and save of it, and its peak
  memory;
- each of these builds against the floor: a new process copying the zip with every part
  inflated and deflated again;
- a batch of COUNT workbooks against a shell loop of COUNT single builds, and on one
  worker against all cores; the batch's peak memory at a third of COUNT and at COUNT;
- ``xl-tools --help`` and ``--version`` against the interpreter's own start.

Commands compared run in turn, A B A B ..., at least five pairs (the long ones fewer, as
the table says); each time is the median of its runs beside the median CPU time, and each
ratio is the median of the ratios within the pairs. ``--quick`` uses 30 workbooks, a
20,000-row data sheet and fewer pairs, in about two minutes; the full run takes about ten.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # the modules beside this script: it is not a package

from report import Row, Target, memory_row, print_report, time_row  # noqa: E402
from timing import Command, Runs, interleave, run_once, run_sampled  # noqa: E402

PYTHON = sys.executable
GENERATOR = HERE / "make_workbooks.py"
XL_TOOLS = (PYTHON, "-m", "xl_tools")
OPENPYXL_LOAD_SAVE = (
    "import sys, openpyxl, pandas; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])"
)
ZIP_COPY = """import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as source, zipfile.ZipFile(sys.argv[2], "w") as copy:
    for entry in source.infolist():
        copy.writestr(entry, source.read(entry), zipfile.ZIP_DEFLATED)
"""
# `sh -c SHELL_LOOP PYTHON OUT WORKBOOK...`: the shell names its first argument $0.
SHELL_LOOP = """out=$1; shift
for f in "$@"; do
    "$0" -m xl_tools build "$f" -o "$out/${f##*/}" || exit 1
done"""
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT)}
FULL_ROWS = 200_000
QUICK_ROWS = 20_000


@dataclass(frozen=True)
class Plan:
    """How much one run measures.

    Attributes:
        count: Workbooks in the batch.
        data_rows: Rows of the large workbook's data sheet.
        pairs: Pairs for each comparison of single builds, and of start-up.
        batch_pairs: Pairs of the batch on all cores and on one worker.
        long_pairs: Pairs of the comparisons taking a minute or more: the shell loop,
            openpyxl on the large workbook, and the batch's memory.
        quick: A short run: the targets set for 200,000 rows and a batch of 150 are shown
            but not judged.
    """

    count: int
    data_rows: int
    pairs: int
    batch_pairs: int
    long_pairs: int
    quick: bool

    @property
    def large_label(self) -> str:
        """The large workbook's name in the table."""
        return f"{self.data_rows:,}-row workbook{' (quick)' if self.quick else ''}"


@dataclass(frozen=True)
class Cases:
    """The workbooks measured, and the folder builds write into."""

    typical: Path
    excel_saved: Path
    large: Path
    batch: Path
    third: Path
    out: Path

    def sizes(self) -> str:
        """The workbooks' file sizes, for the lines above the table."""
        kib = {path: path.stat().st_size / 1024 for path in (self.typical, self.excel_saved)}
        large = self.large.stat().st_size / 1024 / 1024
        return (
            f"typical {kib[self.typical]:.0f} KiB, Excel-saved {kib[self.excel_saved]:.0f} KiB, "
            f"with the data sheet {large:.1f} MiB"
        )


def build(workbook: Path, out: Path, *options: str) -> Command:
    """``xl-tools build`` of a workbook or a folder, as a new process."""
    return (*XL_TOOLS, "build", str(workbook), "-o", str(out), *options)


def openpyxl_load_save(workbook: Path, out: Path) -> Command:
    """A new process importing openpyxl and pandas that loads and saves a workbook."""
    return (PYTHON, "-c", OPENPYXL_LOAD_SAVE, str(workbook), str(out))


def zip_copy(workbook: Path, out: Path) -> Command:
    """A new process copying a zip with every entry inflated and deflated again."""
    return (PYTHON, "-c", ZIP_COPY, str(workbook), str(out))


def shell_loop(folder: Path, out: Path) -> Command:
    """A shell loop of single builds of a folder's workbooks into `out`, as a script would."""
    workbooks = sorted(str(path) for path in folder.glob("*.xlsx"))
    return (shutil.which("sh") or "/bin/sh", "-c", SHELL_LOOP, PYTHON, str(out), *workbooks)


def generate(folder: Path, out: Path, plan: Plan) -> Cases:
    """Write the workbooks measured, and check the tool reads the single ones cleanly.

    The typical workbook is the batch's first (authority 1); the large one is the same
    with a data sheet, and the Excel-saved one the same table as Excel saves it. They are
    written by the generator's command line, in processes of their own: a child's peak
    memory, as `os.wait4` reports it, starts from this process's own peak (Linux carries it
    over into the child), which writing the large workbook here would raise to hundreds of
    MiB.
    """
    batch, single = folder / "batch", folder / "single"
    run_once((PYTHON, str(GENERATOR), str(batch), "--count", str(plan.count)), ENVIRONMENT)
    rows = ("--data-rows", str(plan.data_rows))
    generate_single = (PYTHON, str(GENERATOR), str(single), "--count", "0", "--large", *rows)
    run_once((*generate_single, "--excel-saved"), ENVIRONMENT)
    third = folder / "third"
    third.mkdir()
    for path in sorted(batch.glob("*.xlsx"))[: plan.count // 3]:
        os.link(path, third / path.name)
    typical = batch / "authority_001.xlsx"
    cases = Cases(typical, single / "excel_saved.xlsx", single / "large.xlsx", batch, third, out)
    for workbook in (cases.typical, cases.excel_saved, cases.large):
        run_once((*XL_TOOLS, "check", str(workbook)), ENVIRONMENT)
    return cases


def measure_single(label: str, workbook: Path, out: Path, plan: Plan) -> list[Row]:
    """A single build of `workbook` against openpyxl's load and save, and the floor."""
    runs = interleave(
        {
            "build": build(workbook, out / "build.xlsx"),
            "openpyxl": openpyxl_load_save(workbook, out / "openpyxl.xlsx"),
            "floor": zip_copy(workbook, out / "floor.xlsx"),
        },
        plan.pairs,
        ENVIRONMENT,
        warm_up=True,
    )
    measure = f"{label}: single build"
    return [
        time_row(measure, runs["build"], "openpyxl", runs["openpyxl"], Target("<=", 1.0)),
        time_row(measure, runs["build"], "floor", runs["floor"]),
    ]


def measure_large(cases: Cases, plan: Plan) -> list[Row]:
    """The large workbook's build against the typical one's, openpyxl's and the floor."""
    out, judged, without = cases.out, not plan.quick, "without the data sheet"
    large = build(cases.large, out / "large.xlsx")
    short = interleave(
        {
            "large": large,
            "typical": build(cases.typical, out / "typical.xlsx"),
            "floor": zip_copy(cases.large, out / "floor.xlsx"),
        },
        plan.pairs,
        ENVIRONMENT,
        warm_up=True,
    )
    openpyxl = openpyxl_load_save(cases.large, out / "openpyxl.xlsx")
    long = interleave({"large": large, "openpyxl": openpyxl}, plan.long_pairs, ENVIRONMENT)
    measure = f"{plan.large_label}: single build"
    return [
        time_row(
            measure, short["large"], without, short["typical"], Target("<=", 1.5, judged=judged)
        ),
        time_row(
            measure, long["large"], "openpyxl", long["openpyxl"], Target("<=", 0.1, judged=judged)
        ),
        memory_row(
            f"{plan.large_label}: peak memory of a build",
            Runs(short["large"].runs + long["large"].runs),
            {without: short["typical"], "openpyxl": long["openpyxl"]},
            Target("<=", 150, " MiB", judged),
        ),
        time_row(measure, short["large"], "floor", short["floor"]),
    ]


def measure_batch(cases: Cases, plan: Plan) -> tuple[list[Row], Runs]:
    """The batch against a shell loop, on all cores against one, and its memory.

    Returns:
        The rows, and the batch's runs against the shell loop (for the notes).
    """
    batch = build(cases.batch, cases.out / "batch")
    (cases.out / "loop").mkdir()
    loop = interleave(
        {"batch": batch, "loop": shell_loop(cases.batch, cases.out / "loop")},
        plan.long_pairs,
        ENVIRONMENT,
    )
    one_worker = build(cases.batch, cases.out / "one", "--jobs", "1")
    jobs = interleave(
        {"batch": batch, "one": one_worker}, plan.batch_pairs, ENVIRONMENT, warm_up=True
    )
    third = build(cases.third, cases.out / "third")
    memory = interleave(
        {"all": batch, "third": third}, plan.long_pairs, ENVIRONMENT, run=run_sampled
    )
    rows = [
        _batch_row(plan, loop["batch"], f"shell loop of {plan.count} builds", loop["loop"], 15),
        _batch_row(plan, jobs["batch"], "--jobs 1", jobs["one"], 1.6, cores=2),
        memory_row(
            f"batch of {plan.count}: peak memory, all its processes",
            memory["all"],
            {f"batch of {plan.count // 3}": memory["third"]},
            Target("<=", 1.2, "x", not plan.quick),
            ratio_target=True,
        ),
    ]
    return rows, loop["batch"]


def _batch_row(
    plan: Plan, batch: Runs, name: str, other: Runs, faster: float, cores: int | None = None
) -> Row:
    """The batch on all cores against `other`, `faster` times faster at least.

    The target is judged on a full run, and on `cores` cores where given (a speed-up over
    one worker depends on how many there are).
    """
    judged = not plan.quick and cores in (None, os.cpu_count())
    target = Target(">=", faster, "x", judged)
    return time_row(f"batch of {plan.count}, all cores", batch, name, other, target, faster=True)


def measure_start_up(plan: Plan) -> list[Row]:
    """``--help`` and ``--version`` against a bare interpreter's start."""
    runs = interleave(
        {
            "--help": (*XL_TOOLS, "--help"),
            "--version": (*XL_TOOLS, "--version"),
            "python": (PYTHON, "-c", "pass"),
        },
        plan.pairs,
        ENVIRONMENT,
        warm_up=True,
    )
    return [
        time_row(
            f"xl-tools {flag}",
            runs[flag],
            "python -c pass",
            runs["python"],
            Target("<", 0.2, " s"),
            absolute=True,
        )
        for flag in ("--help", "--version")
    ]


def measure(cases: Cases, plan: Plan) -> tuple[list[Row], Runs]:
    """Every row of the table, in the order printed, and the batch's runs."""
    rows = measure_single("typical workbook", cases.typical, cases.out, plan)
    rows += measure_single("Excel-saved workbook", cases.excel_saved, cases.out, plan)
    rows += measure_large(cases, plan)
    batch_rows, batch = measure_batch(cases, plan)
    return rows + batch_rows + measure_start_up(plan), batch


def parse_plan(argv: list[str] | None = None) -> tuple[Plan, Path | None]:
    """The plan of the run and the folder to keep the workbooks in, from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="30 workbooks, 20,000 rows, fewer pairs"
    )
    parser.add_argument("--count", type=int, help="workbooks in the batch (150; 30 with --quick)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="write the workbooks here and keep them"
    )
    args = parser.parse_args(argv)
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: give a new or empty folder")
    if args.quick:
        plan = Plan(args.count or 30, QUICK_ROWS, pairs=5, batch_pairs=5, long_pairs=3, quick=True)
    else:
        plan = Plan(args.count or 150, FULL_ROWS, pairs=7, batch_pairs=5, long_pairs=3, quick=False)
    return plan, args.keep


def describe_machine() -> list[str]:
    """The lines above the table: when, on what, with what."""
    names = ("csc-board-tools", "openpyxl", "pandas", "XlsxWriter")
    packages = ", ".join(f"{name} {version(name)}" for name in names)
    return [
        f"date: {datetime.datetime.now():%d %B %Y %H:%M}",
        f"python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.platform()}, {os.cpu_count()} cores",
        f"packages: {packages}",
        f"load average at the start: {' '.join(f'{load:.2f}' for load in os.getloadavg())}",
    ]


def notes(plan: Plan, batch: Runs) -> list[str]:
    """The notes below the table: how it was measured."""
    quick = (
        ["--quick: the targets set for 200,000 rows and a batch of 150 are not judged."]
        if plan.quick
        else []
    )
    return [
        "Each side: the median of its runs, wall clock, CPU (user + system of the process and "
        "the children it waited for, from os.wait4) beside. Ratio: the median of the ratios "
        "within the pairs, run in turn (A B A B ...): single builds and start-up "
        f"{plan.pairs} pairs after a warm-up run of each, the batch on one worker "
        f"{plan.batch_pairs}, the long rows (shell loop, openpyxl on the large workbook, "
        f"batch memory) {plan.long_pairs}.",
        "openpyxl: a new process importing openpyxl and pandas that loads the workbook and "
        "saves it. Floor: a new process copying the workbook's zip with every part inflated "
        "and deflated again (zipfile, ZIP_DEFLATED).",
        "Memory: a single build's is its process's peak resident set (os.wait4), which is "
        "never below that of the process measuring it (here "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB); a batch's, all "
        "its processes together, sampled from /proc every 20 ms in runs of their own. Each is "
        "the largest of its runs.",
        f"A build in the batch of {plan.count} costs {batch.cpu / plan.count * 1000:.0f} ms "
        f"of CPU. Load average at the end: {' '.join(f'{n:.2f}' for n in os.getloadavg())}.",
        *quick,
    ]


def main(argv: list[str] | None = None) -> None:
    """Generate the workbooks, measure, and print the table."""
    plan, keep = parse_plan(argv)
    # An installed package is byte-compiled when pip installs it, as openpyxl and pandas are;
    # a checkout run through PYTHONPATH may not be (some machines set
    # PYTHONDONTWRITEBYTECODE), and would pay for compiling itself in every process.
    compileall.compile_dir(ROOT / "xl_tools", quiet=1)
    started = time.perf_counter()
    lines = describe_machine()
    with tempfile.TemporaryDirectory(prefix="xl-tools-bench-") as scratch:
        folder = keep or Path(scratch) / "workbooks"
        folder.mkdir(parents=True, exist_ok=True)
        cases = generate(folder, Path(scratch), plan)
        generated = time.perf_counter() - started
        lines.append(f"workbooks (generated in {generated:.0f} s): {cases.sizes()}")
        rows, batch = measure(cases, plan)
    lines.append(f"generated and measured in {time.perf_counter() - started:.0f} s")
    print_report(lines, rows, notes(plan, batch))


if __name__ == "__main__":
    main()
