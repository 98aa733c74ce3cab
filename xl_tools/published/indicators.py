"""DfE's published local-authority indicators as the catalogue describes them: what each
counts, over what time, from which collection, and how a workbook's measure was linked to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from xl_tools.model import Polarity, Unit


class Basis(StrEnum):
    """Whether a figure is a snapshot or counted over the year."""

    POINT_IN_TIME = "point in time"
    YEAR = "year"


class Collection(StrEnum):
    """The DfE data collection an indicator comes from."""

    CIN_CENSUS = "CIN census"
    CLA_RETURN = "CLA return"
    CARE_LEAVERS = "Care leavers (CLA return)"
    CSWW_CENSUS = "CSWW census"


@dataclass(frozen=True)
class Indicator:
    """One indicator DfE publishes for every local authority (or, for "in touch", does not).

    Attributes:
        key: Stable identifier, e.g. ``cin_rate``.
        name: The indicator's name as the catalogue gives it.
        variants: Other names officers use, matched ignoring case, spaces and punctuation.
        unit: How the figure is expressed.
        polarity: Which way is good, as a performance officer reads it.
        basis: A snapshot (at 31 March, at the 30 September census) or counted over the year.
        collection: The DfE collection it comes from.
        source: How DfE computes it: file, columns, filters, formula and precision.
        places: Decimal places DfE publishes it to.
        template_ids: The shipped template's measure IDs linked to it.
        published: False where DfE publishes no local-authority figure.
        reason: Why there is none, where ``published`` is False.
    """

    key: str
    name: str
    variants: tuple[str, ...]
    unit: Unit
    polarity: Polarity
    basis: Basis
    collection: str
    source: str
    places: int
    template_ids: tuple[str, ...]
    published: bool = True
    reason: str = ""


@dataclass(frozen=True)
class Recognition:
    """An indicator a measure was linked to, and how: ``DfE measure``, ``name`` or ``ID``."""

    indicator: Indicator
    how: str
