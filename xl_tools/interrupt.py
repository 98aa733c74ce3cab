"""Stopping cleanly when asked to: Ctrl-C (SIGINT) or a request to end (SIGTERM).

Both become `Interrupted`, a `KeyboardInterrupt`, so that whatever cleans up after Ctrl-C (a
temporary file removed, a batch's workers stopped) cleans up after either. The command then
says what was left undone and exits with 128 and the signal's number, as shells do.

Light on purpose: the CLI imports it before it knows which command runs.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from xl_tools.errors import Problem, ProblemCode

# The signals that ask a run to stop.
STOPPING = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The run was asked to stop: Ctrl-C (SIGINT) or a request to end (SIGTERM).

    Attributes:
        signal_number: The signal that asked.

    >>> stop = Interrupted(signal.SIGTERM)
    >>> stop.reason, stop.exit_code
    ('SIGTERM', 143)
    >>> str(stop.problem("m.xlsx", "nothing was written"))
    'm.xlsx: interrupted (SIGTERM): nothing was written'
    """

    def __init__(self, signal_number: int = signal.SIGINT) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number

    @property
    def reason(self) -> str:
        """What asked the run to stop, as the officer knows it: ``Ctrl-C``, or the signal."""
        if self.signal_number == signal.SIGINT:
            return "Ctrl-C"
        return signal.Signals(self.signal_number).name

    @property
    def exit_code(self) -> int:
        """The exit code of a program stopped so: 130 for Ctrl-C, 143 for SIGTERM."""
        return 128 + self.signal_number

    def problem(self, file: str | None, consequence: str) -> Problem:
        """The line saying that the run stopped, and what that left undone."""
        return Problem(
            ProblemCode.INTERRUPTED, f"interrupted ({self.reason}): {consequence}", file=file
        )


def interrupted(error: KeyboardInterrupt) -> Interrupted:
    """`error` as an `Interrupted`: Python's own `KeyboardInterrupt` is Ctrl-C.

    >>> interrupted(KeyboardInterrupt()).reason
    'Ctrl-C'
    """
    return error if isinstance(error, Interrupted) else Interrupted(signal.SIGINT)


@dataclass
class Waiting:
    """Whether a stopping signal waits rather than stops the run, and those that came.

    Attributes:
        held: How many `signals_held` blocks are running.
        deferred: Whether `defer` was called and `resume` not yet.
        signals: The signals that came while they waited.
    """

    held: int = 0
    deferred: bool = False
    signals: list[int] = field(default_factory=list)

    def raise_waiting(self) -> None:
        """Raise the first signal that waited, once none is to wait any more."""
        if self.signals and not (self.held or self.deferred):
            number = self.signals[0]
            self.signals.clear()
            raise Interrupted(number)


# Held in the handler's own state, not (only) in the signal mask: a signal sent to the
# process may be taken by any of its threads (numpy's, say), whose mask is not ours.
WAITING = Waiting()


def raise_interrupted(signal_number: int, frame: FrameType | None) -> None:
    """The signal handler that turns a stopping signal into `Interrupted`, unless it waits."""
    if WAITING.held or WAITING.deferred:
        WAITING.signals.append(signal_number)
        return
    raise Interrupted(signal_number)


def defer() -> None:
    """Let a stopping signal wait until `resume`: a file is being put in its place.

    Once a build's file is in place, the run must say so before it stops, or it would
    report as not written a file that was. Only the handler `interruptible` installs (and a
    batch's worker's) waits; Python's own Ctrl-C does not.
    """
    WAITING.deferred = True


def resume() -> None:
    """Let stopping signals stop the run again, raising the one that waited, if any."""
    WAITING.deferred = False
    WAITING.raise_waiting()


@contextmanager
def interruptible() -> Iterator[None]:
    """Make SIGINT and SIGTERM raise `Interrupted` while the block runs.

    A signal the run was started ignoring (``nohup``, a background job) stays ignored, and
    each handler is put back afterwards.
    """
    previous = {}
    for number in STOPPING:
        if signal.getsignal(number) in (signal.default_int_handler, signal.SIG_DFL):
            previous[number] = signal.signal(number, raise_interrupted)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def signals_held(*, drop: bool = False) -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs: one sent meanwhile comes after it.

    A process started in the block (`multiprocessing` forks) starts with them held too, so
    that it can set its own handlers before any arrives.

    Args:
        drop: Forget a signal sent meanwhile instead: the block is the run stopping already.
    """
    masked = hasattr(signal, "pthread_sigmask")  # Windows has no signal masks
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING) if masked else set()
    WAITING.held += 1
    try:
        yield
    finally:
        if masked:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        WAITING.held -= 1
        if drop:
            WAITING.signals.clear()
    WAITING.raise_waiting()


def as_worker() -> None:
    """Set a batch's worker process to stop only when its batch says so.

    Ctrl-C reaches every process of the terminal's job, the workers too: the batch's own
    process decides what it stops, and stops a worker with SIGTERM, which raises
    `Interrupted` so that the workbook being written leaves no temporary file.
    """
    # The batch's process forked this one in the midst of holding signals: none is now.
    WAITING.held, WAITING.deferred = 0, False
    WAITING.signals.clear()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, raise_interrupted)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
