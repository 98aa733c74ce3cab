"""The shipped figures reproduce DfE's own published figures, and a figure is looked up as DfE
publishes it: its own figure where it gives one, else worked out from the counts."""

from __future__ import annotations

from collections import defaultdict

import pytest

from xl_tools.compute.rounding import round_half_up
from xl_tools.published import (
    CATALOGUE,
    SUPPRESSION_CODES,
    Figure,
    FigureRow,
    PublishedFigures,
    indicator,
    shipped,
)

ENGLAND = "E92000001"
# Indicators whose published figure is exactly what the counts give, at the published
# rounding, for every LA row (CLA rates on the CLA file's population; percentages on
# their two counts).
EXACT = [
    "rereferral_percent",
    "cp_two_years_percent",
    "cp_subsequent_percent",
    "cla_rate",
    "cla_starts_rate",
    "placements_3plus_percent",
    "care_leavers_suitable_accommodation_17_18",
    "care_leavers_suitable_accommodation_19_21",
    "care_leavers_eet_17_18",
    "care_leavers_eet_19_21",
]
# The workforce file publishes FTEs rounded to 1 dp and works its rates out from the
# unrounded FTEs, so the counts reproduce most rows exactly and every row within what the
# rounding of the FTEs allows.
WORKFORCE = ["agency_rate", "caseload"]


def _la_rows_with_published_figures(key):
    figures = shipped()
    return [
        row
        for row in figures.rows()
        if row.indicator == key
        and row.area.isdigit()
        and row.published
        and row.published not in SUPPRESSION_CODES
    ]


def test_the_shipped_data_holds_every_published_indicator():
    figures = shipped()
    assert {key for key in (entry.key for entry in CATALOGUE) if figures.years(key)} == {
        entry.key for entry in CATALOGUE if entry.published
    }
    assert figures.years("cin_rate") == tuple(range(2013, 2026))
    assert figures.years("cla_rate") == tuple(range(2021, 2026))
    # The workforce census of 30 September 2017 to 2025 is in the years ending March 2018-26.
    assert figures.years("caseload") == tuple(range(2018, 2027))


@pytest.mark.parametrize("key", EXACT)
def test_every_la_figure_worked_out_from_counts_is_dfe_s_published_figure(key):
    figures = shipped()
    rows = _la_rows_with_published_figures(key)
    assert len(rows) > 600
    worked = {}
    for row in rows:
        figure = figures.worked_out(key, row.year, row.area)
        # DfE publishes 0% where the count is 0 and its total suppressed; no figure can be
        # worked out from a suppressed total.
        if figure.code is None:
            worked[(row.year, row.area)] = (figure.value, float(row.published))
    assert all(mine == dfe for mine, dfe in worked.values())
    assert len(worked) >= len(rows) - 20


@pytest.mark.parametrize("key", WORKFORCE)
def test_workforce_figures_are_reproduced_within_the_rounding_of_the_fte(key):
    figures = shipped()
    rows = _la_rows_with_published_figures(key)
    exact = 0
    for row in rows:
        figure = figures.worked_out(key, row.year, row.area)
        assert figure.value is not None, row
        low, high = _range_of(key, row)
        published = float(row.published)
        # The published figure lies within the range the unrounded FTEs allow.
        assert round_half_up(low, 1) <= published <= round_half_up(high, 1), row
        exact += figure.value == published
    assert exact >= 0.95 * len(rows)


def _range_of(key, row):
    """The lowest and highest figure the published counts allow, FTEs being rounded to 1 dp."""
    if key == "caseload":
        cases, fte = float(row.numerator), float(row.denominator)
        return cases / (fte + 0.05), cases / (fte - 0.05)
    agency, total = float(row.numerator), float(row.denominator)
    in_post = total - agency
    low = max(agency - 0.05, 0)
    return (
        100 * low / (low + in_post + 0.05),
        100 * (agency + 0.05) / (agency + 0.05 + in_post - 0.05),
    )


def test_workforce_caseloads_are_mostly_within_a_tenth():
    figures = shipped()
    rows = _la_rows_with_published_figures("caseload")
    off = [
        row
        for row in rows
        if abs(figures.worked_out("caseload", row.year, row.area).value - float(row.published))
        > 0.1 + 1e-9
    ]
    # Isles of Scilly's 1.5 FTE in September 2023: 15 cases over 1.45 to 1.55 FTE.
    assert [(row.area, row.year) for row in off] == [("420", 2024)]


