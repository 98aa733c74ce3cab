"""An authority's published comparators: the SN mean or median, England and region; the
grouping and the year a report uses."""

from __future__ import annotations

import datetime

import pytest

from xl_tools.published import (
    Area,
    Authority,
    Average,
    FigureRow,
    PublishedComparators,
    PublishedDataError,
    PublishedFigures,
    default_grouping,
    default_year,
    find_authority,
    indicator,
    publication,
    published_comparators,
    shipped,
)

ENGLAND, SOUTH_WEST = "E92000001", "E12000009"
TESTSHIRE = Authority("100", "Testshire", SOUTH_WEST, "South West")
CUMBERLAND = Authority("942", "Cumberland", "E12000002", "North West")
NEIGHBOURS_2021 = ("101", "102", "103", "104", "105", "909", "928", "106", "107", "108")
NEIGHBOURS_2025 = ("101", "102", "104", "106", "108", "942", "943", "109", "110", "111")


def _rate(year, area, numerator, denominator="10000"):
    return FigureRow("cin_rate", year, area, numerator, denominator)


def _figures():
    """Testshire's neighbours' CIN rates (count per 10,000 children, so the count is the rate).

    2023 in the 2021 grouping: 10, 20, c, 35, u, 40 (Cumbria 909, still there), no row
    (Northamptonshire 928, gone), 15, x (no population), 50: six figures.
    """
    rows = [
        _rate(2023, "101", "10"),
        _rate(2023, "102", "20"),
        _rate(2023, "103", "c"),
        _rate(2023, "104", "35"),
        _rate(2023, "105", "u"),
        _rate(2023, "909", "40"),
        _rate(2023, "106", "15"),
        _rate(2023, "107", "12", "x"),
        _rate(2023, "108", "50"),
        _rate(2023, "100", "30"),
        _rate(2023, ENGLAND, "338.7"),
        _rate(2023, SOUTH_WEST, "309.1"),
        # 2024: Cumbria is gone; its successors have figures but are not 2021 neighbours.
        _rate(2024, "101", "11"),
        _rate(2024, "102", "c"),
        _rate(2024, "942", "60"),
        _rate(2024, "943", "70"),
        # Whole-number CLA rates whose mean and median fall on a half.
        FigureRow("cla_rate", 2023, "101", "60", "10000", "60"),
        FigureRow("cla_rate", 2023, "102", "61", "10000", "61"),
        # The workforce census of September 2022, DfE's published caseloads.
        *(FigureRow("caseload", 2023, code, "1", "1", "16") for code in NEIGHBOURS_2021[:5]),
        *(FigureRow("caseload", 2023, code, "1", "1", "18") for code in NEIGHBOURS_2021[5:9]),
        FigureRow("caseload", 2023, "108", "1", "1", "x"),
    ]
    areas = [
        Area("100", "Testshire", "E06999999", SOUTH_WEST, "South West", 2013, 2025),
        Area("942", "Cumberland", "E06000063", "E12000002", "North West", 2024, 2025),
    ]
    groupings = {2021: {"100": NEIGHBOURS_2021}, 2025: {"100": NEIGHBOURS_2025, "942": ()}}
    return PublishedFigures(rows, areas, groupings)


@pytest.mark.parametrize(
    ("average", "grouping", "year", "expected"),
    [
        # 10, 20, 35, 40, 15, 50: mean 170 / 6 = 28.33 -> 28.3; median (20 + 35) / 2.
        (Average.MEAN, 2021, 2023, (28.3, 6, "SN mean of 6 (2021 groupings)")),
        (Average.MEDIAN, 2021, 2023, (27.5, 6, "SN median of 6 (2021 groupings)")),
        # 2023 in the 2025 grouping: 10, 20, 35, 15, 50 (942, 943 and the rest have none).
        (Average.MEAN, 2025, 2023, (26.0, 5, "SN mean of 5 (2025 groupings)")),
        (Average.MEDIAN, 2025, 2023, (20.0, 5, "SN median of 5 (2025 groupings)")),
        # 2024: one neighbour of the 2021 grouping has a figure; in the 2025 one, three.
        (Average.MEAN, 2021, 2024, (11.0, 1, "SN mean of 1 (2021 groupings)")),
        (Average.MEAN, 2025, 2024, (47.0, 3, "SN mean of 3 (2025 groupings)")),
        (Average.MEDIAN, 2025, 2024, (60.0, 3, "SN median of 3 (2025 groupings)")),
    ],
)
def test_the_sn_average_leaves_out_neighbours_without_a_figure(average, grouping, year, expected):
    found = published_comparators(
        _figures(), indicator("cin_rate"), TESTSHIRE, year, average=average, grouping=grouping
    )
    period = f"{year - 1}-{year % 100}"
    figure, used, words = expected
    assert (found.statistical_neighbours, found.neighbours_used) == (figure, used)
    assert found.source == f"DfE CIN census {period}; {words}"


@pytest.mark.parametrize("average", list(Average))
def test_the_sn_average_rounds_half_up(average):
    # 60 and 61: 60.5 either way, which is 61 half up (Python's round would give 60).
    found = published_comparators(
        _figures(), indicator("cla_rate"), TESTSHIRE, 2023, average=average, grouping=2021
    )
    assert (found.statistical_neighbours, found.neighbours_used) == (61, 2)
    assert found.source == f"DfE CLA return 2022-23; SN {average} of 2 (2021 groupings)"


def test_england_and_region_are_their_own_figures():
    found = published_comparators(_figures(), indicator("cin_rate"), TESTSHIRE, 2023)
    assert found == PublishedComparators(
        statistical_neighbours=28.3,
        neighbours_used=6,
        england=338.7,
        region=309.1,
        source="DfE CIN census 2022-23; SN mean of 6 (2021 groupings)",
    )


