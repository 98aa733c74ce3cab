"""A real, independent reader prints the board: LibreOffice to PDF, page 1 to PNG."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from openpyxl import Workbook

from tests.computed_frames import board_frame
from tests.libreoffice import convert_to_pdf, render_first_page, require_tools
from xl_tools.model import Layout, Settings
from xl_tools.read import open_workbook
from xl_tools.save import save_workbook
from xl_tools.write.xlsx import write_results

SETTINGS = Settings(authority="Devon", period="November 2023", population=147541)


def _month_workbook(path: Path) -> Path:
    computed = board_frame()
    book = Workbook()
    sheet = book.active
    sheet.title = "Measures"
    sheet.append(["ID", "Section", "Measure", "Value"])
    for ident, section, name, value in computed[["id", "section", "measure", "value"]].itertuples(
        index=False
    ):
        sheet.append([ident, section, name, value])
    layout = Layout(
        sheet="Measures",
        header_row=1,
        columns={"id": 1, "section": 2, "measure": 3, "value": 4},
        rows=tuple(range(2, 2 + len(computed))),
        last_column=4,
    )
    source = path.with_name("measures.xlsx")
    book.save(source)
    with open_workbook(source) as opened:
        write_results(opened, computed, SETTINGS, layout)
        # Print the board alone: it is what goes in the board paper.
        opened.remove_sheet("Measures")
        save_workbook(opened, path)
    return path


def test_board_prints_to_pdf_and_renders(tmp_path: Path) -> None:
    require_tools()
    workbook = _month_workbook(tmp_path / "board.xlsx")

    pdf = convert_to_pdf(workbook, tmp_path)
    png = render_first_page(pdf, tmp_path)

    assert png.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Children's social care performance measures: Devon, November 2023" in text
        assert "#####" not in text  # every figure fits its column
        assert "+14.0 pts" in text and "measure being" in text
