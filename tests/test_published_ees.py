"""Reading a folder of DfE's EES downloads, and rebuilding the package's data files from one.

The fixtures are small EES files written here, as the full downloads come: extra columns,
extra breakdown rows, a byte-order mark, Inner and Outer London rows, a shared workforce row.
"""

from __future__ import annotations

import csv

import pytest

from xl_tools.published import (
    Area,
    Figure,
    PublishedDataError,
    find_authority,
    read_ees,
    shipped,
)
from xl_tools.published.rebuild import main, source_of

GEOGRAPHY = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
]
ENGLAND = ("National", "", "", "", "", "")
SOUTH_WEST = ("Regional", "E12000009", "South West", "", "", "")
LONDON = ("Regional", "E12000007", "London", "", "", "")
INNER_LONDON = ("Regional", "E13000001", "Inner London", "", "", "")
DEVON = ("Local authority", "E12000009", "South West", "878", "E10000008", "Devon")
CAMDEN = ("Local authority", "E13000001", "Inner London", "202", "E09000007", "Camden")
SHARED = (
    "Local authority",
    "E13000002",
    "Outer London",
    "314 / 318",
    "E09000021 / E09000027",
    "Kingston upon Thames / Richmond upon Thames",
)


def _write(folder, name, columns, rows, *, bom=False):
    path = folder / name
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow([*GEOGRAPHY, *columns])
        for year, place, *cells in rows:
            level, region, region_name, code, gss, la_name = place
            writer.writerow(
                [year, "Reporting year", level, "E92000001", "England", region, region_name,
                 code, gss, la_name, *cells]
            )  # fmt: skip
    return path


def _cin_files(folder):
    """b1 (with a BOM and the full file's extra columns), ONS (with another age group), c1."""
    _write(
        folder,
        "b1_children_in_need_2013_to_2024.csv",
        ["category", "Anypoint_episodes", "At31_episodes"],
        [
            (2023, ENGLAND, "Children in Need", "750000", "403090"),
            (2023, SOUTH_WEST, "Children in Need", "60000", "30000"),
            (2023, INNER_LONDON, "Children in Need", "40000", "20000"),
            (2023, DEVON, "Children in Need", "9000", "4366"),
            (2023, CAMDEN, "Children in Need", "2000", "c"),
            (2024, DEVON, "Children in Need", "9000", "4400"),
        ],
        bom=True,
    )
    age = "Children aged 0 to 17 years"
    _write(
        folder,
        "ons_mid-year_population_estimates_2012_to_2023.csv",
        ["age_group", "population_estimate"],
        [
            (2022, ENGLAND, age, "11901267"),
            (2022, SOUTH_WEST, age, "1000000"),
            (2022, DEVON, age, "146714"),
            (2022, DEVON, "Children aged 0 to 4 years", "30000"),
        ],
    )
    _write(
        folder,
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2024.csv",
        ["referral_count", "rereferral_count", "rereferral_percent", "no_further_action_count"],
        [(2023, DEVON, "6967", "1839", "26.4", "12")],
    )


def _care_leaver_file(folder):
    columns = ["care_leaver_age", "breakdown", "care_leaver_count", "care_leaver_percent"]
    rows = []
    for age, eet, total in (("17 to 18 years", 58, 100), ("19 to 21 years", 117, 300)):
        rows += [
            (2023, DEVON, age, "Total", str(total), "100"),
            (2023, DEVON, age, "Total in education, employment or training", str(eet),
             str(round(100 * eet / total))),
            (2023, DEVON, age, "Total information not known", "3", "1"),
        ]  # fmt: skip
    _write(folder, "la_care_leavers_activity.csv", columns, rows, bom=True)


def _workforce_file(folder):
    _write(
        folder,
        "csww_indicators_2017_to_2024.csv",
        ["agency_fte", "inpost_fte", "agency_rate_fte", "case_holders_fte", "cases",
         "caseload_fte", "extra"],
        [
            (2022, SHARED, "24", "137.4", "14.9", "100.5", "1600", "15.9", "1"),
            (2022, DEVON, "low", "300.2", "low", "190.2", "3376", "17.8", "1"),
            (2022, LONDON, "1500.4", "6000.6", "20", "4000", "60000", "15", "1"),
        ],
    )  # fmt: skip


