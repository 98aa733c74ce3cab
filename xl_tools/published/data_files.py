"""The figures shipped with the package: the data files in ``xl_tools/published/data/``.

``figures.csv`` (counts and published figures), ``areas.csv`` and one
``neighbours_<model>.csv`` per SN grouping; plain CSV whose leading ``#`` lines carry
the attribution. `write_data` writes them (``python -m xl_tools.published.rebuild``) and
`shipped` reads the package's copy once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from xl_tools.published.areas import Area, area_order
from xl_tools.published.figures import FigureRow, Groupings, PublishedFigures
from xl_tools.published.groupings import NEIGHBOURS

FIGURES = "figures.csv"
AREAS = "areas.csv"
MODELS = (2021, 2025)
FIGURE_COLUMNS = ("indicator", "year", "area", "numerator", "denominator", "published")
AREA_COLUMNS = ("area", "name", "gss_code", "region", "region_name", "first_year", "last_year")
NEIGHBOUR_COLUMNS = ("area", *(f"sn{n}" for n in range(1, NEIGHBOURS + 1)))

LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "Source: Department for Education (Children in need; Children looked after in England "
    "including adoptions; Children's social work workforce; Children's services statistical "
    "neighbour benchmarking tool) and Office for National Statistics (mid-year population "
    "estimates).",
)
_ABOUT = {
    FIGURES: (
        "DfE's published children's social care figures: one row per indicator, year and area.",
        "year: the year ending 31 March; for the workforce census (CSWW) at 30 September T, "
        "year T+1.",
        "area: DfE LA number, ONS region code (E12000001-E12000009) or E92000001 (England).",
        "numerator, denominator: the counts the figure is worked out from (for a rate per "
        "10,000, the count and the ONS 0-17 population of the preceding year), or a "
        "suppression code (c, k, low, u, x, z) as published.",
        "published: the figure DfE published in its file, where it publishes one.",
    ),
    AREAS: (
        "The areas with figures: LAs (region London E12000007 for every London borough), "
        "regions and England; the first and last years ending 31 March with a figure "
        "(or one withheld: c, k, low, u).",
    ),
    "neighbours": (
        "DfE's statistical neighbours in the {model} grouping: each LA's 10 neighbours, "
        "closest first.",
    ),
}


def data_folder() -> Traversable:
    """The package's data folder."""
    return files("xl_tools.published") / "data"


@cache
def shipped() -> PublishedFigures:
    """The figures shipped with the package, read once."""
    return read_data(data_folder())


@cache
def shipped_groupings() -> Groupings:
    """The SN groupings shipped with the package, read once."""
    return _read_groupings(data_folder())


def read_data(folder: Traversable | Path) -> PublishedFigures:
    """Figures, areas and groupings from a folder of the package's data files."""
    rows = [
        FigureRow(record[0], int(record[1]), record[2], record[3], record[4], record[5])
        for record in _records(folder / FIGURES, FIGURE_COLUMNS)
    ]
    areas = [
        Area(record[0], record[1], record[2], record[3], record[4], int(record[5]), int(record[6]))
        for record in _records(folder / AREAS, AREA_COLUMNS)
    ]
    return PublishedFigures(rows, areas, _read_groupings(folder))


def write_data(figures: PublishedFigures, folder: Path, *, source: str = "") -> None:
    """Write the data files, in a fixed order, so that the same figures give the same bytes.

    Args:
        figures: The figures to write.
        folder: The folder to write them into.
        source: Where the DfE files came from (a repository and commit), for the header.
    """
    figure_rows = (
        (row.indicator, row.year, row.area, row.numerator, row.denominator, row.published)
        for row in figures.rows()
    )
    _write(folder / FIGURES, _header(FIGURES, source), FIGURE_COLUMNS, figure_rows)
    areas = sorted(figures.areas().values(), key=lambda area: area_order(area.code))
    area_rows = (
        (area.code, area.name, area.gss_code, area.region, area.region_name,
         area.first_year, area.last_year)
        for area in areas
    )  # fmt: skip
    _write(folder / AREAS, _header(AREAS, source), AREA_COLUMNS, area_rows)
    for model in MODELS:
        grouping = figures.groupings().get(model, {})
        rows = ((code, *grouping[code]) for code in sorted(grouping, key=area_order))
        header = [line.format(model=model) for line in _header("neighbours", source)]
        _write(folder / f"neighbours_{model}.csv", header, NEIGHBOUR_COLUMNS, rows)


def _header(name: str, source: str) -> list[str]:
    lines = [*_ABOUT[name], *LICENCE]
    if source:
        lines.append(f"Files: {source}.")
    return lines


def _write(
    path: Path, comments: list[str], columns: tuple[str, ...], rows: Iterable[Iterable[object]]
) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        file.writelines(f"# {line}\n" for line in comments)
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _records(path: Traversable | Path, columns: tuple[str, ...]) -> Iterator[list[str]]:
    """A data file's rows after its comments and header (checked to be as written)."""
    text = path.read_text(encoding="utf-8")
    lines = (line for line in io.StringIO(text) if not line.startswith("#"))
    reader = csv.reader(lines)
    header = tuple(next(reader, ()))
    if header != columns:
        raise ValueError(f"{path.name}: the header is {header}, not {columns}")
    yield from reader


def _read_groupings(folder: Traversable | Path) -> Groupings:
    return {
        model: {
            record[0]: tuple(record[1:])
            for record in _records(folder / f"neighbours_{model}.csv", NEIGHBOUR_COLUMNS)
        }
        for model in MODELS
    }
