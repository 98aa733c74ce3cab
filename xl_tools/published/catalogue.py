"""The measure catalogue: DfE's published local-authority indicators, one entry each.

Each indicator says what DfE counts, which collection it comes from, how DfE works the
figure out and to what precision it publishes it (`xl_tools.published.indicators`); a
workbook's measures are linked to them in `xl_tools.published.recognition`.
"""

from __future__ import annotations

from xl_tools.model import Polarity, Unit
from xl_tools.published.indicators import Basis, Collection, Indicator

_POPULATION = "the ONS mid-year 0-17 population of the preceding year x 10,000"
_IN_TOUCH = "DfE publishes no 'in touch' figure for local authorities"
_NO_IN_TOUCH = (
    "None: la_care_leavers_activity has no 'in touch' breakdown, and 'Total information "
    "not known' is not its complement."
)


def _care_leavers(topic: str, ages: str, template_id: str, variants: tuple[str, ...]) -> Indicator:
    """A care leavers' indicator for one age band ("17 to 18", "19 to 21" or "17 to 21")."""
    suitable = topic == "suitable accommodation"
    file = "la_care_leavers_accommodation_suitability" if suitable else "la_care_leavers_activity"
    part, total = (
        ("'Accommodation considered suitable'", "'Suitability total'")
        if suitable
        else ("'Total in education, employment or training'", "'Total'")
    )
    suffix = "" if ages == "17 to 21" else "_" + ages.replace(" to ", "_")
    if ages == "17 to 21":
        source = (
            f"{file}, care_leaver_age '17 to 18 years' and '19 to 21 years': care_leaver_count "
            f"of breakdown {part} summed over both ages / care_leaver_count of {total} summed "
            "over both ages x 100, rounded half up to a whole number; DfE publishes each age "
            "band only."
        )
    else:
        source = (
            f"{file}, care_leaver_age '{ages} years': care_leaver_count of breakdown {part} / "
            f"care_leaver_count of {total} x 100, a whole number, as published in "
            "care_leaver_percent."
        )
    key = "care_leavers_" + ("suitable_accommodation" if suitable else "eet")
    return Indicator(
        key=key + suffix,
        name=f"% of care leavers aged {ages} in {topic}",
        variants=variants,
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        basis=Basis.YEAR,
        collection=Collection.CARE_LEAVERS,
        source=source,
        places=0,
        template_ids=(template_id,),
    )


def _in_touch(ages: str, template_id: str, variants: tuple[str, ...]) -> Indicator:
    """An "in touch" indicator, which DfE does not publish for local authorities."""
    suffix = "" if ages == "17 to 21" else "_" + ages.replace(" to ", "_")
    return Indicator(
        key="care_leavers_in_touch" + suffix,
        name=f"% of care leavers aged {ages} in touch with the local authority",
        variants=variants,
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        basis=Basis.YEAR,
        collection=Collection.CARE_LEAVERS,
        source=_NO_IN_TOUCH,
        places=0,
        template_ids=(template_id,),
        published=False,
        reason=_IN_TOUCH,
    )


