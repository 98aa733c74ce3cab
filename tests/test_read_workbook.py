"""Reading whole workbooks: the template's layout, officers' own, and every error (DESIGN 3)."""

from __future__ import annotations

import math
import zipfile

import openpyxl
import pytest

from tests.workbooks import Formatted, write_measures_workbook, write_text_file
from xl_tools.errors import (
    MeasuresTableError,
    NotAWorkbookError,
    ProblemCode,
    SettingsError,
    Severity,
    WorkbookLockedError,
    WorkbookNotFoundError,
)
from xl_tools.model import INPUT_COLUMNS, Polarity, Settings, Unit
from xl_tools.read import SettingsOverrides, read_workbook

TEMPLATE_SETTINGS = {
    "Authority": "Devon",
    "Reporting period": "November 2023",
    "Population 0-17": 147541,
    "Amber tolerance": Formatted(0.05, "0%"),
}
PCT = Formatted  # a percentage as the template stores it: a fraction in a %-formatted cell


def template_rows():
    return [
        {
            "ID": "VA01",
            "Section": "Volume of Activity",
            "Measure": "Contacts to children's social care (per 10,000)",
            "Unit": "Rate per 10,000",
            "Polarity": "None",
            "Value": 439,
            "England": 514.9,
        },
        {
            "ID": "VA02",
            "Section": "Volume of Activity",
            "Measure": "Number of referrals",
            "Unit": "Number",
            "Polarity": "None",
            "Value": "599",
        },
        {
            "ID": "PR08",
            "Section": "Process",
            "Measure": "% children starting a CP plan who have been subject to a previous CP plan",
            "Unit": "Percentage",
            "Polarity": "Lower is better",
            "Value": PCT(0.38, "0%"),
            "Numerator": 19,
            "Denominator": 50,
            "Target": PCT(0.24, "0.0%"),
            "Statistical neighbours": "24%",
            "Previous": 35,
            "Commentary": "Up from 35%.\nReviewed monthly.",
        },
        {
            "ID": "AU01",
            "Section": "Audit",
            "Measure": "% of audits with feedback from families",
            "Unit": "Percentage",
            "Polarity": "Higher is better",
            "Value": "measure being developed",
            "Target": PCT(0.5, "0%"),
        },
    ]


def test_the_template_layout(tmp_path):
    path = write_measures_workbook(
        tmp_path / "measures.xlsx", template_rows(), settings=TEMPLATE_SETTINGS
    )
    book = read_workbook(path)
    frame = book.frame
    assert list(frame.columns) == list(INPUT_COLUMNS)
    assert list(frame["id"]) == ["VA01", "VA02", "PR08", "AU01"]
    assert list(frame["unit"]) == [Unit.RATE_PER_10K, Unit.COUNT, Unit.PERCENT, Unit.PERCENT]
    assert list(frame["polarity"]) == [
        Polarity.NONE,
        Polarity.NONE,
        Polarity.LOWER_BETTER,
        Polarity.HIGHER_BETTER,
    ]
    pr08 = frame.iloc[2]
    assert (pr08["value"], pr08["target"], pr08["statistical_neighbours"]) == (38.0, 24.0, 24.0)
    assert (pr08["numerator"], pr08["denominator"], pr08["previous"]) == (19.0, 50.0, 35.0)
    assert pr08["commentary"] == "Up from 35%.\nReviewed monthly."
    assert frame.iloc[1]["value"] == 599.0
    assert math.isnan(frame.iloc[3]["value"])
    assert list(frame["no_figure"]) == [None, None, None, "measure being developed"]
    assert frame["count"].isna().all() and frame["count"].dtype == "float64"
    assert book.settings == Settings("Devon", "November 2023", 147541.0, 0.05)
    assert book.problems == ()
    assert book.source == str(path)
    layout = book.layout
    assert (layout.sheet, layout.header_row, layout.rows, layout.last_column) == (
        "Measures",
        3,
        (4, 5, 6, 7),
        17,
    )
    assert layout.columns["value"] == 6
    assert layout.columns["actual_numbers"] == 10
    assert layout.columns["commentary"] == 17


