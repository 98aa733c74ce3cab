"""`xl-tools comparators`: DfE's published figures filled into an officer's workbook.

The figures expected are the shipped data's own (`xl_tools.published`), worked out by the
tests' hand elsewhere (tests/test_published_*.py); here the command is checked for what
it writes where: units as the workbook keeps them, columns added when missing, only its
own cells changed, the measures it leaves and why, and every error in one line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.board_sheet import load_board
from tests.libreoffice import convert_to_pdf, require_tools
from tests.scripts import REPO
from tests.workbooks import TEMPLATE_HEADERS, Formatted, write_measures_workbook
from tests.xlsx_parts import differing_parts
from xl_tools.cli import main
from xl_tools.published import find_authority, indicator, published_comparators, shipped

TEMPLATE = REPO / "workbook_templates" / "measures_template.xlsx"
EXAMPLE = REPO / "examples" / "devon_november_2023.xlsx"
COMPARATORS = ("Statistical neighbours", "England", "Region")
# The template's measures DfE publishes figures for, and the catalogue's key of each.
TEMPLATE_LINKS = {
    "VA03": "rereferral_percent",
    "VA07": "cin_rate",
    "VA08": "cp_rate",
    "VA09": "cla_rate",
    "PR07": "cp_two_years_percent",
    "PR08": "cp_subsequent_percent",
    "IM05": "placements_3plus_percent",
    "ST01": "agency_rate",
    "ST02": "caseload",
}
PERCENT = "0%"


def rows_by_id(path: Path) -> dict[str, dict[str, object]]:
    """Each measure's cells by header, with each cell's number format under (header, "format")."""
    sheet = openpyxl.load_workbook(path)["Measures"]
    header_row = next(r for r in range(1, 30) if sheet.cell(r, 1).value == "ID")
    headers = [cell.value for cell in sheet[header_row]]
    found = {}
    for row in sheet.iter_rows(min_row=header_row + 1):
        if row[0].value is None:
            continue
        cells: dict[str, object] = {}
        for header, cell in zip(headers, row, strict=False):
            cells[header] = cell.value
            cells[header, "format"] = cell.number_format
        found[str(row[0].value)] = cells
    return found


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return Path(shutil.copy(TEMPLATE, tmp_path / "measures.xlsx"))


@pytest.mark.parametrize(
    ("la", "year"),
    [
        ("878", 2023),  # Devon
        ("Cumberland", 2025),  # new in 2024: in DfE's 2025 model only
        ("Kingston upon Thames", 2024),  # its workforce figures shared with Richmond
        ("City of London", 2024),  # suppressed figures
        ("Bristol", 2022),  # published as "Bristol, City of"
    ],
)
def test_the_template_is_filled_with_dfes_figures(template, tmp_path, capsys, la, year):
    out = tmp_path / "filled.xlsx"
    assert (
        main(["comparators", str(template), "--la", la, "--year", str(year), "-o", str(out)]) == 0
    )
    authority = find_authority(la)
    rows = rows_by_id(out)
    for measure_id, key in TEMPLATE_LINKS.items():
        # Cumberland is in DfE's 2025 model only, which the command then uses for every year.
        grouping = 2025 if la == "Cumberland" else None
        published = published_comparators(
            shipped(), indicator(key), authority, year, grouping=grouping
        )
        row = rows[measure_id]
        percent = row["Value", "format"] == PERCENT
        for header, figure in zip(
            COMPARATORS,
            (published.statistical_neighbours, published.england, published.region),
            strict=True,
        ):
            if figure is None:
                assert row[header] is None, (measure_id, header)
            elif percent:
                assert row[header] == pytest.approx(figure / 100), (measure_id, header)
                assert row[header, "format"] == PERCENT
            else:
                assert row[header] == pytest.approx(figure), (measure_id, header)
        assert row["Comparator source"] == published.source
    printed = capsys.readouterr().out.splitlines()
    assert (
        printed[0]
        == f"{authority.name} ({authority.code}): 15 measures filled from DfE's published figures"
    )
    assert printed[-1] == f"{template} -> {out}"


def test_every_authority_gets_england_and_its_region(template, tmp_path):
    """Every English LA of 2025, in DfE's grouping of its year: no error, every figure there."""
    from xl_tools.dfe_comparators import ComparatorOptions, fill_comparators
    from xl_tools.pipeline import RunOptions

    codes = sorted(code for code in shipped().areas() if shipped().neighbours(code, 2025))
    assert len(codes) == 153
    out = tmp_path / "out.xlsx"
    for code in codes[::10]:  # a spread of them written; every one planned below
        fill_comparators(
            template,
            out=out,
            options=RunOptions(),
            comparators=ComparatorOptions(la=code, year=2025),
        )
        assert {rows_by_id(out)["VA07"]["England"]} == {indicator_figure("cin_rate", "E92000001")}
    from xl_tools.published.filling import FillRequest, plan_fill

    records = [{"id": i, "measure": None, "unit": None} for i in TEMPLATE_LINKS]
    for code in codes:
        fills, left = plan_fill(records, shipped(), FillRequest(find_authority(code), 2025), None)
        assert not left
        assert all(fill.comparators.england is not None for fill in fills)
        assert all(fill.comparators.region is not None for fill in fills), code