def test_the_figure_is_dfe_s_own_where_it_publishes_one():
    figures = shipped()
    for key in EXACT + WORKFORCE:
        for row in _la_rows_with_published_figures(key)[:50]:
            assert figures.figure(key, row.year, row.area) == Figure(float(row.published), None)


@pytest.mark.parametrize(
    ("key", "year", "area", "expected"),
    [
        # The dashboard's England figures (R/outcome1_page.R lines 159-160).
        ("cin_rate", 2023, ENGLAND, 338.7),
        ("cin_rate", 2024, ENGLAND, 331.2),
        ("cp_rate", 2023, ENGLAND, 42.7),
        ("cp_rate", 2024, ENGLAND, 41.4),
        # Devon's CIN rate for 2023 on ONS's revised mid-2022 population (first published 298.0).
        ("cin_rate", 2023, "878", 297.6),
        ("cp_subsequent_percent", 2023, "878", 26.7),
        ("cp_subsequent_percent", 2023, ENGLAND, 23.6),
        ("cla_rate", 2023, "878", 61),
        ("care_leavers_suitable_accommodation", 2023, "878", 78),
        ("agency_rate", 2026, "314", 14.9),
        ("agency_rate", 2026, "318", 14.9),
        ("caseload", 2026, ENGLAND, 15.2),
    ],
)
def test_known_figures(key, year, area, expected):
    assert shipped().figure(key, year, area) == Figure(expected, None)


@pytest.mark.parametrize(
    ("key", "year", "area", "expected"),
    [
        # Hampshire's CIN count in 2024 is of low reliability.
        ("cin_rate", 2024, "850", Figure(None, "u")),
        # Hackney's CIN count of 2021 is not available.
        ("cin_rate", 2021, "204", Figure(None, "x")),
        # Poole has no ONS population: its CIN count has no rate.
        ("cin_rate", 2018, "836", Figure(None, "x")),
        # Sunderland's agency FTE rounds to zero.
        ("agency_rate", 2024, "394", Figure(None, "low")),
        # Cumberland did not exist in 2021; Cumbria had no CIN census in 2024.
        ("cla_rate", 2021, "942", Figure(None, "z")),
        ("cin_rate", 2024, "909", Figure(None, None)),
        # No figure for in touch, in any year.
        ("care_leavers_in_touch", 2023, "878", Figure(None, None)),
    ],
)
def test_no_figure(key, year, area, expected):
    assert shipped().figure(key, year, area) == expected


def test_the_care_leavers_17_to_21_figure_is_the_two_ages_counts_summed():
    figures = shipped()
    for topic in ("care_leavers_eet", "care_leavers_suitable_accommodation"):
        row = figures.row(topic, 2023, "878")
        younger = figures.row(f"{topic}_17_18", 2023, "878")
        older = figures.row(f"{topic}_19_21", 2023, "878")
        assert row.published == ""
        assert int(row.numerator) == int(younger.numerator) + int(older.numerator)
        assert int(row.denominator) == int(younger.denominator) + int(older.denominator)


def _figures(*rows):
    return PublishedFigures(rows, [], {})


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # Rates per 10,000 on the population, half up to the published precision.
        (FigureRow("cin_rate", 2023, "1", "4366", "146714"), Figure(297.6, None)),
        (FigureRow("cla_rate", 2023, "1", "5", "2000"), Figure(25, None)),
        (FigureRow("cla_rate", 2023, "1", "7", "28"), Figure(2500, None)),
        # Percentages of their total, half up: 1 of 8 is 12.5, so 13 to whole numbers.
        (FigureRow("care_leavers_eet", 2023, "1", "1", "8"), Figure(13, None)),
        (FigureRow("rereferral_percent", 2023, "1", "1", "8"), Figure(12.5, None)),
        # Averages are the one over the other.
        (FigureRow("caseload", 2023, "1", "3376", "190.2"), Figure(17.7, None)),
        # DfE's own figure wins, and so does its code.
        (FigureRow("caseload", 2023, "1", "3376", "190.2", "17.8"), Figure(17.8, None)),
        (FigureRow("caseload", 2023, "1", "3376", "190.2", "u"), Figure(None, "u")),
        # A code in either count is the figure's; a zero total is not applicable.
        (FigureRow("cin_rate", 2023, "1", "c", "146714"), Figure(None, "c")),
        (FigureRow("cin_rate", 2023, "1", "4366", "x"), Figure(None, "x")),
        (FigureRow("care_leavers_eet", 2023, "1", "0", "0"), Figure(None, "z")),
    ],
)
def test_figure(row, expected):
    assert _figures(row).figure(row.indicator, row.year, row.area) == expected


