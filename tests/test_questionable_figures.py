"""Figures that read but cannot be right, and figures beyond any measure (issue 11).

A figure that cannot be right (a percentage outside 0-100%, a denominator of 0, more
children than the cohort, an ID given twice, a target with no polarity, a population
beyond any council's) is a warning that names its cell: the build goes on. A figure
beyond any measure (a million million or more) is an error naming its cell, in `check`,
`build` and `compute` alike, and never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.workbooks import Formatted, write_measures_workbook
from xl_tools.cli import main
from xl_tools.errors import MeasuresTableError, ProblemCode, Severity
from xl_tools.model import Settings
from xl_tools.read import SettingsOverrides, read_workbook
from xl_tools.read.cells import SheetCells
from xl_tools.read.settings import read_settings

SETTINGS = {"Reporting period": "November 2023", "Population 0-17": 147541}
PCT = "%"


def warnings_of(path: Path, **options: object) -> list[str]:
    """The problems reading finds, as the officer reads them; every one a warning."""
    book = read_workbook(path, **options)  # type: ignore[arg-type]
    assert all(p.severity is Severity.WARNING for p in book.problems)
    return [str(p) for p in book.problems]


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Every workbook is m.xlsx in the test's own folder, as messages name it."""
    monkeypatch.chdir(tmp_path)


def a_workbook(tmp_path: Path, *rows: dict[str, object], **options: object) -> Path:
    settings = options.pop("settings", SETTINGS)
    write_measures_workbook(
        tmp_path / "m.xlsx",
        rows,
        settings=settings,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )
    return Path("m.xlsx")


def percent(name: str, **cells: object) -> dict[str, object]:
    return {"Measure": name, "Unit": PCT, "Polarity": "Lower is better", **cells}


# Percentages outside 0-100%, wherever they are: value, target, comparators, previous.


def test_a_percentage_over_100_or_below_0_is_a_warning_at_its_cell(tmp_path):
    path = a_workbook(
        tmp_path,
        percent("% repeat", Value=140, Target=-3, England=101.5, Previous="250%"),
        percent("% fine", Value=22, Target=0, England=100, Previous="100%"),
    )
    assert warnings_of(path) == [
        'm.xlsx: Measures!F4: "140" is 140%, and a percentage is from 0% to 100% '
        '(Value of "% repeat")',
        'm.xlsx: Measures!K4: "-3" is -3%, and a percentage is from 0% to 100% '
        '(Target of "% repeat")',
        'm.xlsx: Measures!N4: "101.5" is 101.5%, and a percentage is from 0% to 100% '
        '(England of "% repeat")',
        'm.xlsx: Measures!P4: "250%" is 250%, and a percentage is from 0% to 100% '
        '(Previous of "% repeat")',
    ]


def test_a_number_in_a_percent_cell_that_reads_as_thousands_of_percent_says_why(tmp_path):
    path = a_workbook(
        tmp_path,
        percent(
            "% typed by another program",
            Value=Formatted(24, "0%"),
            **{"Statistical neighbours": Formatted(22.5, "0.0%")},
        ),
    )
    assert warnings_of(path) == [
        'm.xlsx: Measures!F4: "24" is 2400%, and a percentage is from 0% to 100% '
        '(Value of "% typed by another program"): the cell is formatted as a percentage, '
        "so its 24 shows as 2400%; for 24%, put 0.24 in it",
        'm.xlsx: Measures!M4: "22.5" is 2250%, and a percentage is from 0% to 100% '
        '(Statistical neighbours of "% typed by another program"): the cell is formatted '
        "as a percentage, so its 22.5 shows as 2250%; for 22.5%, put 0.225 in it",
    ]


def test_figures_of_other_units_may_pass_100(tmp_path):
    path = a_workbook(
        tmp_path,
        {"Measure": "Contacts (per 10,000)", "Unit": "Rate per 10,000", "Value": 439},
        {"Measure": "Number of referrals", "Unit": "Number", "Value": 599, "Previous": -4},
    )
    assert warnings_of(path) == []