def indicator_figure(key: str, area: str, year: int = 2025) -> float | None:
    return shipped().figure(key, year, area).value


def test_the_example_is_what_the_command_makes_of_its_figures(tmp_path):
    """Filling the shipped example again changes no figure: it holds DfE's 2022-23 ones."""
    out = tmp_path / "again.xlsx"
    assert main(["comparators", str(EXAMPLE), "--la", "Devon", "-o", str(out)]) == 0
    assert differing_parts(out, EXAMPLE) == []


# Units follow the workbook.


def test_a_percentage_follows_its_cell_or_else_the_value_cell(tmp_path):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [
            # formatted as a percentage in its own cell
            {
                "ID": "PR08",
                "Measure": "% subsequent CP plans",
                "Unit": "Percentage",
                "Value": Formatted(0.38, "0%"),
                "Statistical neighbours": Formatted(None, "0.0%"),
            },
            # a blank cell beside a Value formatted as a percentage
            {
                "ID": "VA03",
                "Measure": "% repeat referrals",
                "Unit": "Percentage",
                "Value": Formatted(0.22, "0.0%"),
            },
            # points throughout
            {"ID": "PR07", "Measure": "% CP plans 2 years plus", "Unit": "Percentage", "Value": 2},
            {"ID": "VA07", "Measure": "CIN per 10,000", "Unit": "Rate per 10,000", "Value": 259},
        ],
        settings={"Authority": "Devon", "Reporting period": "November 2023"},
    )
    assert main(["comparators", str(path), "--in-place"]) == 0
    rows = rows_by_id(path)
    assert rows["PR08"]["England"] == pytest.approx(0.236)
    assert rows["PR08"]["England", "format"] == "0%"  # the Value cell's format
    assert rows["VA03"]["England"] == pytest.approx(0.224)
    assert rows["VA03"]["England", "format"] == "0.0%"
    assert rows["PR07"]["England"] == pytest.approx(2.2)
    assert rows["VA07"]["England"] == pytest.approx(338.7)


