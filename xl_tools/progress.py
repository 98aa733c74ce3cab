"""A batch's progress on the terminal: a bar redrawn in place, or plain lines when piped."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xl_tools.batch import Outcome


class Progress:
    """A batch's progress: a bar redrawn on stderr on a terminal, else a line per workbook.

    Failures are one line each on stderr either way. Without a terminal, each workbook
    built is a line ``source -> target`` on stdout (none with `quiet`, where stdout holds
    the computed table).
    """

    WIDTH = 30

    def __init__(self, total: int, verb: str, *, quiet: bool = False) -> None:
        self.total, self.verb, self.quiet = total, verb, quiet
        self.done = self.failed = 0
        self.terminal = sys.stderr.isatty()
        self.start = time.perf_counter()
        self._draw()

    def show(self, outcome: Outcome) -> None:
        """Count one workbook's outcome and say what became of it."""
        from xl_tools.batch import Status

        if outcome.status == Status.FAILED:
            self.show_failure(outcome.problems or (outcome.error or "",))
            return
        self.done += 1
        if not (self.terminal or self.quiet):
            done = f"-> {outcome.target}" if outcome.status == Status.BUILT else outcome.error
            line = f"{outcome.source} {done}" if outcome.target else f"{outcome.source}: {done}"
            print(line, flush=True)  # as it happens, for whatever reads it (tee, a log)
        self._draw()

    def show_failure(self, problems: Sequence[str]) -> None:
        """Count one workbook done; where it failed, say why in one line."""
        from xl_tools.batch import one_line

        self.done += 1
        if problems:
            self.failed += 1
            self._line(one_line(problems))
        self._draw()

    def close(self) -> None:
        """Clear the bar, leaving the terminal for the summary."""
        if self.terminal:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()

    def _line(self, text: str) -> None:
        print(("\r\x1b[K" if self.terminal else "") + text, file=sys.stderr, flush=True)

    def _draw(self) -> None:
        if not self.terminal:
            return
        filled = self.WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        seconds = time.perf_counter() - self.start
        failed = f", {self.failed} failed" if self.failed else ""
        text = f"{self.verb} [{bar}] {self.done}/{self.total}{failed} {seconds:.0f}s"
        sys.stderr.write(f"\r{text}")
        sys.stderr.flush()
