"""Every workbook gets a board or one clear line, and `check` foretells which.

`check` runs the build's own reading, computing and writing, stopping short of saving: a
workbook it passes must build. Over the layout corpus, over random grids of cells and over
random damage to a real workbook, each run ends with exit 0 or 1 and never a traceback (an
exception escaping the command), leaves its input as it was, and leaves no temporary file.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.make_layouts import write_corpus
from xl_tools.cli import main
from xl_tools.column_map import load_column_map
from xl_tools.errors import Severity
from xl_tools.pipeline import RunOptions, check_workbook

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "devon_november_2023.xlsx"
# Cells a measures table is made of, and the kinds of wrong an officer's workbook holds.
WORDS = (
    "Measure", "Value", "Target", "Unit", "Polarity", "Numerator", "Denominator", "Count",
    "Previous", "Statistical neighbours", "RAG", "Actual numbers", "Commentary", "Section",
    "Percentage", "Rate per 10,000", "Number", "Higher is better", "Lower is better", "None",
    "Reporting period", "November 2023", "Population 0-17", "Nov-23", "Oct-23", "Board",
    "n/a", "c", "twelve", "=1+1", "-", "22%", "1,234", "", " ",
)  # fmt: skip
CELLS = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    st.integers(-10, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e30, max_value=1e30),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)
NAMES = st.sampled_from(
    ("Number of referrals", "% of plans reviewed", "Contacts (per 10,000)", "Average caseload")
)
OTHER_HEADERS = st.lists(st.sampled_from(WORDS[2:13]), max_size=6, unique=True)
# Most grids are a table: Measure and Value headers and others, over rows of anything.
TABLES = st.builds(
    lambda others, rows: [["Measure", "Value", *others], *rows],
    OTHER_HEADERS,
    st.lists(st.builds(lambda name, cells: [name, *cells], NAMES, st.lists(CELLS, max_size=7))),
)
GRIDS = st.one_of(TABLES, TABLES, st.lists(st.lists(CELLS, max_size=8), min_size=1, max_size=12))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_both(path: Path, *more: str) -> tuple[int, int]:
    """`check`, then `build` of the same workbook, each into its own folder, with their codes.

    Asserts what must hold of any input: exit 0 or 1, the input unchanged, no file left
    in the input's folder but the board, and a board only where the build succeeded.
    """
    folder = path.parent
    before = sorted(p.name for p in folder.iterdir())
    content = digest(path)
    checked = main(["check", str(path), "--population", "147541", *more])
    out = folder / "boards"
    out.mkdir()
    built = main(["build", str(path), "-o", str(out), "--population", "147541", *more])
    assert (checked, built) in {(0, 0), (1, 0), (1, 1)}, "check passed a workbook build refused"
    assert digest(path) == content
    assert sorted(p.name for p in folder.iterdir()) == sorted([*before, "boards"])
    boards = list(out.iterdir())
    assert len(boards) == (1 if built == 0 else 0), boards
    return checked, built


def test_every_layout_of_the_corpus_checks_and_builds(tmp_path):
    for name, path in write_corpus(tmp_path / "corpus").items():
        folder = tmp_path / name
        folder.mkdir()
        moved = folder / path.name
        shutil.copyfile(path, moved)
        column_map = path.with_suffix(".toml")
        extra = load_column_map(column_map) if column_map.exists() else {}
        given = RunOptions(population=147541, extra_headers=extra)
        errors = [p for p in check_workbook(moved, options=given) if p.severity is Severity.ERROR]
        checked, built = run_both(moved, *(["--map", str(column_map)] if extra else []))
        assert (checked == 0) == (not errors), name
        assert built == checked, name  # what stops a build, check finds; and nothing else


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=GRIDS)
def test_any_grid_gets_a_board_or_one_clear_line(grid):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grid.xlsx"
        book = openpyxl.Workbook()
        book.active.title = "Measures"
        for row in grid:
            book.active.append(row)
        book.save(path)
        run_both(path)


def damaged(data: bytes, cuts: list[tuple[int, int]]) -> bytes:
    """The bytes with each (place, byte) written over them: a damaged copy."""
    damaged_bytes = bytearray(data)
    for place, byte in cuts:
        damaged_bytes[place % len(damaged_bytes)] = byte
    return bytes(damaged_bytes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cuts=st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)), min_size=1, max_size=6),
    truncate=st.one_of(st.none(), st.integers(0, 30_000)),
)
def test_any_damage_to_a_workbook_gets_a_board_or_one_clear_line(cuts, truncate):
    data = damaged(EXAMPLE.read_bytes(), cuts)
    if truncate is not None:
        data = data[:truncate]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.xlsx"
        path.write_bytes(data)
        run_both(path)


@pytest.mark.parametrize(
    "part",
    ["xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml"],
)
@pytest.mark.parametrize("garbage", [b"", b"<not xml", b"<x/>", b"\x00\xff" * 40])
def test_a_part_replaced_by_garbage_gets_one_clear_line(tmp_path, part, garbage, capsys):
    path = tmp_path / "measures.xlsx"
    with zipfile.ZipFile(EXAMPLE) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = garbage if info.filename == part else source.read(info)
            target.writestr(info, data)
    checked, built = run_both(path)
    errors = capsys.readouterr().err
    if built == 1:
        assert errors.strip(), "a failed build says why"
        assert "Traceback" not in errors
