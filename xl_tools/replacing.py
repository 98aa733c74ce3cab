"""Writing a file whole or not at all: through a temporary file that takes its place.

A `Replacement` makes a temporary file in the target's own folder before the work it
holds the result of, and renames it into place only once it is complete, so that a
failure (a full disk, Ctrl-C, a bug, Excel holding the file) leaves the target exactly as it
was (DESIGN 6). Making it first checks the place itself: a folder that exists and takes new
files, a target that is not a folder nor read-only.

A temporary file is named for the process writing it (``~<stem>-xl-tools-<host>-<pid>-...``),
so that one left behind by a process that was killed is known and removed by the next save
into its folder, and a live process's never is (`remove_stale_temporaries`).
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import socket
import stat
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import IO

from xl_tools.errors import (
    DiskFullError,
    OutputError,
    Problem,
    ProblemCode,
    WorkbookLockedError,
    WorkbookNotFoundError,
    XlToolsError,
)
from xl_tools.interrupt import defer

LOCKED_MESSAGE = (
    "cannot be replaced, probably because it is open in Excel: close it there and run again"
)
NO_NEW_FILES = "cannot be written: its folder does not allow new files"
READ_ONLY = "is read-only, so xl-tools does not replace it: make it writable, or write elsewhere"
IS_A_FOLDER = "is a folder, so the workbook cannot be written there: give another name with -o"
# What a write fails with when the disk (or the user's quota, or the file size limit) is full.
NO_ROOM = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def write_file(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file (a `Replacement`).

    Raises:
        XlToolsError: As `Replacement` and its `write` raise.
    """
    with Replacement(target) as replacement:
        replacement.write(lambda out: out.write(data))


class Replacement:
    """A temporary file beside a target that takes the target's place once completely written.

    Made before the work it holds the result of, so that a place that cannot be written is
    known at once; used as a context manager, it is removed unless `write` completed. A
    target that is a symbolic link is written through: the link stays, the file it points
    to is replaced.

    Attributes:
        target: The file to replace, as named.
        real: The file actually replaced: `target`, or the file its link points to.
        temporary: The temporary file.

    Raises:
        WorkbookLockedError: `target` is read-only, or its folder takes no new files.
        WorkbookNotFoundError: The target's folder does not exist.
        OutputError: `target` is a folder, or a file stands where its folder should be.
        DiskFullError: The disk has no room even for an empty file.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.real = target.resolve() if target.is_symlink() else target
        _check_place(target, self.real)
        remove_stale_temporaries(self.real.parent, once=True)
        self.temporary, descriptor = _create_temporary(target, self.real)
        self._file = _TargetFile(descriptor, target)
        self._done = False

    def __enter__(self) -> Replacement:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def write(self, save: Callable[[IO[bytes]], object]) -> None:
        """Write the temporary file with `save`, then put it in the target's place.

        Raises:
            DiskFullError: The disk filled up.
            WorkbookLockedError: The target cannot be replaced (open in Excel).
            OutputError: The file could not be written or put in place for another reason.
        """
        with self._file:
            save(self._file)
        try:
            os.chmod(self.temporary, _mode_for(self.real))
            defer()  # from here the file is in place, and the run says so before it stops
            os.replace(self.temporary, self.real)
        except PermissionError as err:
            raise locked(self.target, LOCKED_MESSAGE) from err
        except OSError as err:
            raise _write_error(self.target, err) from err
        self._done = True
        _made.discard(self.temporary)

    def discard(self) -> None:
        """Remove the temporary file, unless it is in the target's place already."""
        self._file.close()
        if not self._done:
            self.temporary.unlink(missing_ok=True)
            _made.discard(self.temporary)


class _TargetFile(io.FileIO):
    """The temporary file, whose failed writes are the target's to report.

    Writes all it is given, or raises: a disk filling up may take part of a write.
    """

    def __init__(self, descriptor: int, target: Path) -> None:
        super().__init__(descriptor, "wb")
        self.target = target

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        done = 0
        while done < len(view):
            try:
                done += super().write(view[done:]) or 0
            except OSError as err:
                raise _write_error(self.target, err) from err
        return done


def is_read_only(path: Path) -> bool:
    """Whether a file exists and is marked read-only: no one may write it (its mode says).

    The mode is looked at, not whether this process could write: an administrator (root)
    can write any file, and must not replace one its owner marked read-only.
    """
    return path.exists() and not stat.S_IMODE(path.stat().st_mode) & 0o222


def _check_place(target: Path, real: Path) -> None:
    """Refuse a target that is a folder or read-only, or whose folder is not a folder."""
    if real.is_dir():
        raise bad_output(target, IS_A_FOLDER)
    if is_read_only(real):
        raise locked(target, READ_ONLY)
    folder = real.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder.exists() and not folder.is_dir():
        raise bad_output(
            target,
            f"cannot be written: {folder} is a file, not a folder: give -o a name in a folder",
        )


