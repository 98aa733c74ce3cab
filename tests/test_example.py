"""The shipped example: the template filled with Devon's November 2023 board figures."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.scripts import REPO, load_script
from tests.xlsx_parts import differing_parts

SCRIPT = REPO / "examples" / "make_example.py"
COMMITTED = REPO / "examples" / "devon_november_2023.xlsx"


make_example = load_script(SCRIPT)
FIGURE_HEADERS = (
    "Value",
    "Numerator",
    "Denominator",
    "Count",
    "Target",
    "Amber threshold",
    "Statistical neighbours",
    "England",
    "Region",
    "Previous",
)
# Everything the report gives besides the month's values, and the comparators DfE
# publishes (filled by `xl-tools comparators`); nothing else may be filled.
DFE_FILLED = ("VA03", "VA07", "VA08", "VA09", "PR07", "PR08", "IM05")
DFE_FILLED += tuple(f"IM1{n}" for n in range(2, 8)) + ("ST01", "ST02")
STATED = {
    ("PR05", "Statistical neighbours"),
    ("IM06", "Statistical neighbours"),
    ("VA09", "Count"),
    ("ST03", "Denominator"),
    ("AU01", "Target"),
} | {
    (measure_id, comparator)
    for measure_id in DFE_FILLED
    for comparator in ("Statistical neighbours", "England", "Region")
}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = make_example.build_example(tmp_path_factory.mktemp("example") / "e.xlsx")
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def measures(workbook: openpyxl.Workbook) -> Worksheet:
    return workbook["Measures"]


def cell(measures: Worksheet, measure_id: str, header: str):
    headers = [c.value for c in measures[4]]
    row = next(r for r in range(5, measures.max_row + 1) if measures.cell(r, 1).value == measure_id)
    return measures.cell(row, headers.index(header) + 1)


def test_committed_example_is_what_the_script_makes(tmp_path: Path) -> None:
    made = make_example.build_example(tmp_path / "fresh.xlsx")
    assert differing_parts(made, COMMITTED) == []


def test_script_runs_from_any_folder(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    subprocess.run([sys.executable, str(SCRIPT), str(out)], cwd=tmp_path, check=True)
    assert differing_parts(out, COMMITTED) == []


@pytest.mark.parametrize(
    ("measure_id", "header", "value", "number_format"),
    [
        ("PR08", "Value", 0.38, "0%"),
        # The report's "24% in comparators"; DfE's published mean of the ten is 23.0%.
        ("PR08", "Statistical neighbours", 0.23, "0%"),
        ("PR05", "Statistical neighbours", 0.30, "0%"),
        ("IM06", "Statistical neighbours", 0.90, "0%"),
        ("VA03", "Value", 0.22, "0%"),
        ("ST03", "Value", 0.102, "0.0%"),
        ("ST03", "Denominator", 4316, "#,##0"),
        ("VA09", "Value", 61, "0.0"),
        ("VA09", "Count", 900, "#,##0"),
        ("VA02", "Value", 599, "#,##0"),
        ("IM18", "Value", 0.86, "0%"),
        ("AU01", "Target", 0.80, "0%"),
        ("ST02", "Value", 17, "0.0"),
        ("PR07", "Value", 0, "0%"),
    ],
)
def test_figures_as_the_report_gives_them(
    measures: Worksheet, measure_id: str, header: str, value: float, number_format: str
) -> None:
    found = cell(measures, measure_id, header)
    assert found.value == pytest.approx(value)
    assert found.number_format == number_format


def test_only_the_history_the_report_gives(measures: Worksheet) -> None:
    """The agency rate "in April 2023 was 47%": the one earlier month the report states."""
    filled = {
        (measures.cell(row, 1).value, measures.cell(4, column).value.date())
        for row in range(5, measures.max_row + 1)
        for column in range(18, 42)
        if measures.cell(row, column).value is not None
    }
    assert filled == {("ST01", datetime.date(2023, 4, 1))}
    assert cell(measures, "ST01", datetime.datetime(2023, 4, 1)).value == 0.47


def test_measure_being_developed_is_text(measures: Worksheet) -> None:
    assert cell(measures, "IM04", "Value").value == "measure being developed"


def test_every_measure_has_a_value(measures: Worksheet) -> None:
    values = [cell(measures, measures.cell(r, 1).value, "Value").value for r in range(5, 46)]
    assert None not in values


def test_no_invented_figures(measures: Worksheet) -> None:
    filled = {
        (measures.cell(row, 1).value, header)
        for row in range(5, measures.max_row + 1)
        for header in FIGURE_HEADERS
        if header != "Value"
        and cell(measures, measures.cell(row, 1).value, header).value is not None
    }
    assert filled == STATED


def test_actual_numbers_left_for_the_tool(measures: Worksheet) -> None:
    assert {cell(measures, f"VA0{n}", "Actual numbers").value for n in range(1, 10)} == {None}


@pytest.mark.parametrize(
    ("measure_id", "commentary"),
    [
        ("VA01", "Lower than comparators"),
        ("PR08", "Audit team to review"),
        ("IM06", "Comparators average 90%"),
        ("IM11", None),
    ],
)
def test_commentary(measures: Worksheet, measure_id: str, commentary: str | None) -> None:
    assert cell(measures, measure_id, "Commentary").value == commentary


@pytest.mark.parametrize(
    ("label", "value"),
    [
        ("Authority", "Devon"),
        ("Reporting period", "November 2023"),
        ("Population 0-17", 147541),
        ("Amber tolerance", 0.05),
    ],
)
def test_settings(workbook: openpyxl.Workbook, label: str, value: object) -> None:
    settings = {row[0].value: row[1].value for row in workbook["Settings"].iter_rows(min_row=2)}
    assert settings[label] == value


def test_template_script_that_cannot_be_loaded_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "make_template.txt"
    monkeypatch.setattr(make_example, "TEMPLATE_SCRIPT", missing)
    with pytest.raises(ImportError, match=re.escape(f"cannot load the template script {missing}")):
        make_example.load_template_script()


def test_comparators_are_dfes_2022_23_figures_for_devon(measures: Worksheet) -> None:
    """Each filled comparator is the shipped figure, in the cell's unit, with its source."""
    from xl_tools.published import find_authority, published_comparators, recognise, shipped

    devon = find_authority("878")
    headers = [c.value for c in measures[4]]
    for measure_id in DFE_FILLED:
        name = cell(measures, measure_id, "Measure").value
        found = recognise(measure_id=measure_id, name=name, dfe_measure=None, unit=None)
        assert found is not None, measure_id
        year = 2023
        published = published_comparators(shipped(), found.indicator, devon, year)
        scale = 100 if cell(measures, measure_id, "Value").number_format.endswith("%") else 1
        for header, figure in (
            ("Statistical neighbours", published.statistical_neighbours),
            ("England", published.england),
            ("Region", published.region),
        ):
            assert cell(measures, measure_id, header).value * scale == pytest.approx(figure)
        assert "Comparator source" in headers
        assert cell(measures, measure_id, "Comparator source").value == published.source
        assert "2022-23" in published.source or "Sep 2022" in published.source


def test_pr08_reads_as_the_report_does(measures: Worksheet) -> None:
    """ "38% compared to 24% in comparators": DfE's figures for 2022-23 give 23% (SN mean),
    23.6% (England) and 24.3% (South West)."""
    assert cell(measures, "PR08", "Value").value == 0.38
    assert [
        cell(measures, "PR08", header).value
        for header in ("Statistical neighbours", "England", "Region")
    ] == [0.23, 0.236, 0.243]
