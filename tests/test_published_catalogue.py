"""The measure catalogue: what each indicator is, and how a workbook's measures are linked to it."""

from __future__ import annotations

from collections import defaultdict

import pytest

from xl_tools.model import Polarity, Unit
from xl_tools.published import CATALOGUE, Basis, indicator, recognise
from xl_tools.published.recipes import RECIPES
from xl_tools.published.recognition import normalise

# The shipped template's measures the catalogue links, with their names and units as the
# template (and the seed report) give them.
TEMPLATE_MEASURES = [
    ("VA03", "% of referrals which are repeat referrals", "percent", "rereferral_percent"),
    (
        "VA07",
        "Rate of children in need at point in time (per 10,000)",
        "rate_per_10k",
        "cin_rate",
    ),
    (
        "VA08",
        "Children who are the subject of a child protection plan at period end (per 10,000)",
        "rate_per_10k",
        "cp_rate",
    ),
    ("VA09", "Children looked after at period end (per 10,000)", "rate_per_10k", "cla_rate"),
    ("PR07", "% of children subject to CPP for 2 years plus", "percent", "cp_two_years_percent"),
    (
        "PR08",
        "% children starting a CP plan who have been subject to a previous CP plan",
        "percent",
        "cp_subsequent_percent",
    ),
    ("PR09", "CiC starts (per 10,000)", "rate_per_10k", "cla_starts_rate"),
    (
        "IM05",
        "% children who had three or more placements in the year",
        "percent",
        "placements_3plus_percent",
    ),
    ("IM09", "% Care Leavers in Touch", "percent", "care_leavers_in_touch"),
    ("IM10", "% Care Leavers in Touch (17-18 years old)", "percent", "care_leavers_in_touch_17_18"),
    ("IM11", "% Care Leavers in Touch (19-21 years old)", "percent", "care_leavers_in_touch_19_21"),
    (
        "IM12",
        "% Care Leavers in suitable Accommodation",
        "percent",
        "care_leavers_suitable_accommodation",
    ),
    (
        "IM13",
        "% Care Leavers in suitable Accommodation (17-18 years old)",
        "percent",
        "care_leavers_suitable_accommodation_17_18",
    ),
    (
        "IM14",
        "% Care Leavers in suitable Accommodation (19-21 years old)",
        "percent",
        "care_leavers_suitable_accommodation_19_21",
    ),
    ("IM15", "% Care Leavers in EET", "percent", "care_leavers_eet"),
    ("IM16", "% Care Leavers in EET (17-18 years old)", "percent", "care_leavers_eet_17_18"),
    ("IM17", "% Care Leavers in EET (19-21 years old)", "percent", "care_leavers_eet_19_21"),
    (
        "ST01",
        "Agency Rate % of QSW (FTE) against Permanent Establishment",
        "percent",
        "agency_rate",
    ),
    ("ST02", "Average caseloads", "average", "caseload"),
]