CATALOGUE: tuple[Indicator, ...] = (
    Indicator(
        key="referral_rate",
        name="Referrals per 10,000 children",
        variants=(
            "Referrals per 10,000",
            "Rate of referrals per 10,000",
            "Referrals to children's social care per 10,000",
        ),
        unit=Unit.RATE_PER_10K,
        polarity=Polarity.NONE,
        basis=Basis.YEAR,
        collection=Collection.CIN_CENSUS,
        source=(
            "c1_children_in_need_referrals_and_rereferrals: referral_count (referrals in the "
            f"year ending 31 March) / {_POPULATION}, rounded half up to 1 dp; DfE publishes "
            "the count only."
        ),
        places=1,
        template_ids=(),
    ),
    Indicator(
        key="rereferral_percent",
        name="% of referrals within 12 months of a previous referral",
        variants=(
            "% of referrals which are repeat referrals",
            "% re-referrals",
            "Re-referrals within 12 months",
            "Re-referral rate",
            "Repeat referrals",
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        basis=Basis.YEAR,
        collection=Collection.CIN_CENSUS,
        source=(
            "c1_children_in_need_referrals_and_rereferrals: rereferral_count / referral_count "
            "x 100, 1 dp, as published in rereferral_percent."
        ),
        places=1,
        template_ids=("VA03",),
    ),
    Indicator(
        key="cin_rate",
        name="Children in need per 10,000 at 31 March",
        variants=(
            "Rate of children in need at point in time (per 10,000)",
            "Children in need per 10,000",
            "Children in need rate",
            "Rate of children in need per 10,000",
            "CIN per 10,000",
        ),
        unit=Unit.RATE_PER_10K,
        polarity=Polarity.NONE,
        basis=Basis.POINT_IN_TIME,
        collection=Collection.CIN_CENSUS,
        source=(
            "b1_children_in_need: At31_episodes (children in need at 31 March) / "
            f"{_POPULATION}, rounded half up to 1 dp; DfE publishes the count only."
        ),
        places=1,
        template_ids=("VA07",),
    ),
    Indicator(
        key="cp_rate",
        name="Children on a child protection plan per 10,000 at 31 March",
        variants=(
            "Children who are the subject of a child protection plan at period end (per 10,000)",
            "Children subject to a child protection plan per 10,000",
            "Children on a CP plan per 10,000",
            "Child protection plan rate",
            "CP plans per 10,000",
            "CPP rate",
        ),
        unit=Unit.RATE_PER_10K,
        polarity=Polarity.NONE,
        basis=Basis.POINT_IN_TIME,
        collection=Collection.CIN_CENSUS,
        source=(
            "d5_cpps_at31march_by_duration: CPP_At31 (children on a plan at 31 March) / "
            f"{_POPULATION}, rounded half up to 1 dp; DfE publishes the count only."
        ),
        places=1,
        template_ids=("VA08",),
    ),
    Indicator(
        key="cp_two_years_percent",
        name="% of child protection plans at 31 March lasting 2 years or more",
        variants=(
            "% of children subject to CPP for 2 years plus",
            "% of children on a CP plan for 2 years or more",
            "CP plans lasting 2 years or more",
            "CPP 2 years plus",
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        basis=Basis.POINT_IN_TIME,
        collection=Collection.CIN_CENSUS,
        source=(
            "d5_cpps_at31march_by_duration: 2_years_or_more / CPP_At31 x 100 (plans open at "
            "31 March for 2 years or more), 1 dp, as published in 2_years_or_more_percent."
        ),
        places=1,
        template_ids=("PR07",),
    ),
    Indicator(
        key="cp_subsequent_percent",
        name="% of child protection plans starting in the year that were a second or "
        "subsequent plan",
        variants=(
            "% children starting a CP plan who have been subject to a previous CP plan",
            "% CP plans second or subsequent",
            "Second or subsequent CP plans",
            "% repeat child protection plans",
            "Repeat CP plans",
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        basis=Basis.YEAR,
        collection=Collection.CIN_CENSUS,
        source=(
            "d3_cpps_subsequent_plan: CPP_subsequent / CPP_start x 100 (plans starting in "
            "the year that were a second or subsequent plan, ever), 1 dp, as published in "
            "CPP_subsequent_percent."
        ),
        places=1,
        template_ids=("PR08",),
    ),
    Indicator(
        key="cla_rate",
        name="Children looked after per 10,000 at 31 March",
        variants=(
            "Children looked after at period end (per 10,000)",
            "Children looked after per 10,000",
            "Rate of children looked after per 10,000",
            "Children in care per 10,000",
            "CLA per 10,000",
            "CiC rate",
            "CiC per 10,000",
        ),
        unit=Unit.RATE_PER_10K,
        polarity=Polarity.NONE,
        basis=Basis.POINT_IN_TIME,
        collection=Collection.CLA_RETURN,
        source=(
            "cla_number_and_rate_per_10k_children, population_type 'Children looked after on "
            "31 March each year': children_count / population_estimate (the ONS mid-year 0-17 "
            "population of the preceding year) x 10,000, a whole number, as published in "
            "rate_per_10000."
        ),
        places=0,
        template_ids=("VA09",),
    ),
    Indicator(
        key="cla_starts_rate",
        name="Children starting to be looked after per 10,000",
        variants=(
            "CiC starts (per 10,000)",
            "Children starting care per 10,000",
            "CLA starts per 10,000",
            "CiC starts",
        ),
        unit=Unit.RATE_PER_10K,
        polarity=Polarity.NONE,
        basis=Basis.YEAR,
        collection=Collection.CLA_RETURN,
        source=(
            "cla_number_and_rate_per_10k_children, population_type 'Children starting to be "
            "looked after each year': children_count / population_estimate (the ONS mid-year "
            "0-17 population of the preceding year) x 10,000, a whole number, as published in "
            "rate_per_10000."
        ),
        places=0,
        template_ids=("PR09",),
    ),
    Indicator(
        key="placements_3plus_percent",
        name="% of children looked after at 31 March with 3 or more placements during the year",
        variants=(
            "% children who had three or more placements in the year",
            "% of children looked after with 3 or more placements",
            "% of CLA with 3 or more placements",
            "% CLA with 3+ placements",
            "3 or more placements",
            "Placement stability: 3 or more placements",
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        basis=Basis.POINT_IN_TIME,
        collection=Collection.CLA_RETURN,
        source=(
            "la_cla_placement_stability, cla_group 'CLA on 31 March': children_count of "
            "placement_stability 'With 3 or more placements during the year' / children_count "
            "of 'Total children' x 100, a whole number, as published in children_percent."
        ),
        places=0,
        template_ids=("IM05",),
    ),
    _care_leavers(
        "suitable accommodation",
        "17 to 21",
        "IM12",
        (
            "% Care Leavers in suitable Accommodation",
            "% of care leavers aged 17-21 in suitable accommodation",
            "Care leavers in suitable accommodation (17-21)",
        ),
    ),
    _care_leavers(
        "suitable accommodation",
        "17 to 18",
        "IM13",
        (
            "% Care Leavers in suitable Accommodation (17-18 years old)",
            "% of care leavers aged 17-18 in suitable accommodation",
            "Care leavers in suitable accommodation (17-18)",
        ),
    ),
    _care_leavers(
        "suitable accommodation",
        "19 to 21",
        "IM14",
        (
            "% Care Leavers in suitable Accommodation (19-21 years old)",
            "% of care leavers aged 19-21 in suitable accommodation",
            "Care leavers in suitable accommodation (19-21)",
        ),
    ),
    _care_leavers(
        "education, employment or training",
        "17 to 21",
        "IM15",
        (
            "% Care Leavers in EET",
            "Care leavers in education, employment or training",
            "% of care leavers aged 17-21 in education, employment or training",
            "Care leavers in EET (17-21)",
        ),
    ),
    _care_leavers(
        "education, employment or training",
        "17 to 18",
        "IM16",
        (
            "% Care Leavers in EET (17-18 years old)",
            "% of care leavers aged 17-18 in education, employment or training",
            "Care leavers in EET (17-18)",
        ),
    ),
    _care_leavers(
        "education, employment or training",
        "19 to 21",
        "IM17",
        (
            "% Care Leavers in EET (19-21 years old)",
            "% of care leavers aged 19-21 in education, employment or training",
            "Care leavers in EET (19-21)",
        ),
    ),
    _in_touch(
        "17 to 21",
        "IM09",
        ("% Care Leavers in Touch", "Care leavers in touch (17-21)"),
    ),
    _in_touch(
        "17 to 18",
        "IM10",
        ("% Care Leavers in Touch (17-18 years old)",),
    ),
    _in_touch(
        "19 to 21",
        "IM11",
        ("% Care Leavers in Touch (19-21 years old)",),
    ),
    Indicator(
        key="agency_rate",
        name="Agency child and family social workers as a % of all (FTE) at 30 September",
        variants=(
            "Agency Rate % of QSW (FTE) against Permanent Establishment",
            "Agency worker rate",
            "Agency social worker rate",
            "% agency social workers",
        ),
        unit=Unit.PERCENT,
        polarity=Polarity.LOWER_BETTER,
        basis=Basis.POINT_IN_TIME,
        collection=Collection.CSWW_CENSUS,
        source=(
            "csww_indicators: agency_fte / (agency_fte + inpost_fte) x 100 (child and family "
            "social workers, FTE, at the 30 September census), 1 dp, as published in "
            "agency_rate_fte."
        ),
        places=1,
        template_ids=("ST01",),
    ),
    Indicator(
        key="caseload",
        name="Average caseload per case-holding child and family social worker (FTE) at "
        "30 September",
        variants=(
            "Average caseloads",
            "Average caseload",
            "Average caseload per social worker",
            "Social worker caseload",
            "Caseloads",
        ),
        unit=Unit.AVERAGE,
        polarity=Polarity.LOWER_BETTER,
        basis=Basis.POINT_IN_TIME,
        collection=Collection.CSWW_CENSUS,
        source=(
            "csww_indicators: cases / case_holders_fte (cases held by case-holding social "
            "workers, FTE, at the 30 September census), 1 dp, as published in caseload_fte."
        ),
        places=1,
        template_ids=("ST02",),
    ),
)
