"""A run of the tool keeps everything the officer's workbook holds (DESIGN 6).

The first tests build a workbook holding formulas, names, validation, notes and macros, and
open the output again to find that content unchanged. The rest run the tool three ways
(``build -o``, ``build --in-place``, ``new-month``, and the first and last again on the
build's output) on a corpus of workbooks made by other writers
(`tests/make_content_corpus.py`: pictures, charts, an Excel Table, sparklines, a pivot
table, VBA and more) and compare what comes out with what went in, part by part: every
part the tool does not own is copied byte for byte, the measures sheet differs only in the
tool's cells, styles are only appended, and LibreOffice opens the result.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import difflib
import io
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from lxml import etree
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from tests import make_content_corpus as content
from tests.libreoffice import convert_to_pdf, require_tools
from tests.xlsx_parts import sheet_parts
from xl_tools.cli import main
from xl_tools.model import BOARD_SHEET, WRITTEN_HEADERS
from xl_tools.read import read_workbook

HEADERS = ("ID", "Measure", "Unit", "Polarity", "Value", "Target")
MEASURES = (
    ("VA02", "Number of referrals", "Number", "None", 599, None),
    ("AU01", "% of audits with feedback from families", "Percentage", "Higher is better", 30, 80),
)


def write_rich_workbook(path: Path) -> None:
    """A measures workbook with formulas, names, validation, a comment, widths and panes."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Measures")
    sheet.write_row(0, 0, HEADERS)
    for row, measure in enumerate(MEASURES, start=1):
        sheet.write_row(row, 0, measure)
    notes = book.add_worksheet("Notes")
    notes.write_formula("A1", "=Measures!E2*2", None, 1198)
    sheet.write_comment("B2", "Referrals from all sources")
    sheet.data_validation("D2:D3", {"validate": "list", "source": ["Higher is better", "None"]})
    sheet.set_column("B:B", 55)
    sheet.freeze_panes(1, 2)
    book.define_name("Referrals", "=Measures!$E$2")
    if path.suffix == ".xlsm":
        book.add_vba_project(BytesIO(content.vba_project()), is_stream=True)
    book.close()


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    path = tmp_path / "measures.xlsx"
    write_rich_workbook(path)
    return path


def build(path: Path) -> Path:
    assert main(["build", str(path), "--period", "November 2023"]) == 0
    return path.with_name(f"{path.stem}-board{path.suffix}")


def test_sheets_formulas_and_names_survive(rich):
    book = openpyxl.load_workbook(build(rich))
    assert book.sheetnames == ["Measures", "Notes", BOARD_SHEET]
    assert book["Notes"]["A1"].value == "=Measures!E2*2"
    assert book.defined_names["Referrals"].attr_text == "Measures!$E$2"


def test_validation_comments_widths_and_panes_survive(rich):
    sheet = openpyxl.load_workbook(build(rich))["Measures"]
    validation = sheet.data_validations.dataValidation[0]
    assert str(validation.sqref) == "D2:D3"
    assert validation.formula1 == '"Higher is better,None"'
    assert sheet["B2"].comment.text == "Referrals from all sources"
    assert sheet.column_dimensions["B"].width == pytest.approx(55, abs=1)
    assert sheet.freeze_panes == "C2"


def test_an_xlsm_keeps_its_macros(tmp_path):
    path = tmp_path / "measures.xlsm"
    write_rich_workbook(path)
    output = build(path)
    assert output.suffix == ".xlsm"
    with zipfile.ZipFile(output) as package:
        assert package.read("xl/vbaProject.bin") == content.vba_project()
        types = package.read("[Content_Types].xml").decode()
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types


