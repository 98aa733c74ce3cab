"""The areas DfE publishes figures for: local authorities, the nine regions and England."""

from __future__ import annotations

from dataclasses import dataclass

ENGLAND = "E92000001"
LONDON = "E12000007"
# London boroughs' rows carry Inner or Outer London; their region comparator is London.
LONDON_PARTS = ("E13000001", "E13000002")


@dataclass(frozen=True)
class Area:
    """One area with figures.

    Attributes:
        code: DfE's three-digit LA number, an ONS region code or ``E92000001`` (England).
        name: The name as published, e.g. ``Bristol, City of``.
        gss_code: The ONS code (the LA's newest one); the code itself for regions and England.
        region: The LA's region (London ``E12000007`` for every London borough); empty for
            regions and England.
        region_name: The region's name; empty for regions and England.
        first_year: The first year ending 31 March with a figure for it (or one withheld:
            ``c``, ``k``, ``low``, ``u``).
        last_year: The last such year.
    """

    code: str
    name: str
    gss_code: str
    region: str
    region_name: str
    first_year: int
    last_year: int

    @property
    def is_authority(self) -> bool:
        """Whether it is a local authority (rather than a region or England).

        >>> Area("878", "Devon", "E10000008", "E12000009", "South West", 2013, 2025).is_authority
        True
        """
        return self.code.isdigit()


def area_order(code: str) -> tuple[int, int, str]:
    """How areas are listed: England, then regions by code, then LAs by number.

    >>> sorted(["878", "E12000009", "201", "E92000001"], key=area_order)
    ['E92000001', 'E12000009', '201', '878']
    """
    if code == ENGLAND:
        return (0, 0, code)
    if code.isdigit():
        return (2, int(code), code)
    return (1, 0, code)
