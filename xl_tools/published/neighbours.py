"""DfE's statistical neighbour groupings: which one a year's figures came out with."""

from __future__ import annotations

import datetime

from xl_tools.published.indicators import Indicator
from xl_tools.published.release_dates import publication

GROUPINGS = (2021, 2025)
# DfE's dashboard has read the 2025 model since 20 June 2025, the April 2021 one before.
MODEL_2025_FROM = datetime.date(2025, 6, 20)


def default_grouping(indicator: Indicator, year: int) -> int:
    """The grouping DfE benchmarked a year's figures with when they came out: 2021 or 2025.

    >>> from xl_tools.published.recognition import indicator
    >>> default_grouping(indicator("cin_rate"), 2024), default_grouping(indicator("cla_rate"), 2025)
    (2021, 2025)
    >>> default_grouping(indicator("agency_rate"), 2025)  # census Sep 2024, out Feb 2025
    2021
    """
    return 2025 if publication(indicator, year) >= MODEL_2025_FROM else 2021


def other_grouping(grouping: int) -> int:
    """The grouping that is not this one.

    >>> other_grouping(2021), other_grouping(2025)
    (2025, 2021)
    """
    return GROUPINGS[1] if grouping == GROUPINGS[0] else GROUPINGS[0]