def test_only_the_tool_s_own_columns_are_added(rich):
    before = openpyxl.load_workbook(rich)["Measures"]
    after = openpyxl.load_workbook(build(rich))["Measures"]
    for row in before.iter_rows():
        for cell in row:
            assert after[cell.coordinate].value == cell.value, cell.coordinate
    added = [cell.value for cell in after[1]][len(HEADERS) :]
    assert added[:4] == [
        "Actual numbers",
        "Variance to target",
        "Relative variance to target",
        "RAG",
    ]


# The content corpus, run every way: the command line's three ways on the workbook as the
# officer keeps it, and two on a workbook the tool has built already (its columns and board
# in it).
WAYS = ("build", "in-place", "new-month", "build-again", "new-month-after-build")
_COMMANDS = {"build-again": "build", "new-month-after-build": "new-month"}
NEW_MONTH_WAYS = ("new-month", "new-month-after-build")
CASE_NAMES = [case.name for case in content.CASES]
HEADER_ROW, FIRST_ROW, LAST_ROW = content.HEADER_ROW, content.FIRST_ROW, content.LAST_ROW
MEASURES_SHEET, SETTINGS_SHEET = content.MEASURES_SHEET, "Settings"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW, _CELL, _COLS, _DIMENSION = (f"{{{MAIN}}}{tag}" for tag in ("row", "c", "cols", "dimension"))
_VALUE, _TEXT, _INLINE = (f"{{{MAIN}}}{tag}" for tag in ("v", "t", "is"))
# The parts a run may write anew besides the sheets it edits; every other part of the
# workbook must come out as the very bytes it went in.
OWNED_PARTS = frozenset(
    {
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/calcChain.xml",
    }
)
# The month's inputs, which new-month clears (or moves into the month's column).
MONTH_INPUTS = ("Value", "Numerator", "Denominator", "Count", "Previous", "Commentary")
MONTH_HEADER = re.compile(r"[A-Z][a-z]{2}-\d{2}")
# What a run may say: that a column of the officer's own is left as it is.
OWN_COLUMN_NOTE = re.compile(r"warning: .*(is not a column the tool reads|\[ignored-column\])")

Cells = dict[tuple[int, int], str | None]
Places = set[tuple[int, int]]


@dataclass(frozen=True)
class Run:
    """One run of the command line on a workbook of the corpus.

    Attributes:
        way: One of `WAYS`.
        source: The workbook as it was before the run.
        output: The workbook the run wrote.
        code: The exit code.
        stdout: What it printed.
        stderr: What it printed on stderr.
    """

    way: str
    source: Path
    output: Path
    code: int
    stdout: str
    stderr: str

    def written(self) -> Path:
        """The output, once the run is known to have succeeded."""
        assert self.code == 0, self.stderr
        assert self.output.is_file(), self.stdout
        return self.output

    @property
    def is_new_month(self) -> bool:
        return self.way.startswith("new-month")


RunTool = Callable[[str, str], Run]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_tools()  # LibreOffice makes the pivot table
    return content.write_corpus(tmp_path_factory.mktemp("content"))


