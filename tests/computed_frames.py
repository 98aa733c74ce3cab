# ruff: noqa: E501  (the month below is a table: one measure a line)
"""Computed measures tables made by hand, for the tests of writing.

`measure` gives one row with every column present (blank unless given); `computed_frame`
stacks rows into the table that computing hands to writing; `board_frame` is a realistic
month of 41 measures across five sections, for the rendering test.
"""

from __future__ import annotations

import math

import pandas as pd

from xl_tools.model import (
    COMPUTED_COLUMNS,
    FIGURE_COLUMNS,
    INPUT_COLUMNS,
    Comparator,
    Direction,
    Judgement,
    Polarity,
    Rag,
    Trend,
    Unit,
)

# The keys of one measure in the JSON (DESIGN 7.2, and the board's trend over 12 months),
# pinned here once for the tests.
MEASURE_KEYS = {
    "id",
    "section",
    "measure",
    "unit",
    "polarity",
    "value",
    "numerator",
    "denominator",
    "actual_numbers",
    "target",
    "variance_to_target",
    "relative_variance_to_target",
    "rag",
    "comparators",
    "previous",
    "direction",
    "trend",
    "twelve_month_start",
    "twelve_month_span",
    "twelve_month_direction",
    "twelve_month_trend",
    "draft_commentary",
    "warnings",
}

COLUMNS = (*INPUT_COLUMNS, *COMPUTED_COLUMNS)
NUMBER_COLUMNS = {
    *FIGURE_COLUMNS,
    "variance_to_target",
    "relative_variance_to_target",
    *(f"{c.value}_{part}" for c in Comparator for part in ("variance", "relative_variance")),
}


def measure(**fields: object) -> dict[str, object]:
    """One measure row: every column present, NaN for figures and None for the rest."""
    unknown = set(fields) - set(COLUMNS)
    assert not unknown, f"not columns of the measures table: {unknown}"
    row: dict[str, object] = {
        column: (math.nan if column in NUMBER_COLUMNS else None) for column in COLUMNS
    }
    row["warnings"] = ()
    row.update(fields)
    return row


def input_measure(**fields: object) -> dict[str, object]:
    """One row of the measures table as reading gives it: no figures unless given."""
    row: dict[str, object] = dict.fromkeys(INPUT_COLUMNS)
    row.update(dict.fromkeys(FIGURE_COLUMNS, math.nan))
    row["polarity"] = Polarity.NONE
    row.update(fields)
    return row


def computed_frame(*rows: dict[str, object]) -> pd.DataFrame:
    """The computed measures table holding `rows`, in the table's column order."""
    return pd.DataFrame(list(rows), columns=list(COLUMNS))


# Three measures as computing leaves them: a percentage with a target, a comparator and a
# previous figure; a count with only a previous figure; a measure with no figure.
COMPUTED_PR08 = measure(
    id="PR08",
    section="Process",
    measure="% children starting a CP plan who have been subject to a previous CP plan",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER_BETTER,
    value=38.0,
    target=24.0,
    england=23.3,
    previous=35.0,
    actual_numbers="19 / 50",
    variance_to_target=14.0,
    relative_variance_to_target=0.583,
    rag=Rag.RED,
    england_variance=14.7,
    england_judgement=Judgement.WORSE,
    direction=Direction.UP,
    trend=Trend.WORSENING,
)
COMPUTED_VA02 = measure(
    id="VA02", section="Volume of Activity", measure="Number of referrals", unit=Unit.COUNT,
    polarity=Polarity.NONE, value=1599.0, previous=612.0, actual_numbers="1,599",
    direction=Direction.UP,
)  # fmt: skip
COMPUTED_IM04 = measure(
    id="IM04", section="Impact", measure="% of CEP with an up to date visit", unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER, no_figure="measure being developed", target=90.0,
)  # fmt: skip


