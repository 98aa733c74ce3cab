"""Problems as the officer reads them: one line each, on the terminal or in a message box."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

from xl_tools.errors import Problem, ProblemCode, Severity


def describe(problem: Problem, *, with_code: bool = False) -> str:
    """A problem as one line: warnings say so, errors are the problem alone.

    With `with_code` (``check``), every line starts with its severity and code.

    >>> from xl_tools.errors import ProblemCode
    >>> problem = Problem(ProblemCode.BAD_VALUE, "is not a number", file="m.xlsx",
    ...                   sheet="Measures", cell="F5", found="twelve")
    >>> describe(problem, with_code=True)
    'error [bad-value]: m.xlsx: Measures!F5: "twelve" is not a number'
    """
    line = " ".join(str(problem).split())  # a message never spans lines on the terminal
    if with_code:
        return f"{problem.severity.value} [{problem.code.value}]: {line}"
    return f"warning: {line}" if problem.severity == Severity.WARNING else line


# A build shows this many warnings of one kind; `check` lists them all.
WARNINGS_SHOWN = 3


def report(problems: Iterable[Problem], *, every: bool = False) -> None:
    """Print problems on stderr, one line each, errors first.

    Args:
        problems: What was found.
        every: List every problem with its code, as ``check`` does; otherwise a kind of
            warning found on many measures is shown a few times and then counted.
    """
    ordered = sorted(problems, key=lambda problem: problem.severity != Severity.ERROR)
    warnings: Counter[tuple[str | None, ProblemCode]] = Counter()
    for problem in ordered:
        if problem.severity == Severity.WARNING and not every:
            warnings[problem.file, problem.code] += 1
            if warnings[problem.file, problem.code] > WARNINGS_SHOWN:
                continue
        print(describe(problem, with_code=every), file=sys.stderr)
    for (file, code), count in warnings.items():
        if count > WARNINGS_SHOWN:
            print(
                f"warning: {file}: {count - WARNINGS_SHOWN} more like the above "
                f"[{code.value}]: xl-tools check lists them all",
                file=sys.stderr,
            )
