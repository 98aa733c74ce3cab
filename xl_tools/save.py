"""Where a built workbook goes, and saving it without ever leaving a half-written file.

A save goes to a temporary file in the target's own folder and is renamed into place only
once complete, so that a failure (a full disk, a bug, Excel holding the file) leaves the
target exactly as it was (DESIGN 6). The workbook writes its own parts: those the tool
changed anew, every other as it came (`xl_tools.package`).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tools.errors import (
    Problem,
    ProblemCode,
    WorkbookLockedError,
    WorkbookNotFoundError,
    WouldOverwriteError,
)
from xl_tools.paths import BOARD_SUFFIX

if TYPE_CHECKING:
    from xl_tools.package import Workbook

LOCKED_MESSAGE = (
    "cannot be replaced, probably because it is open in Excel: close it there and run again"
)


def output_path(input: Path, out: Path | None, in_place: bool) -> Path:
    """Where a build of `input` writes.

    ``<stem>-board.xlsx`` beside the input (a macro-enabled ``.xlsm`` stays ``.xlsm``), or
    `out` when given (a folder gets the default name inside it), or the input itself when
    `in_place`.

    Args:
        input: The workbook read.
        out: A file or an existing folder to write to, or None for the default.
        in_place: Write back into the input itself; `out` must then be None.

    Returns:
        The path to write to.

    Raises:
        WouldOverwriteError: `out` is the input itself and `in_place` was not asked for.
        ValueError: Both `out` and `in_place` were given (the CLI never passes both).

    >>> output_path(Path("reports/measures.xlsm"), None, False).as_posix()
    'reports/measures-board.xlsm'
    >>> output_path(Path("measures.xlsx"), None, True).as_posix()
    'measures.xlsx'
    """
    if in_place:
        if out is not None:
            raise ValueError("give either an output path or in_place, not both")
        return input
    default_name = f"{input.stem}{BOARD_SUFFIX}{input.suffix.lower()}"
    if out is None:
        target = input.with_name(default_name)
    elif out.is_dir():
        target = out / default_name
    else:
        target = out
    if _same_file(target, input):
        raise WouldOverwriteError(
            Problem(
                ProblemCode.WOULD_OVERWRITE,
                "is the workbook being read: the output must go elsewhere. "
                "Give another file with -o, or use --in-place to write back into it",
                file=str(target),
            )
        )
    return target


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, also through links and case-insensitive folders."""
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


def save_workbook(book: Workbook, target: Path) -> None:
    """Save `book` to `target` through a temporary file in the same folder, and close it.

    The temporary file takes the place of `target` only once it is completely written; on
    any failure it is removed and `target` is left untouched. The workbook is closed before
    its file is replaced, so that `target` may be the file it was read from.

    Args:
        book: The workbook to save.
        target: Where to save it. Its folder must exist.

    Raises:
        WorkbookLockedError: `target` cannot be replaced (on Windows, usually because it is
            open in Excel) or its folder cannot be written into.
        WorkbookNotFoundError: The target's folder does not exist.
    """
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, before renaming)
            dir=target.parent, prefix=f"~{target.stem}-", suffix=target.suffix, delete=False
        )
    except FileNotFoundError as err:
        book.close()
        raise WorkbookNotFoundError(
            Problem(
                ProblemCode.FILE_NOT_FOUND,
                f"cannot be written: the folder {target.parent} does not exist",
                file=str(target),
            )
        ) from err
    except PermissionError as err:
        book.close()
        raise _locked(target, "cannot be written: its folder does not allow new files") from err
    temporary = Path(handle.name)
    try:
        with handle:
            book.save(handle)
        os.chmod(temporary, _mode_for(target))
    except BaseException:
        book.close()
        temporary.unlink(missing_ok=True)
        raise
    try:
        os.replace(temporary, target)
    except BaseException as err:
        temporary.unlink(missing_ok=True)
        if isinstance(err, PermissionError):
            raise _locked(target, LOCKED_MESSAGE) from err
        raise


def _mode_for(target: Path) -> int:
    """The permissions the saved file should have: the target's own, else the usual ones."""
    # A temporary file is private to its owner; a workbook on a shared drive must not become so.
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _locked(target: Path, message: str) -> WorkbookLockedError:
    return WorkbookLockedError(Problem(ProblemCode.FILE_LOCKED, message, file=str(target)))
