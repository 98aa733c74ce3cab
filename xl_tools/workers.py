"""Worker processes for a batch: each takes one workbook at a time, and may die alone.

A worker is handed one workbook, sends back its small result and is handed the next, so
that the batch always knows which workbook each worker is on. A worker that dies (killed
by the out-of-memory killer, say) fails only the workbook it was on, and a fresh worker
takes its place for the rest; the workbook is not tried again, so one that kills its
worker every time cannot stop the batch.

Ctrl-C reaches every process of the terminal's job: the workers ignore it and the batch's
own process decides. When the batch stops early, each worker still on a workbook is sent
SIGTERM, which its build takes as an interruption (`xl_tools.interrupt`): its temporary
file is removed and it ends.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Generic, TypeVar

from xl_tools.interrupt import as_worker, resume, signals_held

# A worker's start (its imports) costs about two builds: fewer workbooks than this per
# worker are done sooner in the process already running.
WORKBOOKS_PER_WORKER = 2
# How long workers stopped early have to end by themselves before they are killed.
STOP_SECONDS = 5.0
# The signal the out-of-memory killer sends (POSIX; Windows has no such signal).
KILLED = getattr(signal, "SIGKILL", 9)

T = TypeVar("T")


def worker_count(jobs: int | None, workbooks: int) -> int:
    """How many worker processes a batch uses: 1 means none, in the running process.

    >>> worker_count(None, 150) == min(os.cpu_count() or 1, 75)
    True
    >>> worker_count(8, 3), worker_count(2, 12), worker_count(1, 150)
    (1, 2, 1)
    """
    return max(1, min(jobs or os.cpu_count() or 1, workbooks // WORKBOOKS_PER_WORKER))


class Workers(Generic[T]):
    """Worker processes running `work` on paths, each on one path at a time.

    Use it as a context manager: leaving it stops the workers (`stop`).

    Args:
        work: What to do with one path; picklable (a module-level function or a
            `functools.partial` of one), and not raising for a bad workbook.
        died: The result for a path whose worker died on it, from the path and how the
            worker ended ("killed, perhaps for lack of memory").
        jobs: Worker processes (None: one per core); with 1, or too few paths for more,
            `work` runs in this process.
    """

    def __init__(
        self, work: Callable[[Path], T], *, died: Callable[[Path, str], T], jobs: int | None
    ) -> None:
        self.work, self.died, self.jobs = work, died, jobs
        self.pool: list[Worker] = []

    def __enter__(self) -> Workers[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def run(self, paths: Sequence[Path]) -> Iterator[tuple[Path, T]]:
        """Run `work` on each path, yielding each path and its result as each is done."""
        workers = worker_count(self.jobs, len(paths))
        if workers == 1 or multiprocessing.get_start_method() == "fork":
            # Workers forked from this process start with the engine imported: importing
            # it once here is sooner than importing it in every worker at once.
            warm_up()
        if workers == 1:
            yield from ((path, self.work(path)) for path in paths)
            return
        pending = deque(paths)
        while True:
            hand_out(pending, self.pool, lambda: Worker(self.work), workers)
            busy = [worker for worker in self.pool if worker.task is not None]
            if not busy:
                return
            ready = set(wait([handle for worker in busy for handle in worker.handles]))
            for worker in busy:
                if not ready.isdisjoint(worker.handles):
                    yield self._take(worker)

    def stop(self) -> list[tuple[Path, T]]:
        """End every worker, and return the results finished but not yet taken.

        A worker without a path is told there is no more work; one on a path is sent
        SIGTERM, and stops (its temporary file removed) unless its file is in place
        already, when it first sends its result. One still running after `STOP_SECONDS`
        is killed.
        """
        if not self.pool:
            return []
        with signals_held(drop=True):  # a second Ctrl-C: they are being stopped already
            for worker in self.pool:
                if worker.task is not None:
                    worker.process.terminate()
                else:
                    with suppress(OSError):  # it may have died already
                        worker.connection.send(None)
            deadline = time.monotonic() + STOP_SECONDS
            for worker in self.pool:
                worker.process.join(max(0.0, deadline - time.monotonic()))
                if worker.process.is_alive():
                    worker.process.kill()
            finished = []
            for worker in self.pool:
                with suppress(EOFError, OSError):  # no result: it stopped, or was killed
                    if worker.task is not None and worker.connection.poll():
                        finished.append((worker.task, worker.connection.recv()))
            for worker in self.pool:
                worker.end()
            self.pool.clear()
        return finished

    def _take(self, worker: Worker) -> tuple[Path, T]:
        """The worker's result, or (if it died) `died`'s; a dead worker leaves the pool."""
        path, result = worker.take(self.died)
        if not worker.process.is_alive():
            self.pool.remove(worker)
            worker.end()
        return path, result


def hand_out(
    pending: deque[Path], pool: list[Worker], start: Callable[[], Worker], workers: int
) -> None:
    """Hand the next paths to the idle workers, starting workers (up to `workers`) as needed."""
    for worker in [w for w in pool if w.task is None and not w.process.is_alive()]:
        pool.remove(worker)  # one that ended between two paths
        worker.end()
    idle = [worker for worker in pool if worker.task is None]
    while len(idle) < len(pending) and len(pool) < workers:
        with signals_held():  # Ctrl-C now stops it with the others, not before it is known
            idle.append(start())
            pool.append(idle[-1])
    for worker in idle:
        if pending:
            worker.give(pending.popleft())


class Worker:
    """One worker process, and the path it is on, if any.

    Attributes:
        process: The worker process.
        connection: This end of the pipe to it.
        task: The path it was handed and has not answered, or None.
    """

    def __init__(self, work: Callable[[Path], object]) -> None:
        self.connection, theirs = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=serve, args=(theirs, work), daemon=True)
        with signals_held():  # it starts holding them too, until it has its own handlers
            self.process.start()
        theirs.close()  # the worker's end: so that its death reads as the pipe's end
        self.task: Path | None = None

    @property
    def handles(self) -> tuple[Connection, int]:
        """What is ready when the worker has answered or has died."""
        return self.connection, self.process.sentinel

    def give(self, path: Path) -> None:
        """Hand the worker a path."""
        self.task = path
        with suppress(OSError):  # one that died meanwhile is found so by `take`
            self.connection.send(path)

    def take(self, died: Callable[[Path, str], T]) -> tuple[Path, T]:
        """The worker's answer for its path; `died` makes it if the worker died instead."""
        path, self.task = self.task, None
        assert path is not None, "take() on a worker without a task"
        try:
            if self.connection.poll():
                result: T = self.connection.recv()
                return path, result
        except (EOFError, OSError):
            pass  # the pipe closed as the worker died
        self.process.join()
        return path, died(path, how_it_ended(self.process.exitcode))

    def end(self) -> None:
        """Release the worker's pipe and process, once it has ended."""
        self.connection.close()
        self.process.join()
        self.process.close()


def how_it_ended(exit_code: int | None) -> str:
    """How a worker process ended, for the officer.

    >>> how_it_ended(-9), how_it_ended(-15), how_it_ended(1)
    ('killed, perhaps for lack of memory', 'killed by SIGTERM', 'ended with exit code 1')
    """
    if exit_code == -KILLED:
        return "killed, perhaps for lack of memory"
    if exit_code is not None and exit_code < 0:
        with suppress(ValueError):
            return f"killed by {signal.Signals(-exit_code).name}"
    return f"ended with exit code {exit_code}"


def serve(connection: Connection, work: Callable[[Path], object]) -> None:
    """A worker's life: take paths one at a time, and send back each one's result.

    Ends when handed None, when the batch's end of the pipe closes, or on SIGTERM.
    """
    try:
        as_worker()
        warm_up()
        while (path := connection.recv()) is not None:
            connection.send(work(path))
            resume()  # a SIGTERM that came once the file was in place stops it now
    except (EOFError, KeyboardInterrupt):
        return  # the batch ended, or stopped this worker: its build has cleared up


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
