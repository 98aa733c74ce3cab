"""The one set of figures every layout of the corpus holds (`tests/make_layouts.py`).

Percentages are in points (38 means 38%), as the tool holds them. The measure names give
their units away, so that a layout with no unit column reads the same units.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests import workbooks
from xl_tools.model import Polarity, Settings, Unit

FIELDS = (
    "id",
    "section",
    "measure",
    "unit",
    "polarity",
    "value",
    "numerator",
    "denominator",
    "count",
    "actual_numbers",
    "target",
    "amber_threshold",
    "statistical_neighbours",
    "england",
    "region",
    "previous",
    "commentary",
)
TEMPLATE_HEADERS = dict(zip(FIELDS, workbooks.TEMPLATE_HEADERS, strict=True))
# The figures in the measure's own unit: a percentage's are shown in one of three forms.
PERCENT_FIELDS = frozenset(
    {"value", "target", "amber_threshold", "statistical_neighbours", "england", "region"}
    | {"previous"}
)

_WORDS = {
    "template": {
        Unit.RATE_PER_10K: "Rate per 10,000",
        Unit.COUNT: "Number",
        Unit.PERCENT: "Percentage",
        Unit.AVERAGE: "Average",
        Polarity.HIGHER_BETTER: "Higher is better",
        Polarity.LOWER_BETTER: "Lower is better",
        Polarity.NONE: "None",
    },
    "short": {
        Unit.RATE_PER_10K: "per 10k",
        Unit.COUNT: "Count",
        Unit.PERCENT: "%",
        Unit.AVERAGE: "Average",
        Polarity.HIGHER_BETTER: "High",
        Polarity.LOWER_BETTER: "Down",
        Polarity.NONE: "Context",
    },
}


@dataclass(frozen=True)
class Measure:
    """One measure's figures, as the template holds them."""

    id: str
    section: str
    measure: str
    unit: Unit
    polarity: Polarity
    value: float | str | None = None
    numerator: float | None = None
    denominator: float | None = None
    count: float | None = None
    target: float | None = None
    amber_threshold: float | None = None
    statistical_neighbours: float | None = None
    england: float | None = None
    region: float | None = None
    previous: float | None = None
    commentary: str | None = None

    @property
    def is_percent(self) -> bool:
        """Whether the measure is a percentage."""
        return self.unit is Unit.PERCENT

    def unit_word(self, words: str) -> str:
        """The unit as a layout's words write it."""
        return _WORDS[words][self.unit]

    def polarity_word(self, words: str) -> str | None:
        """The polarity as a layout's words write it (short words leave one blank)."""
        if words == "short" and self.id == "VA02":
            return None
        return _WORDS[words][self.polarity]


VA, PR, IM = "Volume of Activity", "Process", "Impact"
MEASURES = (
    Measure("VA01", VA, "Contacts to children's social care (per 10,000)", Unit.RATE_PER_10K,
            Polarity.NONE, 439, statistical_neighbours=520.3, england=514.9, region=480,
            previous=452, commentary="Lower than comparators"),
    Measure("VA02", VA, "Number of referrals", Unit.COUNT, Polarity.NONE, 1234, previous=1180,
            commentary="Back to the level of the start of the year"),
    Measure("VA05", VA, "Section 47 enquiries (per 10,000)", Unit.RATE_PER_10K, Polarity.NONE,
            201, count=2966, statistical_neighbours=180, england=175.9, previous=195),
    Measure("PR04", PR, "% of assessments completed within 45 days", Unit.PERCENT,
            Polarity.HIGHER_BETTER, 79, numerator=480, denominator=608, target=85,
            amber_threshold=80, statistical_neighbours=84.2, england=82.1, region=86,
            previous=81),
    Measure("PR08", PR, "% of children starting a CP plan who had a previous plan",
            Unit.PERCENT, Polarity.LOWER_BETTER, 38, numerator=19, denominator=50, target=24,
            statistical_neighbours=24, england=23.3, previous=35,
            commentary="Audit team to review"),
    Measure("PR09", PR, "Average caseload per social worker", Unit.AVERAGE,
            Polarity.LOWER_BETTER, 18.5, numerator=1850, denominator=100, target=18,
            previous=19.2),
    Measure("IM05", IM, "% of looked after children with 3 or more placements", Unit.PERCENT,
            Polarity.LOWER_BETTER, 15, denominator=900, target=10, statistical_neighbours=10.5,
            england=10, previous=16),
    Measure("IM04", IM, "% of audits with feedback from families", Unit.PERCENT,
            Polarity.HIGHER_BETTER, "measure being developed", target=50),
    Measure("IM10", IM, "Number of children missing from care", Unit.COUNT,
            Polarity.LOWER_BETTER, "c", previous=42, commentary="Suppressed: fewer than 5"),
)  # fmt: skip
SETTINGS = Settings(authority="Devon", period="November 2023", population=147541.0, tolerance=0.05)