@pytest.fixture
def folder(tmp_path):
    _cin_files(tmp_path)
    _care_leaver_file(tmp_path)
    _workforce_file(tmp_path)
    return tmp_path


def test_rates_are_worked_out_on_the_preceding_year_s_population(folder):
    figures = read_ees(folder)
    assert figures.figure("cin_rate", 2023, "878") == Figure(297.6, None)
    assert figures.figure("cin_rate", 2023, "E92000001") == Figure(338.7, None)
    assert figures.figure("cin_rate", 2023, "E12000009") == Figure(300.0, None)
    # No ONS row for 2023: no population for 2024's rate.
    assert figures.figure("cin_rate", 2024, "878") == Figure(None, "x")
    assert figures.figure("cin_rate", 2023, "202") == Figure(None, "c")
    assert figures.row("cin_rate", 2023, "878").denominator == "146714"
    assert figures.years("cin_rate") == (2023, 2024)


def test_percentages_are_dfe_s_own(folder):
    figures = read_ees(folder)
    assert figures.figure("rereferral_percent", 2023, "878") == Figure(26.4, None)
    assert figures.row("rereferral_percent", 2023, "878").numerator == "1839"


def test_care_leavers_17_to_21_are_the_two_ages_summed(folder):
    figures = read_ees(folder)
    assert figures.figure("care_leavers_eet_17_18", 2023, "878") == Figure(58, None)
    assert figures.figure("care_leavers_eet_19_21", 2023, "878") == Figure(39, None)
    # (58 + 117) / (100 + 300) = 43.75%, a whole number half up.
    assert figures.figure("care_leavers_eet", 2023, "878") == Figure(44, None)
    row = figures.row("care_leavers_eet", 2023, "878")
    assert (row.numerator, row.denominator, row.published) == ("175", "400", "")


def test_the_workforce_census_is_the_next_year_s_and_shared_rows_are_each_la_s(folder):
    figures = read_ees(folder)
    # The census of 30 September 2022 falls in the year ending 31 March 2023.
    assert figures.years("agency_rate") == (2023,)
    for code in ("314", "318"):
        assert figures.figure("agency_rate", 2023, code) == Figure(14.9, None)
        row = figures.row("agency_rate", 2023, code)
        assert (row.numerator, row.denominator) == ("24", "161.4")
        assert figures.figure("caseload", 2023, code) == Figure(15.9, None)
    assert figures.figure("agency_rate", 2023, "878") == Figure(None, "low")
    # DfE's caseload of the unrounded FTEs: 3376 / 190.2 would be 17.7.
    assert figures.figure("caseload", 2023, "878") == Figure(17.8, None)
    assert figures.figure("agency_rate", 2023, "E12000007") == Figure(20, None)


def test_areas_come_from_the_files(folder):
    areas = read_ees(folder).areas()
    assert areas["878"] == Area("878", "Devon", "E10000008", "E12000009", "South West", 2023, 2024)
    assert areas["202"] == Area("202", "Camden", "E09000007", "E12000007", "London", 2023, 2023)
    assert areas["314"] == Area(
        "314", "Kingston upon Thames", "E09000021", "E12000007", "London", 2023, 2023
    )
    assert areas["318"].name == "Richmond upon Thames"
    assert areas["E12000009"] == Area("E12000009", "South West", "E12000009", "", "", 2023, 2023)
    assert areas["E92000001"].name == "England"
    assert "E13000001" not in areas
    assert find_authority("Richmond", read_ees(folder)).code == "318"


def test_missing_files_leave_out_what_they_serve(folder):
    figures = read_ees(folder)
    assert figures.years("cp_rate") == ()
    assert figures.years("cla_rate") == ()
    assert figures.years("care_leavers_suitable_accommodation") == ()
    (folder / "ons_mid-year_population_estimates_2012_to_2023.csv").unlink()
    figures = read_ees(folder)
    # No population: no rates per 10,000 from counts; percentages still.
    assert figures.years("cin_rate") == ()
    assert figures.years("referral_rate") == ()
    assert figures.years("rereferral_percent") == (2023,)


