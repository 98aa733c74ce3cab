"""Settings from a Settings sheet, labelled cells and the command line (DESIGN 3.2)."""

from __future__ import annotations

import datetime

import pytest

from xl_tools.errors import Problem, ProblemCode
from xl_tools.model import Settings
from xl_tools.read.cells import SheetCells
from xl_tools.read.settings import SettingsOverrides, read_settings


def settings_sheet(*pairs: tuple[object, object], formats: tuple[str, ...] = ()) -> SheetCells:
    """A sheet like the template's: a header row, then label / value pairs."""
    values = (("Setting", "Value", "What it means"), *pairs)
    cell_formats = (("General",) * 3, *(("General", f) for f in formats))
    return SheetCells("Settings", values, cell_formats)


def test_the_template_settings_sheet():
    sheet = settings_sheet(
        ("Authority", "Devon"),
        ("Reporting period", "November 2023"),
        ("Population 0-17", 147541),
        ("Amber tolerance", 0.05),
        formats=("@", "@", "#,##0", "0%"),
    )
    settings, problems = read_settings([sheet], source="m.xlsx")
    assert settings == Settings("Devon", "November 2023", 147541.0, 0.05)
    assert problems == ()


def test_blank_settings_are_left_to_their_defaults():
    sheet = settings_sheet(
        ("Authority", None), ("Reporting period", None), ("Amber tolerance", None)
    )
    assert read_settings([sheet], source="m.xlsx") == (Settings(), ())


@pytest.mark.parametrize(
    ("label", "value", "number_format", "field", "expected"),
    [
        ("Amber tolerance", 0.05, "0%", "tolerance", 0.05),
        ("Amber tolerance", 0.05, "General", "tolerance", 0.05),
        ("Amber tolerance", 5, "General", "tolerance", 0.05),
        ("Tolerance", "5%", "General", "tolerance", 0.05),
        ("Tolerance", "7.5 %", "@", "tolerance", 0.075),
        ("Amber tolerance", 0, "0%", "tolerance", 0.0),
        ("Population 0-17", "147,541", "@", "population", 147541.0),
        ("Child population", 147541.0, "General", "population", 147541.0),
        ("0-17 population", 99000, "General", "population", 99000.0),
        ("Population 0-17 (ONS mid-2023):", 99000, "General", "population", 99000.0),
        ("Reporting period", datetime.datetime(2023, 11, 1), "mmm-yy", "period", "November 2023"),
        ("Period", datetime.date(2024, 3, 31), "dd/mm/yyyy", "period", "March 2024"),
        ("Period", " Q3  2023/24 ", "General", "period", "Q3 2023/24"),
        ("Local authority", "Devon County Council", "General", "authority", "Devon County Council"),
        ("AUTHORITY:", "Devon", "General", "authority", "Devon"),
        (
            "Board columns",
            "Measure, value; RAG\nStatistical Neighbours, measure",
            "General",
            "board_columns",
            ("Measure", "Value", "RAG", "Statistical neighbours"),
        ),
    ],
)
def test_setting_values(label, value, number_format, field, expected):
    sheet = settings_sheet((label, value), formats=(number_format,))
    settings, problems = read_settings([sheet], source="m.xlsx")
    wanted = pytest.approx(expected) if isinstance(expected, float) else expected
    assert getattr(settings, field) == wanted
    assert problems == ()


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        (
            "Population 0-17",
            "lots",
            'm.xlsx: Settings!B2: "lots" is not a number (Population 0-17)',
        ),
        (
            "Population 0-17",
            -5,
            'm.xlsx: Settings!B2: "-5" is not a population: it must be a number above 0 '
            "(Population 0-17)",
        ),
        (
            "Amber tolerance",
            "a bit",
            'm.xlsx: Settings!B2: "a bit" is not a number (Amber tolerance)',
        ),
        (
            "Amber tolerance",
            250,
            'm.xlsx: Settings!B2: "250" is not a tolerance: give a percentage from 0% to '
            "under 100%, such as 5% (Amber tolerance)",
        ),
        (
            "Board columns",
            "Measure, Value, Trend",
            'm.xlsx: Settings!B2: "Measure, Value, Trend" names "Trend", which is not a column '
            "of the board: name some of ID, Measure, Value, Actual numbers, Target, Variance "
            "to target, RAG, Statistical neighbours, England, Region, Previous, Direction of "
            "travel, Last 12 months, Trend over 12 months, Year to date, Same month last year, "
            "Commentary (Board columns)",
        ),
        (
            "Board columns",
            "Value, RAG",
            'm.xlsx: Settings!B2: "Value, RAG" leaves out Measure: the board needs each '
            "measure's name (Board columns)",
        ),
    ],
)
def test_bad_setting_values_name_sheet_cell_and_setting(label, value, message):
    settings, problems = read_settings([settings_sheet((label, value))], source="m.xlsx")
    assert [str(p) for p in problems] == [message]
    assert problems[0].code is ProblemCode.BAD_SETTING
    assert (problems[0].sheet, problems[0].cell) == ("Settings", "B2")


