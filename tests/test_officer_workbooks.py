"""Officers' own workbooks end to end: written back in place, saved by LibreOffice, checked.

- Writing back into an officer's layout adds the computed columns at the right of the
  table, in its header row, styled like its headers, and moves nothing else (DESIGN 5).
- A workbook LibreOffice saved from the template (an independent writer) reads the same.
- ``xl-tools check`` on a workbook with five problems reports all five, each with its cell.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill

from tests.layout_figures import SETTINGS
from tests.libreoffice import convert_to, require_tools
from tests.make_layouts import write_corpus
from tests.workbooks import Formatted, write_measures_workbook
from xl_tools.cli import main
from xl_tools.model import WRITTEN_HEADERS
from xl_tools.pipeline import RunOptions, build_workbook
from xl_tools.read import read_workbook


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


def cells_of(sheet) -> dict[str, object]:
    return {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None}


@pytest.mark.parametrize(
    "name", ["settings-beside-the-table", "officer-everything", "second-table-below"]
)
def test_writing_back_adds_columns_at_the_right_and_moves_nothing(corpus, tmp_path, name):
    layout = read_workbook(corpus[name]).layout
    source = styled_headers(corpus[name], layout.header_row, tmp_path / "in.xlsx")
    result = build_workbook(source, out=tmp_path / "out.xlsx", options=RunOptions())
    before = openpyxl.load_workbook(source)["Measures"]
    after = openpyxl.load_workbook(result.target)["Measures"]
    old, new = cells_of(before), cells_of(after)
    assert {k: new.get(k) for k in old} == old
    added = {openpyxl.utils.cell.coordinate_to_tuple(k) for k in set(new) - set(old)}
    own = {layout.columns[f] for f in WRITTEN_HEADERS if f in layout.columns}
    assert {column for _, column in added} <= own | set(range(layout.last_column + 1, 100))
    assert {row for row, _ in added} <= {layout.header_row, *layout.rows}
    headers = [after.cell(layout.header_row, layout.last_column + 1 + i) for i in range(3)]
    assert [h.value for h in headers] == list(WRITTEN_HEADERS.values())[1:4]
    assert all((h.font.b, h.fill.fgColor.rgb) == (True, "001F4E78") for h in headers)


def styled_headers(path: Path, row: int, out: Path) -> Path:
    """A copy of a workbook whose header row is bold on dark blue, as officers style it."""
    book = openpyxl.load_workbook(path)
    for cell in book["Measures"][row]:
        if cell.value is not None:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill(fill_type="solid", start_color="1F4E78")
    book.save(out)
    return out


def save_with_libreoffice(path: Path, folder: Path) -> Path:
    """Open a workbook in LibreOffice headless and save it as .xlsx again."""
    require_tools()
    return convert_to(path, "xlsx", folder / "lo")


def test_a_workbook_saved_by_libreoffice_reads_as_the_template(tmp_path):
    rows = [
        ("PR04", "Process", "% of assessments in 45 days", "Percentage", "Higher is better",
         Formatted(0.79, "0%"), 480, 608, None, None, Formatted(0.85, "0.0%")),
        ("VA02", "Volume", "Number of referrals", "Number", "None", "1,234"),
        ("VA01", "Volume", "Contacts (per 10,000)", "Rate per 10,000", "None", 439.5),
        ("IM10", "Impact", "Number missing from care", "Number", "Low", "c"),
    ]  # fmt: skip
    settings = {
        "Authority": "Devon",
        "Reporting period": Formatted(__import__("datetime").datetime(2023, 11, 30), "mmm-yy"),
        "Population 0-17": Formatted(147541, "#,##0"),
        "Amber tolerance": Formatted(0.05, "0%"),
    }
    original = write_measures_workbook(tmp_path / "measures.xlsx", rows, settings=settings)
    saved = save_with_libreoffice(original, tmp_path)
    ours, theirs = read_workbook(original), read_workbook(saved)
    assert theirs.frame.equals(ours.frame)
    assert theirs.settings == ours.settings == SETTINGS
    assert theirs.layout == ours.layout


def test_the_filled_example_saved_by_libreoffice_reads_the_same(tmp_path):
    example = Path(__file__).parent.parent / "examples" / "devon_november_2023.xlsx"
    copy = Path(shutil.copy(example, tmp_path / example.name))
    ours, theirs = read_workbook(copy), read_workbook(save_with_libreoffice(copy, tmp_path))
    assert theirs.frame.equals(ours.frame)
    assert (theirs.settings, theirs.layout, theirs.problems) == (
        ours.settings,
        ours.layout,
        ours.problems,
    )


def five_problems(path: Path) -> Path:
    """A workbook with five different errors and one warning, each in its own cell."""
    rows = [
        ("VA02", "Number of referrals", "Number", "None", "twelve", None),
        ("PR08", "% starting a second CP plan", "furlongs", "Low", 38, "=SUM(A1:A2)"),
        ("PR04", "% of assessments in 45 days", "Percentage", "sideways", 79, 85),
    ]
    return write_measures_workbook(
        path,
        rows,
        headers=("ID", "Measure", "Unit", "Polarity", "Value", "Target", "Owner"),
        settings={"Population 0-17": "lots"},
    )


FIVE_PROBLEMS = [
    ("bad-value", "error", "Measures!E4", 'is not a number (Value of "Number of referrals")'),
    ("bad-unit", "error", "Measures!C5", 'is not a unit (Unit of "% starting a second CP plan")'),
    ("no-cached-value", "error", "Measures!F5", "is a formula with no saved result (Target of"),
    ("bad-polarity", "error", "Measures!D6", 'is not a polarity (Polarity of "% of assessments'),
    ("bad-setting", "error", "Settings!B2", '"lots" is not a number (Population 0-17)'),
    ("ignored-column", "warning", "Measures!G3", '"Owner" is not a column the tool reads'),
]


def test_check_reports_all_five_problems_each_with_its_cell(tmp_path, capsys):
    path = five_problems(tmp_path / "m.xlsx")
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == len(FIVE_PROBLEMS)
    for code, severity, where, text in FIVE_PROBLEMS:
        (line,) = [line for line in lines if f"{path}: {where}: " in line]
        assert text in line
        assert line.startswith(f"{severity} [{code}]: "), line


def test_check_reports_all_five_problems_as_json(tmp_path, capsys):
    path = five_problems(tmp_path / "m.xlsx")
    assert main(["check", str(path), "--format", "json"]) == 1
    (entry,) = json.loads(capsys.readouterr().out)["workbooks"]
    assert (entry["file"], entry["errors"], entry["warnings"]) == (str(path), 5, 1)
    found = [(p["code"], p["severity"], f"{p['sheet']}!{p['cell']}") for p in entry["problems"]]
    assert sorted(found) == sorted((code, sev, where) for code, sev, where, _ in FIVE_PROBLEMS)
    by_code = {p["code"]: p for p in entry["problems"]}
    assert by_code["bad-value"]["found"] == "twelve"
    assert by_code["bad-value"]["message"] == ('is not a number (Value of "Number of referrals")')
