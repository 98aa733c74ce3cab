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

from xl_tools.published.areas import Area
from xl_tools.published.authorities import Authority, find_authority
from xl_tools.published.catalogue import (
    CATALOGUE,
    Basis,
    Collection,
    Indicator,
    Recognition,
    indicator,
    recognise,
)
from xl_tools.published.comparators import Average, PublishedComparators, published_comparators
from xl_tools.published.ees import read_ees
from xl_tools.published.errors import PublishedDataError
from xl_tools.published.figures import SUPPRESSION_CODES, Figure, FigureRow, PublishedFigures
from xl_tools.published.neighbours import default_grouping
from xl_tools.published.publication import default_year, publication
from xl_tools.published.shipped import shipped

__all__ = [
    "CATALOGUE",
    "SUPPRESSION_CODES",
    "Area",
    "Authority",
    "Average",
    "Basis",
    "Collection",
    "Figure",
    "FigureRow",
    "Indicator",
    "PublishedComparators",
    "PublishedDataError",
    "PublishedFigures",
    "Recognition",
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