def test_columns_missing_are_added_at_the_right_and_libreoffice_opens_it(tmp_path):
    require_tools()
    path = write_measures_workbook(
        tmp_path / "own.xlsx",
        [["CIN per 10,000", "Rate per 10,000", 259, "Ours"]],
        headers=("Measure", "Unit", "Value", "Notes"),
        settings={"Authority": "Devon", "Reporting period": "November 2023"},
    )
    out = tmp_path / "out.xlsx"
    assert main(["comparators", str(path), "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out)["Measures"]
    assert [c.value for c in sheet[3]] == [
        "Measure",
        "Unit",
        "Value",
        "Notes",
        *COMPARATORS,
        "Comparator source",
    ]
    assert [c.value for c in sheet[4]] == [
        "CIN per 10,000",
        "Rate per 10,000",
        259,
        "Ours",
        325,
        338.7,
        309.1,
        "DfE CIN census 2022-23; SN mean of 10 (2021 groupings)",
    ]
    assert convert_to_pdf(out, tmp_path / "pdf").stat().st_size > 0


def test_only_the_filled_cells_change(template, tmp_path):
    out = tmp_path / "out.xlsx"
    assert (
        main(["comparators", str(template), "--la", "878", "--year", "2023", "-o", str(out)]) == 0
    )
    assert set(differing_parts(out, template)) <= {"xl/worksheets/sheet1.xml", "xl/styles.xml"}
    before, after = rows_by_id(template), rows_by_id(out)
    filled = {
        (measure_id, header)
        for measure_id, row in after.items()
        for header in (*COMPARATORS, "Comparator source")
        if row.get(header) != before[measure_id].get(header)
    }
    assert {measure_id for measure_id, _ in filled} == {
        *TEMPLATE_LINKS,
        "IM12",
        "IM13",
        "IM14",
        "IM15",
        "IM16",
        "IM17",
    }
    for measure_id, row in after.items():
        for header, value in row.items():
            if isinstance(header, str) and (measure_id, header) not in filled:
                assert value == before[measure_id].get(header), (measure_id, header)


# What is left, and why.


def test_a_flow_measure_is_filled_only_over_the_year(tmp_path, capsys):
    rows = [
        {"ID": "PR09", "Measure": "CiC starts (per 10,000)", "Value": 20},
        {
            "ID": "X1",
            "Measure": "CLA starts per 10,000",
            "Basis": "Rolling 12 months",
            "DfE measure": "cla_starts_rate",
            "Value": 24,
        },
    ]
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        rows,
        headers=("ID", "Measure", "Basis", "DfE measure", "Value", "Statistical neighbours"),
        settings={"Authority": "Devon", "Reporting period": "November 2023"},
    )
    assert main(["comparators", str(path), "--in-place"]) == 0
    filled = rows_by_id(path)
    assert filled["PR09"]["Statistical neighbours"] is None
    assert filled["X1"]["Statistical neighbours"] == 27
    assert capsys.readouterr().out.splitlines()[:3] == [
        "Devon (878): 1 measures filled from DfE's published figures",
        "  X1: DfE CLA return 2022-23; SN mean of 10 (2021 groupings)",
        '  PR09 left: DfE counts "Children starting to be looked after per 10,000" over the '
        "year, and this figure is for the month: give it a Basis of Year or Rolling 12 months "
        "if it is over the year",
    ]


def test_in_touch_unit_and_year_are_said(tmp_path, capsys):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [
            {"ID": "IM09", "Measure": "% Care Leavers in Touch", "Unit": "Percentage"},
            {
                "ID": "VA09",
                "Measure": "Children looked after at period end",
                "Unit": "Number",
                "DfE measure": "cla_rate",
            },
            {
                "ID": "IM05",
                "Measure": "% children who had three or more placements in the year",
                "Unit": "Percentage",
            },
        ],
        headers=(*TEMPLATE_HEADERS, "DfE measure"),
        settings={"Authority": "Devon"},
    )
    assert main(["comparators", str(path), "--year", "2019", "-o", str(tmp_path / "o.xlsx")]) == 0
    assert capsys.readouterr().out.splitlines()[1:4] == [
        "  IM09 left: DfE publishes no 'in touch' figure for local authorities",
        '  VA09 left: its unit is a number, and DfE publishes "Children looked after per 10,000 '
        'at 31 March" as a rate per 10,000',
        "  IM05 left: the published figures have CLA return figures for 2020-21 to 2024-25, "
        "not 2018-19",
    ]


def test_the_year_is_the_newest_out_by_the_reporting_period(tmp_path, capsys):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [
            {"ID": "VA07", "Measure": "CIN per 10,000", "DfE measure": "cin_rate"},
            {"ID": "VA09", "Measure": "CLA per 10,000", "DfE measure": "cla_rate"},
            {"ID": "ST02", "Measure": "Average caseloads", "DfE measure": "caseload"},
        ],
        headers=("ID", "Measure", "DfE measure", "Value", "Statistical neighbours"),
        settings={"Authority": "Devon", "Reporting period": "October 2024"},
    )
    assert main(["comparators", str(path), "--in-place", "--average", "median"]) == 0
    assert capsys.readouterr().out.splitlines()[1:4] == [
        "  VA07: DfE CIN census 2023-24; SN median of 10 (2021 groupings)",  # out in October
        "  VA09: DfE CLA return 2022-23; SN median of 10 (2021 groupings)",  # in November
        "  ST02: DfE CSWW census Sep 2023; SN median of 10 (2021 groupings)",
    ]


