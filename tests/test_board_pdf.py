"""The board as a board member reads it: printed to PDF by LibreOffice, read back by poppler.

The shipped example and every workbook of the layout corpus are built, printed (the board
alone, as ``--pdf`` prints it) and read back with ``pdftotext``: every word at 9 points or
more, on A4 landscape, every measure's figure there, no column of the table empty, and
the summary's counts those of the computed JSON. The README's picture is checked to be
the example's board as it prints today.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tests.board_sheet import load_board, read_board
from tests.libreoffice import TIMEOUT_SECONDS, require_tools
from tests.make_layouts import write_corpus
from tests.xlsx_parts import count_sparklines
from xl_tools.cli import main
from xl_tools.export import to_json_document
from xl_tools.model import BOARD_SHEET
from xl_tools.pdf import copy_board_alone
from xl_tools.pipeline import RunOptions, compute_workbook
from xl_tools.write import formats
from xl_tools.write.board import plan_board

REPO = Path(__file__).parents[1]
EXAMPLE = REPO / "examples" / "devon_november_2023.xlsx"
PICTURE_SCRIPT = REPO / "examples" / "make_board_picture.py"
SMALLEST_POINTS = 9.0
# The title's size on the board: what the other words are measured against.
TITLE_POINTS = 14.0
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@dataclass(frozen=True)
class Word:
    text: str
    height: float
    page: int


def words_of(pdf: Path) -> list[Word]:
    """Every word of a PDF with its height on the page, in points, and its page."""
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    words = []
    for page, html in enumerate(done.stdout.split("<page ")[1:], start=1):
        for found in _WORD.finditer(html):
            y_min, y_max, text = float(found[2]), float(found[4]), found[5]
            words.append(Word(text, y_max - y_min, page))
    return words


def text_of(pdf: Path) -> str:
    """A PDF's text, its spaces and line breaks made single spaces."""
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def smallest_points(pdf: Path, scale: int) -> float:
    """The size of the smallest word printed, in points.

    A word's box is as high as its font's line, a fixed multiple of its size; the title's
    box, of a known size at the board's scale, gives that multiple.
    """
    words = words_of(pdf)
    title = max(word.height for word in words if word.page == 1)
    per_point = title / (TITLE_POINTS * scale / 100)
    return min(word.height for word in words) / per_point


def page_sizes(pdf: Path) -> set[tuple[float, float]]:
    done = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True
    )
    sizes = re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts", done.stdout)
    return {(round(float(w)), round(float(h))) for w, h in sizes}


def shown_figures(board: Path) -> list[str]:
    """The text each measure's figure shows on the board, as Excel or LibreOffice shows it."""
    sheet = load_board(board)
    table = read_board(board)
    value = next(h for h in table.headers if h.startswith("Value"))
    shown = []
    for row, _ in table.rows:
        cell = sheet.cell(row, table.column(value))
        if cell.value is not None:
            text = formats.shown(cell.value, cell.number_format)
            shown.append(text.split("\n")[0])
    return shown


def check_printed_board(board: Path, pdf: Path) -> None:
    """What every printed board must be: readable, A4 landscape, complete, no empty column."""
    scale = load_board(board).page_setup.scale
    assert page_sizes(pdf) == {(842, 595)}, "A4 landscape"
    assert smallest_points(pdf, scale) >= SMALLEST_POINTS
    text = text_of(pdf)
    table = read_board(board)
    for figure in shown_figures(board):
        assert figure in text, figure
    for _, cells in table.rows:
        assert str(cells["Measure"]).split()[0] in text
    for header in table.headers:
        if header == "Last 12 months":  # a sparkline a measure, drawn over an empty cell
            assert count_sparklines(board, BOARD_SHEET) > 0
            continue
        assert any(cells[header] is not None for _, cells in table.rows), f"{header} is empty"