OFFICER_HEADERS = ("Good is", "Ref", "Performance Indicator", "Latest", "Apr", "SN", "Target")


def officer_workbook(tmp_path, **options):
    above = [
        ("[logo]",),
        ("Devon County Council",),
        ("Children's services performance", None, "Reporting period", "Nov 2023"),
        ("Population 0-17", 147541),
        (),
    ]
    rows = [
        (None, None, "Volume of Activity"),
        ("Context", "VA01", "Contacts to children's social care (per 10,000)", 439, 420, 500),
        ("None", "VA02", "Number of referrals", 599, 610, None, None),
        (),
        ("Process",),
        ("Low", "PR08", "% children starting a CP plan again", 38, 35, 24, 24),
        ("High", "PR04", "Assessments in 45 days", PCT(0.79, "0%"), None, 0.8, None),
        ("High", "ST03", "Supervisions up to date", 91, None, None, 95),
        (None, None, "Total", 1167),
        ("Source: DfE Children in need 2023", None),
        ("Note: figures are provisional",),
        (None, None, None, None, None, None, None, "checked by AB"),
    ]
    path = write_measures_workbook(
        tmp_path / "officer.xlsx",
        rows,
        headers=OFFICER_HEADERS,
        above=above,
        first_column=2,
        **options,
    )
    return path


def test_an_officer_s_own_layout(tmp_path):
    book = read_workbook(officer_workbook(tmp_path, hidden_rows=[12]))
    frame = book.frame
    assert list(frame["id"]) == ["VA01", "VA02", "PR08", "PR04", "ST03"]
    assert list(frame["section"]) == ["Volume of Activity"] * 2 + ["Process"] * 3
    assert list(frame["unit"]) == [
        Unit.RATE_PER_10K,
        Unit.COUNT,
        Unit.PERCENT,
        Unit.PERCENT,
        None,
    ]
    assert list(frame["value"]) == [439.0, 599.0, 38.0, 79.0, 91.0]
    assert list(frame["polarity"]) == [Polarity.NONE] * 2 + [
        Polarity.LOWER_BETTER,
        Polarity.HIGHER_BETTER,
        Polarity.HIGHER_BETTER,
    ]
    assert book.layout.header_row == 6
    assert book.layout.rows == (8, 9, 12, 13, 14)
    assert book.layout.columns == {
        "polarity": 2,
        "id": 3,
        "measure": 4,
        "value": 5,
        "statistical_neighbours": 7,
        "target": 8,
    }
    assert book.layout.last_column == 8
    assert (book.settings.period, book.settings.population) == ("Nov 2023", 147541.0)
    assert [str(p) for p in book.problems] == [
        f'{tmp_path / "officer.xlsx"}: Measures!F6: "Apr" is not a column the tool reads: '
        "it is left as it is",
        f'{tmp_path / "officer.xlsx"}: Measures!D14: the unit of "Supervisions up to date" is '
        "not known: give it in a Unit column (Rate per 10,000, Percentage, Number or Average); "
        "it is read as a number",
    ]
    assert all(p.severity is Severity.WARNING for p in book.problems)


def test_columns_the_tool_wrote_on_an_earlier_run_are_found_to_overwrite(tmp_path):
    from xl_tools.model import WRITTEN_HEADERS
    from xl_tools.pipeline import RunOptions, build_workbook

    path = write_measures_workbook(
        tmp_path / "m.xlsx", [("Number of referrals", 599)], headers=("Measure", "Value")
    )
    built = build_workbook(path, out=tmp_path / "built.xlsx", options=RunOptions()).target
    book = read_workbook(built)
    assert book.layout.columns == {
        "measure": 1,
        "value": 2,
        **{field: 3 + offset for offset, field in enumerate(WRITTEN_HEADERS)},
    }
    assert book.layout.last_column == 2 + len(WRITTEN_HEADERS)


