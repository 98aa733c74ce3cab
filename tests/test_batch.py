"""Batch mode: many workbooks built or computed at once, bad ones reported, none stopping it.

The workbooks are made by ``benchmarks/make_workbooks.py`` (the benchmark's own generator),
nine good and three broken, and the command runs in a separate process as an officer runs
it, so that the worker processes, the exit code and what reaches the terminal are tested.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import xl_tools
from tests.xlsx_parts import count_sparklines
from xl_tools import batch, cli, pipeline
from xl_tools.batch import Outcome, Status, build_one, summary
from xl_tools.errors import NotAWorkbookError
from xl_tools.model import BOARD_SHEET
from xl_tools.paths import is_skipped
from xl_tools.workers import worker_count

GENERATOR = Path(xl_tools.__file__).parents[1] / "benchmarks" / "make_workbooks.py"
BROKEN = {
    "broken_01_not-a-workbook.xlsx": "is not an Excel .xlsx/.xlsm workbook",
    "broken_02_no-measures-table.xlsx": "no measures table found",
    "broken_03_rate-without-population.xlsx": "no 0-17 child population is given",
}
MEASURES_PER_WORKBOOK = 60


def load_generator():
    spec = importlib.util.spec_from_file_location("make_workbooks", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return load_generator()


@pytest.fixture(scope="module")
def folder(tmp_path_factory, generator) -> Path:
    """Twelve workbooks: nine authorities' and the three broken kinds."""
    path = tmp_path_factory.mktemp("workbooks")
    generator.make_batch(path, 12, broken=3, jobs=1)
    return path


