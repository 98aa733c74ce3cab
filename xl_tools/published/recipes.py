"""Where each indicator's counts are in DfE's EES files: file, filters and columns.

The catalogue says in words how DfE computes each indicator; a recipe says the same in
the terms of the file: which rows (filters) and which columns give the numerator, the
denominator and the published figure.
"""

from __future__ import annotations

from dataclasses import dataclass

Filters = tuple[tuple[str, str], ...]

# Columns every EES file has, that reading needs whatever the indicator.
COMMON_COLUMNS = (
    "time_period",
    "geographic_level",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
)
POPULATION_FILE = "ons_mid-year_population_estimates"
POPULATION_AGE = ("age_group", "Children aged 0 to 17 years")
POPULATION_COLUMN = "population_estimate"
SN_2021_FILE = "New_Statistical_Neighbour_Groupings_April_2021"
SN_2025_FILE = "sn_model_2025_wide"


@dataclass(frozen=True)
class Part:
    """One column of the rows that pass some filters."""

    column: str
    where: Filters = ()


@dataclass(frozen=True)
class Recipe:
    """How one indicator's row is read from one EES file.

    Attributes:
        file: The file's name prefix.
        numerator: The parts summed for the numerator.
        denominator: The parts summed for the denominator; none for a rate per 10,000
            on the ONS 0-17 population of the preceding year.
        published: Where DfE's own figure is, if it publishes one.
        where: Filters every part's rows pass.
        year_offset: Added to ``time_period`` for the year ending 31 March (1 for the
            workforce census at 30 September).
    """

    file: str
    numerator: tuple[Part, ...]
    denominator: tuple[Part, ...] = ()
    published: Part | None = None
    where: Filters = ()
    year_offset: int = 0

    def columns(self) -> tuple[str, ...]:
        """Every column the recipe reads or filters on, in order, each once."""
        parts = [*self.numerator, *self.denominator, *([self.published] if self.published else [])]
        names = [column for column, _ in self.where]
        for part in parts:
            names.extend(column for column, _ in part.where)
            names.append(part.column)
        return tuple(dict.fromkeys(names))


_C1 = "c1_children_in_need_referrals_and_rereferrals"
_D5 = "d5_cpps_at31march_by_duration"
_CLA = "cla_number_and_rate_per_10k_children"
_PLACEMENTS = "la_cla_placement_stability"
_ACTIVITY = "la_care_leavers_activity"
_ACCOMMODATION = "la_care_leavers_accommodation_suitability"
_CSWW = "csww_indicators"
_AGES = {"17_18": ("17 to 18 years",), "19_21": ("19 to 21 years",)}
_BOTH_AGES = ("17 to 18 years", "19 to 21 years")


def _cla_rate(population_type: str) -> Recipe:
    return Recipe(
        _CLA,
        numerator=(Part("children_count"),),
        denominator=(Part("population_estimate"),),
        published=Part("rate_per_10000"),
        where=(("population_type", population_type),),
    )


def _care_leavers(file: str, part: str, total: str, ages: tuple[str, ...]) -> Recipe:
    """Care leavers in some breakdown of a total, summed over one age band or two."""

    def parts(breakdown: str) -> tuple[Part, ...]:
        return tuple(
            Part("care_leaver_count", (("care_leaver_age", age), ("breakdown", breakdown)))
            for age in ages
        )

    published = None
    if len(ages) == 1:
        where = (("care_leaver_age", ages[0]), ("breakdown", part))
        published = Part("care_leaver_percent", where)
    return Recipe(file, numerator=parts(part), denominator=parts(total), published=published)


def _care_leaver_recipes() -> dict[str, Recipe]:
    recipes = {}
    topics = {
        "care_leavers_suitable_accommodation": (
            _ACCOMMODATION,
            "Accommodation considered suitable",
            "Suitability total",
        ),
        "care_leavers_eet": (_ACTIVITY, "Total in education, employment or training", "Total"),
    }
    for key, (file, part, total) in topics.items():
        recipes[key] = _care_leavers(file, part, total, _BOTH_AGES)
        for suffix, ages in _AGES.items():
            recipes[f"{key}_{suffix}"] = _care_leavers(file, part, total, ages)
    return recipes


_THREE_PLUS = (("placement_stability", "With 3 or more placements during the year"),)

RECIPES: dict[str, Recipe] = {
    "referral_rate": Recipe(_C1, numerator=(Part("referral_count"),)),
    "rereferral_percent": Recipe(
        _C1,
        numerator=(Part("rereferral_count"),),
        denominator=(Part("referral_count"),),
        published=Part("rereferral_percent"),
    ),
    "cin_rate": Recipe("b1_children_in_need", numerator=(Part("At31_episodes"),)),
    "cp_rate": Recipe(_D5, numerator=(Part("CPP_At31"),)),
    "cp_two_years_percent": Recipe(
        _D5,
        numerator=(Part("2_years_or_more"),),
        denominator=(Part("CPP_At31"),),
        published=Part("2_years_or_more_percent"),
    ),
    "cp_subsequent_percent": Recipe(
        "d3_cpps_subsequent_plan",
        numerator=(Part("CPP_subsequent"),),
        denominator=(Part("CPP_start"),),
        published=Part("CPP_subsequent_percent"),
    ),
    "cla_rate": _cla_rate("Children looked after on 31 March each year"),
    "cla_starts_rate": _cla_rate("Children starting to be looked after each year"),
    "placements_3plus_percent": Recipe(
        _PLACEMENTS,
        numerator=(Part("children_count", _THREE_PLUS),),
        denominator=(Part("children_count", (("placement_stability", "Total children"),)),),
        published=Part("children_percent", _THREE_PLUS),
        where=(("cla_group", "CLA on 31 March"),),
    ),
    **_care_leaver_recipes(),
    "agency_rate": Recipe(
        _CSWW,
        numerator=(Part("agency_fte"),),
        denominator=(Part("agency_fte"), Part("inpost_fte")),
        published=Part("agency_rate_fte"),
        year_offset=1,
    ),
    "caseload": Recipe(
        _CSWW,
        numerator=(Part("cases"),),
        denominator=(Part("case_holders_fte"),),
        published=Part("caseload_fte"),
        year_offset=1,
    ),
}

# The EES files read, in the order they are read: each file once.
FILES = tuple(dict.fromkeys(recipe.file for recipe in RECIPES.values()))