def in_rows(first: int, last: int, last_column: int = 3):
    """A table occupying rows first..last, columns A to `last_column`."""
    return lambda row, column: first <= row <= last and column <= last_column


def test_labelled_cells_on_the_measures_sheet_right_or_below():
    measures = SheetCells(
        "Measures",
        (
            ("Devon performance report", None, "Reporting period"),
            ("Population 0-17", 147541, "November 2023"),
            ("ID", "Measure", "Value"),
            ("VA02", "Child population", 147000),
        ),
    )
    settings, problems = read_settings(
        [measures], source="m.xlsx", measures=measures, in_table=in_rows(3, 4)
    )
    assert (settings.period, settings.population) == ("November 2023", 147541.0)
    assert problems == ()


def test_labelled_cells_beside_and_below_the_table():
    measures = SheetCells(
        "Measures",
        (
            ("ID", "Measure", "Value", None, "Amber tolerance", "10%"),
            ("VA02", "Number of referrals", 599, None, "Reporting period"),
            ("VA03", "Population 0-17", 98000, None, "Nov 2023"),
            (),
            ("Population 0-17", 147541),
        ),
    )
    settings, problems = read_settings(
        [measures], source="m.xlsx", measures=measures, in_table=in_rows(1, 3)
    )
    assert settings == Settings(None, "Nov 2023", 147541.0, 0.1)
    assert problems == ()


def test_a_label_above_the_table_never_takes_a_header_as_its_value():
    measures = SheetCells("Measures", (("Reporting period",), ("Measure", "Value")))
    settings, problems = read_settings(
        [measures], source="m.xlsx", measures=measures, in_table=in_rows(2, 2)
    )
    assert (settings.period, problems) == (None, ())


def test_a_label_with_no_value_beside_it_does_not_take_the_next_label():
    sheet = settings_sheet(("Authority", None), ("Reporting period", "May 2024"))
    settings, _ = read_settings([sheet], source="m.xlsx")
    assert (settings.authority, settings.period) == (None, "May 2024")


def test_labelled_cells_win_over_the_settings_sheet():
    measures = SheetCells("Measures", (("Population 0-17", 1000),))
    sheet = settings_sheet(("Population 0-17", 2000), ("Reporting period", "May 2024"))
    settings, _ = read_settings(
        [measures, sheet], source="m.xlsx", measures=measures, in_table=in_rows(2, 9)
    )
    assert (settings.population, settings.period) == (1000.0, "May 2024")


def test_a_setting_formula_with_no_saved_result():
    sheet = SheetCells("Settings", (("Population 0-17", None),), uncached=frozenset({(1, 2)}))
    _, problems = read_settings([sheet], source="m.xlsx")
    assert [str(p) for p in problems] == [
        "m.xlsx: Settings!B1: is a formula with no saved result (Population 0-17): "
        "open and save the file in Excel, or type the setting"
    ]
    assert problems[0].code is ProblemCode.NO_CACHED_VALUE


def test_overrides_win_and_silence_the_bad_value_they_replace():
    sheet = settings_sheet(
        ("Authority", "Devon"), ("Population 0-17", "lots"), ("Amber tolerance", 0.1)
    )
    overrides = SettingsOverrides(period="June 2024", population=150000, tolerance=5)
    settings, problems = read_settings([sheet], source="m.xlsx", overrides=overrides)
    assert settings == Settings("Devon", "June 2024", 150000.0, 0.05)
    assert problems == ()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            SettingsOverrides(population=0),
            'm.xlsx: "0" is not a population: it must be a number above 0 (--population)',
        ),
        (
            SettingsOverrides(tolerance=-0.1),
            'm.xlsx: "-0.1" is not a tolerance: give a percentage from 0% to under 100%, '
            "such as 5% (--tolerance)",
        ),
    ],
)
def test_bad_overrides(overrides, message):
    _, problems = read_settings([], source="m.xlsx", overrides=overrides)
    assert problems == (
        Problem(ProblemCode.BAD_SETTING, problems[0].message, "m.xlsx", found=problems[0].found),
    )
    assert str(problems[0]) == message
