"""What the tool writes is its own, and what the officer keeps is the officer's.

The tool marks its board and its columns in the workbook (hidden names of the sheet's own);
a column the officer keeps by hand under one of the tool's headers (a typed RAG) is left as
typed, and the tool's figures go into a column of its own.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xl_tools.cli import main
from xl_tools.errors import ProblemCode
from xl_tools.model import WRITTEN_HEADERS
from xl_tools.pipeline import RunOptions, check_workbook

HEADERS = ("Measure", "Unit", "Polarity", "Value", "Target", "RAG")
ROWS = (
    ("% of audits with feedback", "Percentage", "Higher is better", 30, 80, "Amber (agreed)"),
    ("% of assessments in 45 days", "Percentage", "Higher is better", 90, 85, None),
)


def typed_rag(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Measures"
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    book.save(path)
    return path


def headers(path: Path) -> list[str]:
    sheet = openpyxl.load_workbook(path)["Measures"]
    return [cell.value for cell in sheet[1]]


def test_a_typed_rag_column_is_kept_and_the_tool_rates_in_its_own(tmp_path):
    source = typed_rag(tmp_path / "measures.xlsx")
    assert main(["build", str(source), "-o", str(tmp_path / "once.xlsx")]) == 0
    assert main(["build", str(tmp_path / "once.xlsx"), "-o", str(tmp_path / "twice.xlsx")]) == 0

    for built in (tmp_path / "once.xlsx", tmp_path / "twice.xlsx"):
        sheet = openpyxl.load_workbook(built)["Measures"]
        found = headers(built)
        assert found[: len(HEADERS)] == list(HEADERS)
        assert found[len(HEADERS) :] == list(WRITTEN_HEADERS.values())  # RAG among them
        assert [sheet.cell(row, 6).value for row in (2, 3)] == ["Amber (agreed)", None]
        rag = len(found) - found[::-1].index("RAG")  # the tool's: the last headed RAG
        assert [sheet.cell(row, rag).value for row in (2, 3)] == ["Red", "Green"]
    assert headers(tmp_path / "once.xlsx") == headers(tmp_path / "twice.xlsx")


def test_check_says_the_typed_column_is_kept(tmp_path):
    source = typed_rag(tmp_path / "measures.xlsx")
    problems = check_workbook(source, options=RunOptions())
    (kept,) = [p for p in problems if p.code is ProblemCode.IGNORED_COLUMN]
    assert str(kept) == (
        f'{source}: Measures!F1: "RAG" is a column of your own, kept as you typed it: the tool '
        "writes its RAG in a column of its own, right of the table"
    )


def test_a_table_the_tool_filled_before_it_marked_its_columns_is_filled_again(tmp_path):
    source = typed_rag(tmp_path / "measures.xlsx")
    book = openpyxl.load_workbook(source)
    sheet = book["Measures"]
    sheet.delete_cols(6)  # no column of the officer's: every tool column, written unmarked
    for offset, header in enumerate(WRITTEN_HEADERS.values()):
        sheet.cell(1, 6 + offset, header)
        sheet.cell(2, 6 + offset, "stale")
    book.save(source)

    assert main(["build", str(source), "-o", str(tmp_path / "board.xlsx")]) == 0

    built = headers(tmp_path / "board.xlsx")
    assert built == [*HEADERS[:-1], *WRITTEN_HEADERS.values()]  # filled in place, none added
    rag = openpyxl.load_workbook(tmp_path / "board.xlsx")["Measures"].cell(
        2, built.index("RAG") + 1
    )
    assert rag.value == "Red"


def test_a_table_reaching_excel_s_last_column_is_refused_with_where(tmp_path, capsys):
    source = typed_rag(tmp_path / "measures.xlsx")
    book = openpyxl.load_workbook(source)
    book["Measures"]["XFC1"] = "Notes"
    book.save(source)
    before = source.read_bytes()

    assert main(["build", str(source)]) == 1

    message = (
        f"{source}: Measures: the table reaches column XFC, so the tool's 17 columns would go "
        "from XFD1 beyond XFD, Excel's last column: move what lies right of the table, or the "
        "table, further left"
    )
    assert capsys.readouterr().err.strip() == message
    assert source.read_bytes() == before
    assert [
        str(p)
        for p in check_workbook(source, options=RunOptions())
        if p.code is ProblemCode.NO_ROOM
    ] == [message]
