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
# Where the officer finds every problem: the CLI's check, or the button's Problems sheet.
CHECK_LISTS_THEM = "xl-tools check lists them all"
SHEET_LISTS_THEM = "all of them are in the Problems sheet"


def ordered(problems: Iterable[Problem]) -> list[Problem]:
    """The problems errors first, each kind in the order found, as every listing has them.

    >>> warning = Problem(ProblemCode.BAD_UNIT, "odd", severity=Severity.WARNING)
    >>> error = Problem(ProblemCode.BAD_VALUE, "bad")
    >>> [problem.message for problem in ordered([warning, error])]
    ['bad', 'odd']
    """
    return sorted(problems, key=lambda problem: problem.severity != Severity.ERROR)


def grouped_lines(
    problems: Iterable[Problem], *, every: bool = False, all_of_them: str = CHECK_LISTS_THEM
) -> list[str]:
    """The problems a line each, errors first, as a build shows them.

    Args:
        problems: What was found.
        every: List every problem with its code, as ``check`` does; otherwise a kind of
            warning found on many measures is shown `WARNINGS_SHOWN` times and then counted.
        all_of_them: Where the officer finds every problem, ending the count's line.

    >>> found = [Problem(ProblemCode.NO_DENOMINATOR, f"no Y {n}", file="m.xlsx",
    ...                  severity=Severity.WARNING) for n in range(5)]
    >>> print("\\n".join(grouped_lines(found, all_of_them=SHEET_LISTS_THEM)))
    warning: m.xlsx: no Y 0
    warning: m.xlsx: no Y 1
    warning: m.xlsx: no Y 2
    warning: m.xlsx: 2 more like the above [no-denominator]: all of them are in the Problems sheet
    """
    lines = []
    warnings: Counter[tuple[str | None, ProblemCode]] = Counter()
    for problem in ordered(problems):
        if problem.severity == Severity.WARNING and not every:
            warnings[problem.file, problem.code] += 1
            if warnings[problem.file, problem.code] > WARNINGS_SHOWN:
                continue
        lines.append(describe(problem, with_code=every))
    for (file, code), count in warnings.items():
        if count > WARNINGS_SHOWN:
            lines.append(
                f"warning: {file}: {count - WARNINGS_SHOWN} more like the above "
                f"[{code.value}]: {all_of_them}"
            )
    return lines


def report(problems: Iterable[Problem], *, every: bool = False) -> None:
    """Print problems on stderr, one line each, errors first.

    Args:
        problems: What was found.
        every: List every problem with its code, as ``check`` does; otherwise a kind of
            warning found on many measures is shown a few times and then counted.
    """
    for line in grouped_lines(problems, every=every):
        print(line, file=sys.stderr)