def test_the_2025_model_when_asked(template, tmp_path, capsys):
    args = ["comparators", str(template), "--la", "878", "--year", "2023", "--neighbours", "2025"]
    assert main([*args, "-o", str(tmp_path / "o.xlsx")]) == 0
    assert "  VA07: DfE CIN census 2022-23; SN mean of 10 (2025 groupings)" in (
        capsys.readouterr().out.splitlines()
    )


# Errors: one line each, nothing written.


@pytest.mark.parametrize(
    ("args", "settings", "message"),
    [
        (
            ["--la", "Devn"],
            {},
            '{path}: no English local authority is called "Devn": '
            "give its DfE number (such as 878) or its name",
        ),
        (
            [],
            {},
            "{path}: no authority is given for DfE's comparators: "
            "give --la with its DfE number (such as 878) or name, or fill in Authority in the "
            "Settings sheet",
        ),
        (
            ["--la", "942", "--neighbours", "2021", "--year", "2024"],
            {},
            "{path}: Cumberland is not in DfE's 2021 statistical "
            "neighbour groupings: use --neighbours 2025",
        ),
    ],
)
def test_errors_are_one_line_and_nothing_is_written(tmp_path, capsys, args, settings, message):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [{"ID": "VA07", "Measure": "CIN per 10,000", "DfE measure": "cin_rate"}],
        headers=("ID", "Measure", "DfE measure", "Value"),
        settings=settings,
    )
    before = path.read_bytes()
    assert main(["comparators", str(path), *args]) == 1
    assert capsys.readouterr().err.splitlines() == [message.format(path=path)]
    assert path.read_bytes() == before
    assert not (tmp_path / "m-comparators.xlsx").exists()


def test_a_year_that_is_not_one_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["comparators", "m.xlsx", "--year", "23"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        'xl-tools comparators: error: argument --year: "23" is not a year: give the year '
        "ending 31 March, such as 2023"
    )


# Newer figures read from EES downloads.

EES_COLUMNS = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name"
)


def write_ees(folder: Path) -> Path:
    """A CIN census file and the ONS populations for 2026: England, the South West, Devon
    and two of its neighbours."""
    folder.mkdir()
    places = [
        ("National", "", "", "", "", "", 400000, 12000000),
        ("Regional", "E12000009", "South West", "", "", "", 30000, 1000000),
        ("Local authority", "E12000009", "South West", "878", "E10000008", "Devon", 4500, 150000),
        (
            "Local authority",
            "E12000009",
            "South West",
            "933",
            "E10000027",
            "Somerset",
            3000,
            100000,
        ),
        (
            "Local authority",
            "E12000005",
            "West Midlands",
            "893",
            "E06000051",
            "Shropshire",
            "c",
            60000,
        ),
    ]
    b1 = [f"{EES_COLUMNS},At31_episodes"]
    ons = [f"{EES_COLUMNS},age_group,population_estimate"]
    for level, region, region_name, code, gss, name, count, population in places:
        place = f"{level},E92000001,England,{region},{region_name},{code},{gss},{name}"
        b1.append(f"2026,Reporting year,{place},{count}")
        ons.append(f"2025,Reporting year,{place},Children aged 0 to 17 years,{population}")
    (folder / "b1_children_in_need_2013_to_2026.csv").write_text("\n".join(b1) + "\n")
    (folder / "ons_mid-year_population_estimates_2012_to_2025.csv").write_text(
        "\n".join(ons) + "\n"
    )
    return folder