def test_an_extra_header_name_and_a_chosen_sheet(tmp_path):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [("Number of referrals", 599)],
        headers=("Measure", "Nov 23"),
        sheet="Nov",
        more_sheets={"Oct": [("Measure", "Value"), ("Number of referrals", 580)]},
    )
    book = read_workbook(path, sheet="nov", extra_headers={"value": ["Nov 23"]})
    assert (book.layout.sheet, list(book.frame["value"])) == ("Nov", [599.0])


def test_the_tool_s_board_is_never_read_and_an_xlsm_is_read(tmp_path):
    board = [
        ("Children's social care performance measures: Devon, November 2023",),
        ("Measure", "Value"),
        ("Number of referrals", 599),
    ]
    path = write_measures_workbook(
        tmp_path / "m.xlsm",
        [("Number of referrals", 599)],
        headers=("Measure", "Value"),
        more_sheets={"Board": board},
    )
    assert read_workbook(path).layout.sheet == "Measures"


def test_overrides_win_over_the_workbook_settings(tmp_path):
    path = write_measures_workbook(tmp_path / "m.xlsx", template_rows(), settings=TEMPLATE_SETTINGS)
    overrides = SettingsOverrides(period="December 2023", population=150000.0)
    settings = read_workbook(path, overrides=overrides).settings
    assert settings == Settings("Devon", "December 2023", 150000.0, 0.05)


# Every error, with its message pinned.


def test_a_missing_file(tmp_path):
    path = tmp_path / "nowhere.xlsx"
    with pytest.raises(WorkbookNotFoundError) as caught:
        read_workbook(path)
    assert str(caught.value) == f"{path}: no such file"
    assert caught.value.problems[0].code is ProblemCode.FILE_NOT_FOUND


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "really-text.xlsx",
            "is not an Excel .xlsx/.xlsm workbook (it may be an older .xls renamed, "
            "password-protected, or another kind of file): save it from Excel as .xlsx",
        ),
        (
            "measures.csv",
            "is not an Excel workbook the tool can read (.csv): save it from Excel as .xlsx "
            "or .xlsm",
        ),
    ],
)
def test_a_file_that_is_not_a_workbook(tmp_path, name, message):
    path = write_text_file(tmp_path / name)
    with pytest.raises(NotAWorkbookError) as caught:
        read_workbook(path)
    assert str(caught.value) == f"{path}: {message}"
    assert caught.value.problems[0].code is ProblemCode.NOT_A_WORKBOOK


def test_a_damaged_workbook(tmp_path):
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook inside")
    with pytest.raises(NotAWorkbookError) as caught:
        read_workbook(path)
    assert str(caught.value) == (
        f"{path}: is damaged and cannot be read as a workbook: open it in Excel and save it again"
    )


def test_a_folder_is_not_a_workbook(tmp_path):
    with pytest.raises(NotAWorkbookError) as caught:
        read_workbook(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a folder, not a workbook"


def test_a_locked_workbook(tmp_path, monkeypatch):
    path = write_measures_workbook(tmp_path / "m.xlsx", template_rows())

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("xl_tools.read.xlsx.Workbook.open", refuse)
    with pytest.raises(WorkbookLockedError) as caught:
        read_workbook(path)
    assert str(caught.value) == (
        f"{path}: cannot be opened: permission denied (is it open in another program?)"
    )


def test_a_workbook_with_no_measures_table(tmp_path):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [("Number of referrals", 610)],
        headers=("Measure", "Target"),
        more_sheets={"Notes": [("Read me",)]},
    )
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path)
    assert str(caught.value) == (
        f"{path}: no measures table found: no header row with a Measure column and a Value "
        "column (or Numerator, Denominator or Count) in the first 30 rows of any sheet "
        "(looked at: Measures, Notes)"
    )
    assert caught.value.problems[0].code is ProblemCode.NO_MEASURES_TABLE


