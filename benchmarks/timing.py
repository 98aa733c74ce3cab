"""Run commands as new processes and measure them: wall time, CPU time and peak memory.

Each command runs in a process of its own, started with `os.posix_spawn` and reaped with
`os.wait4`, whose resource usage is that process's and that of the children it waited for
(a batch's workers, a shell loop's builds), and nothing else's. Two or more commands are
compared by running them in turn, A B A B ..., so that a change in the machine's load
during the run (it is shared) falls on every side alike; each side's time is the median of
its runs, and their ratio the median of the ratios within each round.
"""

from __future__ import annotations

import os
import shlex
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

Command = tuple[str, ...]
SAMPLE_EVERY = 0.02  # seconds between samples of a process tree's memory


class CommandFailedError(RuntimeError):
    """A command measured exited with an error: what it measured is not the work."""


@dataclass(frozen=True)
class Run:
    """One run of a command.

    Attributes:
        wall: Wall-clock seconds from its start to its exit.
        cpu: User and system CPU seconds of the process and the children it waited for.
        peak_kib: The largest resident memory of any one of those processes, in KiB.
    """

    wall: float
    cpu: float
    peak_kib: int


@dataclass(frozen=True)
class Runs:
    """A command's runs, one per round, with their medians."""

    runs: tuple[Run, ...]

    @property
    def wall(self) -> float:
        """The median wall time, in seconds."""
        return statistics.median(run.wall for run in self.runs)

    @property
    def cpu(self) -> float:
        """The median CPU time, in seconds."""
        return statistics.median(run.cpu for run in self.runs)

    @property
    def peak_kib(self) -> int:
        """The largest peak memory of any run, in KiB."""
        return max(run.peak_kib for run in self.runs)

    def __len__(self) -> int:
        return len(self.runs)


def ratio(ours: Runs, theirs: Runs, measure: Callable[[Run], float]) -> float:
    """The median over the rounds of ours / theirs, by `measure` (wall or CPU seconds).

    >>> a = Runs((Run(1.0, 1.0, 0), Run(3.0, 2.0, 0), Run(2.0, 1.0, 0)))
    >>> b = Runs((Run(2.0, 1.0, 0), Run(2.0, 2.0, 0), Run(2.0, 4.0, 0)))
    >>> ratio(a, b, lambda run: run.wall), ratio(a, b, lambda run: run.cpu)
    (1.0, 1.0)
    """
    pairs = zip(ours.runs, theirs.runs, strict=True)
    return statistics.median(measure(mine) / measure(other) for mine, other in pairs)


def interleave(
    commands: Mapping[str, Command],
    rounds: int,
    env: Mapping[str, str],
    *,
    warm_up: bool = False,
    run: Callable[[Command, Mapping[str, str]], Run] | None = None,
) -> dict[str, Runs]:
    """Run each command once per round, in turn, for `rounds` rounds.

    Args:
        commands: The commands by label, in the order they run within a round.
        rounds: How many times each runs.
        env: The environment they run in.
        warm_up: Run each once first, untimed, so that no side pays alone for reading its
            files and modules from disk.
        run: How to run one: `run_once` (the default) or `run_sampled`.

    Returns:
        Each command's runs, by label.
    """
    run = run or run_once
    if warm_up:
        for command in commands.values():
            run(command, env)
    runs: dict[str, list[Run]] = {label: [] for label in commands}
    for _ in range(rounds):
        for label, command in commands.items():
            runs[label].append(run(command, env))
    return {label: Runs(tuple(done)) for label, done in runs.items()}


def run_once(command: Command, env: Mapping[str, str]) -> Run:
    """Run `command` to its end and measure it.

    Raises:
        CommandFailedError: It exited with an error; the end of its stderr says why.
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        pid = _spawn(command, env, errors)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        _check(command, status, errors)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def run_sampled(command: Command, env: Mapping[str, str]) -> Run:
    """Run `command` to its end, its peak memory that of all its processes together.

    The memory is sampled every `SAMPLE_EVERY` seconds from /proc while it runs, since the
    peak of each process alone (`run_once`) says nothing of a batch's workers running at
    once; pages the processes share are counted in each. Sampling takes a share of a core:
    the times of a sampled run are not comparable with `run_once`'s.

    Raises:
        CommandFailedError: It exited with an error; the end of its stderr says why.
    """
    peak = 0
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        pid = _spawn(command, env, errors)
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            peak = max(peak, tree_rss_kib(pid))
            time.sleep(SAMPLE_EVERY)
        wall = time.perf_counter() - start
        _check(command, status, errors)
    return Run(wall, usage.ru_utime + usage.ru_stime, peak)


def tree_rss_kib(pid: int) -> int:
    """The resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue  # it ended between two reads
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")), 0
        )
        todo.extend(int(child) for child in children)
    return total


def _spawn(command: Sequence[str], env: Mapping[str, str], errors: IO[bytes]) -> int:
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_DUP2, errors.fileno(), 2),
    ]
    return os.posix_spawn(command[0], command, env, file_actions=actions)


def _check(command: Command, status: int, errors: IO[bytes]) -> None:
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        errors.seek(0)
        said = errors.read().decode(errors="replace")[-2000:]
        raise CommandFailedError(f"{shlex.join(command)} exited with {code}:\n{said}")
