"""Errors and problems: what the tool says when a workbook is not as it should be.

A `Problem` is one thing wrong (or worth a warning) at one place in one workbook. Reading
collects every problem before giving up, so that an officer sees them all at once; a
`WorkbookError` carries that list. The CLI turns any `XlToolsError` into one line per
problem on stderr and exit code 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class ProblemCode(StrEnum):
    """Every kind of problem the tool reports. The value is the code shown to the officer."""

    FILE_NOT_FOUND = "file-not-found"
    NOT_A_WORKBOOK = "not-a-workbook"
    FILE_LOCKED = "file-locked"
    NO_MEASURES_TABLE = "no-measures-table"
    SEVERAL_TABLES = "several-tables"
    MISSING_COLUMN = "missing-column"
    IGNORED_COLUMN = "ignored-column"
    BAD_VALUE = "bad-value"
    BAD_UNIT = "bad-unit"
    BAD_POLARITY = "bad-polarity"
    BAD_SETTING = "bad-setting"
    NO_POPULATION = "no-population"
    NO_CACHED_VALUE = "no-cached-value"
    NO_DENOMINATOR = "no-denominator"
    INCONSISTENT_FIGURES = "inconsistent-figures"
    QUESTIONABLE_FIGURE = "questionable-figure"
    DUPLICATE_ID = "duplicate-id"
    NO_POLARITY = "no-polarity"
    WOULD_OVERWRITE = "would-overwrite"
    TOO_LARGE = "too-large"
    NO_ROOM = "no-room"
    BAD_OUTPUT = "bad-output"
    DISK_FULL = "disk-full"
    INTERRUPTED = "interrupted"
    NOTHING_TO_DO = "nothing-to-do"
    NO_LIBREOFFICE = "no-libreoffice"
    PRINT_FAILED = "print-failed"
    FROM_CATALOGUE = "from-dfe-catalogue"
    UNKNOWN_DFE_MEASURE = "unknown-dfe-measure"
    NO_PUBLISHED_DATA = "no-published-data"
    NOT_FILLED = "comparators-not-filled"
    HAS_MACROS = "has-macros"
    NO_BUTTONS = "buttons-not-added"
    NO_NUMBER_FORMATS = "no-number-formats"
    AMBIGUOUS_PERCENTAGE = "ambiguous-percentage"


@dataclass(frozen=True)
class Problem:
    """One problem at one place.

    Attributes:
        code: What kind of problem it is.
        message: The rule broken and what is there instead, for a person to read.
        file: The workbook's file name, when known.
        sheet: The sheet's name, when the problem is on one sheet.
        cell: The cell's address (``F14``), when the problem is in one cell.
        found: The value found there, as the officer would see it.
        severity: Errors stop a build; warnings are reported and the build goes on.

    >>> str(Problem(ProblemCode.BAD_VALUE, 'is not a number (Value of "Referrals")',
    ...             file="m.xlsx", sheet="Measures", cell="F14", found="twelve"))
    'm.xlsx: Measures!F14: "twelve" is not a number (Value of "Referrals")'
    """

    code: ProblemCode
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    found: object = None
    severity: Severity = Severity.ERROR

    @property
    def where(self) -> str:
        """``Sheet!F14``, ``Sheet`` or empty, as the problem allows."""
        if self.sheet and self.cell:
            return f"{quote_sheet(self.sheet)}!{self.cell}"
        return self.sheet or ""

    @property
    def text(self) -> str:
        """The problem without its file and place: the value found, and the rule.

        >>> Problem(ProblemCode.BAD_VALUE, "is not a number", sheet="M", found="x").text
        '"x" is not a number'
        """
        return f'"{self.found}" {self.message}' if self.found is not None else self.message

    def __str__(self) -> str:
        parts = [part for part in (self.file, self.where) if part]
        return ": ".join([*parts, self.text])

    def as_dict(self) -> dict[str, object]:
        """The problem as plain data, for ``check --format json``."""
        return {
            "code": self.code.value,
            "severity": self.severity.value,
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "found": None if self.found is None else str(self.found),
            "message": self.message,
        }


def quote_sheet(name: str) -> str:
    """A sheet name as Excel writes it in a reference.

    >>> quote_sheet("Measures"), quote_sheet("My measures")
    ('Measures', "'My measures'")
    """
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


class XlToolsError(Exception):
    """Base of every error the tool raises for bad input. Carries one or more problems."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        super().__init__("\n".join(str(problem) for problem in self.problems))


class WorkbookNotFoundError(XlToolsError, FileNotFoundError):
    """The workbook named does not exist."""


class NotAWorkbookError(XlToolsError, ValueError):
    """The file is not an Excel workbook the tool can read."""


class WorkbookLockedError(XlToolsError, PermissionError):
    """The file cannot be opened or replaced, usually because Excel has it open."""


class MeasuresTableError(XlToolsError, ValueError):
    """The workbook's measures table is missing or its cells cannot be read."""


class SettingsError(XlToolsError, ValueError):
    """A setting (population, period, tolerance) is missing or unreadable."""


class WouldOverwriteError(XlToolsError, FileExistsError):
    """The output would replace a file that must not be replaced."""


class OutputError(XlToolsError, ValueError):
    """The output named cannot hold what is written (a wrong extension, a folder)."""


class DiskFullError(XlToolsError, OSError):
    """There is no room on the disk for the file being written."""


class NothingToDoError(XlToolsError, FileNotFoundError):
    """The folders and patterns named hold no workbook to work on."""


class ButtonsError(XlToolsError, ValueError):
    """The Excel buttons cannot be added to the workbook: it has macros of its own, say."""


class LibreOfficeNotFoundError(XlToolsError, FileNotFoundError):
    """LibreOffice, which prints the board to PDF, is not installed where the tool looks."""


class PrintError(XlToolsError, RuntimeError):
    """LibreOffice did not print the board to PDF: it failed, or did not finish in time."""