def test_a_chosen_sheet_with_no_measures_table(tmp_path):
    path = write_measures_workbook(
        tmp_path / "m.xlsx", template_rows(), more_sheets={"Notes": [("Read me",)]}
    )
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path, sheet="Notes")
    assert str(caught.value) == (
        f"{path}: no measures table found: no header row with a Measure column and a Value "
        'column (or Numerator, Denominator or Count) in the first 30 rows of sheet "Notes"'
    )


def test_a_chosen_sheet_that_does_not_exist(tmp_path):
    path = write_measures_workbook(tmp_path / "m.xlsx", template_rows(), settings={})
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path, sheet="November")
    assert str(caught.value) == (
        f'{path}: has no sheet named "November" (its sheets: "Measures", "Settings")'
    )
    assert caught.value.problems[0].code is ProblemCode.NO_MEASURES_TABLE


def test_several_tables(tmp_path):
    copy = [("Measure", "Value"), ("Number of referrals", 580)]
    path = write_measures_workbook(
        tmp_path / "m.xlsx", template_rows(), more_sheets={"Copy of Measures": copy}
    )
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path)
    assert str(caught.value) == (
        f'{path}: several sheets hold a measures table ("Measures", "Copy of Measures"): '
        "choose one with --sheet"
    )
    assert caught.value.problems[0].code is ProblemCode.SEVERAL_TABLES
    assert read_workbook(path, sheet="Copy of Measures").frame["value"].tolist() == [580.0]


def test_a_hidden_copy_of_the_table_is_not_a_second_table(tmp_path):
    copy = [("Measure", "Value"), ("Number of referrals", 580)]
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        template_rows(),
        settings=TEMPLATE_SETTINGS,
        more_sheets={"Last month": copy},
        hidden_sheets=["Last month"],
    )
    assert read_workbook(path).layout.sheet == "Measures"
    assert read_workbook(path, sheet="Last month").frame["value"].tolist() == [580.0]


def test_headers_with_no_measures_under_them(tmp_path):
    path = write_measures_workbook(tmp_path / "m.xlsx", [], settings=TEMPLATE_SETTINGS)
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path)
    assert str(caught.value) == (
        f"{path}: Measures: the measures table with its headers at A3 holds no measures"
    )


def test_every_unreadable_cell_is_reported_at_once(tmp_path):
    rows = template_rows()
    rows[1] |= {"Value": "twelve", "Target": "#N/A"}
    rows[2] |= {"Unit": "furlongs", "Polarity": "sideways"}
    path = write_measures_workbook(tmp_path / "measures.xlsx", rows, settings=TEMPLATE_SETTINGS)
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path)
    where = f"{path}: Measures!"
    pr08 = '"% children starting a CP plan who have been subject to a previous CP plan"'
    assert str(caught.value).splitlines() == [
        f'{where}F5: "twelve" is not a number (Value of "Number of referrals")',
        f'{where}K5: "#N/A" is an Excel error, not a number (Target of "Number of referrals"): '
        "correct the formula or type the figure",
        f'{where}D6: "furlongs" is not a unit (Unit of {pr08}): '
        "use Rate per 10,000, Percentage, Number or Average",
        f'{where}E6: "sideways" is not a polarity (Polarity of {pr08}): '
        "use Higher is better, Lower is better or None",
    ]
    codes = [problem.code for problem in caught.value.problems]
    assert codes == [
        ProblemCode.BAD_VALUE,
        ProblemCode.BAD_VALUE,
        ProblemCode.BAD_UNIT,
        ProblemCode.BAD_POLARITY,
    ]