def test_newer_figures_from_ees_downloads(tmp_path, capsys):
    data = write_ees(tmp_path / "ees")
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [{"ID": "VA07", "Measure": "CIN per 10,000", "DfE measure": "cin_rate", "Value": 290}],
        headers=("ID", "Measure", "DfE measure", "Value"),
        settings={"Authority": "Devon", "Reporting period": "November 2026"},
    )
    assert main(["comparators", str(path), "--in-place", "--data", str(data)]) == 0
    row = rows_by_id(path)["VA07"]
    # Somerset's 300.0 alone: Shropshire's figure is suppressed, the others have no row.
    assert [row[h] for h in COMPARATORS] == [300, pytest.approx(333.3), 300]
    assert row["Comparator source"] == "DfE CIN census 2025-26; SN mean of 1 (2025 groupings)"


def test_a_folder_without_ees_files_is_one_line(tmp_path, capsys):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [{"ID": "VA07", "Measure": "CIN per 10,000"}],
        settings={"Authority": "Devon"},
    )
    (tmp_path / "empty").mkdir()
    assert main(["comparators", str(path), "--data", str(tmp_path / "empty")]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{path}: ")
    assert str(tmp_path / "empty") in line


# One run: comparators, then the board.


def test_build_with_comparators(template, tmp_path, capsys):
    out = tmp_path / "board.xlsx"
    args = ["build", str(EXAMPLE), "--comparators", "--la", "878", "-o", str(out)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "15 measures filled from DfE's published figures"
    assert lines[-1] == f"{EXAMPLE} -> {out}"
    board = load_board(out)
    texts = [str(c.value) for row in board.iter_rows() for c in row if c.value is not None]
    assert any(
        text.startswith("RAG against target") and "Comparators: DfE CIN census 2022-23" in text
        for text in texts
    )


def test_check_names_the_measures_dfe_publishes(capsys):
    assert main(["check", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{EXAMPLE}: 19 measures are DfE published measures:"
    assert '  VA07 (by name): "Children in need per 10,000 at 31 March"' in out
    assert out[-1].startswith('  ST02 (by name): "Average caseload')
    assert [line for line in out if "not filled" in line][0].startswith("  PR09 (by name)")


def test_check_as_json_lists_them(capsys):
    import json

    assert main(["check", str(EXAMPLE), "--format", "json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)["workbooks"]
    by_id = {m["id"]: m for m in entry["dfe_measures"]}
    assert by_id["IM09"] == {
        "id": "IM09",
        "measure": "% Care Leavers in Touch",
        "dfe_measure": "care_leavers_in_touch",
        "recognised_by": "name",
        "not_filled": "DfE publishes no 'in touch' figure for local authorities",
    }
    assert by_id["PR08"]["not_filled"] is None


# The catalogue fills what the workbook leaves out.


def test_unit_and_polarity_from_the_catalogue_are_said(tmp_path, capsys):
    path = write_measures_workbook(
        tmp_path / "m.xlsx",
        [
            {"Measure": "Caseload", "DfE measure": "caseload", "Value": 17, "Target": 15},
            {"Measure": "Something", "DfE measure": "not a measure", "Value": 3},
        ],
        headers=("Measure", "DfE measure", "Polarity", "Value", "Target"),
    )
    assert main(["check", str(path)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert (
        f'warning [from-dfe-catalogue]: {path}: Measures!A4: the unit of "Caseload" is not '
        'given: taken as an average, as DfE publishes "Average caseload per case-holding child '
        'and family social worker (FTE) at 30 September"' in err
    )
    assert (
        f'warning [from-dfe-catalogue]: {path}: Measures!C4: the polarity of "Caseload" is '
        "not given: taken as lower is better, as for DfE's \"Average caseload per case-holding "
        'child and family social worker (FTE) at 30 September"' in err
    )
    assert (
        f'warning [unknown-dfe-measure]: {path}: Measures!B5: "not a measure" is not one of '
        'DfE\'s published measures the tool knows (DfE measure of "Something"): give a name '
        "from the README's catalogue, or leave it blank" in err
    )


def test_the_readme_catalogue_is_the_catalogue():
    from tests.catalogue_table import catalogue_table

    assert catalogue_table() in (REPO / "README.md").read_text(encoding="utf-8")
