"""Reading a folder of DfE's Explore Education Statistics (EES) CSV downloads.

The folder may hold the trimmed copies the package is built from or the full downloads
(more columns, more breakdown rows, perhaps a byte-order mark). Files are found by the
start of their names, so that a new year's file needs no new release. A missing file
leaves out the indicators it serves; a file without a column the catalogue needs is an
error.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xl_tools.published.areas import ENGLAND, LONDON, LONDON_PARTS, Area
from xl_tools.published.data_files import shipped_groupings
from xl_tools.published.errors import PublishedDataError
from xl_tools.published.figures import SUPPRESSION_CODES, FigureRow, PublishedFigures, is_figure
from xl_tools.published.groupings import read_grouping
from xl_tools.published.recipes import (
    COMMON_COLUMNS,
    FILES,
    POPULATION_AGE,
    POPULATION_COLUMN,
    POPULATION_FILE,
    RECIPES,
    SN_2021_FILE,
    SN_2025_FILE,
    Filters,
    Recipe,
)

_NOT_AVAILABLE = "x"
# Codes for a figure that exists but is withheld; "x" and "z" also mark an LA's rows in the
# years it did not exist, so they do not count as a year with figures.
_WITHHELD = frozenset({"c", "k", "low", "u"})
# A slot is ("numerator", i), ("denominator", i) or ("published", 0).
Slot = tuple[str, int]


@dataclass(frozen=True)
class _Place:
    """An area a file's row is about, with what the row says of it."""

    code: str
    name: str
    gss_code: str
    region: str = ""
    region_name: str = ""


@dataclass
class _Seen:
    """What the files say of one area: its newest description and its years with figures.

    The description is the newest row's with a figure, so that an LA's rows in years it
    did not exist (codes only) do not name it.
    """

    place: _Place
    rank: tuple[bool, int]
    years: set[int] = field(default_factory=set)

    def update(self, place: _Place, year: int, has_figure: bool) -> None:
        if (has_figure, year) > self.rank:
            self.place, self.rank = place, (has_figure, year)
        if has_figure:
            self.years.add(year)


def read_ees(folder: Path) -> PublishedFigures:
    """DfE's figures from a folder of EES CSV files.

    Args:
        folder: The folder. Files are found by name prefix (``b1_children_in_need``,
            ``c1_children_in_need_referrals``, ...); the SN files are optional, the
            package's own groupings standing in for them.

    Raises:
        PublishedDataError: The folder is missing or holds none of the files; two files
            share a prefix; a file lacks a column; a cell is neither a figure nor a
            suppression code; two rows give the same figure.
    """
    if not folder.is_dir():
        raise PublishedDataError(f"{folder}: no such folder")
    found = {prefix: _find(folder, prefix) for prefix in (*FILES, POPULATION_FILE)}
    if not any(found[prefix] for prefix in FILES):
        raise PublishedDataError(
            f"{folder} holds none of DfE's files: {', '.join(name + '*.csv' for name in FILES)}"
        )
    population_file = found[POPULATION_FILE]
    population = _read_population(population_file) if population_file else None
    slots: dict[str, dict[tuple[int, str], dict[Slot, str]]] = {}
    seen: dict[str, _Seen] = {}
    for prefix in FILES:
        path = found[prefix]
        recipes = {key: recipe for key, recipe in RECIPES.items() if recipe.file == prefix}
        if path is not None:
            slots.update(_read_file(path, recipes, seen))
    rows = [
        row for key, cells in slots.items() for row in _rows(key, RECIPES[key], cells, population)
    ]
    return PublishedFigures(rows, _areas(seen), _groupings(folder))


def _find(folder: Path, prefix: str) -> Path | None:
    matches = sorted(
        path
        for path in folder.iterdir()
        if path.name.casefold().startswith(prefix.casefold()) and path.suffix.casefold() == ".csv"
    )
    if len(matches) > 1:
        names = ", ".join(path.name for path in matches)
        raise PublishedDataError(f"{folder} holds two or more {prefix} files ({names}): keep one")
    return matches[0] if matches else None


