"""The computed table as plain data: JSON or CSV, for other tools to read (DESIGN 7.2).

Every measure has the same keys, always present; what is not known is null (an empty cell
in the CSV), never NaN. Enums become their string values (``"percent"``, ``"red"``).

The parts behind a figure, by unit:

- percentage and average: ``numerator`` and ``denominator`` are X and Y, given or (X of a
  percentage) worked out from the value and Y;
- rate per 10,000: ``numerator`` is the count of children (the count column or the
  numerator, or worked out from the rate and the population) and ``denominator`` the
  population the row gives it is taken of, null where the 0-17 population serves;
- count: both are null unless the workbook gives them.

Figures are as the board shows them, rounded half up: values, targets, comparators and
variances to one decimal place (38.0, 14.7), relative variances to three as fractions
(0.583, which the board shows as +58.3%). Whole numbers of children are ints (19);
full-time equivalents keep one decimal (224.5). A measure with no figure ("measure being
developed") has a null value.

Besides DESIGN 7.2's keys, each measure carries the board's "Trend over 12 months" where
the workbook keeps monthly figures: ``twelve_month_start`` (the first figure of the twelve
months to this period), ``twelve_month_span`` (how many months before this one it is),
``twelve_month_direction`` and ``twelve_month_trend`` (from it to this period's value), all
null where there is no such history. ``direction`` and ``trend`` stay those since the
previous period (DESIGN 4.5), as the board's Direction of travel column.

The CSV has one row per measure with the same fields flattened
(``statistical_neighbours_value``, ``statistical_neighbours_variance``, ...), the warnings
joined with ``"; "``, and the authority and period first, so that the CSVs of many
workbooks can be put end to end. Its header is always the same. Text that a spreadsheet
would take for a formula is neutralised (`csv_safe`); the JSON keeps text exact.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Hashable, Mapping
from enum import Enum
from typing import Any, cast

import pandas as pd

from xl_tools.compute.rounding import is_missing, is_whole, round_half_up
from xl_tools.compute.variance import RELATIVE_PLACES
from xl_tools.model import (
    FIELDS,
    FIELDS_BY_NAME,
    HISTORY_COMPUTED_COLUMNS,
    Comparator,
    FieldKind,
    Settings,
    Unit,
    comparator_fields,
)

__all__ = [
    "CSV_COLUMNS",
    "MEASURE_KEYS",
    "TWELVE_MONTH_KEYS",
    "csv_safe",
    "to_csv",
    "to_json",
    "to_json_document",
    "to_record",
]


# The board's "Trend over 12 months", from the monthly history (see the module's notes):
# columns of the computed table where it has a history, null keys where it has none.
TWELVE_MONTH_KEYS = tuple(
    column for column in HISTORY_COMPUTED_COLUMNS if column.startswith("twelve_month_")
)
# They follow the direction of travel since the previous period.
_TWELVE_MONTHS_AFTER = "trend"
# Figures are given to the places the board shows them to (one decimal at most).
SHOWN_PLACES = 1


def _measure_keys() -> tuple[str, ...]:
    """The keys of a measure in the JSON: its exported fields, a comparator's grouped as one."""
    keys: list[str] = []
    for field in FIELDS:
        name = field.name if field.comparator is None else "comparators"
        if field.exported and name not in keys:
            keys.append(name)
        if name == _TWELVE_MONTHS_AFTER:
            keys.extend(TWELVE_MONTH_KEYS)
    return tuple(keys)


MEASURE_KEYS = _measure_keys()
# The keys of one comparator: its figure, the variance to it and the judgement against it.
COMPARATOR_KEYS = tuple(
    field.part for field in FIELDS if field.comparator is Comparator.ENGLAND and field.exported
)
# The CSV flattens the comparators where the JSON has them, and leads with the workbook.
_COMPARATORS_AT = MEASURE_KEYS.index("comparators")
CSV_COLUMNS = (
    "authority",
    "period",
    *MEASURE_KEYS[:_COMPARATORS_AT],
    *(f"{comparator}_{key}" for comparator in Comparator for key in COMPARATOR_KEYS),
    *MEASURE_KEYS[_COMPARATORS_AT + 1 :],
)
WARNINGS_SEPARATOR = "; "

