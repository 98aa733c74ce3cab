"""Replacing one part of a saved workbook, leaving every other part as it was.

Used where a part must change after openpyxl has saved the file (sparklines, which openpyxl
cannot write, when the workbook was saved by openpyxl itself). The file is rewritten through
a temporary file in its own folder, so a failure leaves it as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from xl_tools.errors import Problem, ProblemCode, WorkbookLockedError

PART_LOCKED_MESSAGE = "cannot be replaced: close it in Excel and check it is not read-only"


def replace_part(path: Path, part: str, data: bytes) -> None:
    """Rewrite a saved workbook with one part's bytes replaced.

    Every other part keeps its bytes, its place in the file, its time and its compression.

    Args:
        path: The ``.xlsx`` or ``.xlsm`` file.
        part: The zip member to replace, such as ``xl/worksheets/sheet1.xml``.
        data: Its new bytes.

    Raises:
        WorkbookLockedError: The file cannot be replaced (open in Excel, or read-only).
    """
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(
            prefix=f"~{path.stem}-", suffix=path.suffix, dir=path.parent
        )
        os.close(handle)
        temp = Path(name)
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w") as target:
            for info in source.infolist():
                content = data if info.filename == part else source.read(info)
                target.writestr(_copy_of(info), content)
        shutil.copymode(path, temp)
        os.replace(temp, path)
    except PermissionError:
        problem = Problem(ProblemCode.FILE_LOCKED, PART_LOCKED_MESSAGE, file=str(path))
        raise WorkbookLockedError(problem) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def _copy_of(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A fresh entry with the same name, time, compression and attributes."""
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    copy.create_system = info.create_system
    copy.comment = info.comment
    return copy
