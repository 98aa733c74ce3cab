"""``build --pdf``: the board alone, printed to PDF by LibreOffice, beside the built workbook.

The PDFs are printed by the real LibreOffice (`tests.libreoffice.require_tools` fails,
never skips, without it) and read back with pdftotext: the board's words are there, the
other sheets' are not. LibreOffice's faults are made by real processes standing in for it
on PATH: a shell script that fails, prints nothing, or never ends; the run's own faults
are real too (Ctrl-C to the job, a file size limit, a folder or a read-only file where the
PDF goes).
"""

from __future__ import annotations

import csv
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from tests.faults import EXAMPLE, errors, is_running, run, start, temporaries, wait_for
from tests.libreoffice import require_tools
from tests.workbooks import write_measures_workbook
from xl_tools import pdf
from xl_tools.batch import REPORT_NAME
from xl_tools.cli import main
from xl_tools.errors import LibreOfficeNotFoundError, ProblemCode
from xl_tools.marks import tool_board
from xl_tools.model import BOARD_SHEET, BOARD_TITLE
from xl_tools.package import Workbook

# What only the example's other sheets hold: were they printed, these would be in the PDF.
ABOUT_ONLY = ("About", "How to use this workbook")
SETTINGS_ONLY = ("Settings", "What it means")
STOPPED = 'sleep 600 & echo "$$ $!" > {pids}; wait'


