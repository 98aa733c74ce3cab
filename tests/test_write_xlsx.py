"""The file back end: write into a small workbook, save, open again and check what is there.

The workbooks are made by openpyxl, an independent writer, and read back by it too.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from tests.board_sheet import read_board
from tests.computed_frames import computed_frame, measure
from xl_tools.errors import MeasuresTableError
from xl_tools.model import BOARD_SHEET, WRITTEN_HEADERS, Layout, Polarity, Rag, Settings, Unit
from xl_tools.read import open_workbook
from xl_tools.save import save_workbook
from xl_tools.write import formats
from xl_tools.write.xlsx import write_results

SETTINGS = Settings(authority="Devon", period="November 2023")
FORMULA_NAME = "=SUM(A1:A2) referrals"

ROWS = (
    measure(
        id="VA03", section="Volume of Activity", measure="% of referrals that are repeats",
        unit=Unit.PERCENT, polarity=Polarity.LOWER_BETTER, value=38.0, target=24.0,
        actual_numbers="19 / 50", variance_to_target=14.0, relative_variance_to_target=0.583,
        rag=Rag.RED,
    ),
    measure(
        id="VA02", section="Volume of Activity", measure=FORMULA_NAME, unit=Unit.COUNT,
        polarity=Polarity.HIGHER_BETTER, value=599.0, target=600.0, actual_numbers="599",
        variance_to_target=-1.0, rag=Rag.AMBER,
    ),
    measure(
        id="IM04", section="Impact", measure="-1 placements", unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER, no_figure="measure being developed", target=90.0,
    ),
)  # fmt: skip
LAYOUT = Layout(
    sheet="Measures",
    header_row=2,
    columns={"id": 1, "measure": 2, "value": 3},
    rows=(3, 4, 6),  # a blank row between, as officers leave them
    last_column=3,
)


def _measures_book() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Measures"
    sheet["A1"] = "Devon measures"
    for column, header in enumerate(("ID", "Measure", "Value"), start=1):
        cell = sheet.cell(2, column, header)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill(fill_type="solid", start_color="305496")
    for row, frame_row in zip(LAYOUT.rows, ROWS, strict=True):
        sheet.cell(row, 1, frame_row["id"])
        sheet.cell(row, 2, frame_row["measure"]).data_type = "s"
        sheet.cell(row, 3, frame_row["value"])
    sheet["A8"] = "Notes: figures are provisional"
    book.create_sheet("Notes")["A1"] = "keep me"
    return book


def _saved(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


def _write(source: Path, target: Path, layout: Layout = LAYOUT, rows=ROWS) -> None:
    with open_workbook(source) as book:
        write_results(book, computed_frame(*rows), SETTINGS, layout)
        save_workbook(book, target)


def _written(tmp_path: Path, runs: int = 1, name: str = "out.xlsx") -> Path:
    source = _saved(_measures_book(), tmp_path / f"measures-{name}")
    layout = LAYOUT
    path = tmp_path / name
    for _ in range(runs):
        _write(source, path, layout)
        # The next run reads the workbook this one wrote, and finds its columns there.
        source = path
        found = {_field(load_workbook(path), c): c for c in range(4, 4 + len(WRITTEN_HEADERS))}
        layout = Layout(
            "Measures", 2, {**LAYOUT.columns, **found}, LAYOUT.rows, 3 + len(WRITTEN_HEADERS)
        )
    return path


def _field(book: Workbook, column: int) -> str:
    header = book["Measures"].cell(2, column).value
    return {text: field for field, text in WRITTEN_HEADERS.items()}[header]


def _header_columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[2] if cell.value}


def test_computed_columns_are_appended_with_values_and_formats(tmp_path: Path) -> None:
    sheet = load_workbook(_written(tmp_path))["Measures"]
    columns = _header_columns(sheet)

    assert list(columns)[:4] == ["ID", "Measure", "Value", "Actual numbers"]
    assert columns["Actual numbers"] == 4
    variance = sheet.cell(3, columns["Variance to target"])
    assert (variance.value, variance.number_format) == (14.0, formats.POINTS)
    relative = sheet.cell(3, columns["Relative variance to target"])
    assert (relative.value, relative.number_format) == (0.583, formats.RELATIVE)
    assert sheet.cell(4, columns["Variance to target"]).number_format == "+#,##0;-#,##0;#,##0"
    assert [sheet.cell(row, columns["RAG"]).value for row in (3, 4, 5, 6)] == [
        "Red", "Amber", None, None,
    ]  # fmt: skip


def test_the_rest_of_the_measures_sheet_is_untouched(tmp_path: Path) -> None:
    book = load_workbook(_written(tmp_path))
    sheet = book["Measures"]

    assert sheet["A1"].value == "Devon measures"
    assert sheet["A8"].value == "Notes: figures are provisional"
    assert [sheet.cell(3, c).value for c in (1, 2, 3)] == ["VA03", ROWS[0]["measure"], 38.0]
    assert all(sheet.cell(5, c).value is None for c in range(1, sheet.max_column + 1))
    assert book["Notes"]["A1"].value == "keep me"


def test_new_headers_look_like_the_measure_header(tmp_path: Path) -> None:
    sheet = load_workbook(_written(tmp_path))["Measures"]
    header = sheet.cell(2, _header_columns(sheet)["RAG"])

    assert header.font.bold and header.font.color.rgb == "00FFFFFF"
    assert header.fill.fgColor.rgb == "00305496"
    assert header.number_format == "General"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = _written(tmp_path)
    board = load_workbook(path)[BOARD_SHEET]
    table = read_board(path)
    measure_column = table.column("Measure")
    names = {
        board.cell(row, measure_column).value: board.cell(row, measure_column)
        for row, _ in table.rows
    }

    for text in (FORMULA_NAME, "-1 placements"):
        assert names[text].value == text
        assert names[text].data_type == "s"
    assert (
        "<f>"
        not in zipfile.ZipFile(tmp_path / "out.xlsx").read("xl/worksheets/sheet3.xml").decode()
    )


def test_the_board_holds_one_row_a_measure_in_section_order(tmp_path: Path) -> None:
    path = _written(tmp_path)
    board = load_workbook(path)[BOARD_SHEET]
    table = read_board(path)
    rows = table.by("ID")

    assert board["A1"].value == "Children's social care performance measures: Devon, November 2023"
    assert "Amber within 5% of target" in board["A2"].value
    assert board["A3"].value.startswith("RAG against target: 1 red, 1 amber, 0 green")
    assert table.headers == [
        "ID", "Measure", "Value", "Actual numbers", "Target", "Variance to target", "RAG",
        "Commentary",
    ]  # fmt: skip
    assert table.sections == [
        (table.header_row + 1, "Volume of Activity"), (table.header_row + 4, "Impact"),
    ]  # fmt: skip
    assert list(rows) == ["VA03", "VA02", "IM04"]
    value = board.cell(table.rows[0][0], table.column("Value"))
    assert (value.value, value.number_format) == (0.38, "0%")
    assert rows["IM04"]["Value"] == "measure being developed"
    variance = board.cell(table.rows[0][0], table.column("Variance to target"))
    assert variance.number_format == formats.POINTS
    assert [row["RAG"] for row in rows.values()] == ["Red", "Amber", None]
    assert board.max_row == table.rows[-1][0]


def test_the_board_header_sections_and_drafts_have_their_looks(tmp_path: Path) -> None:
    path = _written(tmp_path)
    board = load_workbook(path)[BOARD_SHEET]
    table = read_board(path)
    header = board.cell(table.header_row, 2)
    section = board.cell(table.sections[0][0], 3)
    draft = board.cell(table.rows[0][0], table.column("Commentary"))

    assert header.font.bold and header.font.color.rgb[-6:] == "FFFFFF"
    assert header.fill.fill_type == "solid" and header.fill.fgColor.rgb[-6:] == "1F3864"
    assert header.border.bottom.style == "thin"
    assert board.cell(table.rows[0][0], 2).alignment.wrap_text
    assert section.fill.fgColor.rgb[-6:] == "D9E1F2" and board.cell(section.row, 1).font.bold
    assert draft.value.startswith("Draft: ")
    assert draft.font.italic and draft.font.color.rgb[-6:] == "595959"
    assert ("A2:H2" in board.merged_cells) and ("A3:H3" in board.merged_cells)
    # Only the notes and summary above the table are merged: the table is plain (DESIGN 9).
    assert all(cells.max_row < table.header_row for cells in board.merged_cells.ranges)


def test_rag_cells_are_coloured_by_conditional_formatting_on_the_word(tmp_path: Path) -> None:
    path = _written(tmp_path)
    board = load_workbook(path)[BOARD_SHEET]
    table = read_board(path)
    rag = chr(ord("A") + table.column("RAG") - 1)
    cells = f"{rag}{table.header_row + 1}:{rag}{table.rows[-1][0]}"

    rules = {
        str(ranges.sqref): [(r.type, r.operator, r.formula, r.dxf) for r in ranges.rules]
        for ranges in board.conditional_formatting
    }

    assert list(rules) == [cells]
    found = {formula[0]: dxf for kind, operator, formula, dxf in rules[cells]}
    assert {kind for kind, *_ in rules[cells]} == {"cellIs"}
    assert {operator for _, operator, *_ in rules[cells]} == {"equal"}
    expected = {'"Red"': ("9C0006", "FFC7CE"), '"Amber"': ("9C5700", "FFEB9C"),
                '"Green"': ("006100", "C6EFCE")}  # fmt: skip
    assert {
        word: (d.font.color.rgb[-6:], d.fill.fgColor.rgb[-6:]) for word, d in found.items()
    } == (expected)


def test_the_board_is_print_ready(tmp_path: Path) -> None:
    path = _written(tmp_path)
    board = load_workbook(path)[BOARD_SHEET]
    table = read_board(path)

    assert board.page_setup.orientation == "landscape"
    assert board.page_setup.paperSize == 9  # A4
    assert board.page_setup.scale == 100
    assert (
        not board.sheet_properties.pageSetUpPr or not board.sheet_properties.pageSetUpPr.fitToPage
    )
    assert board.print_title_rows == f"${table.header_row}:${table.header_row}"
    assert board.print_area == f"'{BOARD_SHEET}'!$A$1:$H${table.rows[-1][0]}"
    assert board.oddFooter.center.text == "Page &P of &N"
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", board.oddFooter.right.text)
    assert board.oddFooter.left.text == "Devon, November 2023"
    assert board.freeze_panes == f"A{table.header_row + 1}"
    assert board.column_dimensions["B"].width > board.column_dimensions["C"].width


def test_the_board_is_the_sheet_the_workbook_opens_on(tmp_path: Path) -> None:
    book = load_workbook(_written(tmp_path))

    assert book.active.title == BOARD_SHEET
    assert [sheet.title for sheet in book.worksheets if sheet.sheet_view.tabSelected] == [
        BOARD_SHEET
    ]


def _print_titles(path: Path) -> int:
    workbook_xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
    return len(re.findall(r"_xlnm\.Print_Titles", workbook_xml))


def test_writing_twice_gives_the_same_workbook(tmp_path: Path) -> None:
    once, twice = _written(tmp_path, 1, "once.xlsx"), _written(tmp_path, 2, "twice.xlsx")
    first, second = load_workbook(once), load_workbook(twice)

    assert first.sheetnames == second.sheetnames == ["Measures", "Notes", BOARD_SHEET]
    for name in first.sheetnames:
        a, b = first[name], second[name]
        assert (a.max_row, a.max_column) == (b.max_row, b.max_column)
        assert [[c.value for c in row] for row in a.iter_rows()] == [
            [c.value for c in row] for row in b.iter_rows()
        ]
        assert len(list(a.conditional_formatting)) == len(list(b.conditional_formatting))
    assert _print_titles(once) == _print_titles(twice) == 1
    assert len(second.defined_names) == len(first.defined_names)


def test_a_board_from_an_earlier_run_is_replaced_in_its_place(tmp_path: Path) -> None:
    book = _measures_book()
    board = book.create_sheet(BOARD_SHEET, 1)
    board["A1"] = "Children's social care performance measures: Devon, October 2023"
    board["Z99"] = "stale"
    book.active = 1
    source = _saved(book, tmp_path / "measures.xlsx")

    _write(source, tmp_path / "out.xlsx")

    written = load_workbook(tmp_path / "out.xlsx")
    assert written.sheetnames == ["Measures", BOARD_SHEET, "Notes"]
    assert written[BOARD_SHEET]["Z99"].value is None
    assert written.active.title == BOARD_SHEET
    assert written["Notes"]["A1"].value == "keep me"


def test_an_officer_s_own_board_sheet_is_kept_and_the_tool_s_is_named_apart(
    tmp_path: Path,
) -> None:
    book = _measures_book()
    book.create_sheet(BOARD_SHEET)["A1"] = "Our own board notes"
    source = _saved(book, tmp_path / "measures.xlsx")

    _write(source, tmp_path / "once.xlsx")
    _write(tmp_path / "once.xlsx", tmp_path / "twice.xlsx")

    for path in (tmp_path / "once.xlsx", tmp_path / "twice.xlsx"):
        written = load_workbook(path)
        assert written.sheetnames == ["Measures", "Notes", BOARD_SHEET, "xl-tools Board"]
        assert written[BOARD_SHEET]["A1"].value == "Our own board notes"
        assert written["xl-tools Board"]["A1"].value.startswith("Children's social care")
        header_row = read_board(path, "xl-tools Board").header_row
        assert written["xl-tools Board"].print_title_rows == f"${header_row}:${header_row}"
    assert _print_titles(tmp_path / "twice.xlsx") == 1


def test_a_measures_sheet_named_board_is_read_and_kept(tmp_path: Path) -> None:
    book = _measures_book()
    book["Measures"].title = BOARD_SHEET
    source = _saved(book, tmp_path / "measures.xlsx")
    layout = Layout(BOARD_SHEET, 2, LAYOUT.columns, LAYOUT.rows, 3)

    _write(source, tmp_path / "out.xlsx", layout)

    written = load_workbook(tmp_path / "out.xlsx")
    assert written.sheetnames == [BOARD_SHEET, "Notes", "xl-tools Board"]
    assert written[BOARD_SHEET]["A1"].value == "Devon measures"
    assert written[BOARD_SHEET].cell(2, 4).value == "Actual numbers"


def test_an_empty_table_still_writes_a_board(tmp_path: Path) -> None:
    source = _saved(_measures_book(), tmp_path / "measures.xlsx")
    empty = Layout("Measures", 2, {"measure": 2}, (), 3)

    _write(source, tmp_path / "empty.xlsx", empty, rows=())

    table = read_board(tmp_path / "empty.xlsx")
    board = load_workbook(tmp_path / "empty.xlsx")[BOARD_SHEET]
    assert table.rows == [] and board.max_row == table.header_row
    assert list(board.conditional_formatting) == []


def test_a_layout_on_a_missing_sheet_is_refused(tmp_path: Path) -> None:
    source = _saved(_measures_book(), tmp_path / "measures.xlsx")
    layout = Layout("Missing", 2, LAYOUT.columns, LAYOUT.rows, 3)

    with open_workbook(source) as book, pytest.raises(MeasuresTableError) as caught:
        write_results(book, computed_frame(*ROWS), SETTINGS, layout)

    assert str(caught.value) == (
        f'{source}: Missing: the measures sheet is not in the workbook; sheets there: "Measures", '
        '"Notes"'
    )
    with open_workbook(source) as book:
        assert [sheet.name for sheet in book.sheets] == ["Measures", "Notes"]


def test_a_cell_written_over_keeps_its_look_with_the_column_s_format(tmp_path: Path) -> None:
    path = _written(tmp_path)
    book = load_workbook(path)
    columns = _header_columns(book["Measures"])
    variance = book["Measures"].cell(3, columns["Variance to target"])
    variance.value, variance.number_format = "stale", "General"
    variance.font = Font(bold=True, color="C00000")
    layout = Layout(
        "Measures",
        2,
        {**LAYOUT.columns, **{_field(book, c): c for c in range(4, 4 + len(WRITTEN_HEADERS))}},
        LAYOUT.rows,
        3 + len(WRITTEN_HEADERS),
    )
    restyled = _saved(book, tmp_path / "restyled.xlsx")

    _write(restyled, path, layout)

    cell = load_workbook(path)["Measures"].cell(3, columns["Variance to target"])
    assert (cell.value, cell.number_format) == (14.0, formats.POINTS)
    assert (cell.font.b, cell.font.color.rgb) == (True, "00C00000")


def test_written_results_are_in_an_ordinary_save(tmp_path: Path) -> None:
    source = _saved(_measures_book(), tmp_path / "measures.xlsx")
    with open_workbook(source) as book:
        write_results(book, computed_frame(*ROWS), SETTINGS, LAYOUT)
        with open(tmp_path / "plain.xlsx", "wb") as out:
            book.save(out)

    assert list(read_board(tmp_path / "plain.xlsx").by("ID")) == ["VA03", "VA02", "IM04"]
