"""``xl-tools excel-setup``: tell the Excel button which Python has xl_tools.

The desktop button runs Python through xlwings' VBA, which looks for the interpreter in the
user's xlwings configuration file before anything else (``INTERPRETER_WIN`` on Windows,
``INTERPRETER_MAC`` on macOS) and otherwise runs ``pythonw`` from PATH: the python.org
installer does not put it there, and the Microsoft Store's alias answers instead. This
writes the running interpreter's path into that file, keeping every other line of it.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from xl_tools.errors import OutputError, Problem, ProblemCode


@dataclass(frozen=True)
class Setup:
    """What `excel_setup` wrote, or would write.

    Attributes:
        config: The xlwings configuration file.
        key: The setting, ``INTERPRETER_WIN`` or ``INTERPRETER_MAC``.
        interpreter: The Python the button will run.
        written: False for a dry run.
    """

    config: Path
    key: str
    interpreter: Path
    written: bool

    @property
    def line(self) -> str:
        """The setting as the file holds it."""
        return f'"{self.key}","{self.interpreter}"'


def config_path(platform: str = sys.platform, home: Path | None = None) -> Path:
    """Where xlwings' VBA reads the user's configuration on this platform.

    Windows: ``%USERPROFILE%\\.xlwings\\xlwings.conf``; macOS: the file inside Excel's
    sandbox, ``~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf``.

    >>> config_path("darwin", Path("/Users/ann")).as_posix()
    '/Users/ann/Library/Containers/com.microsoft.Excel/Data/xlwings.conf'
    >>> config_path("win32", Path("/home/ann")).as_posix()
    '/home/ann/.xlwings/xlwings.conf'
    """
    if home is None:
        home = Path(os.environ.get("USERPROFILE") or Path.home())
    if platform.startswith("darwin"):
        return home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / "xlwings.conf"
    return home / ".xlwings" / "xlwings.conf"


def button_interpreter(executable: Path = Path(sys.executable)) -> Path:
    """The Python the button should run: on Windows ``pythonw.exe`` beside this one, which
    opens no console window, where it is there."""
    windowless = executable.with_name("pythonw.exe")
    if executable.name.lower() == "python.exe" and windowless.is_file():
        return windowless
    return executable


def excel_setup(
    *,
    config: Path | None = None,
    platform: str = sys.platform,
    executable: Path = Path(sys.executable),
    dry_run: bool = False,
) -> Setup:
    """Write the interpreter's path into the user's xlwings configuration.

    Args:
        config: The configuration file; by default xlwings' own for this user.
        platform: The platform, which names the setting (``sys.platform``).
        executable: The Python that has xl_tools (the one running).
        dry_run: Say what would be written, and write nothing.

    Raises:
        OutputError: The file cannot be read or written.
    """
    config = config or config_path(platform)
    key = "INTERPRETER_MAC" if platform.startswith("darwin") else "INTERPRETER_WIN"
    setup = Setup(config, key, button_interpreter(executable), written=not dry_run)
    if dry_run:
        return setup
    try:
        lines = config.read_text(encoding="utf-8").splitlines() if config.exists() else []
        kept = [line for line in lines if line.strip() and _key(line) != key]
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text("\n".join([*kept, setup.line]) + "\n", encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise OutputError(
            Problem(
                ProblemCode.BAD_OUTPUT,
                f"cannot be written ({reason}): the button will not find Python until "
                f"{key} is set there",
                file=str(config),
            )
        ) from None
    return setup


def _key(line: str) -> str:
    """A configuration line's key, without its quotes.

    >>> _key('"INTERPRETER_WIN","C:\\\\Python\\\\pythonw.exe"')
    'INTERPRETER_WIN'
    """
    return line.split(",", 1)[0].strip().strip('"').upper()
