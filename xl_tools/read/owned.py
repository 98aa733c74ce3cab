"""Which of a table's computed columns are the tool's own, and which the officer's.

The tool fills columns of its own (RAG, variances, judgements, direction): on a later run
it finds them by their headers and writes them again. A column with one of those headers
that the tool did not write is one the officer keeps by hand: it is theirs, read as
nothing and left as it is, and the tool writes its own column beside the table. The tool
knows its columns by the mark it leaves on the sheet (`xl_tools.marks`); a table the tool
wrote before it marked its columns is known by having every one of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from xl_tools.model import WRITTEN_HEADERS
from xl_tools.read.headers import HeaderRow, normalise

# Always the tool's to fill, wherever its column is (DESIGN 5).
_ALWAYS_THE_TOOLS = frozenset({"actual_numbers"})


def assign_owned(
    header: HeaderRow, owned: frozenset[int] | None, lookup: Mapping[str, str]
) -> tuple[HeaderRow, dict[int, str]]:
    """The header row with only the tool's own columns as its computed fields.

    Args:
        header: The table's header row as read.
        owned: The columns the tool marked as its own; None where that cannot be known
            (a live workbook), when every column recognised is taken as the tool's.
        lookup: The field of each normalised header name.

    Returns:
        The header row, and the officer's own columns among those with a computed field's
        header, by column, with the field each is headed as.

    >>> from xl_tools.read.cells import SheetCells
    >>> from xl_tools.read.headers import header_lookup, read_header_row
    >>> lookup = header_lookup()
    >>> header = read_header_row(SheetCells("M", (("Measure", "Value", "RAG"),)), 1, lookup)
    >>> found, officers = assign_owned(header, frozenset(), lookup)
    >>> "rag" in found.columns, officers
    (False, {3: 'rag'})
    >>> assign_owned(header, frozenset({3}), lookup)[0].columns["rag"]
    3
    """
    if owned is None:
        return header, {}
    headed = _headed_as_computed(header, lookup)
    if not owned and _has_every_tool_column(headed):
        owned = frozenset(min(columns) for columns in _by_field(headed).values())
    columns = {f: c for f, c in header.columns.items() if f not in WRITTEN_HEADERS}
    officers: dict[int, str] = {}
    for column, field in sorted(headed.items()):
        if field in _ALWAYS_THE_TOOLS or column in owned:
            columns.setdefault(field, column)
        else:
            officers[column] = field
    taken = set(columns.values())
    texts = dict(header.ignored) | {c: header.headers[f] for f, c in header.columns.items()}
    ignored = tuple(sorted((c, texts[c]) for c in texts if c not in taken))
    headers = {f: texts[c] for f, c in columns.items()}
    return dataclasses.replace(header, columns=columns, headers=headers, ignored=ignored), officers


def _headed_as_computed(header: HeaderRow, lookup: Mapping[str, str]) -> dict[int, str]:
    """Every column of the header row headed as a computed field, with the field."""
    headed = {c: f for f, c in header.columns.items() if f in WRITTEN_HEADERS}
    for column, text in header.ignored:
        field = lookup.get(normalise(text))
        if field in WRITTEN_HEADERS:
            headed[column] = field
    return headed


def _by_field(headed: dict[int, str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for column, field in headed.items():
        found.setdefault(field, []).append(column)
    return found


def _has_every_tool_column(headed: dict[int, str]) -> bool:
    """Whether the row heads every column the tool writes: a table it wrote before."""
    return set(headed.values()) >= set(WRITTEN_HEADERS)