def test_a_percentage_in_a_month_column_is_checked_too(tmp_path):
    headers = ("Measure", "Unit", "Value", "Oct-23", "Nov-23")
    write_measures_workbook(
        tmp_path / "m.xlsx",
        [["% visits", "%", None, Formatted(35, "0%"), 0.4]],
        headers=headers,
        settings=SETTINGS,
    )
    path = Path("m.xlsx")
    assert warnings_of(path) == [
        'm.xlsx: Measures!D4: "35" is 3500%, and a percentage is from 0% to 100% '
        '(Oct-23 column of "% visits"): the cell is formatted as a percentage, so its 35 '
        "shows as 3500%; for 35%, put 0.35 in it",
    ]


# Numerators and denominators.


@pytest.mark.parametrize("denominator", [0, -5])
def test_a_denominator_of_0_or_below_is_a_warning_at_its_cell(tmp_path, denominator):
    path = a_workbook(
        tmp_path,
        percent("% zero", Numerator=0, Denominator=denominator),
        {
            "Measure": "Average caseload of a team",
            "Unit": "Average",
            "Numerator": 3,
            "Denominator": 0,
        },
    )
    assert warnings_of(path) == [
        f'm.xlsx: Measures!H4: "{denominator}" cannot be a denominator: Y must be above 0 '
        '(Denominator of "% zero")',
        'm.xlsx: Measures!H5: "0" cannot be a denominator: Y must be above 0 '
        '(Denominator of "Average caseload of a team")',
    ]


def test_a_numerator_above_its_denominator_names_both_cells(tmp_path):
    path = a_workbook(
        tmp_path,
        percent("% cohort", Numerator=60, Denominator=50),
        percent("% negative", Numerator=-3, Denominator=50),
        percent("% all of them", Numerator=50, Denominator=50),
        {
            "Measure": "Average caseload of a team",
            "Unit": "Average",
            "Numerator": 3256,
            "Denominator": 191.5,
        },
    )
    assert warnings_of(path) == [
        'm.xlsx: Measures!G4: "60" is more than its denominator, 50 (at H4), so X / Y is '
        '120%, over 100% (Numerator of "% cohort")',
        'm.xlsx: Measures!G5: "-3" cannot be a numerator: X must be 0 or more '
        '(Numerator of "% negative")',
    ]


# IDs and polarity.


def test_an_id_given_twice_names_both_cells(tmp_path):
    path = a_workbook(
        tmp_path,
        {"ID": "PR08", "Measure": "Number of referrals", "Unit": "Number", "Value": 5},
        {"ID": "VA01", "Measure": "Number of contacts", "Unit": "Number", "Value": 5},
        {"ID": "pr08 ", "Measure": "Number of assessments", "Unit": "Number", "Value": 5},
    )
    assert warnings_of(path) == [
        'm.xlsx: Measures!A6: "pr08" is also the ID of "Number of referrals" at A4: each '
        'measure needs an ID of its own (ID of "Number of assessments")',
    ]
    (problem,) = read_workbook(path).problems
    assert problem.code is ProblemCode.DUPLICATE_ID


def test_a_target_with_a_blank_polarity_says_no_rag_is_given_and_how_to_fix_it(tmp_path):
    path = a_workbook(
        tmp_path,
        {"Measure": "% visits", "Unit": PCT, "Value": 80, "Target": 90},
        {"Measure": "% context", "Unit": PCT, "Polarity": "None", "Value": 8, "Target": 10},
        {"Measure": "% rated", "Unit": PCT, "Polarity": "Up", "Value": 8, "Target": 10},
        {"Measure": "% no target", "Unit": PCT, "Value": 8},
    )
    assert warnings_of(path) == [
        'm.xlsx: Measures!E4: no RAG is given for "% visits", which has a target but no '
        "polarity: fill in Polarity (Higher is better or Lower is better), or None for a "
        "context measure",
    ]
    (problem,) = read_workbook(path).problems
    assert problem.code is ProblemCode.NO_POLARITY


def test_a_target_with_no_polarity_column_points_at_the_target(tmp_path):
    path = a_workbook(
        tmp_path,
        {"Measure": "% visits", "Value": "80%", "Target": "90%"},
        headers=("Measure", "Value", "Target"),
    )
    assert warnings_of(path) == [
        'm.xlsx: Measures!C4: no RAG is given for "% visits", which has a target but no '
        "polarity: add a Polarity column (Higher is better or Lower is better)",
    ]