# A file made anew, never one that exists; on Windows, bytes as they are (no newline changes).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def _create_temporary(target: Path, real: Path) -> tuple[Path, int]:
    """A new, empty temporary file for `target`, beside the file it replaces."""
    while True:
        path = real.with_name(f"{temporary_prefix(real.stem)}{secrets.token_hex(4)}{real.suffix}")
        # Known as made before it is: an interruption just after it is made, before
        # anything takes charge of it, still finds it (`remove_own_temporaries`).
        _made.add(path)
        try:
            return path, os.open(path, _NEW_FILE, 0o600)
        except OSError as err:
            _made.discard(path)
            if not isinstance(err, FileExistsError):  # else a name taken: try another
                raise _creation_error(target, real, err) from err


def _creation_error(target: Path, real: Path, err: OSError) -> XlToolsError:
    """The one line for a temporary file that could not be made beside `real`."""
    if isinstance(err, FileNotFoundError):
        return WorkbookNotFoundError(
            Problem(
                ProblemCode.FILE_NOT_FOUND,
                f"cannot be written: the folder {real.parent} does not exist",
                file=str(target),
            )
        )
    if isinstance(err, PermissionError) or err.errno == errno.EROFS:
        return locked(target, NO_NEW_FILES)
    return _write_error(target, err)


def _write_error(target: Path, err: OSError) -> XlToolsError:
    """The one line for a file that could not be written."""
    if err.errno in NO_ROOM:
        return DiskFullError(
            Problem(
                ProblemCode.DISK_FULL,
                f"cannot be written: there is no room for it ({err.strerror}): "
                "free some space on the disk, or write elsewhere with -o",
                file=str(target),
            )
        )
    if isinstance(err, IsADirectoryError):
        return bad_output(target, IS_A_FOLDER)
    return bad_output(target, f"cannot be written ({err.strerror or err})")


def _mode_for(target: Path) -> int:
    """The permissions the saved file should have: the target's own, else the usual ones."""
    # A temporary file is private to its owner; a workbook on a shared drive must not become so.
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def locked(target: Path, message: str) -> WorkbookLockedError:
    """The error for a target that cannot be replaced or written into."""
    return WorkbookLockedError(Problem(ProblemCode.FILE_LOCKED, message, file=str(target)))


def bad_output(target: Path, message: str) -> OutputError:
    """The error for an output that cannot hold what is written."""
    return OutputError(Problem(ProblemCode.BAD_OUTPUT, message, file=str(target)))


# Temporary files

# The temporary files this process made and has neither put in place nor removed.
_made: set[Path] = set()


def remove_own_temporaries() -> list[Path]:
    """Remove the temporary files this process made and has not finished with.

    A `Replacement` removes its own; this is for an interruption that came between
    making one and taking charge of it, when nothing else would.

    Returns:
        The files removed.
    """
    removed = []
    for path in list(_made):
        with suppress(OSError):
            path.unlink(missing_ok=True)
            removed.append(path)
        _made.discard(path)
    return removed


def _host() -> str:
    """This computer's name as a temporary file's name holds it: letters and digits."""
    return re.sub("[^A-Za-z0-9]", "", socket.gethostname()) or "host"


_HOST = _host()
_TEMPORARY = re.compile(
    r"~.*-xl-tools-(?P<host>[A-Za-z0-9]+)-(?P<pid>[0-9]+)-[0-9a-f]{8}\.[A-Za-z0-9]+"
)
# The folders this process has cleared of stale temporary files already.
_swept: set[Path] = set()


def temporary_prefix(stem: str) -> str:
    """How the temporary files of `stem` written by this process begin.

    >>> temporary_prefix("m-board") == f"~m-board-xl-tools-{_HOST}-{os.getpid()}-"
    True
    """
    return f"~{stem}-xl-tools-{_HOST}-{os.getpid()}-"


def remove_stale_temporaries(folder: Path, *, once: bool = False) -> list[Path]:
    """Remove the temporary files that runs of xl-tools killed on this computer left.

    Only files named as `temporary_prefix` names them are looked at, and only those of a
    process that is gone are removed: never another live run's, nor one written from
    another computer (a shared drive). Where processes cannot be looked up without harm
    (Windows), none is removed.

    Args:
        folder: The folder to clear.
        once: Clear it only if this process has not already.

    Returns:
        The files removed.
    """
    if os.name != "posix" or (once and folder in _swept):
        return []
    _swept.add(folder)
    removed = []
    with suppress(OSError):  # a folder that cannot be listed holds nothing to clear
        for entry in os.scandir(folder):
            found = _TEMPORARY.fullmatch(entry.name)
            if found and found["host"] == _HOST and _is_gone(int(found["pid"])):
                with suppress(OSError):  # clearing up is a courtesy: it never stops a save
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _is_gone(pid: int) -> bool:
    """Whether no process `pid` runs on this computer (POSIX only: on Windows this kills)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's live process
        return False
    return False