def _records(path: Path, needed: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """A file's rows, once its header is known to have every column needed."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        header = [name.strip() for name in reader.fieldnames or []]
        for column in needed:
            if column not in header:
                raise PublishedDataError(
                    f'{path.name}: no column "{column}" (its columns: {", ".join(header)})'
                )
        reader.fieldnames = header
        yield from reader


def _read_population(path: Path) -> dict[tuple[int, str], str]:
    """ONS 0-17 populations by year and area."""
    age_column, age = POPULATION_AGE
    population = {}
    for record in _records(path, (*COMMON_COLUMNS, age_column, POPULATION_COLUMN)):
        if record[age_column].strip() != age:
            continue
        year = _year(path, record)
        for place in _places(record):
            population[(year, place.code)] = _cell(path, record, POPULATION_COLUMN)
    return population


def _read_file(
    path: Path, recipes: Mapping[str, Recipe], seen: dict[str, _Seen]
) -> dict[str, dict[tuple[int, str], dict[Slot, str]]]:
    """Each recipe's cells by year and area, from one file; the areas seen noted."""
    needed = [*COMMON_COLUMNS]
    for recipe in recipes.values():
        needed.extend(recipe.columns())
    # The files' recipes share one offset: a file is a census at one time of year.
    offset = next(iter(recipes.values())).year_offset
    found: dict[str, dict[tuple[int, str], dict[Slot, str]]] = {key: {} for key in recipes}
    for record in _records(path, tuple(dict.fromkeys(needed))):
        places = _places(record)
        if not places:
            continue
        time_period = _year(path, record)
        has_figure = False
        for key, recipe in recipes.items():
            if not _passes(record, recipe.where):
                continue
            for slot, column in _slots(recipe, record):
                cell = _cell(path, record, column)
                has_figure = has_figure or is_figure(cell) or cell in _WITHHELD
                for place in places:
                    cells = found[key].setdefault((time_period + offset, place.code), {})
                    if slot in cells:
                        raise PublishedDataError(
                            f"{path.name}: two rows give {column} for {place.code} in "
                            f"{time_period}: filter the file to one breakdown"
                        )
                    cells[slot] = cell
        for place in places:
            _note(seen, place, time_period + offset, has_figure)
    return found


def _slots(recipe: Recipe, record: Mapping[str, str]) -> Iterator[tuple[Slot, str]]:
    """The slots this row fills in a recipe, with the column each is read from."""
    for role, parts in (("numerator", recipe.numerator), ("denominator", recipe.denominator)):
        for place, part in enumerate(parts):
            if _passes(record, part.where):
                yield (role, place), part.column
    if recipe.published and _passes(record, recipe.published.where):
        yield ("published", 0), recipe.published.column


def _passes(record: Mapping[str, str], where: Filters) -> bool:
    return all(record[column].strip() == value for column, value in where)


def _year(path: Path, record: Mapping[str, str]) -> int:
    text = record["time_period"].strip()
    if not text.isdigit():
        raise PublishedDataError(f'{path.name}: "{text}" in column time_period is not a year')
    return int(text)


def _cell(path: Path, record: Mapping[str, str], column: str) -> str:
    text = (record[column] or "").strip()
    if not (is_figure(text) or text in SUPPRESSION_CODES):
        where = record["old_la_code"].strip() or record["region_code"].strip() or ENGLAND
        raise PublishedDataError(
            f'{path.name}: "{text}" in column {column} ({where}, {record["time_period"]}) is '
            f"neither a figure nor a suppression code ({', '.join(sorted(SUPPRESSION_CODES))})"
        )
    return text


def _places(record: Mapping[str, str]) -> list[_Place]:
    """The areas a row is about: England, a region, an LA, or both LAs of a shared row."""
    level = record["geographic_level"].strip()
    if level == "National":
        return [_Place(ENGLAND, "England", ENGLAND)]
    region, region_name = record["region_code"].strip(), record["region_name"].strip()
    if level == "Regional":
        # Inner and Outer London are parts of London, which has its own row.
        return [] if region in LONDON_PARTS else [_Place(region, region_name, region)]
    if level != "Local authority" or not record["old_la_code"].strip():
        return []
    if region in LONDON_PARTS:
        region, region_name = LONDON, "London"
    # A shared workforce row ("314 / 318") gives each of the two LAs the shared figure.
    codes = [code.strip() for code in record["old_la_code"].split("/")]
    names = _split(record["la_name"], len(codes))
    gss_codes = _split(record["new_la_code"], len(codes))
    return [
        _Place(code, name, gss, region, region_name)
        for code, name, gss in zip(codes, names, gss_codes, strict=True)
    ]


def _split(text: str, count: int) -> list[str]:
    parts = [part.strip() for part in text.split(" / ")]
    return parts if len(parts) == count else [text.strip()] * count


def _note(seen: dict[str, _Seen], place: _Place, year: int, has_figure: bool) -> None:
    if place.code in seen:
        seen[place.code].update(place, year, has_figure)
    else:
        seen[place.code] = _Seen(place, (has_figure, year), {year} if has_figure else set())


def _rows(
    key: str,
    recipe: Recipe,
    cells: Mapping[tuple[int, str], Mapping[Slot, str]],
    population: Mapping[tuple[int, str], str] | None,
) -> Iterator[FigureRow]:
    """A recipe's rows; none for a rate whose population file is missing."""
    if not recipe.denominator and population is None:
        return
    for (year, area), slots in cells.items():
        numerator = _sum([slots.get(("numerator", n)) for n in range(len(recipe.numerator))])
        if recipe.denominator:
            parts = [slots.get(("denominator", n)) for n in range(len(recipe.denominator))]
            denominator = _sum(parts)
        else:
            # DfE divides by the preceding year's mid-year 0-17 population.
            denominator = (population or {}).get((year - 1, area), _NOT_AVAILABLE)
        published = slots.get(("published", 0), "")
        yield FigureRow(key, year, area, numerator, denominator, published)


def _sum(cells: list[str | None]) -> str:
    """Counts summed, as published text; a part's code (or a missing part) stands for all.

    >>> _sum(["5415.9", "36186.3"]), _sum(["12", "c"]), _sum(["7"]), _sum([None])
    ('41602.2', 'c', '7', 'x')
    """
    texts = [_NOT_AVAILABLE if cell is None else cell for cell in cells]
    for text in texts:
        if text in SUPPRESSION_CODES:
            return text
    if len(texts) == 1:
        return texts[0]
    return format(sum(Decimal(text) for text in texts), "f")


def _areas(seen: Mapping[str, _Seen]) -> list[Area]:
    """Every area with a figure in some year."""
    return [
        Area(
            code,
            entry.place.name,
            entry.place.gss_code,
            entry.place.region,
            entry.place.region_name,
            min(entry.years),
            max(entry.years),
        )
        for code, entry in seen.items()
        if entry.years
    ]


def _groupings(folder: Path) -> dict[int, dict[str, tuple[str, ...]]]:
    """The SN groupings in the folder, the package's own standing in for a missing file."""
    groupings = {}
    for model, prefix in ((2021, SN_2021_FILE), (2025, SN_2025_FILE)):
        path = _find(folder, prefix)
        groupings[model] = read_grouping(path, model) if path else dict(shipped_groupings()[model])
    return groupings