def test_warnings_travel_with_the_errors(tmp_path):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [("Supervisions overdue", "lots", 3)],
        headers=("Measure", "Value", "Apr"),
    )
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path)
    severities = [(p.code, p.severity) for p in caught.value.problems]
    assert severities == [
        (ProblemCode.IGNORED_COLUMN, Severity.WARNING),
        (ProblemCode.BAD_UNIT, Severity.WARNING),
        (ProblemCode.BAD_VALUE, Severity.ERROR),
    ]


def test_a_rate_with_no_population(tmp_path):
    rows = [
        ("VA01", "Contacts to children's social care (per 10,000)", 439, None),
        ("VA05", "Section 47 enquiries (per 10,000)", 201, 2966),
        ("VA06", "ICPCs (per 10,000)", 51, None),
        ("VA07", "Children in need (per 10,000)", "c", None),
    ]
    path = write_measures_workbook(
        tmp_path / "m.xlsx", rows, headers=("ID", "Measure", "Value", "Count")
    )
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path)
    assert str(caught.value) == (
        f"{path}: Measures: no 0-17 child population is given, so the number of children "
        "behind the rates per 10,000 cannot be worked out (\"Contacts to children's social "
        'care (per 10,000)", "ICPCs (per 10,000)"): fill in "Population 0-17" on the '
        "Settings sheet, give a Count for each rate, or give --population"
    )
    assert caught.value.problems[0].code is ProblemCode.NO_POPULATION
    given = read_workbook(path, overrides=SettingsOverrides(population=147541))
    assert given.settings.population == 147541.0


def test_a_rate_kept_with_its_children_or_its_population_needs_no_population_setting(tmp_path):
    rows = [
        ("VA01", "Contacts (per 10,000)", 439, 6477, None),  # the children behind it
        ("VA05", "Section 47 enquiries (per 10,000)", 201, None, 147541),  # its population
    ]
    path = write_measures_workbook(
        tmp_path / "m.xlsx", rows, headers=("ID", "Measure", "Value", "Numerator", "Denominator")
    )
    assert read_workbook(path).settings.population is None  # and no problem raised


def test_a_formula_with_no_saved_result(tmp_path):
    rows = [("Number of referrals", "=SUM(D3:D4)", 300, 299), ("Number of contacts", 1, 2, 3)]
    path = write_measures_workbook(
        tmp_path / "m.xlsx", rows, headers=("Measure", "Value", "Apr", "May")
    )
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path)
    errors = [p for p in caught.value.problems if p.severity is Severity.ERROR]
    assert [str(p) for p in errors] == [
        f"{path}: Measures!B4: is a formula with no saved result (Value of "
        '"Number of referrals"): open and save the file in Excel, or type the figure'
    ]
    assert errors[0].code is ProblemCode.NO_CACHED_VALUE


