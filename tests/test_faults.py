"""One workbook under faults: each is one line naming the file and what to do, never a trace.

Every fault is real: the command runs in a process of its own (`tests.faults`) and gets
real signals (Ctrl-C's SIGINT, SIGTERM, SIGKILL) while it builds; the disk is really full;
files are really read-only (by their mode: the tests may run as root, whom permissions do
not stop), really symbolic links, really folders where a file is expected. After each,
the workbook read is as it was and no temporary file is left.
"""

from __future__ import annotations

import os
import signal
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.faults import (
    MACRO_ENABLED,
    SLOW_MEASURES,
    copy_example,
    digest,
    errors,
    full_disk,
    limit_file_size,
    opened,
    pid_of,
    run,
    slow_workbook,
    start,
    temporaries,
    wait_for,
)
from xl_tools.model import BOARD_SHEET


@pytest.fixture
def workbook(tmp_path) -> Path:
    return copy_example(tmp_path / "measures.xlsx")


def assert_one_line(result, line: str, code: int = 1) -> None:
    assert "Traceback" not in result.stderr
    assert errors(result) == [line]
    assert result.returncode == code, result.stderr


def assert_nothing_written(folder: Path, *kept: Path) -> None:
    """Only the files `kept` are in `folder`: no board, no temporary file."""
    assert sorted(folder.iterdir()) == sorted(kept)


# Where the board would go


def test_out_inside_a_file(workbook, tmp_path):
    before = digest(workbook)
    result = run("build", "measures.xlsx", "-o", "measures.xlsx/out.xlsx", cwd=tmp_path)
    assert_one_line(
        result,
        "measures.xlsx/out.xlsx: cannot be written: measures.xlsx is a file, not a folder: "
        "give -o a name in a folder",
    )
    assert digest(workbook) == before
    assert_nothing_written(tmp_path, workbook)


def test_the_default_output_being_a_folder(workbook, tmp_path):
    (tmp_path / "measures-board.xlsx").mkdir()
    result = run("build", "measures.xlsx", cwd=tmp_path)
    assert_one_line(
        result,
        "measures-board.xlsx: is a folder, so the workbook cannot be written there: "
        "give another name with -o",
    )
    assert list((tmp_path / "measures-board.xlsx").iterdir()) == []
    assert_nothing_written(tmp_path, workbook, tmp_path / "measures-board.xlsx")


@pytest.mark.parametrize(
    ("out", "message"),
    [
        (
            "board.csv",
            "board.csv: is not a workbook's name (.csv): give -o a name ending .xlsx "
            "(.xlsm for a macro-enabled workbook), or an existing folder",
        ),
        (
            "board",
            "board: is not a workbook's name (no extension): give -o a name ending .xlsx "
            "(.xlsm for a macro-enabled workbook), or an existing folder",
        ),
        (
            "board.xlsm",
            "board.xlsm: measures.xlsx is not macro-enabled, and Excel opens it only as "
            ".xlsx: give -o board.xlsx",
        ),
    ],
)
def test_an_output_named_other_than_what_is_written_is_refused(workbook, tmp_path, out, message):
    assert_one_line(run("build", "measures.xlsx", "-o", out, cwd=tmp_path), message)
    assert_nothing_written(tmp_path, workbook)


def test_a_macro_enabled_workbook_is_not_written_as_xlsx(tmp_path):
    source = tmp_path / "measures.xlsm"
    source.write_bytes(MACRO_ENABLED.read_bytes())
    result = run("build", "measures.xlsm", "-o", "board.xlsx", cwd=tmp_path)
    assert_one_line(
        result,
        "board.xlsx: measures.xlsm is a macro-enabled workbook, and Excel opens it only as "
        ".xlsm: give -o board.xlsm",
    )
    assert_nothing_written(tmp_path, source)


