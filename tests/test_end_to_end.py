"""The monthly job end to end on the shipped example, as an officer runs it.

`xl-tools build` on the example writes a board workbook that an independent reader
(LibreOffice) opens and prints, that holds the figures of `xl-tools compute`, and that is
the same workbook again when built a second time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.libreoffice import convert_to_pdf, render_first_page, require_tools
from tests.xlsx_parts import differing_parts
from xl_tools.cli import main
from xl_tools.model import BOARD_SHEET

EXAMPLE = Path(__file__).parents[1] / "examples" / "devon_november_2023.xlsx"
# The board carries sparklines, which openpyxl drops on loading: its cells are what is read.
pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension:UserWarning")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    copy = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, copy)
    return copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def board_only(workbook: Path, folder: Path) -> Path:
    """A copy of the workbook holding only its board sheet, so that the PDF is the board."""
    book = openpyxl.load_workbook(workbook)
    for name in book.sheetnames:
        if name != BOARD_SHEET:
            del book[name]
    copy = folder / "board-only.xlsx"
    book.save(copy)
    return copy


def test_build_writes_a_board_that_libreoffice_prints(example, tmp_path, capsys):
    before = digest(example)
    assert main(["build", str(example)]) == 0
    output = example.with_name("devon_november_2023-board.xlsx")
    assert digest(example) == before, "the input must be left untouched"

    book = openpyxl.load_workbook(output)
    board = book[BOARD_SHEET]
    assert board["A1"].value == (
        "Children's social care performance measures: Devon, November 2023"
    )
    rag_words = {cell.value for row in board.iter_rows() for cell in row} & {"Red", "Amber"}
    assert rag_words == {"Red"}, "audits with feedback from families: 30% against 80%"
    assert board.conditional_formatting, "RAG colours come from conditional formats"

    require_tools()
    pdf = convert_to_pdf(board_only(output, tmp_path), tmp_path)
    png = render_first_page(pdf, tmp_path)
    assert png.stat().st_size > 10_000, "a blank page renders to a tiny PNG"


def test_build_again_on_its_own_output_gives_the_same_workbook(example, tmp_path):
    first = tmp_path / "first.xlsx"
    assert main(["build", str(example), "-o", str(first)]) == 0
    second = tmp_path / "second.xlsx"
    assert main(["build", str(first), "-o", str(second)]) == 0
    assert differing_parts(second, first) == []


def test_the_board_holds_the_figures_compute_prints(example, capsys):
    assert main(["compute", str(example), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    by_id = {measure["id"]: measure for measure in document["measures"]}
    # DfE's 2022-23 mean of Devon's ten statistical neighbours, as the example is filled.
    assert by_id["PR08"]["comparators"]["statistical_neighbours"] == {
        "value": 23.0,
        "variance": 15.0,
        "judgement": "worse",
    }
    assert by_id["VA09"]["actual_numbers"] == "900"
    assert by_id["ST03"]["actual_numbers"] == "440 / 4,316"
    assert by_id["IM04"]["value"] is None

    assert main(["build", str(example)]) == 0
    measures = openpyxl.load_workbook(example.with_name("devon_november_2023-board.xlsx"))[
        "Measures"
    ]
    headers = {cell.value: cell.column for cell in measures[4] if cell.value}
    rows = {measures.cell(row, 1).value: row for row in range(5, measures.max_row + 1)}
    for measure_id, measure in by_id.items():
        written = measures.cell(rows[measure_id], headers["Actual numbers"]).value
        assert written == measure["actual_numbers"], measure_id