# A row of the computed table: a pandas Series, or a mapping by column name.
Row = Mapping[Hashable, Any] | pd.Series


def to_record(row: Row) -> dict[str, Any]:
    """One computed measure as plain data, with exactly the keys of DESIGN 7.2.

    Args:
        row: One row of the computed table (a pandas Series or a mapping by column).

    Returns:
        The measure as JSON-ready data: str, int, float, None, lists and dicts only.

    >>> from xl_tools.model import Unit
    >>> record = to_record({"unit": Unit.RATE_PER_10K, "value": 61.0, "count": 900.0})
    >>> record["numerator"], record["denominator"], record["comparators"]["england"]
    (900, None, None)
    >>> record = to_record({"unit": Unit.PERCENT, "value": 0.224 * 100, "target": 20.0,
    ...                     "relative_variance_to_target": 0.12})
    >>> record["value"], record["relative_variance_to_target"], record["twelve_month_span"]
    (22.4, 0.12, None)
    """
    no_figure = isinstance(row.get("no_figure"), str) and bool(row["no_figure"].strip())
    numerator, denominator = _parts(row)
    # The figures behind the value are worked out (see the module's notes); the rest are
    # each field as its kind is written.
    worked_out = {
        "value": None if no_figure else _figure(row.get("value")),
        "numerator": numerator,
        "denominator": denominator,
    }
    record: dict[str, Any] = {}
    for field in FIELDS:
        if not field.exported:
            continue
        if field.comparator is not None:
            record.setdefault("comparators", {})[field.comparator.value] = _comparator(
                row, field.comparator
            )
        elif field.name in worked_out:
            record[field.name] = worked_out[field.name]
        else:
            record[field.name] = _writer(field.name, field.kind)(row.get(field.name))
        if field.name == _TWELVE_MONTHS_AFTER:
            record.update(_twelve_months(row))
    return record


def _twelve_months(row: Row) -> dict[str, Any]:
    """The year's trend, the board's "Trend over 12 months"; all null without one."""
    if _enum(row.get("twelve_month_direction")) is None:
        return dict.fromkeys(TWELVE_MONTH_KEYS)
    return {
        "twelve_month_start": _figure(row.get("twelve_month_start")),
        "twelve_month_span": _number(row.get("twelve_month_span")),
        "twelve_month_direction": _enum(row.get("twelve_month_direction")),
        "twelve_month_trend": _enum(row.get("twelve_month_trend")),
    }


def to_json_document(computed: pd.DataFrame, settings: Settings) -> dict[str, Any]:
    """The whole computed table as one JSON-ready document.

    Args:
        computed: The table `compute_measures` returned.
        settings: The settings it was computed with.

    Returns:
        ``{"authority", "period", "population", "measures": [...]}``.

    >>> to_json_document(pd.DataFrame(), Settings(authority="Devon", population=147541.0))
    {'authority': 'Devon', 'period': None, 'population': 147541, 'measures': []}
    """
    return {
        "authority": settings.authority,
        "period": settings.period,
        "population": _number(settings.population),
        "measures": [to_record(row) for row in _drafted(computed, settings)],
    }


def _drafted(computed: pd.DataFrame, settings: Settings) -> list[Row]:
    """The computed measures, each with the commentary drafted from its figures."""
    from xl_tools.write.records import drafted_records

    return cast("list[Row]", drafted_records(computed, settings))


def to_json(computed: pd.DataFrame, settings: Settings) -> str:
    """The computed table as JSON text (DESIGN 7.2), indented, non-ASCII kept as is.

    >>> print(to_json(pd.DataFrame(), Settings(authority="Devon", period="May 2024")))
    {
      "authority": "Devon",
      "period": "May 2024",
      "population": null,
      "measures": []
    }
    """
    # allow_nan=False: a NaN that slipped through is a bug, not something to publish.
    document = to_json_document(computed, settings)
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)


