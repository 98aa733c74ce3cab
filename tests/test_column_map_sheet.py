"""A column map kept in the workbook: the Column map sheet, read as the --map file is."""

from __future__ import annotations

import json

import pytest

from tests.workbooks import write_measures_workbook
from xl_tools.cli import main

OWN_HEADERS = ("KPI ref", "KPI", "Unit", "Nov 23 figure", "Similar LAs")
ROWS = [["VA03", "% repeat referrals", "Percentage", 22, 20]]


def own_workbook(tmp_path, map_rows):
    return write_measures_workbook(
        tmp_path / "own.xlsx",
        ROWS,
        headers=OWN_HEADERS,
        settings={"Authority": "Devon", "Reporting period": "November 2023"},
        more_sheets={"Column map": map_rows} if map_rows is not None else None,
    )


def computed(path, capsys, *args):
    assert main(["compute", str(path), *args]) == 0
    return json.loads(capsys.readouterr().out)["measures"]


def test_the_workbook_map_names_the_columns(tmp_path, capsys):
    path = own_workbook(
        tmp_path,
        [
            ("Field", "Header names"),
            ("ID", "KPI ref"),
            ("measure", "KPI"),
            ("Value", "This month; Nov 23 figure"),
            ("Statistical neighbours", "Similar LAs"),
        ],
    )
    [measure] = computed(path, capsys)
    assert measure["id"] == "VA03"
    assert measure["value"] == 22.0
    assert measure["comparators"]["statistical_neighbours"]["value"] == 20.0


def test_without_the_map_the_table_is_not_found(tmp_path, capsys):
    path = own_workbook(tmp_path, None)
    assert main(["compute", str(path)]) == 1
    assert "no measures table found" in capsys.readouterr().err


def test_names_in_cells_to_the_right_and_a_map_file_together(tmp_path, capsys):
    path = own_workbook(tmp_path, [("measure", "Indicator", "KPI"), ("id", "KPI ref")])
    column_map = tmp_path / "map.toml"
    column_map.write_text('[headers]\nvalue = ["Nov 23 figure"]\n')
    [measure] = computed(path, capsys, "--map", str(column_map))
    assert (measure["id"], measure["value"]) == ("VA03", 22.0)


def test_the_map_sheet_is_never_taken_for_the_measures_table(tmp_path, capsys):
    path = own_workbook(
        tmp_path, [("Measure", "Value"), ("measure", "KPI"), ("value", "Nov 23 figure")]
    )
    [measure] = computed(path, capsys)
    assert measure["measure"] == "% repeat referrals"


@pytest.mark.parametrize(
    ("rows", "messages"),
    [
        (
            [("Field", "Header names"), ("Colour", "Red"), ("Value", None)],
            [
                "error: {path}: 'Column map'!A2: \"Colour\" is not a column the tool reads: "
                "name one of ID, Section, Measure, Unit, Polarity, DfE measure, Basis, Value, "
                "Numerator, Denominator, Count, Target, Statistical neighbours, England, Region, "
                "Comparator source, Previous, Amber threshold, Commentary, Actual numbers",
                "error: {path}: 'Column map'!A3: gives no header name for \"Value\": put them in "
                "the cells to its right",
            ],
        ),
    ],
)
def test_a_wrong_row_is_named_at_its_cell(tmp_path, capsys, rows, messages):
    path = own_workbook(tmp_path, rows)
    assert main(["check", str(path)]) == 1
    err = [
        line.replace("error [bad-setting]: ", "error: ")
        for line in capsys.readouterr().err.splitlines()
    ]
    assert err == [message.format(path=path) for message in messages]
