"""Saving through a temporary file, and where a build writes."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

import openpyxl
import pytest

from xl_tools import replacing
from xl_tools.errors import (
    ProblemCode,
    WorkbookLockedError,
    WorkbookNotFoundError,
    WouldOverwriteError,
)
from xl_tools.package import Workbook
from xl_tools.read import open_workbook
from xl_tools.save import output_path, save_workbook


@pytest.mark.parametrize(
    ("input", "out", "in_place", "expected"),
    [
        ("m/measures.xlsx", None, False, "m/measures-board.xlsx"),
        ("m/measures.xlsm", None, False, "m/measures-board.xlsm"),
        ("m/MEASURES.XLSX", None, False, "m/MEASURES-board.xlsx"),
        ("m/measures.xlsx", "boards", False, "boards/measures-board.xlsx"),
        ("m/measures.xlsm", "boards", False, "boards/measures-board.xlsm"),
        ("m/measures.xlsx", "boards/november.xlsx", False, "boards/november.xlsx"),
        ("m/measures.xlsx", "m/measures-board.xlsx", False, "m/measures-board.xlsx"),
        ("m/measures.xlsx", None, True, "m/measures.xlsx"),
        ("m/measures.xlsm", None, True, "m/measures.xlsm"),
    ],
)
def test_output_path(tmp_path, input, out, in_place, expected):
    (tmp_path / "m").mkdir()
    (tmp_path / "boards").mkdir()
    (tmp_path / input).write_bytes(b"")
    target = output_path(tmp_path / input, out and tmp_path / out, in_place)
    assert target == tmp_path / expected


@pytest.mark.parametrize("out", ["measures.xlsx", "./sub/../measures.xlsx"])
def test_output_path_refuses_the_input_itself(tmp_path, out):
    (tmp_path / "sub").mkdir()
    workbook = tmp_path / "measures.xlsx"
    workbook.write_bytes(b"")
    with pytest.raises(WouldOverwriteError) as raised:
        output_path(workbook, tmp_path / out, in_place=False)
    (problem,) = raised.value.problems
    assert problem.code == ProblemCode.WOULD_OVERWRITE
    assert str(problem) == (
        f"{tmp_path / out}: is the workbook being read: the output must go elsewhere. "
        "Give another file with -o, or use --in-place to write back into it"
    )


def test_output_path_takes_out_or_in_place_not_both(tmp_path):
    with pytest.raises(ValueError, match="either an output path or in_place"):
        output_path(tmp_path / "m.xlsx", tmp_path / "o.xlsx", in_place=True)


def a_book(folder: Path, text: str = "saved") -> Workbook:
    """A workbook file made by openpyxl holding `text` in A1, opened to be saved."""
    book = openpyxl.Workbook()
    book.active["A1"] = text
    path = folder / f"made-{text}.xlsx"
    book.save(path)
    return open_workbook(path)


def made(tmp_path: Path) -> Path:
    """A folder of its own for the workbooks a test starts from."""
    folder = tmp_path.parent / f"{tmp_path.name}-made"
    folder.mkdir(exist_ok=True)
    return folder


class FailingBook:
    """A workbook whose save writes half a file and then fails, as on a full disk."""

    closed = False

    def save(self, out: BinaryIO) -> None:
        out.write(b"PK half a workbook")
        raise OSError("No space left on device")

    def close(self) -> None:
        self.closed = True


def test_save_writes_the_workbook_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "board.xlsx"
    save_workbook(a_book(made(tmp_path)), target)
    assert openpyxl.load_workbook(target).active["A1"].value == "saved"
    assert os.listdir(tmp_path) == ["board.xlsx"]


def test_save_replaces_an_existing_target(tmp_path):
    target = tmp_path / "board.xlsx"
    save_workbook(a_book(made(tmp_path), "first"), target)
    save_workbook(a_book(made(tmp_path), "second"), target)
    assert openpyxl.load_workbook(target).active["A1"].value == "second"
    assert os.listdir(tmp_path) == ["board.xlsx"]


def test_a_failed_save_leaves_the_target_untouched(tmp_path):
    target = tmp_path / "measures.xlsx"
    target.write_bytes(b"the officer's workbook")
    book = FailingBook()
    with pytest.raises(OSError, match="No space left"):
        save_workbook(book, target)  # type: ignore[arg-type]
    assert target.read_bytes() == b"the officer's workbook"
    assert os.listdir(tmp_path) == ["measures.xlsx"]
    assert book.closed


def test_a_workbook_saved_over_its_own_file_is_complete(tmp_path):
    path = tmp_path / "measures.xlsx"
    openpyxl.Workbook().save(path)
    with open_workbook(path) as book:
        save_workbook(book, path)
    assert openpyxl.load_workbook(path).sheetnames == ["Sheet"]
    assert os.listdir(tmp_path) == ["measures.xlsx"]


def test_the_temporary_file_is_in_the_target_folder_with_its_suffix(tmp_path, monkeypatch):
    renames = []
    monkeypatch.setattr(replacing.os, "replace", lambda src, dst: renames.append((src, dst)))
    target = tmp_path / "measures.xlsm"
    save_workbook(a_book(made(tmp_path)), target)
    ((temporary, destination),) = renames
    assert Path(temporary).parent == tmp_path
    assert Path(temporary).suffix == ".xlsm"
    assert destination == target


def test_a_locked_target_is_reported_and_left_untouched(tmp_path, monkeypatch):
    target = tmp_path / "measures.xlsx"
    target.write_bytes(b"open in Excel")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(replacing.os, "replace", refuse)
    with pytest.raises(WorkbookLockedError) as raised:
        save_workbook(a_book(made(tmp_path)), target)
    (problem,) = raised.value.problems
    assert problem.code == ProblemCode.FILE_LOCKED
    assert str(problem) == (
        f"{target}: cannot be replaced, probably because it is open in Excel: "
        "close it there and run again"
    )
    assert target.read_bytes() == b"open in Excel"
    assert os.listdir(tmp_path) == ["measures.xlsx"]


def test_a_missing_folder_is_reported(tmp_path):
    target = tmp_path / "no such folder" / "board.xlsx"
    with pytest.raises(WorkbookNotFoundError) as raised:
        save_workbook(a_book(made(tmp_path)), target)
    assert str(raised.value) == (
        f"{target}: cannot be written: the folder {target.parent} does not exist"
    )


def test_a_folder_without_write_permission_is_reported(tmp_path, monkeypatch):
    create = os.open

    def refuse(path, flags, *args, **kwargs):
        if Path(path).parent == tmp_path:
            raise PermissionError(13, "Permission denied", str(path))
        return create(path, flags, *args, **kwargs)

    monkeypatch.setattr(replacing.os, "open", refuse)
    target = tmp_path / "board.xlsx"
    with pytest.raises(WorkbookLockedError) as raised:
        save_workbook(a_book(made(tmp_path)), target)
    assert str(raised.value) == f"{target}: cannot be written: its folder does not allow new files"
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_saved_workbook_is_not_left_private_to_its_owner(tmp_path):
    new, existing = tmp_path / "new.xlsx", tmp_path / "existing.xlsx"
    existing.write_bytes(b"")
    existing.chmod(0o640)
    save_workbook(a_book(made(tmp_path)), new)
    save_workbook(a_book(made(tmp_path)), existing)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