# The population, from every route: settings sheet, labelled cell, command line.

TOO_MANY = (
    "is more than 15,000,000, beyond any council's 0-17 population (England's is about "
    "12 million): check the figure (Population 0-17)"
)
RATE = {"Measure": "Contacts (per 10,000)", "Unit": "Rate per 10,000", "Value": 439}


def test_a_population_beyond_any_council_s_is_a_warning_on_the_settings_sheet(tmp_path):
    path = a_workbook(tmp_path, RATE, settings={"Population 0-17": 147541000})
    assert warnings_of(path) == [f'm.xlsx: Settings!B2: "147541000" {TOO_MANY}']
    (problem,) = read_workbook(path).problems
    assert problem.code is ProblemCode.QUESTIONABLE_FIGURE


def test_a_population_beyond_any_council_s_is_a_warning_in_a_labelled_cell(tmp_path):
    above = [("Child population", "20,000,000"), ()]
    path = a_workbook(tmp_path, RATE, settings=None, above=above)
    assert warnings_of(path) == [f'm.xlsx: Measures!B1: "20,000,000" {TOO_MANY}']


def test_a_population_of_15_million_is_not_questioned():
    sheet = SheetCells("Settings", (("Population 0-17", 15_000_000),))
    assert read_settings([sheet], source="m.xlsx")[1] == ()


@pytest.mark.parametrize(
    ("population", "message", "severity"),
    [
        (
            20_000_000.0,
            'm.xlsx: "20000000" is more than 15,000,000, beyond any council\'s 0-17 '
            "population (England's is about 12 million): check the figure (--population)",
            Severity.WARNING,
        ),
        (0.0, 'm.xlsx: "0" is not a population: it must be a number above 0 (--population)', None),
        (
            -5.0,
            'm.xlsx: "-5" is not a population: it must be a number above 0 (--population)',
            None,
        ),
        (
            float("nan"),
            'm.xlsx: "nan" is not a population: it must be a number above 0 (--population)',
            None,
        ),
        (float("inf"), 'm.xlsx: "inf" is beyond any figure of a measure (--population)', None),
        (1e27, 'm.xlsx: "1e+27" is beyond any figure of a measure (--population)', None),
    ],
)
def test_a_population_given_to_the_tool(population, message, severity):
    overrides = SettingsOverrides(population=population)
    _, problems = read_settings([], source="m.xlsx", overrides=overrides)
    assert [str(p) for p in problems] == [message]
    assert problems[0].severity is (severity or Severity.ERROR)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (0, '"0" is not a population: it must be a number above 0 (Population 0-17)'),
        (-1, '"-1" is not a population: it must be a number above 0 (Population 0-17)'),
        (1e27, '"1e+27" is beyond any figure of a measure (Population 0-17)'),
        ("1e300", '"1e300" is beyond any figure of a measure (Population 0-17)'),
    ],
)
@pytest.mark.parametrize("where", ["settings sheet", "labelled cell"])
def test_a_population_of_0_or_beyond_any_figure_is_an_error_on_every_route(
    tmp_path, cell, message, where
):
    if where == "settings sheet":
        path, place = a_workbook(tmp_path, RATE, settings={"Population 0-17": cell}), "Settings!B2"
    else:
        above = [("Population 0-17", cell), ()]
        path, place = a_workbook(tmp_path, RATE, settings=None, above=above), "Measures!B1"
    with pytest.raises(MeasuresTableError) as raised:
        read_workbook(path)
    first = raised.value.problems[0]
    assert str(first) == f"m.xlsx: {place}: {message}"
    assert first.code is ProblemCode.BAD_SETTING


# A figure beyond any measure: an error naming the cell, in every command.

BEYOND = (
    'is beyond any figure of a measure (Value of "Number of referrals"): a figure is less '
    "than 1,000,000,000,000 (a million million); check the cell"
)


