"""What each row under a measures table's headers is: a measure, a heading, or not the table.

Officers' tables hold more than measures: section heading rows, blank rows, totals, notes
and source lines, and under the table a key, a block of settings or a second table. Each
row is given a `RowKind` by looking only at the table's own columns (cells to the right of
the table are the sheet's, not the table's), so that the reader can skip what is not a
measure and stop where the table ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from enum import Enum

from xl_tools.read.cells import SheetCells, is_blank
from xl_tools.read.headers import HeaderRow, normalise, read_header_row
from xl_tools.read.settings import setting_field
from xl_tools.read.values import unit_from_name

# A notes, source or key line: "Source: DfE", "Notes -", "N.B.", "* provisional", "Key".
_NOTE = re.compile(
    r"^(\*|(sources?|notes?|n\.?\s?b\.?|key|legend|rag\s+key|rag\s+ratings?)\s*([:.\-–]|$))",
    re.IGNORECASE,
)
_TOTALS = frozenset({"total", "totals", "grandtotal", "overalltotal"})


class RowKind(Enum):
    """What a row under the headers holds."""

    MEASURE = "measure"
    HEADING = "heading"  # a section heading row: one piece of text at the row's start
    UNNAMED = "unnamed"  # figures with no measure name: skipped with a warning
    SKIPPED = "skipped"  # blank, a total, or text outside the table's columns
    NOTE = "note"  # a notes, source or key line
    SETTING = "setting"  # a setting label and its value, as in a settings block
    HEADERS = "headers"  # the header row of another table


# After the first measure these end the table: what lies below is not measures.
ENDS_TABLE = frozenset({RowKind.NOTE, RowKind.SETTING, RowKind.HEADERS})


def classify_rows(
    sheet: SheetCells, header: HeaderRow, lookup: Mapping[str, str]
) -> Iterator[tuple[int, RowKind]]:
    """Each sheet row under the headers, top to bottom, with what it holds.

    A row is classified only when asked for, so that a reader may stop where the table ends.

    Args:
        sheet: The measures sheet.
        header: The table's header row.
        lookup: The field of each normalised header name (`header_lookup`).

    >>> from xl_tools.read.headers import find_header_row, header_lookup
    >>> sheet = SheetCells("M", (("Measure", "Value"), ("Process",), ("Referrals", 599),
    ...                          ("Total", 599), ("Source: DfE",), ("Measure", "2022")))
    >>> [(row, kind.value) for row, kind in
    ...  classify_rows(sheet, find_header_row(sheet), header_lookup())]
    [(2, 'heading'), (3, 'measure'), (4, 'skipped'), (5, 'note'), (6, 'headers')]
    """
    classifier = _Classifier(sheet, header, lookup)
    # Rows holding nothing are skipped by any reading: only those holding a value are asked.
    for row in sheet.filled_rows(header.row + 1):
        yield row, classifier.kind(row)


class _Classifier:
    """What each row of one table holds, with what is the same for every row made once."""

    def __init__(self, sheet: SheetCells, header: HeaderRow, lookup: Mapping[str, str]):
        self.sheet, self.header, self.lookup = sheet, header, lookup
        self.measure_column = header.columns["measure"]
        self.inputs = frozenset(header.input_columns.values())
        self.measure_names = frozenset(n for n, f in lookup.items() if f == "measure")
        # The normal form of a number is its digits (or "nan", "inf"): unless a name for
        # the Measure column could be one, a number in a row never names it.
        self.numbers_may_name = any(
            not name.isalpha() or name in ("nan", "inf") for name in self.measure_names
        )

    def kind(self, row: int) -> RowKind:
        """What one sheet row under the headers holds."""
        sheet, header = self.sheet, self.header
        filled = table_cells(sheet, header, row)
        if not filled:
            return RowKind.SKIPPED
        first = filled[0][1]
        if isinstance(first, str) and _NOTE.match(first.strip()):
            return RowKind.NOTE
        name = sheet.value(row, self.measure_column)
        if normalise(name if not is_blank(name) else first) in _TOTALS:
            return RowKind.SKIPPED
        if self._is_header_row(row):
            return RowKind.HEADERS
        if _is_setting(filled):
            return RowKind.SETTING
        if heading_text(filled, header) is not None:
            return RowKind.HEADING
        if not is_blank(name):
            return RowKind.MEASURE
        if any(c in self.inputs and isinstance(v, int | float) for c, v in filled):
            return RowKind.UNNAMED
        # Text only outside the measure column: notes, kept as they are.
        return RowKind.SKIPPED

    def _is_header_row(self, row: int) -> bool:
        """Whether a row heads another table: a Measure-like header and one more header."""
        # Nearly every row tested is a measure: one with no Measure-like cell is ruled out
        # before the whole row is read as headers.
        if not any(map(self._names_measure, self.sheet.row(row))):
            return False
        found = read_header_row(self.sheet, row, self.lookup)
        return "measure" in found.columns and len(found.columns) + len(found.ignored) >= 2

    def _names_measure(self, value: object) -> bool:
        """Whether a cell holds a header name of the Measure column."""
        if value is None or (type(value) in (int, float) and not self.numbers_may_name):
            return False
        if isinstance(value, str) and not value.strip():
            return False
        return normalise(value) in self.measure_names


def table_cells(sheet: SheetCells, header: HeaderRow, row: int) -> list[tuple[int, object]]:
    """The (column, value) of a row's filled cells up to the table's last header column."""
    cells = sheet.row(row)[: header.last_column]
    # `is_blank`, written out: this is asked of every cell of every row of the table.
    return [
        (c, v)
        for c, v in enumerate(cells, start=1)
        if v is not None and not (isinstance(v, str) and not v.strip())
    ]


def heading_text(filled: list[tuple[int, object]], header: HeaderRow) -> str | None:
    """The section a row heads: its only text, in the measure or first column, or left of it.

    A lone name that gives its unit away ("... (per 10,000)") is a measure with no figures
    yet, not a heading.
    """
    inputs, first = set(header.input_columns.values()), header.first_column
    in_table = [(c, v) for c, v in filled if c in inputs or c < first]
    if len(in_table) != 1:
        return None
    column, text = in_table[0]
    at_start = column in (header.columns["measure"], first) or column < first
    if not isinstance(text, str) or not at_start or unit_from_name(text) is not None:
        return None
    return " ".join(text.split())


def _is_setting(filled: list[tuple[int, object]]) -> bool:
    """Whether a row is a setting's label alone, or with its value right beside it."""
    (column, label), *rest = filled
    if setting_field(label) is None:
        return False
    return not rest or (len(rest) == 1 and rest[0][0] == column + 1)