def print_boards(boards: list[Path], folder: Path) -> list[Path]:
    """Print the boards alone to PDF, all in one LibreOffice run."""
    require_tools()
    copies = []
    for board in boards:
        copy = folder / "alone" / board.name
        copy.parent.mkdir(parents=True, exist_ok=True)
        assert copy_board_alone(board, copy)
        copies.append(copy)
    profile = (folder / "profile").resolve().as_uri()
    command = ["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to"]
    command += ["pdf", "--outdir", str(folder / "pdf"), *map(str, copies)]
    subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS * 2, check=True)
    return [folder / "pdf" / copy.with_suffix(".pdf").name for copy in copies]


def test_the_example_board_prints_readable_and_whole(tmp_path, monkeypatch) -> None:
    require_tools()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704758400")  # 9 January 2024
    board = tmp_path / "devon-board.xlsx"
    assert main(["build", str(EXAMPLE), "-o", str(board), "--pdf"]) == 0
    pdf = board.with_suffix(".pdf")

    check_printed_board(board, pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info), "a tagged PDF, for screen readers"
    text = text_of(pdf)
    assert "Devon, November 2023" in text and "Page 1 of" in text and "9 Jan 2024" in text
    assert "Draft: 96%, lower than" not in text  # no comparator the figures do not give
    assert "Draft: " in text and "Exceptions: AU01" in text


def test_the_summary_counts_are_the_json_s(tmp_path) -> None:
    computed, settings = compute_workbook(EXAMPLE, options=RunOptions())
    measures = to_json_document(computed, settings)["measures"]
    plan = plan_board(computed, settings)

    ratings = [m["rag"] for m in measures]
    red, amber, green = (ratings.count(word) for word in ("red", "amber", "green"))
    assert plan.summary[0].startswith(
        f"RAG against target: {red} red, {amber} amber, {green} green"
    )
    judgements = [
        (m["comparators"]["statistical_neighbours"] or {}).get("judgement") for m in measures
    ]
    counts = ", ".join(
        f"{judgements.count(word)} {word}" for word in ("better", "similar", "worse")
    )
    assert plan.summary[1].startswith(f"Against statistical neighbours: {counts}")


def test_every_layout_of_the_corpus_prints_readable_and_whole(tmp_path) -> None:
    written = write_corpus(tmp_path / "corpus")
    boards = []
    for name, path in sorted(written.items()):
        argv = ["build", str(path), "-o", str(tmp_path / "built" / f"{name}.xlsx")]
        if path.with_suffix(".toml").exists():
            argv += ["--map", str(path.with_suffix(".toml"))]
        (tmp_path / "built").mkdir(exist_ok=True)
        if main(argv) == 0:
            boards.append(tmp_path / "built" / f"{name}.xlsx")
    assert len(boards) >= len(written) - 1, "every layout builds but the unsaved one"

    for board, pdf in zip(boards, print_boards(boards, tmp_path), strict=True):
        check_printed_board(board, pdf)


def load_picture_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_board_picture", PICTURE_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_picture_is_the_example_board_as_it_prints_today(tmp_path) -> None:
    require_tools()
    script = load_picture_script()
    committed = script.read_png(script.PICTURE_PATH)
    fresh = script.render_board(tmp_path)

    assert committed.shape == fresh.shape, "run python examples/make_board_picture.py"
    # Compared in blocks of 4 x 4 pixels, so that a program drawing the same page with a
    # pixel's difference passes, and any change of content fails.
    blocks = [
        image[: image.shape[0] // 4 * 4, : image.shape[1] // 4 * 4]
        .reshape(image.shape[0] // 4, 4, image.shape[1] // 4, 4, 3)
        .mean(axis=(1, 3))
        for image in (committed.astype(float), fresh.astype(float))
    ]
    changed = np.abs(blocks[0] - blocks[1]).max(axis=2) > 24
    assert changed.mean() < 0.005, "run python examples/make_board_picture.py"
    assert (
        "![" in (REPO / "README.md").read_text()
        and script.PICTURE_PATH.name in (REPO / "README.md").read_text()
    )


def test_the_picture_is_read_back_as_written(tmp_path) -> None:
    script = load_picture_script()
    image = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    path = script.write_png(tmp_path / "p.png", image)

    assert (script.read_png(path) == image).all()
    (tmp_path / "x.png").write_bytes(b"GIF89a")
    with pytest.raises(ValueError, match="is not a PNG"):
        script.read_png(tmp_path / "x.png")
