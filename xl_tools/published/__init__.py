"""DfE's published comparator figures, shipped with the package.

The catalogue links a workbook's measures to DfE's published local-authority indicators;
the figures (counts, published figures, areas and statistical neighbour groupings) come
from DfE's Explore Education Statistics files, shipped in ``data/`` or read from a folder
of newer downloads; the comparators are an authority's SN average, England and region.

>>> from xl_tools.published import find_authority, indicator, published_comparators, shipped
>>> devon = find_authority("Devon")
>>> published_comparators(shipped(), indicator("cin_rate"), devon, 2023).source
'DfE CIN census 2022-23; SN mean of 10 (2021 groupings)'
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

# Loaded when first used: reading a workbook needs only the catalogue, not the figures.
_WHERE = {
    "Area": "areas",
    "Authority": "authorities",
    "find_authority": "authorities",
    "CATALOGUE": "catalogue",
    "Basis": "indicators",
    "Collection": "indicators",
    "Indicator": "indicators",
    "Recognition": "indicators",
    "indicator": "recognition",
    "recognise": "recognition",
    "Average": "comparators",
    "PublishedComparators": "comparators",
    "published_comparators": "comparators",
    "read_ees": "ees",
    "PublishedDataError": "errors",
    "SUPPRESSION_CODES": "figures",
    "Figure": "figures",
    "FigureRow": "figures",
    "PublishedFigures": "figures",
    "default_grouping": "neighbours",
    "default_year": "release_dates",
    "publication": "release_dates",
    "shipped": "data_files",
}
__all__ = [
    "Area",
    "Authority",
    "Average",
    "Basis",
    "CATALOGUE",
    "Collection",
    "Figure",
    "FigureRow",
    "Indicator",
    "PublishedComparators",
    "PublishedDataError",
    "PublishedFigures",
    "Recognition",
    "SUPPRESSION_CODES",
    "default_grouping",
    "default_year",
    "find_authority",
    "indicator",
    "publication",
    "published_comparators",
    "read_ees",
    "recognise",
    "shipped",
]

if TYPE_CHECKING:
    from xl_tools.published.areas import Area
    from xl_tools.published.authorities import Authority, find_authority
    from xl_tools.published.catalogue import CATALOGUE
    from xl_tools.published.comparators import (
        Average,
        PublishedComparators,
        published_comparators,
    )
    from xl_tools.published.data_files import shipped
    from xl_tools.published.ees import read_ees
    from xl_tools.published.errors import PublishedDataError
    from xl_tools.published.figures import (
        SUPPRESSION_CODES,
        Figure,
        FigureRow,
        PublishedFigures,
    )
    from xl_tools.published.indicators import Basis, Collection, Indicator, Recognition
    from xl_tools.published.neighbours import default_grouping
    from xl_tools.published.recognition import indicator, recognise
    from xl_tools.published.release_dates import default_year, publication


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'xl_tools.published' has no attribute {name!r}")
    value = getattr(import_module(f"xl_tools.published.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