# key: unit, polarity, basis, places, template IDs
EXPECTED = {
    "referral_rate": (Unit.RATE_PER_10K, Polarity.NONE, Basis.YEAR, 1, ()),
    "rereferral_percent": (Unit.PERCENT, Polarity.LOWER_BETTER, Basis.YEAR, 1, ("VA03",)),
    "cin_rate": (Unit.RATE_PER_10K, Polarity.NONE, Basis.POINT_IN_TIME, 1, ("VA07",)),
    "cp_rate": (Unit.RATE_PER_10K, Polarity.NONE, Basis.POINT_IN_TIME, 1, ("VA08",)),
    "cp_two_years_percent": (
        Unit.PERCENT, Polarity.LOWER_BETTER, Basis.POINT_IN_TIME, 1, ("PR07",)
    ),
    "cp_subsequent_percent": (Unit.PERCENT, Polarity.LOWER_BETTER, Basis.YEAR, 1, ("PR08",)),
    "cla_rate": (Unit.RATE_PER_10K, Polarity.NONE, Basis.POINT_IN_TIME, 0, ("VA09",)),
    "cla_starts_rate": (Unit.RATE_PER_10K, Polarity.NONE, Basis.YEAR, 0, ("PR09",)),
    "placements_3plus_percent": (
        Unit.PERCENT, Polarity.LOWER_BETTER, Basis.POINT_IN_TIME, 0, ("IM05",)
    ),
    "care_leavers_suitable_accommodation": (
        Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM12",)
    ),
    "care_leavers_suitable_accommodation_17_18": (
        Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM13",)
    ),
    "care_leavers_suitable_accommodation_19_21": (
        Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM14",)
    ),
    "care_leavers_eet": (Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM15",)),
    "care_leavers_eet_17_18": (Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM16",)),
    "care_leavers_eet_19_21": (Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM17",)),
    "care_leavers_in_touch": (Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM09",)),
    "care_leavers_in_touch_17_18": (
        Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM10",)
    ),
    "care_leavers_in_touch_19_21": (
        Unit.PERCENT, Polarity.HIGHER_BETTER, Basis.YEAR, 0, ("IM11",)
    ),
    "agency_rate": (Unit.PERCENT, Polarity.LOWER_BETTER, Basis.POINT_IN_TIME, 1, ("ST01",)),
    "caseload": (Unit.AVERAGE, Polarity.LOWER_BETTER, Basis.POINT_IN_TIME, 1, ("ST02",)),
}  # fmt: skip


def test_the_catalogue_holds_the_indicators_in_order():
    assert [entry.key for entry in CATALOGUE] == list(EXPECTED)


@pytest.mark.parametrize("key", EXPECTED)
def test_each_indicator_is_as_a_performance_officer_reads_it(key):
    entry = indicator(key)
    assert (
        entry.unit,
        entry.polarity,
        entry.basis,
        entry.places,
        entry.template_ids,
    ) == EXPECTED[key]


def test_in_touch_is_not_published_and_says_why():
    unpublished = [entry.key for entry in CATALOGUE if not entry.published]
    assert unpublished == [
        "care_leavers_in_touch",
        "care_leavers_in_touch_17_18",
        "care_leavers_in_touch_19_21",
    ]
    for key in unpublished:
        assert indicator(key).reason == "DfE publishes no 'in touch' figure for local authorities"
    assert all(entry.reason == "" for entry in CATALOGUE if entry.published)


def test_collections():
    assert {entry.key: entry.collection for entry in CATALOGUE if entry.published} == {
        **dict.fromkeys(
            ["referral_rate", "rereferral_percent", "cin_rate", "cp_rate"], "CIN census"
        ),
        **dict.fromkeys(["cp_two_years_percent", "cp_subsequent_percent"], "CIN census"),
        **dict.fromkeys(["cla_rate", "cla_starts_rate", "placements_3plus_percent"], "CLA return"),
        **{
            entry.key: "Care leavers (CLA return)"
            for entry in CATALOGUE
            if entry.key.startswith("care_leavers_") and entry.published
        },
        "agency_rate": "CSWW census",
        "caseload": "CSWW census",
    }


@pytest.mark.parametrize("key", RECIPES)
def test_the_source_names_the_file_and_columns_read(key):
    source, recipe = indicator(key).source, RECIPES[key]
    assert recipe.file in source
    for column in recipe.columns():
        assert column in source


def test_every_published_indicator_has_a_recipe_and_no_other():
    assert set(RECIPES) == {entry.key for entry in CATALOGUE if entry.published}


def test_no_name_stands_for_two_indicators():
    owners = defaultdict(set)
    for entry in CATALOGUE:
        for text in (entry.key, entry.name, *entry.variants):
            owners[normalise(text)].add(entry.key)
    assert {name: keys for name, keys in owners.items() if len(keys) > 1} == {}


def test_indicator_of_an_unknown_key_says_which_keys_there_are():
    with pytest.raises(ValueError) as raised:
        indicator("cin_rates")
    assert str(raised.value) == (
        'no published indicator has the key "cin_rates": the keys are ' + ", ".join(EXPECTED)
    )


@pytest.mark.parametrize(("measure_id", "name", "unit", "key"), TEMPLATE_MEASURES)
def test_the_template_s_measures_are_recognised_by_name(measure_id, name, unit, key):
    found = recognise(measure_id=None, name=name, dfe_measure=None, unit=Unit(unit))
    assert found is not None
    assert (found.indicator.key, found.how) == (key, "name")


@pytest.mark.parametrize(("measure_id", "name", "unit", "key"), TEMPLATE_MEASURES)
def test_the_template_s_measures_are_recognised_by_id(measure_id, name, unit, key):
    found = recognise(measure_id=measure_id, name="Our own name", dfe_measure=None, unit=Unit(unit))
    assert found is not None
    assert (found.indicator.key, found.how) == (key, "ID")


@pytest.mark.parametrize(
    ("measure_id", "name", "dfe_measure", "unit", "expected"),
    [
        # Names match whatever the case, spacing and punctuation.
        (None, "  % OF REFERRALS which are repeat-referrals ", None, None,
         ("rereferral_percent", "name")),
        (None, "Referrals which are repeat referrals (%)", None, None, None),
        (None, "cic starts per 10000", None, None, ("cla_starts_rate", "name")),
        (None, "Children in need per 10,000 at 31 March", None, None, ("cin_rate", "name")),
        # A DfE measure text wins over the name and the ID: a key, a name or a variant.
        ("VA07", "Rate of children in need at point in time (per 10,000)", "cp_rate", None,
         ("cp_rate", "DfE measure")),
        (None, "Anything", "CLA rate", None, ("cla_rate", "DfE measure")),
        (None, "Anything", "Children looked after per 10,000 at 31 March", None,
         ("cla_rate", "DfE measure")),
        # A DfE measure text that matches nothing links nothing, for the caller to report.
        ("VA07", "Rate of children in need at point in time (per 10,000)", "CIN rates", None, None),
        # A blank DfE measure cell is no text.
        ("VA09", None, "  ", None, ("cla_rate", "ID")),
        # The ID counts only where the unit is the indicator's or not given.
        ("VA03", "Repeats", None, Unit.COUNT, None),
        ("VA03", "Repeats", None, Unit.PERCENT, ("rereferral_percent", "ID")),
        (" va03 ", "Repeats", None, None, ("rereferral_percent", "ID")),
        ("VA02", "Number of referrals", None, Unit.COUNT, None),
        (None, None, None, None, None),
    ],
)  # fmt: skip
def test_recognise(measure_id, name, dfe_measure, unit, expected):
    found = recognise(measure_id=measure_id, name=name, dfe_measure=dfe_measure, unit=unit)
    assert (None if found is None else (found.indicator.key, found.how)) == expected
