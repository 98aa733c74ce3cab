"""Which files are measures workbooks: naming, skipping and expanding folders and patterns.

Light on purpose: the CLI imports it before it knows which command runs.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from pathlib import Path

from xl_tools.errors import NothingToDoError, Problem, ProblemCode

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# What a build adds to a workbook's name: measures.xlsx -> measures-board.xlsx.
BOARD_SUFFIX = "-board"
EMPTY_FOLDER = (
    "nothing to do: the folder holds no measures workbook (.xlsx or .xlsm, "
    "other than boards already built and lock files)"
)
NO_MATCH = "nothing to do: no file matches this pattern"


def is_skipped(path: Path) -> bool:
    """Whether a batch leaves a file alone: Excel's lock files, the tool's own outputs.

    >>> [is_skipped(Path(name)) for name in ("~$m.xlsx", "~m-x1.xlsx", "m-board.xlsx", "m.xlsx")]
    [True, True, True, False]
    """
    # "~$" starts Excel's lock files; "~" the tool's own temporary files (xl_tools.save).
    return path.name.startswith("~") or path.stem.lower().endswith(BOARD_SUFFIX)


def expand_workbooks(paths: Iterable[Path]) -> list[Path]:
    """The workbooks named: files as given, folders' workbooks, and patterns' matches.

    A folder gives its own ``.xlsx`` and ``.xlsm`` files, but not Excel's lock files
    (``~$...``), the tool's temporary files (``~...``) nor boards already built
    (``...-board.xlsx``). A pattern that matches nothing beside others that name workbooks
    is kept as given, so that the officer is told the file does not exist.

    Raises:
        NothingToDoError: Every path named is a folder without workbooks or a pattern that
            matches nothing; one problem for each.
    """
    expanded = [(path, *_expand(path)) for path in paths]
    if not any(found for _, found, _ in expanded):
        nothing = [problem for _, _, problem in expanded if problem is not None]
        if nothing:
            raise NothingToDoError(nothing)
    workbooks: list[Path] = []
    for path, found, _ in expanded:
        # Among others that name workbooks, a pattern matching nothing is kept, so that the
        # officer is told no such file exists; a folder without workbooks adds none.
        workbooks.extend(found or ([] if path.is_dir() else [path]))
    return workbooks


def _expand(path: Path) -> tuple[list[Path], Problem | None]:
    """The workbooks one path names, and the problem when a folder or pattern names none."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if _is_input_workbook(p))
        return found, None if found else _nothing(path, EMPTY_FOLDER)
    if is_pattern(path):
        # Windows shells hand patterns over unexpanded.
        found = sorted(Path(p) for p in glob.glob(str(path)))
        return found, None if found else _nothing(path, NO_MATCH)
    return [path], None


def _nothing(path: Path, message: str) -> Problem:
    return Problem(ProblemCode.NOTHING_TO_DO, message, file=str(path))


def is_batch(paths: Sequence[Path]) -> bool:
    """Whether the workbooks named make a batch: several, a folder or a pattern (DESIGN 7.1).

    >>> is_batch([Path("m.xlsx")]), is_batch([Path("a.xlsx"), Path("b.xlsx")])
    (False, True)
    """
    return len(paths) > 1 or any(path.is_dir() or is_pattern(path) for path in paths)


def is_pattern(path: Path) -> bool:
    """Whether a path names no file but a pattern such as ``*.xlsx``."""
    return not path.exists() and any(sign in path.name for sign in "*?[")


def _is_input_workbook(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES and not is_skipped(path)
