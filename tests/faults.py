"""Real faults for the tests: the command in a process of its own, a full disk, a slow build.

Each fault is made for real: the command runs as ``python -m xl_tools`` in a process that
gets real signals; a full disk is a small tmpfs filled to the brim where this machine lets
the tests mount one, and otherwise a file size limit (``RLIMIT_FSIZE``), under which a
write fails with EFBIG as it fails with ENOSPC on a full disk.
"""

from __future__ import annotations

import errno
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

import xl_tools

PACKAGE_ROOT = Path(xl_tools.__file__).parents[1]
EXAMPLE = PACKAGE_ROOT / "examples" / "devon_november_2023.xlsx"
MACRO_ENABLED = PACKAGE_ROOT / "workbook_templates" / "measures_template_button.xlsm"
# Measures in a workbook slow enough to build (about a second) that a signal lands within it.
SLOW_MEASURES = 2000
# How long a test waits for what a run should do at once, before failing.
PATIENCE = 30.0


def command(*argv: str | Path) -> list[str]:
    return [sys.executable, "-m", "xl_tools", *map(str, argv)]


def environment() -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def run(
    *argv: str | Path, cwd: Path, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """``xl-tools`` with these arguments, run to its end in `cwd`."""
    return subprocess.run(
        command(*argv),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment(),
        preexec_fn=preexec_fn,
        timeout=120,
    )


def start(*argv: str | Path, cwd: Path) -> subprocess.Popen[str]:
    """``xl-tools`` started in a process group of its own, as a terminal starts a job.

    Ctrl-C is given back its default action in the child: a suite run in the background
    (``.ci/run &``) passes Ctrl-C on as ignored, and Python leaves an ignored Ctrl-C ignored,
    where a terminal's job would have it.
    """
    return subprocess.Popen(
        command(*argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=environment(),
        process_group=0,
        preexec_fn=_default_ctrl_c,
    )


def _default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def errors(result: subprocess.CompletedProcess[str] | str) -> list[str]:
    """The lines on stderr other than warnings about the workbook's figures."""
    text = result if isinstance(result, str) else result.stderr
    return [line for line in text.splitlines() if not line.startswith("warning: ")]


def wait_for(find: Callable[[], list[Path]], process: subprocess.Popen[str]) -> Path:
    """The first path `find` finds, looking every 2 ms while `process` runs."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found[0]
        if process.poll() is not None:
            raise AssertionError(f"the run ended first: {process.communicate()}")
        time.sleep(0.002)
    raise AssertionError("nothing appeared in time")


def opened(process: subprocess.Popen[str], path: Path) -> Callable[[], list[Path]]:
    """For `wait_for`: `path` once `process` has it open (Linux: from /proc)."""

    def find() -> list[Path]:
        with suppress(OSError):  # the process ends, or closes a file, while looked at
            for link in Path(f"/proc/{process.pid}/fd").iterdir():
                if Path(os.readlink(link)) == path.resolve():
                    return [path]
        return []

    return find


def temporaries(folder: Path, stem: str = "") -> list[Path]:
    """The tool's temporary files in `folder` (of boards of `stem`, when given)."""
    return sorted(folder.glob(f"~{stem}*-xl-tools-*"))


def pid_of(temporary: Path) -> int:
    """The process a temporary file is named for."""
    return int(temporary.stem.rsplit("-", 2)[-2])


def copy_example(path: Path) -> Path:
    shutil.copyfile(EXAMPLE, path)
    return path


def slow_workbook(path: Path, measures: int = SLOW_MEASURES) -> Path:
    """A measures workbook of many rows, which takes about a second to build."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Measures")
    sheet.write_row(0, 0, ["ID", "Measure", "Unit", "Polarity", "Value", "Numerator"])
    sheet.write_row(0, 6, ["Denominator", "Target", "England", "Previous"])
    for row in range(1, measures + 1):
        sheet.write_row(row, 0, [f"M{row}", f"% measure {row}", "%", "Lower is better"])
        sheet.write_row(row, 4, [38, 19, 50, 24, 23.3, 35])
    settings = book.add_worksheet("Settings")
    settings.write_row(0, 0, ["Authority", "Devon"])
    settings.write_row(1, 0, ["Reporting period", "November 2023"])
    book.close()
    return path


def digest(path: Path) -> tuple[bytes, int]:
    """A file's bytes and mode: what must be as it was after a failed run."""
    return path.read_bytes(), path.stat().st_mode


@dataclass(frozen=True)
class FullDisk:
    """Where a write finds no room, and how to run the command so that it does.

    Attributes:
        folder: The folder to write into.
        preexec_fn: What the command's process runs first (the file size limit), or None.
        reason: The system's words for the fault, as the tool quotes them.
    """

    folder: Path
    preexec_fn: Callable[[], None] | None
    reason: str


def limit_file_size() -> None:
    """In a child process: any file grown past 512 bytes fails with EFBIG (SIGXFSZ ignored)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))


@contextmanager
def full_disk(folder: Path) -> Iterator[FullDisk]:
    """A full disk at `folder`: a 64 KiB tmpfs filled up, or else a file size limit."""
    folder.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)]
    try:
        mounted = subprocess.run(mount, capture_output=True).returncode == 0
    except FileNotFoundError:
        mounted = False
    if not mounted:
        yield FullDisk(folder, limit_file_size, os.strerror(errno.EFBIG))
        return
    try:
        fill(folder / "filler")
        yield FullDisk(folder, None, os.strerror(errno.ENOSPC))
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(path: Path) -> None:
    """Write `path` until the disk holding it has no room left."""
    with path.open("wb", buffering=0) as stream:
        try:
            while True:
                stream.write(b"\0" * 4096)
        except OSError as err:
            assert err.errno == errno.ENOSPC, err


def children(pid: int) -> list[int]:
    """The processes `pid` started that are still there (Linux: from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # it ended while looked at
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def is_running(pid: int) -> bool:
    """Whether a process runs (not ended, nor ended and waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