def run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    package_root = str(Path(xl_tools.__file__).parents[1])
    path = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "xl_tools", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": path},
    )


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def read_report(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_a_folder_builds_nine_boards_and_names_the_three_failures(folder, tmp_path):
    before = digests(folder)
    out = tmp_path / "boards"
    result = run("build", folder, "-o", out, "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    boards = sorted(p.name for p in out.glob("*-board.xlsx"))
    assert boards == [f"authority_{n:03d}-board.xlsx" for n in range(1, 10)]
    assert BOARD_SHEET in openpyxl.load_workbook(out / boards[0], read_only=True).sheetnames
    lines = result.stderr.splitlines()
    for name, message in BROKEN.items():
        (line,) = [line for line in lines if name in line]
        assert message in line
    assert lines[-3:-1] == [
        f"built 9 of 12 workbooks, 3 failed, in {lines[-3].rsplit(' in ', 1)[1]}",
        lines[-2],
    ]
    assert lines[-2].startswith(f"{9 * MEASURES_PER_WORKBOOK} measures: ")
    assert lines[-1] == f"report: {out / batch.REPORT_NAME}"
    assert digests(folder) == before  # inputs untouched, nothing written beside them


def test_the_report_has_a_row_per_workbook(folder, tmp_path):
    out = tmp_path / "boards"
    run("build", folder, "-o", out, cwd=tmp_path)
    rows = read_report(out / batch.REPORT_NAME)
    assert list(rows[0]) == list(batch.REPORT_COLUMNS)
    assert [Path(row["file"]).name for row in rows] == sorted(p.name for p in folder.iterdir())
    built = [row for row in rows if row["status"] == "built"]
    assert len(built) == 9
    for row in built:
        assert Path(row["output"]).parent == out
        assert row["error"] == ""
        assert int(row["measures"]) == MEASURES_PER_WORKBOOK
        rated = int(row["red"]) + int(row["amber"]) + int(row["green"])
        assert 0 < rated <= MEASURES_PER_WORKBOOK
        assert float(row["seconds"]) > 0
    failed = {Path(row["file"]).name: row for row in rows if row["status"] == "failed"}
    assert failed.keys() == BROKEN.keys()
    for name, row in failed.items():
        assert (row["output"], row["measures"]) == ("", "0")
        assert row["error"].startswith(str(folder / name)) and BROKEN[name] in row["error"]


def test_lock_files_and_boards_named_by_a_shell_pattern_are_skipped(folder, tmp_path):
    good = folder / "authority_001.xlsx"
    (tmp_path / "authority_001.xlsx").write_bytes(good.read_bytes())
    (tmp_path / "~$authority_001.xlsx").write_bytes(b"lock")
    (tmp_path / "old-board.xlsx").write_bytes(good.read_bytes())
    names = ["authority_001.xlsx", "~$authority_001.xlsx", "old-board.xlsx"]
    result = run("build", *names, cwd=tmp_path)  # as a shell expands *.xlsx
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "~$authority_001.xlsx: skipped: an Excel lock file",
        "old-board.xlsx: skipped: written by xl-tools",
        "authority_001.xlsx -> authority_001-board.xlsx",
    ]
    assert "1 of 1 workbooks, 0 failed, 2 skipped" in result.stderr
    statuses = [row["status"] for row in read_report(tmp_path / batch.REPORT_NAME)]
    assert statuses == ["built", "skipped", "skipped"]
    assert (tmp_path / "old-board.xlsx").read_bytes() == good.read_bytes()


def test_two_workbooks_of_one_name_do_not_share_a_board(folder, tmp_path):
    for team in ("north", "south"):
        (tmp_path / team).mkdir()
        (tmp_path / team / "scorecard.xlsx").write_bytes(
            (folder / "authority_002.xlsx").read_bytes()
        )
    result = run("build", "north", "south", "-o", "boards", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        f"{Path('south', 'scorecard.xlsx')}: not built: its board would overwrite the board of "
        f"{Path('north', 'scorecard.xlsx')}"
    ) in result.stderr.splitlines()
    assert [p.name for p in (tmp_path / "boards").glob("*.xlsx")] == ["scorecard-board.xlsx"]


@pytest.mark.parametrize(
    ("name", "skipped"),
    [
        ("~$measures.xlsx", True),
        ("~measures-3f2a.xlsx", True),
        ("measures-board.xlsx", True),
        ("measures-Board.xlsm", True),
        ("measures.xlsx", False),
        ("board.xlsx", False),
    ],
)
def test_is_skipped(name, skipped):
    assert is_skipped(Path(name)) is skipped


def test_compute_combines_the_workbooks_as_csv(folder, tmp_path):
    names = ["authority_001.xlsx", "authority_002.xlsx", "broken_02_no-measures-table.xlsx"]
    result = run("compute", *names, "--format", "csv", cwd=folder)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("broken_02_no-measures-table.xlsx: no measures table found")
    table = pd.read_csv(io.StringIO(result.stdout))
    assert list(table.columns[:4]) == ["file", "authority", "period", "id"]
    assert len(table) == 2 * MEASURES_PER_WORKBOOK
    assert table.groupby("file", sort=False)["authority"].unique().map(list).to_dict() == {
        "authority_001.xlsx": ["Authority 001"],
        "authority_002.xlsx": ["Authority 002"],
    }
    assert set(table["period"]) == {"March 2024"}


def test_compute_combines_the_workbooks_as_json_lines(folder, tmp_path):
    result = run("compute", folder, "--format", "jsonl", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 3
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 9 * MEASURES_PER_WORKBOOK
    files = [Path(record["file"]).name for record in records]
    assert files == sorted(files)  # in the order named, whichever worker finished first
    first = records[0]
    assert list(first)[:4] == ["file", "authority", "period", "population"]
    assert first["authority"] == "Authority 001" and "comparators" in first


def test_compute_json_is_for_one_workbook(tmp_path, capsys):
    with pytest.raises(SystemExit) as raised:
        cli.main(["compute", "a.xlsx", "b.xlsx"])
    assert raised.value.code == 2
    assert "--format json prints one workbook: give --format csv or jsonl for several" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "a.xlsx", "b.xlsx", "--in-place"], "--in-place takes one workbook"),
        (["build", "a.xlsx", "b.xlsx", "--jobs", "0"], '"0" is not a number of jobs of 1 or more'),
        (["compute", "a.xlsx", "-j", "two"], '"two" is not a number of jobs'),
    ],
)
def test_batch_usage_errors(capsys, argv, message):
    with pytest.raises(SystemExit) as raised:
        cli.main(argv)
    assert raised.value.code == 2
    assert message in capsys.readouterr().err