def _save_results(path, results):
    """Rewrite a workbook as Excel would have saved it: each formula cell with its result."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # openpyxl writes an empty value as <v></v> with lxml installed and as <v /> without.
    sheet = parts["xl/worksheets/sheet1.xml"].decode().replace("<v></v>", "<v />")
    for formula, saved in results.items():
        assert formula in sheet
        sheet = sheet.replace(formula, saved)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formulas_with_saved_results_read_as_their_results(tmp_path):
    rows = [("Number of referrals", "=1+1", '=""', "=2+2")]
    path = write_measures_workbook(
        tmp_path / "m.xlsx", rows, headers=("Measure", "Value", "Target", "Previous"), above=()
    )
    _save_results(
        path,
        {
            '<c r="B2"><f>1+1</f><v /></c>': '<c r="B2"><f>1+1</f><v>599</v></c>',
            '<c r="C2"><f>""</f><v /></c>': '<c r="C2" t="str"><f>""</f><v></v></c>',
            '<c r="D2"><f>2+2</f><v /></c>': '<c r="D2"><f>2+2</f></c>',
        },
    )
    with pytest.raises(MeasuresTableError) as caught:
        read_workbook(path)
    assert [p.cell for p in caught.value.problems] == ["D2"]
    _save_results(path, {'<c r="D2"><f>2+2</f></c>': '<c r="D2"><f>2+2</f><v>4</v></c>'})
    frame = read_workbook(path).frame
    assert (frame["value"][0], frame["previous"][0]) == (599.0, 4.0)
    assert math.isnan(frame["target"][0])


# Where the table ends, and what inside it is not a measure.

BELOW_THE_TABLE = {
    "a second table": [(), ("Indicator", "2021", "2022"), ("Children in need", 3120, 3264)],
    "a key": [("RAG key",), ("Red", "Below target")],
    "a source line": [("Source: DfE",), ("Red", "Below target")],
    "settings": [("Population 0-17", 147541), ("Reporting period", "Nov 2023")],
    "a lone setting label": [("Reporting period",), ("Nov 2023",), ("Red", "Below target")],
}


@pytest.mark.parametrize("below", list(BELOW_THE_TABLE.values()), ids=list(BELOW_THE_TABLE))
def test_what_lies_under_the_table_is_not_read_as_measures(tmp_path, below):
    rows = [("Number of referrals", 599), ("Number of contacts", 1200), *below]
    path = write_measures_workbook(tmp_path / "m.xlsx", rows, headers=("Measure", "Value"))
    book = read_workbook(path)
    assert list(book.frame["measure"]) == ["Number of referrals", "Number of contacts"]
    assert book.problems == ()


def test_settings_under_the_table_are_read(tmp_path):
    rows = [("Number of referrals", 599), (), ("Population 0-17", "147,541"), ("Period", "Nov")]
    path = write_measures_workbook(tmp_path / "m.xlsx", rows, headers=("Measure", "Value"))
    settings = read_workbook(path).settings
    assert (settings.population, settings.period) == (147541.0, "Nov")


def test_a_note_above_the_first_measure_does_not_end_the_table(tmp_path):
    rows = [("Note: provisional",), ("Number of referrals", 599)]
    path = write_measures_workbook(tmp_path / "m.xlsx", rows, headers=("Measure", "Value"))
    assert list(read_workbook(path).frame["value"]) == [599.0]


def test_a_section_cell_merged_down_or_typed_once_covers_the_rows_below(tmp_path):
    rows = [
        ("Volume", "Number of referrals", 599),
        (None, "Number of contacts", 1200),
        ("Process", "Number of assessments", 300),
        (None, "Number of plans", 40),
    ]
    path = write_measures_workbook(
        tmp_path / "m.xlsx", rows, headers=("Section", "Measure", "Value"), above=()
    )
    book = openpyxl.load_workbook(path)
    book["Measures"].merge_cells("A2:A3")
    book.save(path)
    frame = read_workbook(path).frame
    assert list(frame["section"]) == ["Volume", "Volume", "Process", "Process"]


def test_a_second_column_of_one_field_and_an_unnamed_row_are_warned_of(tmp_path):
    rows = [("Number of referrals", 599, 600), (None, 12, None)]
    path = write_measures_workbook(
        tmp_path / "m.xlsx", rows, headers=("Measure", "Value", "Latest"), above=()
    )
    book = read_workbook(path)
    assert [str(p) for p in book.problems] == [
        f'{path}: Measures!C1: "Latest" is a second Value column: only the one at B1 is read',
        f"{path}: Measures!A3: has figures in its row but no measure name: the row is skipped",
    ]
    assert [p.code for p in book.problems] == [ProblemCode.IGNORED_COLUMN, ProblemCode.BAD_VALUE]
    assert all(p.severity is Severity.WARNING for p in book.problems)


def test_extra_header_names_for_an_unknown_field_name_the_workbook(tmp_path):
    path = write_measures_workbook(tmp_path / "m.xlsx", template_rows())
    with pytest.raises(SettingsError) as caught:
        read_workbook(path, extra_headers={"colour": ["Colour"]})
    assert str(caught.value).startswith(
        f'{path}: header names are given for "colour", which is not a column the tool knows'
    )
