"""Batches under faults: stopped by Ctrl-C or SIGTERM, a worker killed, the disk full.

Every fault is real: the batch runs in a process group of its own, as a terminal's job,
with worker processes; the signals are sent once the batch has reported its first
workbook (read from its output, line by line), and the batch is given workbooks enough
that it cannot finish first. A worker is killed with SIGKILL, as the out-of-memory killer
kills, and the disk is really full (`tests.faults.full_disk`).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.faults import (
    children,
    copy_example,
    errors,
    full_disk,
    is_running,
    pid_of,
    run,
    slow_workbook,
    start,
    temporaries,
)
from xl_tools.batch import REPORT_NAME

SUMMARY = re.compile(r"built (\d+) of (\d+) workbooks, (\d+) failed(.*), in [0-9.]+ s")


def read_report(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


@pytest.mark.parametrize(
    ("sent", "to_job", "code", "reason", "jobs"),
    [
        (signal.SIGINT, True, 130, "Ctrl-C", 2),
        (signal.SIGTERM, False, 143, "SIGTERM", 2),
        (signal.SIGINT, True, 130, "Ctrl-C", 1),  # no workers: built in the batch's process
    ],
)
def test_a_batch_stopped_by_a_signal_reports_what_it_did(
    tmp_path, sent, to_job, code, reason, jobs
):
    folder = tmp_path / "workbooks"
    folder.mkdir()
    copy_example(folder / "a_quick.xlsx")  # done first, while the others take a second
    slow_workbook(folder / "slow_01.xlsx")
    for number in range(2, 9):
        shutil.copyfile(folder / "slow_01.xlsx", folder / f"slow_{number:02d}.xlsx")
    out = tmp_path / "boards"
    batch = start("build", "workbooks", "-o", "boards", "--jobs", str(jobs), cwd=tmp_path)
    assert batch.stdout is not None
    first = batch.stdout.readline()
    assert (
        first == f"{Path('workbooks', 'a_quick.xlsx')} -> {Path('boards', 'a_quick-board.xlsx')}\n"
    )
    workers = children(batch.pid)
    sent_at = time.monotonic()
    if to_job:
        os.killpg(batch.pid, sent)  # as the terminal sends Ctrl-C: to every process of the job
    else:
        os.kill(batch.pid, sent)  # to the batch's own process only
    out_text, err = batch.communicate(timeout=10)
    assert time.monotonic() - sent_at < 5
    assert batch.returncode == code, err
    assert "Traceback" not in err
    lines = errors(err)
    assert lines[0] == f"interrupted ({reason}): 8 of 9 workbooks not built"
    counts = SUMMARY.fullmatch(lines[1])
    assert counts is not None, lines
    assert counts.groups()[:3] == ("1", "9", "0")
    assert counts[4] == ", 8 not built (interrupted)"
    assert lines[2].endswith(" warnings")
    assert lines[3:] == [f"report: {Path('boards', REPORT_NAME)}"]
    rows = read_report(out / REPORT_NAME)
    assert [Path(row["file"]).name for row in rows] == sorted(p.name for p in folder.iterdir())
    assert rows[0]["status"] == "built"
    for row in rows[1:]:
        assert (row["status"], row["output"]) == ("interrupted", "")
        assert row["error"] == f"{row['file']}: interrupted ({reason}): not built"
    assert sorted(out.iterdir()) == [out / "a_quick-board.xlsx", out / REPORT_NAME]
    assert out_text == ""  # no workbook was built after the first was reported
    assert len(workers) == (jobs if jobs > 1 else 0) and not any(map(is_running, workers))


def test_a_combined_table_stopped_by_ctrl_c(tmp_path):
    copy_example(tmp_path / "a_quick.xlsx")
    slow_workbook(tmp_path / "slow_1.xlsx")
    shutil.copyfile(tmp_path / "slow_1.xlsx", tmp_path / "slow_2.xlsx")
    shutil.copyfile(tmp_path / "slow_1.xlsx", tmp_path / "slow_3.xlsx")
    names = sorted(p.name for p in tmp_path.iterdir())
    table = start("compute", *names, "--format", "jsonl", "--jobs", "2", cwd=tmp_path)
    assert table.stdout is not None
    assert table.stdout.readline().startswith('{"file": "a_quick.xlsx"')
    workers = children(table.pid)
    os.killpg(table.pid, signal.SIGINT)
    _, err = table.communicate(timeout=10)
    assert table.returncode == 130, err
    assert errors(err) == ["interrupted (Ctrl-C): stopped before the end"]
    assert len(workers) == 2 and not any(map(is_running, workers))
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_a_killed_worker_fails_only_its_workbook_and_is_not_tried_again(tmp_path):
    folder = tmp_path / "workbooks"
    folder.mkdir()
    slow_workbook(folder / "kills_its_worker.xlsx")
    for number in range(1, 9):
        copy_example(folder / f"w{number:02d}.xlsx")
    out = tmp_path / "boards"
    batch = start("build", "workbooks", "-o", "boards", "--jobs", "2", cwd=tmp_path)
    killed: list[int] = []

    def kill_whoever_builds_it() -> None:
        """Kill every worker that starts on the workbook, as often as one does."""
        while batch.poll() is None:
            for temporary in temporaries(out, "kills_its_worker") if out.exists() else []:
                pid = pid_of(temporary)
                if pid not in killed:
                    killed.append(pid)
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.002)

    killer = threading.Thread(target=kill_whoever_builds_it)
    killer.start()
    try:
        _, err = batch.communicate(timeout=60)
    finally:
        killer.join()
    assert batch.returncode == 1, err
    assert "Traceback" not in err
    assert len(killed) == 1
    line = (
        f"{Path('workbooks', 'kills_its_worker.xlsx')}: the worker building it stopped "
        "(killed, perhaps for lack of memory): build it on its own to try again"
    )
    lines = errors(err)
    assert lines[0] == line
    counts = SUMMARY.fullmatch(lines[1])
    assert counts is not None and counts.groups() == ("8", "9", "1", "")
    rows = {Path(row["file"]).name: row for row in read_report(out / REPORT_NAME)}
    assert (rows["kills_its_worker.xlsx"]["status"], rows["kills_its_worker.xlsx"]["error"]) == (
        "failed",
        line,
    )
    assert all(row["status"] == "built" for name, row in rows.items() if name.startswith("w"))
    assert len(list(out.glob("w*-board.xlsx"))) == 8
    assert temporaries(out) == []  # the killed worker's, removed


def test_a_full_disk_fails_each_board_and_the_report_in_one_line_each(tmp_path):
    folder = tmp_path / "workbooks"
    folder.mkdir()
    for number in range(1, 5):
        copy_example(folder / f"w{number}.xlsx")
    with full_disk(tmp_path / "disk") as disk:
        result = run(
            "build",
            folder,
            "-o",
            disk.folder,
            "--jobs",
            "2",
            cwd=tmp_path,
            preexec_fn=disk.preexec_fn,
        )
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        no_room = (
            f"cannot be written: there is no room for it ({disk.reason}): "
            "free some space on the disk, or write elsewhere with -o"
        )
        lines = errors(result)
        boards = [f"{disk.folder / f'w{n}-board.xlsx'}: {no_room}" for n in range(1, 5)]
        assert sorted(lines[:4]) == boards
        assert lines[4] == f"{disk.folder / REPORT_NAME}: {no_room}"
        counts = SUMMARY.fullmatch(lines[5])
        assert counts is not None and counts.groups() == ("0", "4", "4", "")
        assert lines[6:] == ["0 measures: 0 red, 0 amber, 0 green; 0 warnings"]  # no "report:"
        assert [p.name for p in disk.folder.iterdir()] in ([], ["filler"])


def test_the_report_and_the_combined_csv_never_hold_a_formula(tmp_path):
    for name in ("=cmd.xlsx", "+sum.xlsx", "@at.xlsx", "-minus.xlsx", "plain.xlsx"):
        copy_example(tmp_path / name)
    (tmp_path / "=bad.xlsx").write_text("not a workbook")
    result = run("build", ".", "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    rows = read_report(tmp_path / REPORT_NAME)
    cells = {row["file"]: row for row in rows}
    assert sorted(cells) == [
        "'+sum.xlsx",
        "'-minus.xlsx",
        "'=bad.xlsx",
        "'=cmd.xlsx",
        "'@at.xlsx",
        "plain.xlsx",
    ]
    assert cells["'=cmd.xlsx"]["output"] == "'=cmd-board.xlsx"
    assert cells["'=bad.xlsx"]["error"].startswith("'=bad.xlsx: ")
    assert cells["plain.xlsx"]["output"] == "plain-board.xlsx"
    computed = run("compute", ".", "--format", "csv", cwd=tmp_path)
    files = {line.split(",", 1)[0] for line in computed.stdout.splitlines()[1:]}
    assert files == {"'=cmd.xlsx", "'+sum.xlsx", "'@at.xlsx", "'-minus.xlsx", "plain.xlsx"}


def test_a_batch_out_folder_inside_a_file(tmp_path):
    copy_example(tmp_path / "a.xlsx")
    copy_example(tmp_path / "b.xlsx")
    result = run("build", "a.xlsx", "b.xlsx", "-o", "a.xlsx/boards", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert errors(result) == [
        f"{Path('a.xlsx', 'boards')}: cannot be made into a folder to write into "
        "(Not a directory): give -o a folder"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]