@pytest.fixture(scope="session")
def run_tool(corpus: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> RunTool:
    """Run the tool one way on a workbook of the corpus; each run is made once a session."""
    done: dict[tuple[str, str], Run] = {}

    def run(case: str, way: str) -> Run:
        if (case, way) not in done:
            source = corpus[case] if way not in _COMMANDS else run(case, "build").written()
            folder = tmp_path_factory.mktemp(f"{case}-{way}")
            made = run_command_line(_COMMANDS.get(way, way), source, folder)
            done[case, way] = dataclasses.replace(made, way=way)
        return done[case, way]

    return run


def run_command_line(way: str, source: Path, folder: Path) -> Run:
    """Run ``xl-tools`` on `source` one way (``build``, ``in-place``, ``new-month``)."""
    output = folder / f"{source.stem}-out{source.suffix}"
    if way == "build":
        argv = ["build", str(source), "-o", str(output)]
    elif way == "in-place":
        output = folder / source.name
        shutil.copyfile(source, output)
        argv = ["build", str(output), "--in-place"]
    else:
        argv = ["new-month", str(source), "-o", str(output)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return Run(way, source, output, code, out.getvalue(), err.getvalue())


def owned_parts(run: Run) -> set[str]:
    """The parts a run may write anew: the fixed ones, the sheets it edits, the board."""
    before, after = sheet_parts(run.source), sheet_parts(run.written())
    owned = set(OWNED_PARTS) | {before[MEASURES_SHEET]}
    if run.is_new_month:
        owned.add(before[SETTINGS_SHEET])
    owned.update(parts[BOARD_SHEET] for parts in (before, after) if BOARD_SHEET in parts)
    return owned


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = etree.fromstring(archive.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in item.iter(_TEXT)) for item in root]


def sheet_cells(workbook: Path, sheet: str) -> Cells:
    """Each cell of a sheet that holds something, as text, by (row, column)."""
    with zipfile.ZipFile(workbook) as archive:
        strings = shared_strings(archive)
        root = etree.fromstring(archive.read(sheet_parts(workbook)[sheet]))
    cells: Cells = {}
    for cell in root.iter(_CELL):
        value = cell.findtext(_VALUE)
        if cell.get("t") == "s" and value is not None:
            value = strings[int(value)]
        elif cell.get("t") == "inlineStr":
            value = "".join(t.text or "" for t in cell.find(_INLINE).iter(_TEXT))
        cells[place(cell.get("r", ""))] = value
    return cells


def place(reference: str) -> tuple[int, int]:
    """(row, column) of a cell reference such as ``B7``."""
    letters, row = coordinate_from_string(reference)
    return row, column_index_from_string(letters)


def headed(cells: Cells, headers: Iterable[str]) -> set[int]:
    """The columns whose header is one of `headers`."""
    wanted = set(headers)
    return {column for (row, column), text in cells.items() if row == HEADER_ROW and text in wanted}


def month_columns(cells: Cells) -> set[int]:
    """The columns headed by a month: a date (a number) or text such as ``Apr-23``."""
    return {
        column
        for (row, column), text in cells.items()
        if row == HEADER_ROW
        and text is not None
        and (MONTH_HEADER.fullmatch(text) or text.replace(".", "").isdigit())
    }


def measure_rows(columns: Iterable[int], header_too: bool = False) -> Places:
    """The cells of `columns` in the measures' rows, and in the header row if asked."""
    first = HEADER_ROW if header_too else FIRST_ROW
    return {(row, column) for column in columns for row in range(first, LAST_ROW + 1)}


def measures_cells_owned(run: Run) -> tuple[Places, set[int]]:
    """The measures sheet's cells a run may write, and the columns whose width it may set."""
    before = sheet_cells(run.source, MEASURES_SHEET)
    after = sheet_cells(run.written(), MEASURES_SHEET)
    if run.is_new_month:
        cleared = headed(before, (*MONTH_INPUTS, *WRITTEN_HEADERS.values()))
        months = month_columns(before)
        return measure_rows(cleared) | measure_rows(months, header_too=True), set()
    tool = headed(after, WRITTEN_HEADERS.values())
    assert len(tool) == len(WRITTEN_HEADERS), "the tool writes each of its columns"
    # A column the tool takes is its own from an earlier run, or empty.
    earlier = {column for column in tool if before.get((HEADER_ROW, column)) is not None}
    taken = {
        (row, column): text
        for (row, column), text in before.items()
        if column in tool - earlier and row >= HEADER_ROW and text is not None
    }
    assert not taken, f"the tool's columns are written over the officer's cells {taken}"
    renamed = {before[HEADER_ROW, column] for column in earlier} - set(WRITTEN_HEADERS.values())
    assert not renamed, f"the tool's columns are written over the officer's {renamed}"
    return measure_rows(tool, header_too=True), tool


def xml_without(
    data: bytes, cells: Places, widths: set[int]
) -> tuple[str, dict[int, dict[str, str]]]:
    """A worksheet's XML, canonical, without the cells and column widths a run may change.

    Also without its recorded extent (``<dimension>``) and its rows' ``spans``, hints that
    follow the cells written. Column widths come back apart, column by column, since
    giving one column a width splits a range of columns around it.
    """
    root = etree.fromstring(data)
    for dimension in root.iterchildren(_DIMENSION):
        root.remove(dimension)
    for row in root.iter(_ROW):
        row.attrib.pop("spans", None)
        for cell in list(row.iterchildren(_CELL)):
            if place(cell.get("r", "")) in cells:
                row.remove(cell)
    columns = {}
    for cols in list(root.iterchildren(_COLS)):
        for col in cols:
            look = {name: value for name, value in col.attrib.items() if name not in ("min", "max")}
            for column in range(int(col.get("min", "0")), int(col.get("max", "0")) + 1):
                if column not in widths:
                    columns[column] = look
        root.remove(cols)
    return etree.tostring(root, method="c14n").decode(), columns


def xml_difference(before: str, after: str) -> str:
    """The first lines of a diff of two canonical XML texts, an element a line."""
    lines = [text.replace("><", ">\n<").splitlines() for text in (before, after)]
    return "\n".join(list(difflib.unified_diff(*lines, "input", "output", lineterm=""))[:40])


def assert_sheet_kept(run: Run, sheet: str, cells: Places, widths: set[int]) -> None:
    """The sheet's part is the same in the output as in the input, but for `cells` and `widths`."""
    parts = []
    for workbook in (run.source, run.written()):
        with zipfile.ZipFile(workbook) as archive:
            parts.append(xml_without(archive.read(sheet_parts(workbook)[sheet]), cells, widths))
    (before, before_widths), (after, after_widths) = parts
    assert after == before, xml_difference(before, after)
    assert after_widths == before_widths


def canonical(item: Any) -> bytes:
    # Exclusive: an item's meaning is its own, whatever else its parent declares.
    return etree.tostring(item, method="c14n", exclusive=True)


@pytest.mark.parametrize("case", content.CASES, ids=lambda case: case.name)
def test_each_workbook_of_the_corpus_holds_its_content(corpus: dict[str, Path], case: content.Case):
    path = corpus[case.name]
    missing = []
    with zipfile.ZipFile(path) as archive:
        for part, text in case.holds:
            name = sheet_parts(path)[part] if part == MEASURES_SHEET else part
            if name not in archive.namelist():
                missing.append(part)
            elif text is not None and text.encode() not in archive.read(name):
                missing.append(f"{text} in {part}")
    assert missing == []


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_the_tool_runs_cleanly(run_tool: RunTool, case: str, way: str):
    run = run_tool(case, way)

    assert run.code == 0, run.stderr
    assert f"-> {run.output}" in run.stdout
    said = [line for line in run.stderr.splitlines() if not OWN_COLUMN_NOTE.match(line)]
    assert said == [], "nothing refused, nothing wrong"
    assert (BOARD_SHEET in sheet_parts(run.output)) != run.is_new_month


@pytest.mark.parametrize("way", NEW_MONTH_WAYS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_new_month_moves_this_month_s_values(run_tool: RunTool, case: str, way: str):
    frame = read_workbook(run_tool(case, way).written()).frame.set_index("id")
    november = datetime.date(2023, 11, 1)

    for measure in content.MEASURES:
        points = measure.value * 100 if measure.is_percent else measure.value
        assert dict(frame.loc[measure.id, "history"])[november] == pytest.approx(points)
    assert frame["value"].isna().all()


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_parts_the_tool_does_not_own_are_copied_as_they_came(
    run_tool: RunTool, case: str, way: str
):
    run = run_tool(case, way)
    owned = owned_parts(run)
    changed = []
    with zipfile.ZipFile(run.source) as before, zipfile.ZipFile(run.written()) as after:
        entries = {info.filename: info for info in after.infolist()}
        for info in before.infolist():
            name = info.filename
            if name in owned:
                continue
            copy = entries.get(name)
            if copy is None:
                changed.append(f"{name}: lost")
            elif after.read(name) != before.read(name):
                changed.append(f"{name}: changed")
            elif (copy.CRC, copy.compress_size) != (info.CRC, info.compress_size):
                changed.append(f"{name}: compressed again")
        added = set(entries) - set(before.namelist()) - owned
    assert changed == []
    assert added == set(), "the board is the only part added"


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_the_measures_sheet_differs_only_in_the_tool_s_cells(
    run_tool: RunTool, case: str, way: str
):
    run = run_tool(case, way)
    cells, widths = measures_cells_owned(run)

    assert_sheet_kept(run, MEASURES_SHEET, cells, widths)


@pytest.mark.parametrize("way", NEW_MONTH_WAYS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_new_month_changes_only_the_period_on_the_settings_sheet(
    run_tool: RunTool, case: str, way: str
):
    run = run_tool(case, way)
    before = sheet_cells(run.source, SETTINGS_SHEET)
    row, column = next(where for where, text in before.items() if text == "Reporting period")
    period = (row, column + 1)

    assert before[period] == "November 2023"
    assert sheet_cells(run.written(), SETTINGS_SHEET)[period] == "December 2023"
    assert_sheet_kept(run, SETTINGS_SHEET, {period}, set())


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("case", CASE_NAMES)
def test_styles_are_only_appended(run_tool: RunTool, case: str, way: str):
    run = run_tool(case, way)
    with zipfile.ZipFile(run.source) as before, zipfile.ZipFile(run.written()) as after:
        old = etree.fromstring(before.read("xl/styles.xml"))
        new = etree.fromstring(after.read("xl/styles.xml"))
    moved = []
    for section in old:
        kept = new.find(section.tag)
        if kept is None:
            moved.append(f"{etree.QName(section).localname}: lost")
            continue
        for index, item in enumerate(section):
            same = index < len(kept) and canonical(kept[index]) == canonical(item)
            if not same:
                moved.append(f"{etree.QName(section).localname}[{index}]")
    assert moved == []


@pytest.mark.parametrize("case", CASE_NAMES)
def test_a_second_build_adds_no_styles(run_tool: RunTool, case: str):
    first = run_tool(case, "build").written()
    second = run_tool(case, "build-again").written()
    with zipfile.ZipFile(first) as once, zipfile.ZipFile(second) as twice:
        old, new = (etree.fromstring(book.read("xl/styles.xml")) for book in (once, twice))
        assert [len(section) for section in new] == [len(section) for section in old]
        assert twice.read("xl/styles.xml") == once.read("xl/styles.xml")


@pytest.mark.parametrize("case", CASE_NAMES)
def test_libreoffice_opens_the_built_workbook(run_tool: RunTool, case: str, tmp_path: Path):
    pdf = convert_to_pdf(run_tool(case, "build").written(), tmp_path)

    assert pdf.read_bytes().startswith(b"%PDF")


def test_new_month_at_the_turn_of_the_year_keeps_a_table_s_names_with_its_headers(
    corpus: dict[str, Path], tmp_path: Path
):
    output = tmp_path / "april.xlsx"
    assert main(["new-month", str(corpus["table"]), "--period", "2024-04", "-o", str(output)]) == 0
    with zipfile.ZipFile(output) as archive:
        table = etree.fromstring(archive.read("xl/tables/table1.xml"))
    names = [column.get("name") for column in table.iter(f"{{{MAIN}}}tableColumn")]
    headers = sheet_cells(output, MEASURES_SHEET)
    first, _ = table.get("ref").split(":")
    _, start = place(first)

    assert [headers.get((HEADER_ROW, start + offset)) for offset in range(len(names))] == names