# id, section, measure, unit, polarity, value, target, statistical neighbours, England,
# region, previous: a month as a board would see it.
_MONTH = """
VA01|Volume of Activity|Contacts to children's social care (per 10,000)|rate_per_10k|none|439||520.4|545.1|498|452
VA02|Volume of Activity|Number of referrals|count|none|599|||||612
VA03|Volume of Activity|% of referrals which are repeat referrals|percent|lower_better|22|20|21.5|21.4|22.8|24
VA04|Volume of Activity|Initial Assessments completed in the period (per 10,000)|rate_per_10k|none|466||531|553.9|512|470
VA05|Volume of Activity|Section 47 enquiries (per 10,000)|rate_per_10k|none|201||180.2|175.6|171|195
VA06|Volume of Activity|ICPCs (per 10,000)|rate_per_10k|none|51||62.3|65.5|60|49
VA07|Volume of Activity|Rate of children in need at point in time (per 10,000)|rate_per_10k|none|259||318|342.7|301|262
VA08|Volume of Activity|Children who are the subject of a child protection plan at period end (per 10,000)|rate_per_10k|none|36||41.2|43.2|40|37
VA09|Volume of Activity|Children looked after at period end (per 10,000)|rate_per_10k|none|61||65|71|58|61
PR01|Process|Conversion contact to referral|percent|none|31||38|39|37|30
PR02|Process|Conversion contact to Assessment|percent|none|19|||||21
PR03|Process|% initial assessments with outcome Case to Close|percent|lower_better|59|50|45|44|47|57
PR04|Process|% of initial assessments completed in 45 days|percent|higher_better|79|85|84.3|82.5|86|81
PR05|Process|% S47s that progress to ICPC|percent|none|8||31|30|33|9
PR06|Process|% ICPCs completed within 15 days of S47|percent|higher_better|77|80|78.9|78.2|80.1|88
PR07|Process|% of children subject to CPP for 2 years plus|percent|lower_better|0|3|2.7|4|3.1|1
PR08|Process|% children starting a CP plan who have been subject to a previous CP plan|percent|lower_better|38|24|24|23.3||35
PR09|Process|CiC starts (per 10,000)|rate_per_10k|none|20|||||22
PR10|Process|CiC ends (per 10,000)|rate_per_10k|none|25|||||25
IM01|Impact|% of CIN with an up to date visit|percent|higher_better|89|90||||88
IM02|Impact|% of CP with an up to date visit|percent|higher_better|89|95||||93
IM03|Impact|% of CIC with an up to date visit|percent|higher_better|89|95||||89
IM04|Impact|% of CEP with an up to date visit|percent|higher_better||90||||
IM05|Impact|% children who had three or more placements in the year|percent|lower_better|15|10|9.5|10|10.2|14
IM06|Impact|% of CIC with an up to date health assessment|percent|higher_better|83|90|90|89|91|85
IM07|Impact|% of CIC with a permanence plan|percent|higher_better|98|95||||98
IM08|Impact|Number of under 16s in unregistered accommodation|count|lower_better|9|0||||11
IM09|Impact|% Care Leavers in Touch|percent|higher_better|93|95|92|91|93|93
IM10|Impact|% Care Leavers in Touch (17-18 years old)|percent|higher_better|84|95|93|92|93|86
IM11|Impact|% Care Leavers in Touch (19-21 years old)|percent|higher_better|96|95|91|90|92|95
IM12|Impact|% Care Leavers in suitable Accommodation|percent|higher_better|82|90|88|88|89|84
IM13|Impact|% Care Leavers in suitable Accommodation (17-18 years old)|percent|higher_better|78|90|90|90|91|80
IM14|Impact|% Care Leavers in suitable Accommodation (19-21 years old)|percent|higher_better|85|90|87|86|88|85
IM15|Impact|% Care Leavers in EET|percent|higher_better|41|55|53|56|54|43
IM16|Impact|% Care Leavers in EET (17-18 years old)|percent|higher_better|46|60|64|66|65|44
IM17|Impact|% Care Leavers in EET (19-21 years old)|percent|higher_better|42|55|52|55|53|42
IM18|Impact|% of Pathway plans up to date|percent|higher_better|86|95||||89
AU01|Audit|% of audits with feedback from families|percent|higher_better|30|80||||22
ST01|Staffing|Agency Rate % of QSW (FTE) against Permanent Establishment|percent|lower_better|48|38|17.6|17.9|16.4|47
ST02|Staffing|Average caseloads|average|lower_better|17|16|16.2|16.3|15.8|17.5
ST03|Staffing|Supervisions overdue|percent|lower_better|10.2|5||||12.6
"""
_FIGURES = ("value", "target", "statistical_neighbours", "england", "region", "previous")