def test_without_sn_files_the_shipped_groupings_stand_in(folder):
    assert read_ees(folder).groupings() == shipped().groupings()


def test_sn_files_in_the_folder_are_read(folder):
    header_2021 = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"]
    for n in range(1, 11):
        header_2021 += [f"SN{n}", "SNP"]
    with (folder / "New_Statistical_Neighbour_Groupings_April_2021.csv").open(
        "w", encoding="utf-8-sig", newline=""
    ) as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow([*header_2021, ""])
        neighbours = [str(code) for code in range(801, 811)]
        writer.writerow(["878", "Devon", "878", "9", "South West"] + _with_bands(neighbours))
        writer.writerows([["", ""], ["", "Old SNs:", ""], ["", ""]])
        writer.writerow(["928", "Northamptonshire", "928", "4", "East Midlands"] + _with_bands(
            [str(code) for code in range(811, 821)]
        ))  # fmt: skip
    header_2025 = ["old_la_code", "la_name", "region_ind", "region_name"]
    for n in range(1, 11):
        header_2025 += [f"SN_{n}", f"SN_{n}P"]
    with (folder / "sn_model_2025_wide.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header_2025)
        writer.writerow(["878", "Devon", "9", "South West"] + _with_bands(neighbours[::-1]))
    figures = read_ees(folder)
    assert figures.groupings() == {
        2021: {"878": tuple(neighbours), "928": tuple(str(code) for code in range(811, 821))},
        2025: {"878": tuple(neighbours[::-1])},
    }


def _with_bands(codes):
    cells = []
    for code in codes:
        cells += [code, "Close "]
    return cells


def test_a_missing_column_is_named_with_the_columns_there_are(folder):
    _write(folder, "d5_cpps_at31march_by_duration_2013_to_2024.csv", ["CPP_At31"], [])
    with pytest.raises(PublishedDataError) as raised:
        read_ees(folder)
    assert str(raised.value) == (
        'd5_cpps_at31march_by_duration_2013_to_2024.csv: no column "2_years_or_more" (its '
        "columns: " + ", ".join(GEOGRAPHY) + ", CPP_At31)"
    )


def test_a_cell_that_is_neither_a_figure_nor_a_code_is_named(folder):
    _write(
        folder,
        "d3_cpps_subsequent_plan_2013_to_2024.csv",
        ["CPP_start", "CPP_subsequent", "CPP_subsequent_percent"],
        [(2023, DEVON, "500", "", "26.7")],
    )
    with pytest.raises(PublishedDataError) as raised:
        read_ees(folder)
    assert str(raised.value) == (
        'd3_cpps_subsequent_plan_2013_to_2024.csv: "" in column CPP_subsequent (878, 2023) is '
        "neither a figure nor a suppression code (c, k, low, u, x, z)"
    )


def test_two_rows_for_one_figure_are_refused(folder):
    _write(
        folder,
        "d3_cpps_subsequent_plan_2013_to_2024.csv",
        ["CPP_start", "CPP_subsequent", "CPP_subsequent_percent", "characteristic"],
        [(2023, DEVON, "500", "130", "26", "Total"), (2023, DEVON, "50", "13", "26", "Male")],
    )
    with pytest.raises(PublishedDataError) as raised:
        read_ees(folder)
    assert str(raised.value) == (
        "d3_cpps_subsequent_plan_2013_to_2024.csv: two rows give CPP_subsequent for 878 in "
        "2023: filter the file to one breakdown"
    )


def test_two_files_of_one_kind_are_refused(folder):
    _cin_files(folder)
    (folder / "b1_children_in_need_2013_to_2024.csv").rename(
        folder / "b1_children_in_need_2013_to_2025.csv"
    )
    _cin_files(folder)
    with pytest.raises(PublishedDataError) as raised:
        read_ees(folder)
    assert str(raised.value) == (
        f"{folder} holds two or more b1_children_in_need files "
        "(b1_children_in_need_2013_to_2024.csv, b1_children_in_need_2013_to_2025.csv): keep one"
    )


def test_a_year_that_is_not_a_year_is_named(folder):
    _write(
        folder, "b1_children_in_need_2013_to_2024.csv", ["At31_episodes"], [("2023/24", DEVON, "1")]
    )
    with pytest.raises(PublishedDataError) as raised:
        read_ees(folder)
    assert str(raised.value) == (
        'b1_children_in_need_2013_to_2024.csv: "2023/24" in column time_period is not a year'
    )


def test_a_sn_file_without_its_columns_is_named(folder):
    (folder / "sn_model_2025_wide.csv").write_text("old_la_code,la_name\n878,Devon\n")
    with pytest.raises(PublishedDataError) as raised:
        read_ees(folder)
    assert str(raised.value) == (
        'sn_model_2025_wide.csv: no column "SN_1" (its columns: old_la_code, la_name)'
    )


def test_a_sn_neighbour_that_is_not_an_la_number_is_named(folder):
    header = ["old_la_code"] + [f"SN_{n}" for n in range(1, 11)]
    (folder / "sn_model_2025_wide.csv").write_text(
        ",".join(header) + "\n878," + ",".join(["801"] * 9 + ["Bristol"]) + "\n"
    )
    with pytest.raises(PublishedDataError) as raised:
        read_ees(folder)
    assert str(raised.value) == (
        'sn_model_2025_wide.csv: "Bristol" in column SN_10 (LA 878) is not an LA number'
    )


def test_a_missing_folder_and_an_empty_one(tmp_path):
    with pytest.raises(PublishedDataError) as raised:
        read_ees(tmp_path / "dfe")
    assert str(raised.value) == f"{tmp_path / 'dfe'}: no such folder"
    (tmp_path / "notes.csv").write_text("a,b\n")
    with pytest.raises(PublishedDataError) as raised:
        read_ees(tmp_path)
    assert str(raised.value).startswith(
        f"{tmp_path} holds none of DfE's files: c1_children_in_need_referrals_and_rereferrals"
        "*.csv, b1_children_in_need*.csv, "
    )


def test_rebuild_writes_the_same_bytes_each_time(folder, tmp_path_factory):
    (folder / "README.md").write_text(
        "- **Source.** GitHub repository `owner/repo`, folder\n  `data-raw/`, commit "
        "`2f5d11a431050523dab58810083259d3313029ae` (27 April 2026).\n"
    )
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    assert main([str(folder), "--out", str(first)]) == 0
    assert main([str(folder), "--out", str(second)]) == 0
    names = sorted(path.name for path in first.iterdir())
    assert names == ["areas.csv", "figures.csv", "neighbours_2021.csv", "neighbours_2025.csv"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    text = (first / "figures.csv").read_text(encoding="utf-8")
    assert "# Files: GitHub repository owner/repo, commit " in text
    assert "# Contains public sector information licensed under the Open Government" in text
    assert "\nindicator,year,area,numerator,denominator,published\n" in text
    assert "\ncin_rate,2023,E92000001,403090,11901267,\n" in text
    assert "\nagency_rate,2023,314,24,161.4,14.9\n" in text


def test_the_source_is_the_readme_s_commit(tmp_path):
    assert source_of(tmp_path) == ""
    (tmp_path / "README.md").write_text("No commit here.\n")
    assert source_of(tmp_path) == ""
    (tmp_path / "README.md").write_text("Files at commit `" + "a" * 40 + "`.\n")
    assert source_of(tmp_path) == "commit " + "a" * 40


def test_rebuild_says_what_is_wrong_in_one_line(tmp_path, capsys):
    assert main([str(tmp_path / "dfe"), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == (
        f"xl_tools.published.rebuild: {tmp_path / 'dfe'}: no such folder\n"
    )
    assert not (tmp_path / "out").exists()