# What a spreadsheet reads as the start of a formula in a CSV cell (OWASP, CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A value for a CSV cell that a spreadsheet opening the file never runs as a formula.

    Text starting as a formula would (``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
    gets a leading ``'``, as OWASP advises; everything else is as it was.

    >>> csv_safe("=HYPERLINK(1)"), csv_safe("-1 placements"), csv_safe("Referrals"), csv_safe(-1.5)
    ("'=HYPERLINK(1)", "'-1 placements", 'Referrals', -1.5)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(computed: pd.DataFrame, settings: Settings) -> str:
    """The computed table as CSV text: one row per measure, the header always the same.

    Rows end with a line feed; a text holding a carriage return is quoted, as one holding
    a line feed is, so that a reader never takes it for the end of a row.

    >>> to_csv(pd.DataFrame(), Settings()).splitlines()[0].split(",")[:4]
    ['authority', 'period', 'id', 'section']
    """
    lines = [",".join(CSV_COLUMNS)]
    buffer = io.StringIO()
    # Python's writer quotes a field holding any character of its line ending, so each row
    # is written ending "\r\n" (quoting carriage returns too) and given a line feed instead.
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    for row in _drafted(computed, settings):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(_flatten(to_record(row), settings))
        lines.append(buffer.getvalue().removesuffix("\r\n"))
    return "\n".join(lines) + "\n"


def _flatten(record: dict[str, Any], settings: Settings) -> dict[str, Any]:
    flat: dict[str, Any] = {"authority": settings.authority, "period": settings.period}
    for key, item in record.items():
        if key == "comparators":
            for comparator, figures in item.items():
                for part in COMPARATOR_KEYS:
                    flat[f"{comparator}_{part}"] = None if figures is None else figures[part]
        elif key == "warnings":
            flat[key] = WARNINGS_SEPARATOR.join(item)
        else:
            flat[key] = item
    # Every text cell, the officer's names and commentary above all, is made safe to open.
    return {key: csv_safe(item) for key, item in flat.items()}


def _parts(row: Row) -> tuple[int | float | None, int | float | None]:
    """Numerator and denominator as the JSON shows them (see the module's docstring)."""
    if row.get("unit") == Unit.RATE_PER_10K:
        return _number(row.get("count")), _number(row.get("denominator"))
    return _number(row.get("numerator")), _number(row.get("denominator"))


def _comparator(row: Row, comparator: Comparator) -> dict[str, Any] | None:
    """A comparator's figure, the variance to it and the judgement; None without a figure."""
    if _float(row.get(comparator.value)) is None:
        return None
    fields = comparator_fields(comparator)
    return {
        key: _writer(fields[key], FIELDS_BY_NAME[fields[key]].kind)(row.get(fields[key]))
        for key in COMPARATOR_KEYS
    }


def _float(cell: Any) -> float | None:
    if isinstance(cell, str) or is_missing(cell):
        return None
    number = float(cell)
    return number if math.isfinite(number) else None


def _figure(cell: Any) -> float | None:
    """A figure or variance as the board shows it: rounded half up to one decimal place."""
    number = _float(cell)
    return None if number is None else round_half_up(number, SHOWN_PLACES)


def _relative(cell: Any) -> float | None:
    """A relative variance as a fraction, to the places of the board's ``+58.3%``."""
    number = _float(cell)
    return None if number is None else round_half_up(number, RELATIVE_PLACES)


def _number(cell: Any) -> int | float | None:
    """A whole number as an int (a count of children), else to one decimal (FTEs)."""
    number = _figure(cell)
    if number is None:
        return None
    return int(number) if is_whole(number) else number


def _text(cell: Any) -> str | None:
    return cell if isinstance(cell, str) else None


def _enum(cell: Any) -> str | None:
    if isinstance(cell, Enum):
        return str(cell.value)
    return cell if isinstance(cell, str) else None


def _warnings(cell: Any) -> list[str]:
    if isinstance(cell, str):
        return [cell] if cell else []
    if isinstance(cell, (list, tuple)):
        return [str(warning) for warning in cell]
    return []


# How a field of each kind is written in the JSON.
_WRITE_KIND = {
    FieldKind.TEXT: _text,
    FieldKind.CHOICE: _enum,
    FieldKind.FIGURE: _figure,
    FieldKind.NOTES: _warnings,
}


def _writer(name: str, kind: FieldKind) -> Any:
    """How one field is written: as its kind is, but a relative variance to its places."""
    return _relative if "relative_variance" in name else _WRITE_KIND[kind]
