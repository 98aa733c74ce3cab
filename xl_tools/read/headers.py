"""Finding the measures table's header row and what each of its columns holds (DESIGN 3.2).

Header text is compared after `normalise`: lower case, letters and digits only, so that
"Stat. neighbours", "STAT NEIGHBOURS" and "stat_neighbours" are one name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from xl_tools.errors import Problem, ProblemCode, SettingsError
from xl_tools.model import FIELDS, MAPPED_FIELDS, WRITTEN_HEADERS
from xl_tools.read.cells import SheetCells, is_blank

# The header names officers use, by the field (measures-table column) they hold; the tool's
# own columns are found by the headers it writes, so that a later run overwrites them.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    field.name: field.headers for field in FIELDS if field.headers
}

# Fields the tool writes rather than reads.
OUTPUT_FIELDS = frozenset(WRITTEN_HEADERS)

# A table needs a figure to work from: the value, or the parts it is computed from.
FIGURE_SOURCES = ("value", "numerator", "denominator", "count")

HEADER_SEARCH_ROWS = 30


def normalise(text: object) -> str:
    """The form header text is compared in.

    >>> normalise("  Stat. Neighbours "), normalise("Population 0-17")
    ('statneighbours', 'population017')
    """
    return _normalised(str(text))


# Every row under the headers is tested as a possible header row, so the same names and
# figures come back thousands of times a build: remembering their normal form saves most
# of reading a table.
@lru_cache(maxsize=4096)
def _normalised(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def header_lookup(extra_headers: Mapping[str, Sequence[str]] | None = None) -> dict[str, str]:
    """The field of each normalised header name: built-in names, written headers, extras.

    Args:
        extra_headers: More header names per field, e.g. from a column map file; they
            take precedence over the built-in names.

    Raises:
        SettingsError: An extra name is given for a field the tool does not know.

    >>> lookup = header_lookup({"value": ["Nov 23"]})
    >>> lookup["nov23"], lookup["statneighbours"], lookup["rag"]
    ('value', 'statistical_neighbours', 'rag')
    """
    check_extra_headers(extra_headers)
    lookup = {}
    for field, names in HEADER_NAMES.items():
        lookup.update({normalise(name): field for name in names})
    for field, extras in (extra_headers or {}).items():
        extra = (extras,) if isinstance(extras, str) else tuple(extras)
        lookup.update({normalise(name): field for name in extra})
    return lookup


def check_extra_headers(
    extra_headers: Mapping[str, Sequence[str]] | None, source: str | None = None
) -> None:
    """Refuse extra header names given for fields the tool does not know.

    Args:
        extra_headers: More header names per field.
        source: The workbook's file name, for the message.

    Raises:
        SettingsError: One problem per unknown field, listing the fields there are.

    >>> try:
    ...     check_extra_headers({"colour": ["Colour"]}, "m.xlsx")
    ... except SettingsError as error:
    ...     print(str(error).split(" (known")[0])
    m.xlsx: header names are given for "colour", which is not a column the tool knows
    """
    known = ", ".join(MAPPED_FIELDS)
    unknown = [f for f in extra_headers or {} if f not in HEADER_NAMES]
    if unknown:
        raise SettingsError(
            Problem(
                ProblemCode.BAD_SETTING,
                f'header names are given for "{field}", which is not a column the tool '
                f"knows (known: {known})",
                file=source,
            )
            for field in unknown
        )


@dataclass(frozen=True)
class HeaderRow:
    """The header row of a measures table as found.

    Attributes:
        row: The sheet row of the headers (1-based).
        columns: The column of each recognised field (the first, where two match).
        headers: The header text as found, by field, for messages.
        ignored: (column, text) of every header the tool does not use.
        last_column: The right-most column holding a header.
    """

    row: int
    columns: dict[str, int]
    headers: dict[str, str]
    ignored: tuple[tuple[int, str], ...]
    last_column: int

    @property
    def first_column(self) -> int:
        """The left-most recognised column."""
        return min(self.columns.values())

    @cached_property  # asked for at every cell of every measure row
    def input_columns(self) -> dict[str, int]:
        """The columns read as inputs, without those the tool writes."""
        return {f: c for f, c in self.columns.items() if f not in OUTPUT_FIELDS}


def read_header_row(sheet: SheetCells, row: int, lookup: Mapping[str, str]) -> HeaderRow:
    """What each column of a sheet row holds, taking the row as headers.

    >>> sheet = SheetCells("M", (("Ref", "Indicator", "Latest", "Notes"),))
    >>> found = read_header_row(sheet, 1, header_lookup())
    >>> found.columns, found.ignored
    ({'id': 1, 'measure': 2, 'value': 3}, ((4, 'Notes'),))
    """
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[tuple[int, str]] = []
    last_column = 0
    for column, text in enumerate(sheet.row(row), start=1):
        if is_blank(text):
            continue
        last_column = column
        field = lookup.get(normalise(text))
        label = " ".join(str(text).split())
        if field is None or field in columns:
            ignored.append((column, label))
        else:
            columns[field] = column
            headers[field] = label
    return HeaderRow(row, columns, headers, tuple(ignored), last_column)


def find_header_row(
    sheet: SheetCells, extra_headers: Mapping[str, Sequence[str]] | None = None
) -> HeaderRow | None:
    """The first row, within the first 30, that heads a measures table.

    Such a row has a measure column and a figure to work from: a value column, or the
    numerator, denominator or count it can be computed from.

    >>> sheet = SheetCells("M", (("Children's services",), ("Measure", "Value")))
    >>> find_header_row(sheet).row
    2
    >>> find_header_row(SheetCells("M", (("Measure", "Target"),))) is None
    True
    """
    lookup = header_lookup(extra_headers)
    for row in range(1, min(sheet.n_rows, HEADER_SEARCH_ROWS) + 1):
        found = read_header_row(sheet, row, lookup)
        if "measure" in found.columns and any(f in found.columns for f in FIGURE_SOURCES):
            return found
    return None