def pdf_text(path: Path) -> str:
    """A PDF's words, each run of white space one space."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())


def sheet_text(path: Path, sheet: str) -> str:
    with path.open("rb") as stream:
        rows = openpyxl.load_workbook(stream)[sheet].iter_rows(values_only=True)
        cells = [cell for row in rows for cell in row if cell is not None]
    return " ".join(" ".join(map(str, cells)).split())


def all_ended(pids: Path) -> bool:
    """Whether the processes a stand-in wrote down have ended (killed: once the kill lands)."""
    deadline = time.monotonic() + 5
    while any(map(is_running, map(int, pids.read_text().split()))):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def fake_libreoffice(folder: Path, does: str) -> Path:
    """A program named soffice in `folder`, standing in for LibreOffice: it `does` this.

    It is run as LibreOffice is (``soffice ... --outdir OUT FILE``); ``$out`` is the PDF
    LibreOffice would write.
    """
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "soffice"
    program.write_text(
        "#!/bin/sh\n"
        'while [ $# -gt 1 ]; do [ "$1" = --outdir ] && outdir=$2; shift; done\n'
        'name=$(basename "$1"); out="$outdir/${name%.*}.pdf"\n'
        f"{does}\n"
    )
    program.chmod(0o755)
    return program


@pytest.fixture
def workbook(tmp_path) -> Path:
    path = tmp_path / "measures.xlsx"
    shutil.copyfile(EXAMPLE, path)
    return path


@pytest.fixture
def stand_in(tmp_path, monkeypatch):
    """Put a stand-in for LibreOffice first on PATH; call it with what it does."""

    def put(does: str) -> Path:
        program = fake_libreoffice(tmp_path / "bin", does)
        monkeypatch.setenv("PATH", f"{program.parent}{os.pathsep}{os.environ['PATH']}")
        return program

    return put


def files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.is_file())


# With LibreOffice


@pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")
def test_the_pdf_holds_the_board_alone(workbook, tmp_path, capsys):
    require_tools()
    assert main(["build", str(workbook), "--pdf"]) == 0
    board, printed = tmp_path / "measures-board.xlsx", tmp_path / "measures-board.pdf"
    assert capsys.readouterr().out.splitlines() == [
        f"{workbook} -> {board}",
        f"{workbook} -> {printed}",
    ]
    text = pdf_text(printed)
    assert all(words in text for words in (BOARD_TITLE, "Devon", "November 2023"))
    for measure in ("Number of referrals", "% of referrals which are repeat referrals"):
        assert measure in text
    for sheet, words in (ABOUT_ONLY, SETTINGS_ONLY):
        assert words in sheet_text(board, sheet)  # in the workbook, on another sheet
        assert words not in text
    assert files(tmp_path) == ["measures-board.pdf", "measures-board.xlsx", "measures.xlsx"]


def test_a_batch_prints_one_pdf_per_workbook(tmp_path):
    """Four workbooks on two workers: LibreOffices printing at once, each its own board."""
    require_tools()
    folder = tmp_path / "authorities"
    folder.mkdir()
    authorities = ("Cornwall", "Devon", "Dorset", "Somerset")
    for authority in authorities:
        measure = {"ID": "VA02", "Section": "Activity", "Measure": f"Referrals in {authority}"}
        measure |= {"Unit": "Number", "Polarity": "Lower is better", "Value": 599, "Target": 550}
        write_measures_workbook(
            folder / f"{authority.lower()}.xlsx",
            [measure],
            settings={"Authority": authority, "Reporting period": "November 2023"},
            more_sheets={"Notes": [["Kept off the board"]]},
        )
    result = run("build", "authorities", "-o", "boards", "--pdf", "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert errors(result)[0].startswith("built 4 of 4 workbooks, 0 failed, 4 PDFs written, in ")
    out = tmp_path / "boards"
    for authority in authorities:
        text = pdf_text(out / f"{authority.lower()}-board.pdf")
        assert all(words in text for words in (BOARD_TITLE, authority, "November 2023"))
        assert f"Referrals in {authority}" in text
        assert "Kept off the board" not in text
        others = set(authorities) - {authority}
        assert not any(f"Referrals in {other}" in text for other in others)
    report = (out / REPORT_NAME).read_text().splitlines()
    assert report[0].endswith(",seconds,pdf")
    assert [row.rsplit(",", 1)[1] for row in report[1:]] == [
        str(Path("boards", f"{authority.lower()}-board.pdf")) for authority in authorities
    ]


# Without LibreOffice


@pytest.mark.parametrize("batch", [False, True], ids=["one", "batch"])
def test_without_libreoffice_nothing_is_written(workbook, tmp_path, monkeypatch, capsys, batch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    nowhere = tmp_path / "nowhere" / "LibreOffice" / "program" / "soffice"
    monkeypatch.setattr(pdf, "INSTALL_PATHS", dict.fromkeys(pdf.INSTALL_PATHS, (str(nowhere),)))
    if batch:
        shutil.copyfile(workbook, tmp_path / "other.xlsx")
    named = [str(tmp_path)] if batch else [str(workbook)]
    assert main(["build", *named, "--pdf"]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "--pdf needs LibreOffice to print the board, and it was not found on PATH or in "
        f"{nowhere.parents[1]}: install it from libreoffice.org, or leave out --pdf\n"
    )
    assert captured.out == ""
    assert files(tmp_path) == sorted(["measures.xlsx", *(["other.xlsx"] if batch else [])])


def test_libreoffice_is_found_where_it_installs(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    installed = fake_libreoffice(tmp_path / "opt" / "libreoffice7.6" / "program", "exit 0")
    pattern = str(tmp_path / "opt" / "libreoffice*" / "program" / "soffice")
    monkeypatch.setattr(pdf, "INSTALL_PATHS", dict.fromkeys(pdf.INSTALL_PATHS, (pattern,)))
    assert pdf.find_libreoffice() == installed
    installed.unlink()
    with pytest.raises(LibreOfficeNotFoundError) as raised:
        pdf.find_libreoffice()
    assert raised.value.problems[0].code == ProblemCode.NO_LIBREOFFICE
    assert f"or in {tmp_path / 'opt' / 'libreoffice*'}:" in str(raised.value)


def test_libreoffice_on_path_comes_first(stand_in):
    program = stand_in("exit 0")
    assert pdf.find_libreoffice() == program


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"ProgramFiles": r"D:\Apps", "ProgramFiles(x86)": r"D:\Apps (x86)"},
            [
                r"D:\Apps\LibreOffice\program\soffice.exe",
                r"D:\Apps (x86)\LibreOffice\program\soffice.exe",
            ],
        ),
        (
            {},
            [
                r"C:\Program Files\LibreOffice\program\soffice.exe",
                r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
            ],
        ),
    ],
)
def test_where_libreoffice_installs_on_windows(environ, expected):
    candidates = pdf.install_candidates("win32", environ)
    assert [str(path) for path in candidates] == expected
    assert [str(pdf.install_folder(path)) for path in candidates] == [
        str(pdf.PureWindowsPath(path).parents[1]) for path in expected
    ]


def test_where_libreoffice_installs_on_macos_and_linux():
    (mac,) = pdf.install_candidates("darwin", {})
    assert mac.as_posix() == "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    assert pdf.install_folder(mac).as_posix() == "/Applications/LibreOffice.app"
    (linux,) = pdf.install_candidates("linux", {})
    assert pdf.install_folder(linux).as_posix() == "/opt/libreoffice*"


# LibreOffice failing


@pytest.mark.parametrize(
    ("does", "why"),
    [
        (
            'echo "Warning: failed to launch javaldx" >&2\n'
            'echo "Error: source file could not be loaded" >&2; exit 1',
            "it ended with exit code 1: Error: source file could not be loaded",
        ),
        ("exit 81", "it ended with exit code 81"),
        (
            'echo "Error: source file could not be loaded" >&2; exit 0',
            "it made no PDF: Error: source file could not be loaded",
        ),
        (': > "$out"', "it made no PDF"),
    ],
    ids=["fails", "fails-silently", "prints-nothing", "prints-an-empty-file"],
)
def test_libreoffice_failing_keeps_the_workbook(workbook, tmp_path, stand_in, capsys, does, why):
    stand_in(f'mkdir -p "$outdir"; {does}')
    assert main(["build", str(workbook), "--pdf"]) == 1
    captured = capsys.readouterr()
    board = tmp_path / "measures-board.xlsx"
    assert errors(captured.err) == [
        f"{tmp_path / 'measures-board.pdf'}: was not written: LibreOffice could not print the "
        f"board of {board} ({why})"
    ]
    assert captured.out == f"{workbook} -> {board}\n"
    assert files(tmp_path) == ["measures-board.xlsx", "measures.xlsx"]


def test_libreoffice_that_never_ends_is_stopped(workbook, tmp_path, stand_in, capsys, monkeypatch):
    pids = tmp_path / "pids"
    stand_in(STOPPED.format(pids=pids))
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 0.5)
    assert main(["build", str(workbook), "--pdf"]) == 1
    assert errors(capsys.readouterr().err) == [
        f"{tmp_path / 'measures-board.pdf'}: was not written: LibreOffice could not print the "
        f"board of {tmp_path / 'measures-board.xlsx'} (it did not finish within 0.5 s, and "
        "was stopped)"
    ]
    assert len(pids.read_text().split()) == 2 and all_ended(pids)  # its child was killed too
    assert files(tmp_path) == ["measures-board.xlsx", "measures.xlsx", "pids"]


# The run's own faults


def test_ctrl_c_while_printing_stops_libreoffice(workbook, tmp_path, stand_in, monkeypatch):
    pids, private = tmp_path / "pids", tmp_path / "tmp"
    private.mkdir()
    stand_in(STOPPED.format(pids=pids))
    monkeypatch.setenv("TMPDIR", str(private))  # where LibreOffice's own files go
    build = start("build", "measures.xlsx", "--pdf", cwd=tmp_path)
    wait_for(lambda: [pids] if pids.exists() and pids.read_text().strip() else [], build)
    os.killpg(build.pid, signal.SIGINT)  # to the job, as the terminal sends it
    out, err = build.communicate(timeout=10)
    assert (build.returncode, out) == (130, "measures.xlsx -> measures-board.xlsx\n")
    assert errors(err) == [
        "measures.xlsx: interrupted (Ctrl-C): measures-board.xlsx was written, its PDF was not"
    ]
    assert all_ended(pids)
    assert list(private.iterdir()) == []
    assert files(tmp_path) == ["measures-board.xlsx", "measures.xlsx", "pids"]


def test_ctrl_c_while_a_batch_prints(tmp_path, stand_in, monkeypatch):
    folder, pids, private = tmp_path / "in", tmp_path / "pids", tmp_path / "tmp"
    folder.mkdir()
    private.mkdir()
    for name in "abcd":
        shutil.copyfile(EXAMPLE, folder / f"{name}.xlsx")
    stand_in(STOPPED.replace(">", ">>").format(pids=pids))
    monkeypatch.setenv("TMPDIR", str(private))
    build = start("build", "in", "-o", "out", "--pdf", "--jobs", "2", cwd=tmp_path)
    wait_for(lambda: [pids] if pids.exists() and len(pids.read_text().split()) == 4 else [], build)
    os.killpg(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=10)
    assert build.returncode == 130, err
    lines = errors(err)
    assert lines[0] == "interrupted (Ctrl-C): 2 of 4 workbooks not built"
    assert lines[1].startswith("built 2 of 4 workbooks, 0 failed, 2 not built (interrupted), ")
    assert ", 0 PDFs written, in " in lines[1]
    assert all_ended(pids)
    assert list(private.iterdir()) == []
    out = tmp_path / "out"
    assert files(out) == ["a-board.xlsx", "b-board.xlsx", REPORT_NAME]
    with (out / REPORT_NAME).open(newline="") as report:
        rows = list(csv.DictReader(report))
    assert [(row["status"], row["pdf"]) for row in rows] == [
        ("built", ""),
        ("built", ""),
        ("interrupted", ""),
        ("interrupted", ""),
    ]
    for row in rows[:2]:
        assert (
            row["error"]
            == f"{row['file']}: interrupted: {row['output']} was written, its PDF was not"
        )


def limit_to_a_megabyte() -> None:
    """In the run's process: a file grown past 1 MiB fails as on a full disk (EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2**20, 2**20))