def test_a_macro_enabled_workbook_named_xlsx_gets_an_xlsm_board(tmp_path):
    """The board's name says what the workbook is, whatever the input's name says."""
    source = tmp_path / "measures.xlsx"
    source.write_bytes(MACRO_ENABLED.read_bytes())
    result = run("build", "measures.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "measures.xlsx -> measures-board.xlsm\n"
    with zipfile.ZipFile(tmp_path / "measures-board.xlsm") as board:
        assert b"macroEnabled.main+xml" in board.read("[Content_Types].xml")


# Read-only files and links


def test_in_place_through_a_link_writes_the_file_it_points_to(workbook, tmp_path):
    link = tmp_path / "link.xlsx"
    link.symlink_to(workbook.name)
    workbook.chmod(0o640)
    result = run("build", "link.xlsx", "--in-place", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == "measures.xlsx"
    assert BOARD_SHEET in openpyxl.load_workbook(workbook, read_only=True).sheetnames
    assert workbook.stat().st_mode & 0o777 == 0o640
    assert_nothing_written(tmp_path, workbook, link)


def test_a_read_only_workbook_is_not_written_in_place(workbook, tmp_path):
    workbook.chmod(0o444)
    before = digest(workbook)
    result = run("build", "measures.xlsx", "--in-place", cwd=tmp_path)
    assert_one_line(
        result,
        "measures.xlsx: is read-only, so --in-place cannot write into it: make it writable, "
        "or leave out --in-place to write measures-board.xlsx beside it",
    )
    assert digest(workbook) == before
    assert_nothing_written(tmp_path, workbook)


def test_a_read_only_target_is_not_replaced(workbook, tmp_path):
    target = tmp_path / "board.xlsx"
    target.write_bytes(b"last month's board")
    target.chmod(0o444)
    result = run("build", "measures.xlsx", "-o", "board.xlsx", cwd=tmp_path)
    assert_one_line(
        result,
        "board.xlsx: is read-only, so xl-tools does not replace it: make it writable, "
        "or write elsewhere",
    )
    assert target.read_bytes() == b"last month's board"
    assert_nothing_written(tmp_path, workbook, target)


# A full disk


def test_a_full_disk(workbook, tmp_path):
    before = digest(workbook)
    with full_disk(tmp_path / "disk") as disk:
        result = run(
            "build",
            workbook,
            "-o",
            disk.folder / "board.xlsx",
            cwd=tmp_path,
            preexec_fn=disk.preexec_fn,
        )
        assert_one_line(
            result,
            f"{disk.folder / 'board.xlsx'}: cannot be written: there is no room for it "
            f"({disk.reason}): free some space on the disk, or write elsewhere with -o",
        )
        assert [p.name for p in disk.folder.iterdir()] in ([], ["filler"])
    assert digest(workbook) == before


def test_a_file_size_limit_is_a_full_disk(workbook, tmp_path):
    result = run("build", "measures.xlsx", cwd=tmp_path, preexec_fn=limit_file_size)
    assert_one_line(
        result,
        "measures-board.xlsx: cannot be written: there is no room for it (File too large): "
        "free some space on the disk, or write elsewhere with -o",
    )
    assert_nothing_written(tmp_path, workbook)


# Signals while it builds


@pytest.mark.parametrize(
    ("sent", "code", "reason"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")]
)
def test_a_build_stopped_by_a_signal_leaves_nothing_behind(tmp_path, sent, code, reason):
    source = slow_workbook(tmp_path / "slow.xlsx")
    before = digest(source)
    build = start("build", "slow.xlsx", cwd=tmp_path)
    wait_for(lambda: temporaries(tmp_path, "slow"), build)  # the build is under way
    os.killpg(build.pid, sent)  # to the whole job, as the terminal sends Ctrl-C
    out, err = build.communicate(timeout=10)
    assert (build.returncode, out) == (code, "")
    assert errors(err) == [f"slow.xlsx: interrupted ({reason}): nothing was written"]
    assert digest(source) == before
    assert_nothing_written(tmp_path, source)


def test_new_month_stopped_by_ctrl_c_writes_nothing(tmp_path):
    source = slow_workbook(tmp_path / "slow.xlsx", measures=4 * SLOW_MEASURES)
    before = digest(source)
    roll = start("new-month", "slow.xlsx", cwd=tmp_path)
    wait_for(opened(roll, source), roll)  # reading it
    os.killpg(roll.pid, signal.SIGINT)
    out, err = roll.communicate(timeout=10)
    assert (roll.returncode, out) == (130, "")
    assert errors(err) == ["slow.xlsx: interrupted (Ctrl-C): nothing was written"]
    assert digest(source) == before
    assert_nothing_written(tmp_path, source)


def test_a_killed_build_s_temporary_file_is_removed_by_the_next_build(workbook, tmp_path):
    source = slow_workbook(tmp_path / "slow.xlsx")
    build = start("build", "slow.xlsx", cwd=tmp_path)
    left = wait_for(lambda: temporaries(tmp_path, "slow"), build)
    build.kill()  # kill -9: nothing of the build runs after it
    build.communicate(timeout=10)
    assert left.exists()
    mine = tmp_path / "~notes-2024-03.xlsx"  # an officer's file of a like name
    mine.write_bytes(b"not the tool's")
    elsewhere = tmp_path / "~m-board-xl-tools-othercomputer-2-0123abcd.xlsx"
    elsewhere.write_bytes(b"a build on another computer, writing to a shared drive")
    result = run("build", "measures.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not left.exists()
    assert_nothing_written(
        tmp_path, source, workbook, tmp_path / "measures-board.xlsx", mine, elsewhere
    )


def test_a_live_build_s_temporary_file_is_left_alone(workbook, tmp_path):
    slow_workbook(tmp_path / "slow.xlsx")
    first = start("build", "slow.xlsx", cwd=tmp_path)
    live = wait_for(lambda: temporaries(tmp_path, "slow"), first)
    assert pid_of(live) == first.pid
    first.send_signal(signal.SIGSTOP)  # live, and paused while another build runs
    try:
        second = run("build", "measures.xlsx", cwd=tmp_path)
        assert second.returncode == 0, second.stderr
        assert live.exists()
    finally:
        first.send_signal(signal.SIGCONT)
    out, err = first.communicate(timeout=30)
    assert first.returncode == 0, err
    assert BOARD_SHEET in openpyxl.load_workbook(tmp_path / "slow-board.xlsx").sheetnames
    assert temporaries(tmp_path) == []


# Nothing to do


EMPTY_FOLDER = (
    "nothing to do: the folder holds no measures workbook (.xlsx or .xlsm, other than boards "
    "already built and lock files)"
)


@pytest.mark.parametrize(
    "argv", [["build"], ["compute", "--format", "csv"], ["check"], ["compute"]]
)
@pytest.mark.parametrize(
    ("named", "message"),
    [
        ("empty", EMPTY_FOLDER),
        ("x.xlsx", EMPTY_FOLDER),
        ("boards", EMPTY_FOLDER),
        ("none*.xlsx", "nothing to do: no file matches this pattern"),
    ],
)
def test_nothing_to_do(tmp_path, argv, named, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "x.xlsx").mkdir()
    (tmp_path / "boards").mkdir()
    copy_example(tmp_path / "boards" / "measures-board.xlsx")
    (tmp_path / "boards" / "~$measures.xlsx").write_bytes(b"Excel's lock file")
    command, *options = argv
    result = run(command, named, *options, cwd=tmp_path)
    assert_one_line(result, f"{named}: {message}")
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["boards", "empty", "x.xlsx"]


def test_a_batch_of_boards_and_lock_files_is_nothing_to_do(tmp_path):
    copy_example(tmp_path / "measures-board.xlsx")
    (tmp_path / "~$measures.xlsx").write_bytes(b"Excel's lock file")
    result = run("build", "measures-board.xlsx", "~$measures.xlsx", cwd=tmp_path)
    assert_one_line(
        result,
        "nothing to do: every file named is a lock file, a temporary file or a board already built",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["measures-board.xlsx", "~$measures.xlsx"]
