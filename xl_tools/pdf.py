"""The board as a PDF: the built workbook's board sheet alone, printed by LibreOffice headless.

LibreOffice prints every visible sheet of a workbook, and the active one even if it is
hidden. So the built workbook is copied with every sheet but the tool's board hidden and
the board active (`Workbook.hide_all_but`), and the copy is printed. Each print runs a
LibreOffice of its own, with a private profile in a temporary folder, so that a batch's
workers, and a LibreOffice the officer has open, never meet; it runs in a process group of
its own, killed whole when it takes too long or the run is stopped. The PDF takes its place
through a temporary file beside it, as the workbook does (`xl_tools.replacing`).

Light at import: the CLI looks for LibreOffice before any build.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from glob import glob
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import IO, Any

from xl_tools.errors import LibreOfficeNotFoundError, PrintError, Problem, ProblemCode
from xl_tools.interrupt import signals_held
from xl_tools.paths import BOARD_SUFFIX
from xl_tools.replacing import Replacement, bad_output

# How long LibreOffice may take to print one board before it is stopped. A board prints
# in a few seconds; a first start on a slow shared drive may take a minute.
TIMEOUT_SECONDS = 180.0
# LibreOffice's command, as installed on PATH (Windows adds .exe or .com itself).
COMMANDS = ("soffice", "libreoffice")
# Where LibreOffice installs itself when it is not on PATH, by `sys.platform`: Windows
# folders by the environment's %ProgramFiles% and %ProgramFiles(x86)%; LibreOffice's own
# packages for Linux install into /opt/libreoffice<version>, and put no soffice on PATH.
INSTALL_PATHS: Mapping[str, tuple[str, ...]] = {
    "win32": (
        r"%ProgramFiles%\LibreOffice\program\soffice.exe",
        r"%ProgramFiles(x86)%\LibreOffice\program\soffice.exe",
    ),
    "darwin": ("/Applications/LibreOffice.app/Contents/MacOS/soffice",),
    "linux": ("/opt/libreoffice*/program/soffice",),
}
# What the folders the environment names are where the environment does not say.
WINDOWS_FOLDERS = {
    "ProgramFiles": r"C:\Program Files",
    "ProgramFiles(x86)": r"C:\Program Files (x86)",
}
PDF_SUFFIX = ".pdf"
# A tagged PDF, which screen readers follow (LibreOffice's filter options as JSON, 7.4 on;
# an older LibreOffice prints an untagged PDF).
TAGGED_PDF = 'pdf:calc_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def find_libreoffice() -> Path:
    """LibreOffice's program: on PATH (``soffice``, ``libreoffice``), else where it installs.

    Raises:
        LibreOfficeNotFoundError: It is in none of those places; the message says where
            the tool looked and what to install.
    """
    for command in COMMANDS:
        found = shutil.which(command)
        if found is not None:
            return Path(found)
    candidates = install_candidates(sys.platform, os.environ)
    for candidate in candidates:
        for path in sorted(glob(str(candidate))) if "*" in str(candidate) else [candidate]:
            if Path(path).is_file():
                return Path(path)
    places = dict.fromkeys(str(install_folder(candidate)) for candidate in candidates)
    where = "".join(f" or in {place}" for place in places)
    raise LibreOfficeNotFoundError(
        Problem(
            ProblemCode.NO_LIBREOFFICE,
            f"--pdf needs LibreOffice to print the board, and it was not found on PATH{where}: "
            "install it from libreoffice.org, or leave out --pdf",
        )
    )


def install_candidates(platform: str, environ: Mapping[str, str]) -> list[PurePath]:
    r"""Where LibreOffice's program may be on a system beyond PATH, in the order looked at.

    A path may hold a ``*`` (any version of LibreOffice's own Linux packages).

    Args:
        platform: The system, as `sys.platform` names it (``win32``, ``darwin``, ``linux``).
        environ: The environment, which names Windows' program folders.

    >>> for path in install_candidates("win32", {"ProgramFiles": "D:/Apps"}):
    ...     print(path)
    D:\Apps\LibreOffice\program\soffice.exe
    C:\Program Files (x86)\LibreOffice\program\soffice.exe
    >>> [p.as_posix() for p in install_candidates("darwin", {})]
    ['/Applications/LibreOffice.app/Contents/MacOS/soffice']
    """
    key = "linux" if platform.startswith("linux") else platform
    found: list[PurePath] = []
    for path in INSTALL_PATHS.get(key, ()):
        if platform == "win32":
            for variable, default in WINDOWS_FOLDERS.items():
                path = path.replace(f"%{variable}%", environ.get(variable) or default)
            found.append(PureWindowsPath(path))
        else:
            found.append(PurePosixPath(path))
    return found


def install_folder(program: PurePath) -> PurePath:
    r"""The folder LibreOffice is installed in, from its program's path, to name it to the officer.

    >>> str(install_folder(PureWindowsPath(r"C:\Program Files\LibreOffice\program\soffice.exe")))
    'C:\\Program Files\\LibreOffice'
    >>> str(install_folder(PurePosixPath("/Applications/LibreOffice.app/Contents/MacOS/soffice")))
    '/Applications/LibreOffice.app'
    >>> str(install_folder(PurePosixPath("/elsewhere/soffice")))
    '/elsewhere'
    """
    for folder in program.parents:
        if folder.name.lower().startswith("libreoffice"):
            return folder
    return program.parent


def pdf_path(workbook: Path) -> Path:
    """Where the board's PDF of a built workbook goes: beside it, named as the board.

    The workbook's name, ending ``-board`` as a board's does (added where it does not, as
    a workbook built in place).

    >>> pdf_path(Path("out/measures-board.xlsx")).as_posix()
    'out/measures-board.pdf'
    >>> pdf_path(Path("measures.xlsm")).as_posix()
    'measures-board.pdf'
    """
    stem = workbook.stem
    if not stem.lower().endswith(BOARD_SUFFIX):
        stem += BOARD_SUFFIX
    return workbook.with_name(stem + PDF_SUFFIX)


IS_A_FOLDER = "is a folder, so the board's PDF cannot be written there: move it, or leave out --pdf"
# What a run stopped while it printed says of the workbook it built: "m-board.xlsx ..."
WITHOUT_PDF = "was written, its PDF was not"
NOT_PRINTED = "was not written: LibreOffice could not print the board of {workbook} ({why})"
# What LibreOffice says that is not why it failed.
_CHATTER = ("warning:", "convert ")
# The longest account of LibreOffice's own words kept in a message.
_LONGEST_WORDS = 200


class BoardPdf:
    """The place of a board's PDF, made ready before the build, and the printing into it.

    Made before the workbook is built, so that a PDF that cannot be put in its place (a
    folder there, a read-only file) is reported before anything is written; used as a
    context manager, its temporary file is removed unless the PDF took its place.

    Args:
        target: The PDF's path.
        soffice: LibreOffice's program (`find_libreoffice`).

    Raises:
        OutputError: The target is a folder, or a file stands where its folder should be.
        WorkbookLockedError: The target is read-only, or its folder takes no new files.
    """

    def __init__(self, target: Path, soffice: Path) -> None:
        self.target, self.soffice = target, soffice
        if target.is_dir():
            raise bad_output(target, IS_A_FOLDER)
        self._replacement = Replacement(target)

    def __enter__(self) -> BoardPdf:
        return self

    def __exit__(self, *exc: object) -> None:
        self._replacement.discard()

    def print_board(self, workbook: Path) -> None:
        """Print the board of a built workbook with LibreOffice, and put the PDF in place.

        Args:
            workbook: The workbook built, holding the tool's board.

        Raises:
            PrintError: LibreOffice failed, made no PDF, or took longer than
                `TIMEOUT_SECONDS`; or the workbook holds no board.
            DiskFullError: There is no room for the PDF.
            XlToolsError: The PDF cannot be put in place (`Replacement.write`).
            KeyboardInterrupt: The run was stopped: LibreOffice is stopped and its files
                removed first.
        """
        with tempfile.TemporaryDirectory(
            prefix="xl-tools-pdf-", ignore_cleanup_errors=True
        ) as work:
            copy = Path(work, f"board{workbook.suffix.lower()}")
            if not copy_board_alone(workbook, copy):
                raise self._not_printed(workbook, "it holds no board of xl-tools")
            printed = self._convert(copy, workbook)
            with printed.open("rb") as source:
                self._replacement.write(lambda into: shutil.copyfileobj(source, into))

    def _convert(self, copy: Path, workbook: Path) -> Path:
        """Have LibreOffice print the copy, with a profile of its own beside it; the PDF.

        Raises:
            PrintError: LibreOffice failed, made no PDF or ran out of time.
        """
        folder = copy.parent
        out = folder / "out"
        command = [
            str(self.soffice),
            "--headless",
            f"-env:UserInstallation={(folder / 'profile').resolve().as_uri()}",
            "--convert-to",
            TAGGED_PDF,
            "--outdir",
            str(out),
            str(copy),
        ]
        log = folder / "libreoffice.log"
        with log.open("wb") as output:
            code = run_alone(command, output, TIMEOUT_SECONDS)
        said = last_words(log.read_bytes())
        if code is None:
            why = f"it did not finish within {TIMEOUT_SECONDS:g} s, and was stopped"
            raise self._not_printed(workbook, why)
        if code != 0:
            raise self._not_printed(workbook, f"it ended with exit code {code}", said)
        printed = out / (copy.stem + PDF_SUFFIX)
        if not printed.is_file() or printed.stat().st_size == 0:
            raise self._not_printed(workbook, "it made no PDF", said)
        return printed

    def _not_printed(self, workbook: Path, why: str, said: str = "") -> PrintError:
        why = f"{why}: {said}" if said else why
        message = NOT_PRINTED.format(workbook=workbook, why=why)
        return PrintError(Problem(ProblemCode.PRINT_FAILED, message, file=str(self.target)))


def copy_board_alone(workbook: Path, copy: Path) -> bool:
    """Copy a built workbook showing its board alone: every other sheet hidden.

    Returns:
        Whether it holds the tool's board (when not, nothing is copied).
    """
    from xl_tools.marks import tool_board
    from xl_tools.package import Workbook

    with Workbook.open(workbook) as book:
        board = tool_board(book)
        if board is None:
            return False
        book.hide_all_but(board)
        with copy.open("wb") as out:
            book.save(out)
    return True


def run_alone(command: list[str], output: IO[bytes], timeout: float) -> int | None:
    """Run a program in a process group of its own, its output (both streams) to `output`.

    The group is killed whole when the program takes longer than `timeout` or the run is
    stopped meanwhile (Ctrl-C, SIGTERM): LibreOffice starts processes of its own.

    Returns:
        The program's exit code, or None when it ran out of time.
    """
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT, **_ALONE
    )
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        return None
    except BaseException:
        with signals_held(drop=True):  # a second Ctrl-C must not leave it running
            kill_group(process)
        raise


# A process group of its own: the terminal's Ctrl-C reaches the run, not LibreOffice, and
# the run stops LibreOffice, knowing that it stopped it.
_ALONE: dict[str, Any]
if sys.platform == "win32":
    _ALONE = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
else:
    _ALONE = {"start_new_session": True}


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill a process started by `run_alone` and every process it started, and reap it."""
    if process.returncode is not None:  # reaped: its number may be another's by now
        return
    if sys.platform == "win32":
        taskkill = ["taskkill", "/F", "/T", "/PID", str(process.pid)]
        subprocess.run(taskkill, capture_output=True, check=False)
        process.kill()
    else:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def last_words(output: bytes) -> str:
    """What LibreOffice said last, other than warnings, as one short line.

    >>> last_words(b"Warning: no java\\nError: source file could not be loaded\\nconvert x\\n")
    'Error: source file could not be loaded'
    """
    lines = output.decode("utf-8", "replace").splitlines()
    said = [" ".join(line.split()) for line in lines]
    said = [line for line in said if line and not line.lower().startswith(_CHATTER)]
    if not said:
        return ""
    last = said[-1]
    return last if len(last) <= _LONGEST_WORDS else last[: _LONGEST_WORDS - 3] + "..."
