"""Finding a local authority from what an officer types: a number, an ONS code or a name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from xl_tools.published.areas import Area
from xl_tools.published.data_files import shipped
from xl_tools.published.errors import PublishedDataError
from xl_tools.published.figures import PublishedFigures
from xl_tools.published.recognition import normalise

# Published names put the kind of authority last ("Bristol, City of"); people leave it off.
_SUFFIXES = (", City of", ", County of")


@dataclass(frozen=True)
class Authority:
    """A local authority, with the region it is compared with.

    Attributes:
        code: DfE's three-digit LA number, e.g. ``878``.
        name: The name as published, e.g. ``Devon``.
        region: Its region's code (London ``E12000007`` for every London borough).
        region_name: Its region's name.
    """

    code: str
    name: str
    region: str
    region_name: str


def find_authority(text: str, figures: PublishedFigures | None = None) -> Authority:
    """The local authority meant by a DfE number, an ONS code or a name.

    A name may be in any case, without ", City of", or the start of a name no other LA's
    starts with. Where two LAs (one since replaced) share a name, the newer is meant.

    Args:
        text: ``878``, ``E10000008``, ``Devon``, ``devon`` or ``Bristol``.
        figures: The figures whose areas to look in; the shipped ones if None.

    Raises:
        PublishedDataError: No LA is meant, or several could be.

    >>> find_authority("Bristol").name, find_authority("878").region_name
    ('Bristol, City of', 'South West')
    """
    authorities = [area for area in (figures or shipped()).areas().values() if area.is_authority]
    wanted = text.strip()
    by_code = [
        area for area in authorities if wanted.casefold() in (area.code, area.gss_code.casefold())
    ]
    found = by_code[0] if by_code else _named(normalise(wanted), authorities, text)
    return Authority(found.code, found.name, found.region, found.region_name)


def _named(wanted: str, authorities: list[Area], text: str) -> Area:
    if wanted:
        exact = [area for area in authorities if wanted in _names(area)]
        if exact:
            # A replaced LA's name lives on in its successor (Dorset 835, then 838).
            return max(exact, key=lambda area: area.last_year)
        starting = [
            area for area in authorities if any(name.startswith(wanted) for name in _names(area))
        ]
        if len(starting) == 1:
            return starting[0]
        if starting:
            names = ", ".join(sorted(area.name for area in starting))
            raise PublishedDataError(
                f'"{text.strip()}" could be any of {names}: give the DfE number'
            )
    raise PublishedDataError(
        f'no English local authority is called "{text.strip()}": give its DfE number '
        "(such as 878) or its name"
    )


def _names(area: Area) -> Iterable[str]:
    """The names an LA answers to, normalised."""
    yield normalise(area.name)
    for suffix in _SUFFIXES:
        if area.name.endswith(suffix):
            yield normalise(area.name.removesuffix(suffix))
