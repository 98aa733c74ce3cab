"""A column map kept in the workbook: a ``Column map`` sheet, read by the CLI and the button.

The sheet says, a row a field, which headers the officer's table uses for it, so that the
map travels with the workbook (DESIGN 3.2; the ``--map`` file says the same outside it)::

    Field                   | Header names
    Value                   | Nov 23 figure
    Statistical neighbours  | Similar LAs; SN avg

A field is named as the tool names it (``statistical_neighbours``) or by its column's
header (``Statistical neighbours``); several header names go in the cells to its right,
or in one cell apart by ``;`` or a new line. A first row of ``Field`` is its header.
"""

from __future__ import annotations

from collections.abc import Sequence

from xl_tools.errors import Problem, ProblemCode, SettingsError
from xl_tools.model import FIELDS_BY_NAME, MAPPED_FIELDS
from xl_tools.read.cells import SheetCells, SheetSource
from xl_tools.read.headers import normalise
from xl_tools.references import cell_address

COLUMN_MAP_SHEET = "Column map"
_HEADER = normalise("Field")
# Each field a map may name, by its name and by its column's header.
_FIELDS = {
    **{normalise(field): field for field in MAPPED_FIELDS},
    **{normalise(FIELDS_BY_NAME[field].headers[0]): field for field in MAPPED_FIELDS},
}


def is_column_map(sheet: SheetSource) -> bool:
    """Whether a sheet is the workbook's column map (named so, in any case).

    >>> is_column_map(SheetCells("column MAP", ()))
    True
    """
    return normalise(sheet.name) == normalise(COLUMN_MAP_SHEET)


def column_map_of(sheets: Sequence[SheetSource], source: str) -> dict[str, tuple[str, ...]]:
    """The header names the workbook's Column map sheet gives, by field; none without one.

    Raises:
        SettingsError: A row names a field the tool does not know, or gives no header
            name; every such row at once, each at its cell.
    """
    found = next((sheet for sheet in sheets if is_column_map(sheet)), None)
    return {} if found is None else read_column_map(found.whole(), source)


def read_column_map(sheet: SheetCells, source: str) -> dict[str, tuple[str, ...]]:
    """Read a Column map sheet's rows into header names by field.

    >>> read_column_map(SheetCells("Column map", (("Field", "Header names"),
    ...     ("Value", "Nov 23 figure; This month"), ("measure", "KPI"))), "m.xlsx")
    {'value': ('Nov 23 figure', 'This month'), 'measure': ('KPI',)}
    """
    headers: dict[str, tuple[str, ...]] = {}
    problems = []
    for row in sheet.filled_rows():
        named = sheet.value(row, 1)
        if named is None or not str(named).strip():
            continue
        if row == 1 and normalise(str(named)) == _HEADER:
            continue
        field = _FIELDS.get(normalise(str(named)))
        where = cell_address(row, 1)
        if field is None:
            known = ", ".join(FIELDS_BY_NAME[f].headers[0] for f in MAPPED_FIELDS)
            reason = f'"{named}" is not a column the tool reads: name one of {known}'
            problems.append(_problem(reason, source, sheet.name, where))
            continue
        names = _names(sheet, row)
        if not names:
            reason = f'gives no header name for "{named}": put them in the cells to its right'
            problems.append(_problem(reason, source, sheet.name, where))
            continue
        headers[field] = (*headers.get(field, ()), *names)
    if problems:
        raise SettingsError(problems)
    return headers


def merged(*maps: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Several column maps as one: each field's names from all of them, in order.

    >>> merged({"value": ("Nov",)}, {"value": ("This month",), "id": ("Ref",)})
    {'value': ('Nov', 'This month'), 'id': ('Ref',)}
    """
    together: dict[str, tuple[str, ...]] = {}
    for column_map in maps:
        for field, names in column_map.items():
            together[field] = (*together.get(field, ()), *names)
    return together


def _names(sheet: SheetCells, row: int) -> tuple[str, ...]:
    names = []
    for column in range(2, sheet.n_columns + 1):
        value = sheet.value(row, column)
        if value is None:
            continue
        for part in str(value).replace("\n", ";").split(";"):
            if part.strip():
                names.append(part.strip())
    return tuple(names)


def _problem(message: str, source: str, sheet: str, cell: str) -> Problem:
    return Problem(ProblemCode.BAD_SETTING, message, file=source, sheet=sheet, cell=cell)