def test_no_room_for_the_pdf(workbook, tmp_path, stand_in, monkeypatch):
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * 2**21)
    private = tmp_path / "tmp"
    private.mkdir()
    stand_in(f'mkdir -p "$outdir"; ln "{big}" "$out"')  # a PDF made without writing it
    monkeypatch.setenv("TMPDIR", str(private))
    result = run("build", "measures.xlsx", "--pdf", cwd=tmp_path, preexec_fn=limit_to_a_megabyte)
    assert result.returncode == 1, result.stderr
    assert errors(result) == [
        "measures-board.pdf: cannot be written: there is no room for it (File too large): "
        "free some space on the disk, or write elsewhere with -o"
    ]
    assert temporaries(tmp_path) == [] and list(private.iterdir()) == []
    assert files(tmp_path) == ["big.pdf", "measures-board.xlsx", "measures.xlsx"]


def test_a_folder_where_the_pdf_goes(workbook, tmp_path, capsys):
    (tmp_path / "measures-board.pdf").mkdir()
    assert main(["build", str(workbook), "--pdf"]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'measures-board.pdf'}: is a folder, so the board's PDF cannot be "
        "written there: move it, or leave out --pdf\n"
    )
    assert files(tmp_path) == ["measures.xlsx"]


def test_a_read_only_pdf_is_not_replaced(workbook, tmp_path, capsys):
    target = tmp_path / "measures-board.pdf"
    target.write_bytes(b"last month's board")
    target.chmod(0o444)
    assert main(["build", str(workbook), "--pdf"]) == 1
    assert capsys.readouterr().err == (
        f"{target}: is read-only, so xl-tools does not replace it: make it writable, "
        "or write elsewhere\n"
    )
    assert target.read_bytes() == b"last month's board"
    assert files(tmp_path) == ["measures-board.pdf", "measures.xlsx"]


