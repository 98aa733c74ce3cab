"""Where the tool writes over cells holding formulas, Excel's calculation chain goes with them.

Excel lists every formula cell in ``xl/calcChain.xml``; a chain naming a cell that no longer
holds a formula makes Excel report the file as damaged. The chain is optional and Excel
rebuilds it, so the tool drops it then, and keeps it byte for byte otherwise.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter

from tests.libreoffice import convert_to_pdf, require_tools
from xl_tools.cli import main

CHAIN = "xl/calcChain.xml"
CHAIN_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"
CHAIN_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain"
HEADERS = ("ID", "Measure", "Unit", "Value", "Numerator", "Denominator", "Actual numbers")


def with_formulas(path: Path, *, in_actual_numbers: bool) -> Path:
    """A measures workbook with formulas, and the calculation chain Excel would save."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Measures")
    sheet.write_row(0, 0, HEADERS)
    for row in (1, 2):
        sheet.write_row(row, 0, [f"PR0{row}", f"% of plans {row}", "Percentage", 38, 19, 50])
        if in_actual_numbers:
            # An officer's own formula in the column the tool fills.
            sheet.write_formula(row, 6, f'=E{row + 1}&" / "&F{row + 1}', None, "19 / 50")
    sheet.write_formula(4, 1, "=D2+D3", None, 76)  # below the table: kept either way
    book.close()
    cells = [(row, "G") for row in (2, 3)] if in_actual_numbers else []
    _add_chain(path, [*cells, (5, "B")])
    return path


def _add_chain(path: Path, cells: list[tuple[int, str]]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    entries = "".join(f'<c r="{column}{row}" i="1"/>' for row, column in cells)
    parts[CHAIN] = f'<calcChain xmlns="{main_ns}">{entries}</calcChain>'.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{CHAIN}" ContentType="{CHAIN_TYPE}"/></Types>'.encode()
    )
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        f'<Relationship Id="rId99" Type="{CHAIN_REL}" Target="calcChain.xml"/>'
        "</Relationships>".encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def build(path: Path) -> Path:
    assert main(["build", str(path), "--population", "147541"]) == 0
    return path.with_name(f"{path.stem}-board.xlsx")


def test_formulas_written_over_take_the_chain_with_them(tmp_path):
    built = build(with_formulas(tmp_path / "measures.xlsx", in_actual_numbers=True))

    with zipfile.ZipFile(built) as archive:
        assert CHAIN not in archive.namelist()
        assert b"calcChain" not in archive.read("[Content_Types].xml")
        assert b"calcChain" not in archive.read("xl/_rels/workbook.xml.rels")
    sheet = openpyxl.load_workbook(built)["Measures"]
    assert [sheet.cell(row, 7).value for row in (2, 3)] == ["19 / 50", "19 / 50"]
    assert sheet["B5"].value == "=D2+D3"
    require_tools()
    convert_to_pdf(built, tmp_path)


def test_a_chain_with_no_formula_written_over_is_kept(tmp_path):
    source = with_formulas(tmp_path / "measures.xlsx", in_actual_numbers=False)
    built = build(source)

    with zipfile.ZipFile(source) as before, zipfile.ZipFile(built) as after:
        assert after.read(CHAIN) == before.read(CHAIN)
        assert after.getinfo(CHAIN).CRC == before.getinfo(CHAIN).CRC