@pytest.mark.parametrize(
    ("value", "found"), [(1e27, "1e+27"), ("1e27", "1e27"), (-1e12, "-1000000000000")]
)
def test_a_figure_beyond_any_measure_is_an_error_naming_its_cell(tmp_path, value, found):
    path = a_workbook(
        tmp_path, {"Measure": "Number of referrals", "Unit": "Number", "Value": value}
    )
    with pytest.raises(MeasuresTableError) as raised:
        read_workbook(path)
    assert [str(p) for p in raised.value.problems] == [f'm.xlsx: Measures!F4: "{found}" {BEYOND}']
    assert raised.value.problems[0].code is ProblemCode.BAD_VALUE


def test_a_month_cell_beyond_any_measure_is_an_error_naming_it(tmp_path):
    write_measures_workbook(
        tmp_path / "m.xlsx",
        [["Number of referrals", "Number", 5, 1e30]],
        headers=("Measure", "Unit", "Value", "Oct-23"),
        settings=SETTINGS,
    )
    with pytest.raises(MeasuresTableError) as raised:
        read_workbook("m.xlsx")
    assert [str(p) for p in raised.value.problems] == [
        'm.xlsx: Measures!D4: "1e+30" is beyond any figure of a measure (Oct-23 column of '
        '"Number of referrals"): a figure is less than 1,000,000,000,000 (a million million); '
        "check the cell"
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["build", "-o", "out.xlsx"],
        ["compute"],
        ["compute", "--format", "json"],
        ["compute", "--format", "csv"],
    ],
)
def test_every_command_reports_a_figure_beyond_any_measure_in_one_line(tmp_path, capsys, command):
    a_workbook(tmp_path, {"Measure": "Number of referrals", "Unit": "Number", "Value": 1e27})
    argv = [command[0], "m.xlsx", *command[1:]]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert f'm.xlsx: Measures!F4: "1e+27" {BEYOND}' in err
    assert "Traceback" not in err and "InvalidOperation" not in err
    assert not (tmp_path / "out.xlsx").exists()
    if command[0] == "compute":
        assert "Number of referrals" not in out


def test_a_figure_just_under_the_bound_goes_through_every_command(tmp_path, capsys):
    a_workbook(
        tmp_path,
        {"Measure": "Number of referrals", "Unit": "Number", "Value": 999_999_999_999.95},
        {"Measure": "Contacts (per 10,000)", "Unit": "Rate per 10,000", "Value": 9.9e11},
    )
    assert main(["check", "m.xlsx"]) == 0
    assert main(["build", "m.xlsx", "-o", "out.xlsx"]) == 0
    assert main(["compute", "m.xlsx", "--format", "csv"]) == 0
    capsys.readouterr()
    assert main(["compute", "m.xlsx"]) == 0
    measures = json.loads(capsys.readouterr().out)["measures"]
    assert [m["value"] for m in measures] == [1e12, 9.9e11]
    assert measures[1]["numerator"] == 14_606_559_000_000


# Warnings never stop a build, and check and build agree.


def test_a_workbook_with_every_kind_of_warning_builds(tmp_path, capsys):
    a_workbook(
        tmp_path,
        {"ID": "A", **percent("% over", Value=140, Numerator=60, Denominator=50)},
        {"ID": "A", "Measure": "% no polarity", "Unit": PCT, "Value": 8, "Target": 10},
        percent("% zero", Numerator=0, Denominator=0),
        settings={**SETTINGS, "Population 0-17": 20_000_000},
    )
    assert main(["check", "m.xlsx"]) == 0
    checked = capsys.readouterr().err.splitlines()
    assert main(["build", "m.xlsx", "-o", "out.xlsx"]) == 0
    assert (tmp_path / "out.xlsx").exists()
    codes = {line.split("]")[0].split("[")[1] for line in checked}
    assert codes >= {"questionable-figure", "duplicate-id", "no-polarity"}
    assert all(line.startswith("warning [") for line in checked)


def test_settings_read_with_no_population_are_left_alone():
    assert read_settings([], source="m.xlsx") == (Settings(), ())


def test_a_tolerance_beyond_any_figure_is_an_error_naming_its_cell():
    sheet = SheetCells("Settings", (("Amber tolerance", 1e27),))
    _, problems = read_settings([sheet], source="m.xlsx")
    assert [str(p) for p in problems] == [
        'm.xlsx: Settings!B1: "1e+27" is beyond any figure of a measure (Amber tolerance)'
    ]