def board_frame() -> pd.DataFrame:
    """A realistic month: 41 measures in five sections, every column filled as it would be."""
    rows = []
    for line in _MONTH.strip().splitlines():
        ident, section, name, unit, polarity, *figures = line.split("|")
        assert len(figures) == len(_FIGURES), line
        numbers = {
            f: float(text) if text else math.nan for f, text in zip(_FIGURES, figures, strict=True)
        }
        rows.append(_computed(ident, section, name, Unit(unit), Polarity(polarity), numbers))
    return computed_frame(*rows)


def _judgement(value: float, figure: float, polarity: Polarity) -> Judgement | None:
    """Against a comparator as DESIGN 4.4 judges, with a tolerance of 5%."""
    if math.isnan(value - figure):
        return None
    if abs(value - figure) <= 0.05 * abs(figure):
        return Judgement.SIMILAR
    if polarity is Polarity.NONE:
        return Judgement.HIGHER if value > figure else Judgement.LOWER
    better = value > figure if polarity is Polarity.HIGHER_BETTER else value < figure
    return Judgement.BETTER if better else Judgement.WORSE


def _computed(ident, section, name, unit, polarity, numbers) -> dict[str, object]:  # type: ignore[no-untyped-def]
    value, target, previous = numbers["value"], numbers["target"], numbers["previous"]
    fields: dict[str, object] = {
        "id": ident,
        "section": section,
        "measure": name,
        "unit": unit,
        "polarity": polarity,
        **numbers,
        "no_figure": "measure being developed" if math.isnan(value) else None,
        "actual_numbers": _actual_numbers(value, unit),
        "variance_to_target": value - target,
        "relative_variance_to_target": (value - target) / target if target else math.nan,
        "rag": _rag(value, target, polarity),
    }
    for comparator in Comparator:
        figure = numbers[comparator.value]
        fields[f"{comparator.value}_variance"] = value - figure
        fields[f"{comparator.value}_judgement"] = _judgement(value, figure, polarity)
    if not math.isnan(value - previous):
        direction = (
            Direction.SAME
            if value == previous
            else Direction.UP
            if value > previous
            else Direction.DOWN
        )
        fields["direction"] = direction
        fields["trend"] = _trend(direction, polarity)
    return measure(**fields)


def _actual_numbers(value: float, unit: Unit) -> str | None:
    if math.isnan(value):
        return None
    if unit is Unit.PERCENT:
        cohort = 250
        return f"{round(value / 100 * cohort):,} / {cohort:,}"
    return f"{round(value * 14.75) if unit is Unit.RATE_PER_10K else round(value):,}"


def _rag(value: float, target: float, polarity: Polarity) -> Rag | None:
    if polarity is Polarity.NONE or math.isnan(value) or math.isnan(target):
        return None
    better = value - target if polarity is Polarity.HIGHER_BETTER else target - value
    if better >= 0:
        return Rag.GREEN
    return Rag.AMBER if -better <= 0.05 * abs(target) else Rag.RED


def _trend(direction: Direction, polarity: Polarity) -> Trend | None:
    if direction is Direction.SAME:
        return Trend.STABLE
    if polarity is Polarity.NONE:
        return None
    up_is_good = polarity is Polarity.HIGHER_BETTER
    return Trend.IMPROVING if (direction is Direction.UP) == up_is_good else Trend.WORSENING
