"""Saving through a temporary file, and where a build writes."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import openpyxl
import pytest

from xl_tools import save
from xl_tools.errors import (
    ProblemCode,
    WorkbookLockedError,
    WorkbookNotFoundError,
    WouldOverwriteError,
)
from xl_tools.save import output_path, save_workbook
from xl_tools.write import openpyxl_save


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


def a_book(text: str = "saved") -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.active["A1"] = text
    return book


class FailingBook:
    """A workbook whose save writes half a file and then fails, as on a full disk."""

    def save(self, filename: str | Path) -> None:
        Path(filename).write_bytes(b"PK half a workbook")
        raise OSError("No space left on device")


def test_save_writes_the_workbook_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "board.xlsx"
    save_workbook(a_book(), target)
    assert openpyxl.load_workbook(target).active["A1"].value == "saved"
    assert os.listdir(tmp_path) == ["board.xlsx"]


def test_save_replaces_an_existing_target(tmp_path):
    target = tmp_path / "board.xlsx"
    save_workbook(a_book("first"), target)
    save_workbook(a_book("second"), target)
    assert openpyxl.load_workbook(target).active["A1"].value == "second"
    assert os.listdir(tmp_path) == ["board.xlsx"]


def test_a_failed_save_leaves_the_target_untouched(tmp_path):
    target = tmp_path / "measures.xlsx"
    target.write_bytes(b"the officer's workbook")
    with pytest.raises(OSError, match="No space left"):
        save_workbook(FailingBook(), target)  # type: ignore[arg-type]
    assert target.read_bytes() == b"the officer's workbook"
    assert os.listdir(tmp_path) == ["measures.xlsx"]


def test_the_temporary_file_is_in_the_target_folder_with_its_suffix(tmp_path, monkeypatch):
    renames = []
    monkeypatch.setattr(save.os, "replace", lambda src, dst: renames.append((src, dst)))
    target = tmp_path / "measures.xlsm"
    save_workbook(a_book(), target)
    ((temporary, destination),) = renames
    assert Path(temporary).parent == tmp_path
    assert Path(temporary).suffix == ".xlsm"
    assert destination == target


def test_a_locked_target_is_reported_and_left_untouched(tmp_path, monkeypatch):
    target = tmp_path / "measures.xlsx"
    target.write_bytes(b"open in Excel")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(save.os, "replace", refuse)
    with pytest.raises(WorkbookLockedError) as raised:
        save_workbook(a_book(), target)
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
        save_workbook(a_book(), target)
    assert str(raised.value) == (
        f"{target}: cannot be written: the folder {target.parent} does not exist"
    )


def test_a_folder_without_write_permission_is_reported(tmp_path, monkeypatch):
    def refuse(**options):
        raise PermissionError(13, "Permission denied", str(options["dir"]))

    monkeypatch.setattr(save.tempfile, "NamedTemporaryFile", refuse)
    target = tmp_path / "board.xlsx"
    with pytest.raises(WorkbookLockedError) as raised:
        save_workbook(a_book(), target)
    assert str(raised.value) == f"{target}: cannot be written: its folder does not allow new files"
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_saved_workbook_is_not_left_private_to_its_owner(tmp_path):
    new, existing = tmp_path / "new.xlsx", tmp_path / "existing.xlsx"
    existing.write_bytes(b"")
    existing.chmod(0o640)
    save_workbook(a_book(), new)
    save_workbook(a_book(), existing)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640


def every_kind_of_cell() -> openpyxl.Workbook:
    """A workbook holding each kind of cell openpyxl writes, plain and not."""
    import datetime
    from decimal import Decimal

    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([1, -2.5, 1e-20, 12345678901234567890, 0.1 + 0.2, Decimal("1.10"), True, False])
    sheet.append(["text", "R&D <5> \"q\" 'a'", " padded ", "  ", "", "£ é — 你好", "=A1*2"])
    sheet.append([datetime.date(2024, 3, 1), datetime.datetime(2024, 3, 1, 9), "#N/A"])
    sheet["C3"].data_type = "e"
    sheet.append([float("nan"), float("inf"), "=SUM(A1:B1)", "Line one\nline two"])
    sheet["A5"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])
    sheet["B5"] = "a link"
    sheet["B5"].hyperlink = "https://example.org"
    sheet["C5"] = "noted"
    sheet["C5"].comment = Comment("a note", "officer")
    sheet["D5"].fill = PatternFill(fill_type="solid", start_color="FFFF00")  # styled, empty
    sheet["E5"] = 0.25
    sheet["E5"].number_format = "0%"
    sheet["E5"].font = Font(bold=True)
    sheet.row_dimensions[7].height = 30  # a row with no cells
    sheet.row_dimensions[2].height = 20.5  # rows with cells and attributes of their own
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[4].outlineLevel = 1
    sheet["AB1"], sheet["ZZ2"] = -0.0, 7  # columns past Z
    sheet["AB1"].font = sheet["ZZ2"].font = Font(italic=True)  # one style, two cells
    book.create_sheet("Other")["B2"] = "x < y"
    return book


def generated_workbook(tmp_path: Path) -> openpyxl.Workbook:
    """A workbook as the benchmark generates them (60 measures, 24 months of history)."""
    import importlib.util

    script = Path(save.__file__).parents[1] / "benchmarks" / "make_workbooks.py"
    spec = importlib.util.spec_from_file_location("make_workbooks", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return openpyxl.load_workbook(module.make_workbook(tmp_path / "generated.xlsx", 5))


def members(path: Path) -> dict[str, bytes]:
    """Every part of a saved workbook but its properties, which hold the time of saving."""
    import zipfile

    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.parametrize("make", [every_kind_of_cell, generated_workbook])
def test_a_save_writes_what_openpyxl_writes_byte_for_byte(tmp_path, make):
    def book() -> openpyxl.Workbook:
        made = make() if make is every_kind_of_cell else make(tmp_path)
        made.properties.modified = None  # set when saved; the same in both
        return made

    openpyxl_way, fast_way = tmp_path / "openpyxl.xlsx", tmp_path / "fast.xlsx"
    book().save(openpyxl_way)
    openpyxl_save.save_as_openpyxl(book(), fast_way)

    expected, written = members(openpyxl_way), members(fast_way)
    assert list(written) == list(expected)
    for name in expected:
        if name != "docProps/core.xml":
            assert written[name] == expected[name], name


def test_every_part_is_compressed_at_the_fastest_level(tmp_path):
    import zipfile
    import zlib

    path = tmp_path / "fast.xlsx"
    save_workbook(every_kind_of_cell(), path)

    with zipfile.ZipFile(path) as package:
        for entry in package.infolist():
            fastest = zlib.compressobj(1, zlib.DEFLATED, -15)
            size = len(fastest.compress(package.read(entry)) + fastest.flush())
            assert (entry.compress_type, entry.compress_size) == (zipfile.ZIP_DEFLATED, size)


def test_a_book_openpyxl_cannot_write_fast_is_saved_by_openpyxl(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    book.create_sheet().append([1, "two"])
    openpyxl_save.save_as_openpyxl(book, tmp_path / "written.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "written.xlsx").active
    assert [cell.value for cell in sheet[1]] == [1, "two"]


@pytest.mark.parametrize("fast", [True, False])
def test_sheet_edits_change_only_their_sheet_in_either_way_of_saving(tmp_path, monkeypatch, fast):
    def mark(xml: str) -> str:
        return xml.replace("</worksheet>", "<!-- edited --></worksheet>")

    book = every_kind_of_cell()
    monkeypatch.setattr(openpyxl_save, "_writes_fast", lambda book: fast)
    save_workbook(book, tmp_path / "edited.xlsx", sheet_edits={"Other": mark})
    save_workbook(every_kind_of_cell(), tmp_path / "plain.xlsx")

    edited, plain = members(tmp_path / "edited.xlsx"), members(tmp_path / "plain.xlsx")
    assert list(edited) == list(plain)
    changed = [n for n in plain if edited[n] != plain[n] and n != "docProps/core.xml"]
    assert changed == ["xl/worksheets/sheet2.xml"]  # core.xml holds the time of saving
    assert edited["xl/worksheets/sheet2.xml"].endswith(b"<!-- edited --></worksheet>")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["edited.xlsx", "plain.xlsx"]