def test_progress_on_a_terminal_is_a_bar_with_failures_above_it(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    progress = cli.Progress(2, "building")
    progress.show(Outcome(Path("a.xlsx"), Status.BUILT, target=Path("a-board.xlsx")))
    progress.show(Outcome(Path("b.xlsx"), Status.FAILED, error="b.xlsx: no such file"))
    progress.close()
    text = screen.getvalue()
    assert "building [###############---------------] 1/2" in text
    assert "\r\x1b[Kb.xlsx: no such file\n" in text
    assert "building [##############################] 2/2, 1 failed" in text
    assert "a-board.xlsx" not in text


def test_progress_without_a_terminal_is_a_line_per_workbook(capsys):
    progress = cli.Progress(2, "building")
    progress.show(Outcome(Path("a.xlsx"), Status.BUILT, target=Path("a-board.xlsx")))
    progress.show(Outcome(Path("b.xlsx"), Status.FAILED, problems=("b.xlsx: bad", "b.xlsx: worse")))
    progress.close()
    captured = capsys.readouterr()
    assert captured.out == "a.xlsx -> a-board.xlsx\n"
    assert captured.err == "b.xlsx: bad (and 1 more: xl-tools check lists them all)\n"


def test_a_bug_fails_its_workbook_with_the_traceback_and_the_batch_goes_on(
    folder, tmp_path, monkeypatch
):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "row_problems", broken)
    outcome = build_one(folder / "authority_003.xlsx", out=tmp_path, options=pipeline.RunOptions())
    assert outcome.status == Status.FAILED
    assert outcome.error == (
        f"{folder / 'authority_003.xlsx'}: internal error ZeroDivisionError: a bug "
        "(please report it)"
    )
    assert outcome.problems[1].startswith("Traceback")


def test_summary_counts_everything():
    outcomes = [
        Outcome(Path("a.xlsx"), Status.BUILT, measures=60, red=3, amber=2, green=40, warnings=5),
        Outcome(Path("b.xlsx"), Status.BUILT, measures=1200, red=1000, amber=0, green=1),
        Outcome(Path("c.xlsx"), Status.FAILED),
        Outcome(Path("~$c.xlsx"), Status.SKIPPED),
    ]
    assert summary(outcomes, 61.25) == [
        "built 2 of 3 workbooks, 1 failed, 1 skipped (lock files and boards), in 61.2 s",
        "1,260 measures: 1,003 red, 2 amber, 41 green; 5 warnings",
    ]


@pytest.mark.parametrize(
    ("jobs", "workbooks", "workers"), [(2, 1, 1), (2, 3, 1), (2, 4, 2), (8, 150, 8)]
)
def test_worker_count(jobs, workbooks, workers):
    assert worker_count(jobs, workbooks) == workers


def examples() -> list[Path]:
    root = Path(xl_tools.__file__).parents[1]
    return [
        root / "examples" / "devon_november_2023.xlsx",
        root / "workbook_templates" / "measures_template.xlsx",
    ]


def test_a_batch_outcome_is_the_build_result(folder, tmp_path):
    path = folder / "authority_002.xlsx"
    options = pipeline.RunOptions()
    result = pipeline.build_workbook(path, out=tmp_path / "single.xlsx", options=options)
    outcome = build_one(path, out=tmp_path, options=options)

    assert outcome.status == Status.BUILT
    assert (outcome.measures, outcome.red, outcome.amber, outcome.green, outcome.warnings) == (
        result.measures,
        result.red,
        result.amber,
        result.green,
        result.warnings,
    )
    assert outcome.measures == MEASURES_PER_WORKBOOK
    assert 0 < outcome.red + outcome.amber + outcome.green <= MEASURES_PER_WORKBOOK
    assert count_sparklines(outcome.target, BOARD_SHEET) == MEASURES_PER_WORKBOOK


@pytest.mark.parametrize("enabled", [True, False])
def test_a_build_leaves_the_cycle_collector_as_it_found_it(folder, tmp_path, enabled):
    import gc

    options = pipeline.RunOptions()
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        pipeline.build_workbook(folder / "authority_001.xlsx", out=tmp_path, options=options)
        assert gc.isenabled() is enabled
        with pytest.raises(NotAWorkbookError):
            pipeline.build_workbook(
                folder / "broken_01_not-a-workbook.xlsx", out=tmp_path, options=options
            )
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