# Names and the copy printed


@pytest.mark.parametrize(
    ("argv", "printed"),
    [
        ([], "measures-board.pdf"),
        (["--in-place"], "measures-board.pdf"),
        (["-o", "report.xlsx"], "report-board.pdf"),
        (["-o", "boards"], "boards/measures-board.pdf"),
    ],
)
def test_where_the_pdf_goes(workbook, tmp_path, stand_in, monkeypatch, capsys, argv, printed):
    stand_in('mkdir -p "$outdir"; echo "%PDF-1.4 a board" > "$out"')
    (tmp_path / "boards").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["build", "measures.xlsx", "--pdf", *argv]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"measures.xlsx -> {Path(printed)}"
    assert (tmp_path / printed).read_bytes() == b"%PDF-1.4 a board\n"
    assert stat.S_IMODE((tmp_path / printed).stat().st_mode) & 0o044  # not private


@pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")
def test_the_copy_printed_shows_the_board_alone(workbook, tmp_path, capsys):
    assert main(["build", str(workbook)]) == 0
    copy = tmp_path / "copy.xlsx"
    assert pdf.copy_board_alone(tmp_path / "measures-board.xlsx", copy)
    with copy.open("rb") as stream:
        book = openpyxl.load_workbook(stream)
    states = {sheet.title: sheet.sheet_state for sheet in book.worksheets}
    assert states == {
        "Measures": "hidden",
        "Settings": "hidden",
        "About": "hidden",
        "Lists": "hidden",
        BOARD_SHEET: "visible",
    }
    assert book.active.title == BOARD_SHEET
    assert book[BOARD_SHEET].sheet_view.tabSelected
    with Workbook.open(copy) as opened:
        board = tool_board(opened)
        assert board is not None and opened.is_active(board)


def test_a_very_hidden_sheet_stays_so(tmp_path):
    path = tmp_path / "a.xlsx"
    made = openpyxl.Workbook()
    made.create_sheet("Code").sheet_state = "veryHidden"
    made.create_sheet("Board")
    made.save(path)
    with Workbook.open(path) as book:
        book.hide_all_but(book.sheets[2])
        with (tmp_path / "b.xlsx").open("wb") as out:
            book.save(out)
    with (tmp_path / "b.xlsx").open("rb") as stream:
        states = [sheet.sheet_state for sheet in openpyxl.load_workbook(stream).worksheets]
    assert states == ["hidden", "veryHidden", "visible"]


def test_a_workbook_without_a_board_is_not_printed(tmp_path):
    assert not pdf.copy_board_alone(EXAMPLE, tmp_path / "copy.xlsx")
    assert not (tmp_path / "copy.xlsx").exists()


# The command line


@pytest.mark.parametrize("command", [["compute"], ["check"], ["new-month"]])
def test_only_build_takes_pdf(command, capsys):
    with pytest.raises(SystemExit) as raised:
        main([*command, "m.xlsx", "--pdf"])
    assert raised.value.code == 2
    assert "unrecognized arguments: --pdf" in capsys.readouterr().err


def test_build_help_names_pdf():
    done = subprocess.run(
        [sys.executable, "-m", "xl_tools", "build", "--help"], capture_output=True, text=True
    )
    assert "--pdf" in done.stdout and "LibreOffice" in done.stdout
