"""Measure xl-tools against the floor and print one table (DESIGN 8).

Run it as ``python benchmarks/run.py [--quick] [--count 150]`` from the repository. It
generates the workbooks (``make_workbooks.py``) in a temporary folder, then times, on this
machine and in this one run:

- one build of a typical and of the large workbook against the floor: a new Python process
  that imports openpyxl and pandas, loads the same workbook and saves it;
- a batch of COUNT workbooks against a shell loop of COUNT single builds;
- the batch on one worker against all cores;
- the batch's peak memory (all its processes together) at a third of COUNT and at COUNT,
  in runs of their own (sampling memory takes a share of a core);
- ``xl-tools --help`` and ``--version``.

Each time is the best of a few runs (one for the long ones), as wall-clock seconds.
``--quick`` uses 30 workbooks and fewer repeats, for a check in under a minute.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

import make_workbooks  # noqa: E402  (a script beside this one, not a package)

XL_TOOLS = [sys.executable, "-m", "xl_tools"]
FLOOR = "import sys, openpyxl, pandas; openpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])"
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT)}


def timed(command: list[str], repeat: int = 1) -> float:
    """The best wall time of `command` over `repeat` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENVIRONMENT,
            check=False,
        )
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(command: list[str]) -> int:
    """The peak resident memory of `command`'s processes together, in KiB.

    Sampled every 20 ms in a run of its own: the sampling takes a share of a core, which
    would slow a run being timed on all cores.
    """
    peak = 0
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT
    )
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    return peak


def tree_rss(pid: int) -> int:
    """The resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0
        )
        todo.extend(int(child) for child in children)
    return total


def shell_loop(paths: list[Path], out: Path) -> list[str]:
    """A shell loop of single builds, as a script would run them one by one."""
    quoted = " ".join(f"'{path}'" for path in paths)
    command = " ".join(XL_TOOLS)
    return ["sh", "-c", f"for f in {quoted}; do {command} build \"$f\" -o '{out}/' ; done"]


def measure(folder: Path, count: int, repeat: int) -> list[tuple[str, str, str, str]]:
    """Every row of the table: (what, measured, against, ratio and target)."""
    paths = sorted(folder.glob("authority_*.xlsx"))[:count]
    batch = folder / "batch"
    batch.mkdir()
    for path in paths:
        os.link(path, batch / path.name)
    third = folder / "third"
    third.mkdir()
    for path in paths[: count // 3]:
        os.link(path, third / path.name)
    out = folder / "out"
    out.mkdir()
    rows = []
    for label, workbook in (("typical", paths[0]), ("large", folder / "large.xlsx")):
        build = timed([*XL_TOOLS, "build", str(workbook), "-o", str(out / "b.xlsx")], repeat)
        floor = timed([sys.executable, "-c", FLOOR, str(workbook), str(out / "f.xlsx")], repeat)
        rows.append(_row(f"single build, {label} workbook", build, "floor", floor, 1.3, low=True))
    loop = timed(shell_loop(paths, out))
    all_cores = timed([*XL_TOOLS, "build", str(batch), "-o", str(out)])
    rows.append(
        _row(f"batch of {count}, all cores", all_cores, "shell loop", loop, 1 / 15, low=True)
    )
    one = timed([*XL_TOOLS, "build", str(batch), "-o", str(out), "--jobs", "1"])
    rows.append(
        _row(
            f"batch of {count}, {os.cpu_count()} cores",
            all_cores,
            "1 worker",
            one,
            1 / 1.6,
            low=True,
        )
    )
    peak = peak_memory([*XL_TOOLS, "build", str(batch), "-o", str(out)])
    small_peak = peak_memory([*XL_TOOLS, "build", str(third), "-o", str(out)])
    rows.append(
        (
            f"peak memory, batch of {count}",
            f"{peak / 1024:.0f} MiB",
            f"{small_peak / 1024:.0f} MiB at {count // 3}",
            f"{peak / small_peak:.2f}x (target <= 1.2x) {_verdict(peak <= 1.2 * small_peak)}",
        )
    )
    for flag in ("--help", "--version"):
        start = timed([*XL_TOOLS, flag], repeat + 2)
        verdict = "ok" if start < 0.2 else "MISSED"
        rows.append((f"xl-tools {flag}", f"{start:.3f} s", "", f"(target < 0.2 s) {verdict}"))
    return rows


def _row(what: str, seconds: float, name: str, other: float, target: float, *, low: bool):
    ratio = seconds / other
    ok = ratio <= target if low else ratio >= target
    shown = f"{ratio:.2f}x" if target >= 1 else f"{other / seconds:.1f}x faster"
    goal = f"<= {target}x" if target >= 1 else f">= {1 / target:.1f}x"
    return (
        what,
        f"{seconds:.2f} s",
        f"{name} {other:.2f} s",
        f"{shown} (target {goal}) {'ok' if ok else 'MISSED'}",
    )


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    """The rows as a Markdown table, ready for the README."""
    header = ("measure", "xl-tools", "against", "ratio")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(4)]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")


def main() -> None:
    """Generate the workbooks, measure, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 workbooks, fewer repeats")
    parser.add_argument("--count", type=int, help="workbooks in the batch (150; 30 with --quick)")
    args = parser.parse_args()
    count = args.count or (30 if args.quick else 150)
    repeat = 2 if args.quick else 3
    # An installed package is byte-compiled when pip installs it, as openpyxl and pandas (the
    # floor's own imports) are; a checkout run through PYTHONPATH may not be (some machines
    # set PYTHONDONTWRITEBYTECODE), and would pay for compiling itself in every process.
    compileall.compile_dir(ROOT / "xl_tools", quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="xl-tools-bench-"))
    try:
        started = time.perf_counter()
        make_workbooks.make_batch(folder, count)
        make_workbooks.make_workbook(folder / "large.xlsx", 0, data_rows=make_workbooks.DATA_ROWS)
        print(
            f"generated {count} workbooks and a large one in {time.perf_counter() - started:.0f} s"
        )
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {sys.platform}\n")
        print_table(measure(folder, count, repeat))
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
