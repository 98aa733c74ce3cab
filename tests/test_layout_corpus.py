"""Every layout of the corpus reads as the clean template holding the same figures.

The corpus is built by `tests/make_layouts.py` from one set of figures; each workbook is
read, computed, and compared on every measure field with the template's computed table.
A layout that deliberately has no column for a field is compared with the template's
table computed without that field.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.layout_figures import FIELDS, MEASURES, SETTINGS
from tests.make_layouts import UNCACHED, Layout, layouts, settings_rows, table_grid, write_corpus
from xl_tools.column_map import load_column_map
from xl_tools.compute import compute_measures
from xl_tools.errors import MeasuresTableError, ProblemCode, Severity
from xl_tools.model import COMPUTED_COLUMNS, FIGURE_COLUMNS, INPUT_COLUMNS
from xl_tools.read import SheetCells, interpret, read_workbook

LAYOUTS = {layout.name: layout for layout in layouts()}
MEASURE_FIELDS = (*INPUT_COLUMNS, *COMPUTED_COLUMNS)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def template(corpus):
    return read_workbook(corpus["template"])


def read_layout(corpus, name):
    path = corpus[name]
    column_map = path.with_suffix(".toml")
    extra = load_column_map(column_map) if column_map.exists() else None
    return read_workbook(path, extra_headers=extra)


def without(frame: pd.DataFrame, fields) -> pd.DataFrame:
    """The table as it reads with no column for `fields`."""
    frame = frame.copy()
    for name in fields:
        if name in FIGURE_COLUMNS:
            frame[name] = math.nan
        elif name in frame:
            frame[name] = pd.Series([None] * len(frame), dtype="object")
    return frame


def assert_same_table(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal on every measure field: figures to 1e-9, everything else exactly."""
    assert len(found) == len(expected)
    for name in MEASURE_FIELDS:
        got, want = list(found[name]), list(expected[name])
        if name in FIGURE_COLUMNS or pd.api.types.is_float_dtype(expected[name]):
            assert got == pytest.approx(want, rel=1e-9, nan_ok=True), name
        else:
            assert got == want, name


def test_the_corpus_has_at_least_twenty_layouts():
    assert len(LAYOUTS) >= 20
    assert list(LAYOUTS)[0] == "template"


def test_the_template_holds_the_shared_figures(template):
    frame = template.frame
    assert list(frame["id"]) == [m.id for m in MEASURES]
    assert list(frame["section"]) == [m.section for m in MEASURES]
    assert list(frame["unit"]) == [m.unit for m in MEASURES]
    assert list(frame["polarity"]) == [m.polarity for m in MEASURES]
    numbers = [m.value if isinstance(m.value, int | float) else math.nan for m in MEASURES]
    assert list(frame["value"]) == pytest.approx(numbers, nan_ok=True)
    assert list(frame["no_figure"]) == [None] * 7 + ["measure being developed", "c"]
    assert template.settings == SETTINGS
    assert template.problems == ()


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_layout_gives_the_template_s_computed_table(corpus, template, name):
    layout = LAYOUTS[name]
    book = read_layout(corpus, name)
    expected = compute_measures(without(template.frame, layout.lacks), template.settings)
    assert_same_table(compute_measures(book.frame, book.settings), expected)
    assert book.settings == SETTINGS
    assert {p.code for p in book.problems} <= {ProblemCode.IGNORED_COLUMN}
    assert all(p.severity is Severity.WARNING for p in book.problems)


def test_columns_unknown_to_the_tool_are_reported_as_ignored(corpus):
    problems = read_layout(corpus, "extra-columns").problems
    assert [(p.cell, p.found) for p in problems] == [
        ("C3", "Owner"),
        ("G3", "Apr"),
        ("K3", "Data source"),
        ("O3", "RAG last month"),
    ]


def test_formulas_without_saved_results_name_every_cell(corpus):
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(corpus[UNCACHED.name])
    problems = caught.value.problems
    # Only the numeric values are formulas; "measure being developed" and "c" are text.
    assert [p.cell for p in problems] == [f"F{row}" for row in range(4, 11)]
    assert {p.code for p in problems} == {ProblemCode.NO_CACHED_VALUE}
    assert str(problems[0]).endswith(
        "Measures!F4: is a formula with no saved result (Value of \"Contacts to children's "
        'social care (per 10,000)"): open and save the file in Excel, or type the figure'
    )


def as_sheets(layout: Layout) -> list[SheetCells]:
    """A layout's measures and settings sheets as snapshots, without a file."""
    grid, _ = table_grid(layout)
    values = tuple(tuple(cell.value for cell in row) for row in grid)
    formats = tuple(tuple(cell.number_format or "General" for cell in row) for row in grid)
    settings = SheetCells("Settings", tuple(settings_rows(layout)))
    return [SheetCells("Measures", values, formats), settings]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(FIELDS))
def test_any_order_of_the_columns_gives_the_same_table(order):
    reference = interpret(as_sheets(Layout("template")), source="m.xlsx")
    shuffled = interpret(as_sheets(Layout("shuffled", order=tuple(order))), source="m.xlsx")
    assert_same_table(
        compute_measures(shuffled.frame, shuffled.settings),
        compute_measures(reference.frame, reference.settings),
    )
    assert {f: shuffled.layout.columns[f] for f in FIELDS} == {
        f: order.index(f) + 1 for f in FIELDS
    }