def test_no_neighbour_with_a_figure_is_no_sn_figure():
    found = published_comparators(
        _figures(), indicator("cp_rate"), TESTSHIRE, 2023, average=Average.MEDIAN
    )
    assert found == PublishedComparators(
        None, 0, None, None, "DfE CIN census 2022-23; no SN figure"
    )


def test_the_workforce_source_names_the_census():
    found = published_comparators(_figures(), indicator("caseload"), TESTSHIRE, 2023)
    # Five at 16 and four at 18 (one withheld): 152 / 9 = 16.89.
    assert (found.statistical_neighbours, found.neighbours_used) == (16.9, 9)
    assert found.source == "DfE CSWW census Sep 2022; SN mean of 9 (2021 groupings)"


def test_the_default_grouping_is_the_one_the_year_came_out_with():
    figures = _figures()
    rate = indicator("cin_rate")
    # CIN figures for 2024 came out in October 2024, with the 2021 groupings.
    assert published_comparators(figures, rate, TESTSHIRE, 2024).source.endswith(
        "SN mean of 1 (2021 groupings)"
    )
    assert published_comparators(figures, rate, TESTSHIRE, 2025).source == (
        "DfE CIN census 2024-25; no SN figure"
    )


def test_an_authority_outside_the_grouping_is_told_to_use_the_other():
    with pytest.raises(PublishedDataError) as raised:
        published_comparators(_figures(), indicator("cin_rate"), CUMBERLAND, 2024)
    assert str(raised.value) == (
        "Cumberland is not in DfE's 2021 statistical neighbour groupings: use --neighbours 2025"
    )
    with pytest.raises(PublishedDataError) as raised:
        published_comparators(
            _figures(), indicator("cin_rate"), Authority("201", "City", "", ""), 2025
        )
    assert str(raised.value) == (
        "City is not in DfE's 2025 statistical neighbour groupings: use --neighbours 2021"
    )


def test_in_touch_has_no_comparators_and_says_why():
    found = published_comparators(_figures(), indicator("care_leavers_in_touch"), TESTSHIRE, 2023)
    assert found == PublishedComparators(
        None, 0, None, None, "DfE publishes no 'in touch' figure for local authorities"
    )


@pytest.mark.parametrize(
    ("key", "year", "grouping"),
    [
        ("cin_rate", 2013, 2021),
        ("cin_rate", 2024, 2021),
        ("cin_rate", 2025, 2025),
        ("cp_subsequent_percent", 2025, 2025),
        ("cla_rate", 2024, 2021),
        ("cla_rate", 2025, 2025),
        ("care_leavers_eet", 2025, 2025),
        # Census of September 2024, published February 2025: before the 2025 model.
        ("agency_rate", 2025, 2021),
        ("caseload", 2025, 2021),
        ("caseload", 2026, 2025),
    ],
)
def test_default_grouping(key, year, grouping):
    assert default_grouping(indicator(key), year) == grouping


@pytest.mark.parametrize(
    ("key", "year", "month"),
    [
        ("cin_rate", 2023, datetime.date(2023, 10, 1)),
        ("rereferral_percent", 2025, datetime.date(2025, 10, 1)),
        ("cla_rate", 2023, datetime.date(2023, 11, 1)),
        ("care_leavers_suitable_accommodation_17_18", 2023, datetime.date(2023, 11, 1)),
        ("agency_rate", 2025, datetime.date(2025, 2, 1)),
    ],
)
def test_publication(key, year, month):
    assert publication(indicator(key), year) == month


@pytest.mark.parametrize(
    ("key", "month", "year"),
    [
        # CIN figures come out in October: September still reports the year before.
        ("cin_rate", datetime.date(2023, 9, 30), 2022),
        ("cin_rate", datetime.date(2023, 10, 1), 2023),
        ("cin_rate", datetime.date(2023, 10, 31), 2023),
        ("cin_rate", datetime.date(2024, 3, 1), 2023),
        # CLA and care leavers in November.
        ("cla_rate", datetime.date(2023, 10, 1), 2022),
        ("cla_rate", datetime.date(2023, 11, 1), 2023),
        ("care_leavers_eet", datetime.date(2023, 11, 15), 2023),
        # The workforce census of September 2023 (our 2024) comes out in February 2024.
        ("caseload", datetime.date(2024, 1, 1), 2023),
        ("caseload", datetime.date(2024, 2, 1), 2024),
        # Long after: the newest year held. Before the first year held: none.
        ("cin_rate", datetime.date(2030, 1, 1), 2025),
        ("caseload", datetime.date(2030, 1, 1), 2026),
        ("cla_rate", datetime.date(2021, 10, 1), None),
        ("care_leavers_in_touch", datetime.date(2024, 1, 1), None),
    ],
)
def test_default_year(key, month, year):
    assert default_year(indicator(key), month, shipped()) == year


def test_devon_s_subsequent_plans_in_2023():
    # The seed report: "38% compared to 24% in comparators" (Devon's own monthly figure).
    devon, subsequent = find_authority("Devon"), indicator("cp_subsequent_percent")
    mean = published_comparators(shipped(), subsequent, devon, 2023)
    median = published_comparators(shipped(), subsequent, devon, 2023, average=Average.MEDIAN)
    assert mean == PublishedComparators(
        23.0, 10, 23.6, 24.3, "DfE CIN census 2022-23; SN mean of 10 (2021 groupings)"
    )
    assert (median.statistical_neighbours, median.neighbours_used) == (22.4, 10)
