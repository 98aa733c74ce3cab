"""Where a built workbook goes, and saving it without ever leaving a half-written file.

A save goes through a temporary file that takes the target's place only once complete
(`xl_tools.replacing`), so that a failure leaves the target exactly as it was (DESIGN 6).
The workbook writes its own parts: those the tool changed anew, every other as it came
(`xl_tools.package`).

The checks on where to write are in two steps, both before the work of a build:
`output_path` checks what the names tell (a workbook's extension, one that matches what is
written, not the input itself); a `Replacement` checks the place itself as it makes its
temporary file (a folder that exists and takes new files, a target that is not a folder nor
read-only).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from xl_tools.errors import Problem, ProblemCode, WouldOverwriteError
from xl_tools.paths import BOARD_SUFFIX, WORKBOOK_SUFFIXES
from xl_tools.replacing import (
    DiskFullError,
    OutputError,
    Replacement,
    bad_output,
    is_read_only,
    locked,
)

if TYPE_CHECKING:
    from xl_tools.package import Workbook

MACRO_ENABLED_TYPE = "macroenabled"  # in every macro-enabled main part's content type

__all__ = [
    "DiskFullError",
    "OutputError",
    "Replacement",
    "is_macro_enabled",
    "make_folder",
    "output_path",
    "save_workbook",
]


def output_path(
    input: Path,
    out: Path | None,
    in_place: bool,
    *,
    macro_enabled: bool | None = None,
    suffix: str = BOARD_SUFFIX,
) -> Path:
    """Where a build of `input` writes, from what the names tell.

    ``<stem>-board.xlsx`` beside the input (a macro-enabled workbook's ends ``.xlsm``), or
    `out` when given (a folder gets the default name inside it), or the input itself when
    `in_place`. Called before the workbook is opened (`macro_enabled` None), it checks the
    names alone; called again once it is open, it also checks that the output's extension
    says what the workbook is, for Excel opens a workbook only under the extension of its
    kind.

    Args:
        input: The workbook read.
        out: A file or an existing folder to write to, or None for the default.
        in_place: Write back into the input itself; `out` must then be None.
        macro_enabled: Whether the workbook is macro-enabled (`is_macro_enabled`), or None
            while it is not yet opened (the input's own extension then says).
        suffix: What the default name adds to the input's stem.

    Returns:
        The path to write to.

    Raises:
        OutputError: `out` is not a workbook's name, or its extension is not the workbook's.
        WorkbookLockedError: `in_place` was asked for a read-only workbook.
        WouldOverwriteError: `out` is the input itself and `in_place` was not asked for.
        ValueError: Both `out` and `in_place` were given (the CLI never passes both).

    >>> output_path(Path("reports/measures.xlsm"), None, False).as_posix()
    'reports/measures-board.xlsm'
    >>> output_path(Path("measures.xlsx"), None, False, macro_enabled=True).as_posix()
    'measures-board.xlsm'
    >>> output_path(Path("measures.xlsx"), None, True).as_posix()
    'measures.xlsx'
    """
    default_name = f"{input.stem}{suffix}{_suffix_for(input, macro_enabled)}"
    if in_place:
        if out is not None:
            raise ValueError("give either an output path or in_place, not both")
        if is_read_only(input):
            raise locked(
                input,
                "is read-only, so --in-place cannot write into it: make it writable, or "
                f"leave out --in-place to write {default_name} beside it",
            )
        return input
    if out is None:
        target = input.with_name(default_name)
    elif out.is_dir():
        target = out / default_name
    else:
        target = out
        _check_extension(target, input, macro_enabled)
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


def is_macro_enabled(book: Workbook) -> bool:
    """Whether a workbook is macro-enabled, as its main part's content type says."""
    content_type = book.package.content_types.of(book.part) or ""
    return MACRO_ENABLED_TYPE in content_type.lower()


def _suffix_for(input: Path, macro_enabled: bool | None) -> str:
    """The extension of a board of `input`: the workbook's kind's, or else the input's."""
    if macro_enabled is not None:
        return ".xlsm" if macro_enabled else ".xlsx"
    suffix = input.suffix.lower()
    return suffix if suffix in WORKBOOK_SUFFIXES else ".xlsx"


def _check_extension(target: Path, input: Path, macro_enabled: bool | None) -> None:
    """Refuse an output named other than a workbook of the input's kind."""
    suffix = target.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        raise bad_output(
            target,
            f"is not a workbook's name ({suffix or 'no extension'}): give -o a name ending "
            ".xlsx (.xlsm for a macro-enabled workbook), or an existing folder",
        )
    if macro_enabled is None or (suffix == ".xlsm") == macro_enabled:
        return
    right = target.with_suffix(".xlsm" if macro_enabled else ".xlsx").name
    kind = "is a macro-enabled workbook" if macro_enabled else "is not macro-enabled"
    raise bad_output(
        target,
        f"{input.name} {kind}, and Excel opens it only as {right[-5:]}: give -o {right}",
    )


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
            open in Excel; or it is read-only) or its folder cannot be written into.
        WorkbookNotFoundError: The target's folder does not exist.
        OutputError: `target` is a folder, or a file stands where its folder should be.
        DiskFullError: The disk is full.
    """
    try:
        with Replacement(target) as replacement:
            replacement.write(book.save)
    finally:
        book.close()


def make_folder(folder: Path, *, instead: str = "give -o a folder") -> None:
    """Make a folder to write into, with its parents, unless it exists.

    Args:
        folder: The folder.
        instead: What the officer can do instead, ending the message.

    Raises:
        OutputError: It cannot be made (a file stands in its way, no permission).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise bad_output(
            folder,
            f"cannot be made into a folder to write into ({err.strerror or err}): {instead}",
        ) from err