def test_worked_out_ignores_the_published_figure():
    row = FigureRow("caseload", 2023, "1", "3376", "190.2", "17.8")
    assert _figures(row).worked_out("caseload", 2023, "1") == Figure(17.7, None)
    assert _figures(row).worked_out("caseload", 2024, "1") == Figure(None, None)


def test_figure_of_an_unknown_indicator_says_so():
    with pytest.raises(ValueError, match='^no published indicator has the key "cin": '):
        _figures().figure("cin", 2023, "878")


def test_years_and_rows_are_in_order():
    rows = [
        FigureRow("cla_rate", 2024, "878", "1", "2"),
        FigureRow("cin_rate", 2023, "878", "1", "2"),
        FigureRow("cin_rate", 2023, ENGLAND, "1", "2"),
        FigureRow("cin_rate", 2021, "201", "1", "2"),
        FigureRow("cin_rate", 2023, "E12000009", "1", "2"),
    ]
    figures = _figures(*rows)
    assert figures.years("cin_rate") == (2021, 2023)
    assert figures.years("caseload") == ()
    assert [(row.indicator, row.year, row.area) for row in figures.rows()] == [
        ("cin_rate", 2021, "201"),
        ("cin_rate", 2023, ENGLAND),
        ("cin_rate", 2023, "E12000009"),
        ("cin_rate", 2023, "878"),
        ("cla_rate", 2024, "878"),
    ]


def test_the_shipped_areas():
    areas = shipped().areas()
    assert areas["878"].name == "Devon"
    assert areas["801"].name == "Bristol, City of"
    # Every London borough's region is London, never Inner or Outer London.
    assert {areas[code].region_name for code in ("201", "202", "314", "318")} == {"London"}
    assert areas["E12000007"].name == "London"
    assert not any(code.startswith("E13") for code in areas)
    assert (areas["909"].first_year, areas["909"].last_year) == (2013, 2023)
    assert (areas["942"].first_year, areas["942"].last_year) == (2024, 2026)
    # Kensington and Chelsea and Westminster have no workforce figures for September 2025.
    assert (areas["207"].last_year, areas["213"].last_year) == (2025, 2025)
    regions = defaultdict(int)
    for area in areas.values():
        if area.is_authority and area.last_year >= 2025:
            regions[area.region] += 1
    assert sum(regions.values()) == 153
    assert sorted(regions) == [f"E1200000{n}" for n in range(1, 10)]


def test_the_shipped_groupings():
    figures = shipped()
    assert figures.neighbours("878", 2021) == (
        "933", "893", "838", "884", "908", "916", "935", "865", "885", "926"
    )  # fmt: skip
    assert len(figures.groupings()[2021]) == 156
    assert len(figures.groupings()[2025]) == 153
    # The 2021 file's old rows; Cumberland is only in the 2025 model.
    assert figures.neighbours("928", 2021) is not None
    assert figures.neighbours("942", 2021) is None
    assert figures.neighbours("942", 2025) is not None
    assert figures.neighbours("878", 2019) is None


def test_shipped_figures_are_read_once():
    assert shipped() is shipped()


def test_indicator_places_are_the_published_precision():
    # Whole numbers for the CLA file's rates and percentages; 1 dp for the rest.
    assert {entry.key for entry in CATALOGUE if entry.places == 0} == {
        "cla_rate",
        "cla_starts_rate",
        "placements_3plus_percent",
        *(entry.key for entry in CATALOGUE if entry.key.startswith("care_leavers_")),
    }
    assert indicator("cin_rate").places == 1
