"""The board: what goes to an Improvement Partnership Board, described whole.

From the top: a title that says what, where and when; a line on how to read it; the
summary (the ratings counted, each comparator's judgements counted, the exceptions by
name, a sentence a section); then one table with one header row, its sections as heading
rows, one row a measure. Only the columns where some measure has something to show are on
it, unless the officer fixed them in the Settings sheet ("Board columns"), and they are
fitted to an A4 landscape page with the text at a readable size (`xl_tools.write.fit`).
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
from collections.abc import Sequence

import pandas as pd

from xl_tools.model import BOARD_COLUMNS, BOARD_SHEET, BOARD_TITLE, HISTORY_COLUMN, Settings
from xl_tools.write import formats, summary, trends
from xl_tools.write.board_columns import (
    COMMENTARY,
    SPARKLINE,
    Column,
    Fold,
    is_draft,
    sheet_columns,
)
from xl_tools.write.description import (
    RAG_COLOURS,
    BoardCell,
    BoardColumn,
    BoardPlan,
    BoardStyle,
    BodyRow,
    PageSetup,
    Row,
)
from xl_tools.write.fit import Fitted, fit_columns
from xl_tools.write.pages import page_breaks
from xl_tools.write.records import drafted_records, figure_cell, text_of, unit_of

# Ordinary text: about 1.2 of its letters to the width of a digit; bold headers, 1.
_TEXT_PER_UNIT, _BOLD_PER_UNIT = 1.2, 1.0
_EMPTY_ROW = 15.0


def plan_board(
    computed: pd.DataFrame,
    settings: Settings,
    today: datetime.date | None = None,
    *,
    records: Sequence[Row] | None = None,
    sparklines: bool = True,
) -> BoardPlan:
    """Describe the board sheet.

    Args:
        computed: The measures table with the computed columns.
        settings: The workbook's settings: the title, the tolerance, the board's columns.
        today: The date in the footer; the build's (`build_date`) where not given.
        records: The measures as `drafted_records` gives them, where the caller has them.
        sparklines: Whether the back end draws sparklines; without them the board has no
            "Last 12 months" column, even one the Settings sheet names, rather than an
            empty one.
    """
    if records is None:
        records = drafted_records(computed, settings)
    records = _in_section_order(list(records))
    months = trends.series_headers(settings.period) if HISTORY_COLUMN in computed else ()
    names = settings.board_columns or shown_columns(records, bool(months) and sparklines)
    if not sparklines:
        names = tuple(name for name in names if name != SPARKLINE)
    fitted = fit_columns(names, records)
    style = BoardStyle()
    columns = _board_columns(fitted)
    body = _body(records, fitted, style, months if sparklines else ())
    told = summary.summary_lines(summary.summarise(records, tolerance=settings.tolerance))
    table_width = sum(fitted.widths)
    summary_heights = tuple(_text_height(line, table_width, style) for line in told)
    header_height = _height([column.header for column in columns], fitted.widths, style, True)
    place = ", ".join(part for part in (settings.authority, settings.period) if part)
    sparkline = _index(fitted.columns, SPARKLINE) if months and sparklines else None
    notes = board_notes(settings, fitted, bool(months), any(_drafts(body)), _sources(records))
    plan = BoardPlan(
        sheet=BOARD_SHEET,
        title=f"{BOARD_TITLE}: {place}" if place else BOARD_TITLE,
        notes=notes,
        summary=told,
        columns=columns,
        body=body,
        header_height=header_height,
        notes_height=_text_height(notes, table_width, style),
        summary_heights=summary_heights,
        rag_column=_index(fitted.columns, "RAG"),
        rag_colours=RAG_COLOURS,
        style=style,
        page=PageSetup(scale=fitted.scale),
        sparkline_column=sparkline,
        series_headers=months if sparkline else (),
    )
    return _paged(plan, place, today or build_date())


def shown_columns(records: Sequence[Row], with_sparklines: bool) -> tuple[str, ...]:
    """The board columns where some measure has something to show, in the board's order.

    The measure's name is always there, so that even a board of no measures has its table.
    """
    shown = []
    for name in BOARD_COLUMNS:
        if name == "Measure":
            shown.append(name)
            continue
        if name == SPARKLINE:
            if with_sparklines and any(_has_figures(r.get("last_12_months")) for r in records):
                shown.append(name)
            continue
        columns = sheet_columns((name,), Fold.NONE)
        if any(column.cell(record).value is not None for column in columns for record in records):
            shown.append(name)
    return tuple(shown)


def board_notes(
    settings: Settings,
    fitted: Fitted,
    with_history: bool,
    drafts: bool,
    sources: Sequence[str] = (),
) -> str:
    """The line under the board's title: how RAG is set, and what the board leaves out.

    `sources` are the comparators' sources (`comparator_sources`), said after the rest.

    >>> from xl_tools.write.fit import Fitted
    >>> print(board_notes(Settings(period="November 2023"), Fitted((), (), (), 100), False, False))
    RAG against target: Amber within 5% of target. Variances to percentages are in \
percentage points (pts). Figures as at November 2023.
    """
    notes = [
        f"RAG against target: Amber within {formats.percent_text(settings.tolerance)} of target.",
        "Variances to percentages are in percentage points (pts).",
    ]
    if settings.period:
        notes.append(f"Figures as at {settings.period}.")
    if with_history:
        notes.append(trends.TREND_NOTE)
    if drafts:
        notes.append(
            "Commentary marked Draft is drafted from the figures: keep it, or write your "
            "own in the Commentary column of the measures sheet."
        )
    if fitted.left_off:
        notes.append(
            f"Left off for room on the page: {', '.join(fitted.left_off)} "
            "(they are in the measures sheet)."
        )
    if sources:
        notes.append(f"Comparators: {'; '.join(sources)}.")
    return " ".join(notes)


def comparator_sources(texts: Sequence[str | None]) -> list[str]:
    """The distinct published sources of a board's comparators, each said once.

    A measure's Comparator source reads ``DfE CIN census 2022-23; SN mean of 10 (2021
    groupings)``; the board says each collection and each way of averaging once.

    >>> comparator_sources(["DfE CIN census 2022-23; SN mean of 10 (2021 groupings)",
    ...                     "DfE CIN census 2022-23; SN mean of 9 (2021 groupings)",
    ...                     "DfE CLA return 2022-23; SN mean of 10 (2021 groupings)", None],
    ...                    )  # doctest: +NORMALIZE_WHITESPACE
    ['DfE CIN census 2022-23, CLA return 2022-23',
     "statistical neighbours: mean of DfE's 2021 groupings"]
    """
    collections: dict[str, None] = {}
    averages: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        first, _, rest = text.partition(";")
        collections[first.strip().removeprefix("DfE ")] = None
        found = re.search(r"SN (mean|median) of \d+ \((\d{4}) groupings\)", rest)
        if found:
            averages[f"{found[1]} of DfE's {found[2]} groupings"] = None
    if not collections:
        return []
    said = ["DfE " + ", ".join(collections)]
    if averages:
        said.append("statistical neighbours: " + ", ".join(averages))
    return said


def _sources(records: Sequence[Row]) -> list[str]:
    return comparator_sources([text_of(record.get("comparator_source")) for record in records])


def build_date() -> datetime.date:
    """Today, or the date `SOURCE_DATE_EPOCH` gives, for a board that builds the same twice."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def uk_date(day: datetime.date) -> str:
    """A date as it is written in the UK: ``30 Nov 2026``.

    >>> uk_date(datetime.date(2026, 11, 3))
    '3 Nov 2026'
    """
    return f"{day.day} {day:%b %Y}"


def _in_section_order(records: list[Row]) -> list[Row]:
    order: dict[str, int] = {}
    for record in records:
        order.setdefault(text_of(record.get("section")) or "", len(order))
    # sorted() is stable: measures keep their order within a section.
    return sorted(records, key=lambda record: order[text_of(record.get("section")) or ""])


def _board_columns(fitted: Fitted) -> tuple[BoardColumn, ...]:
    return tuple(
        BoardColumn(column.header, width, column.align)
        for column, width in zip(fitted.columns, fitted.widths, strict=True)
    )


def _body(
    records: list[Row], fitted: Fitted, style: BoardStyle, months: tuple[str, ...]
) -> tuple[BodyRow, ...]:
    """Section headings where the measures have sections, and a row a measure."""
    with_sections = any(text_of(record.get("section")) for record in records)
    draft = _index(fitted.columns, COMMENTARY)
    width = len(fitted.columns)
    body: list[BodyRow] = []
    section: str | None = None
    for index, record in enumerate(records):
        name = text_of(record.get("section"))
        if with_sections and (index == 0 or name != section):
            heading = (BoardCell(name or "Other measures"), *[BoardCell(None)] * (width - 1))
            body.append(BodyRow(heading, style.line_height + 6, section=True))
            section = name
        cells = tuple(column_cells[index] for column_cells in fitted.cells)
        drafted_here = draft is not None and is_draft(cells[draft - 1])
        body.append(
            BodyRow(
                cells,
                _height([cell.value for cell in cells], fitted.widths, style),
                draft=draft if drafted_here else None,
                series=_series(record) if months else (),
            )
        )
    return tuple(body)


def _paged(plan: BoardPlan, place: str, today: datetime.date) -> BoardPlan:
    """The plan with its print settings: its scale, page breaks and footer."""
    above = plan.style.title_size * 1.8 + plan.notes_height + sum(plan.summary_heights)
    above += _EMPTY_ROW
    rows = [(row.height, row.section) for row in plan.body]
    scale = plan.page.scale
    breaks = page_breaks(above, plan.header_height, rows, scale)
    page = PageSetup(
        scale=scale,
        repeat_rows=(plan.header_row, plan.header_row),
        breaks=tuple(plan.first_row + index for index in breaks),
        # A lone "&" starts a code in Excel's headers and footers ("Brighton & Hove").
        footer=(place.replace("&", "&&"), "Page &P of &N", uk_date(today)),
    )
    return dataclasses.replace(plan, page=page)


def _drafts(body: Sequence[BodyRow]) -> list[BodyRow]:
    return [row for row in body if row.draft is not None]


def _index(columns: Sequence[Column], header: str) -> int | None:
    """The sheet column (1-based) of the column headed so, if the board has it."""
    return next((n for n, column in enumerate(columns, 1) if column.header == header), None)


def _series(record: Row) -> tuple[BoardCell, ...]:
    figures = record.get("last_12_months") or ()
    assert isinstance(figures, tuple | list)
    unit = unit_of(record)
    # A figure is nearly always a float, and a float is missing only where NaN.
    return tuple(figure_cell(f if _is_figure(f) else None, unit) for f in figures)


def _has_figures(figures: object) -> bool:
    return isinstance(figures, tuple | list) and any(map(_is_figure, figures))


def _is_figure(figure: object) -> bool:
    return isinstance(figure, float | int) and figure == figure


def _height(
    values: Sequence[object], widths: Sequence[float], style: BoardStyle, bold: bool = False
) -> float:
    """A row's height in points: enough lines for its tallest cell's wrapped text."""
    per_unit = _BOLD_PER_UNIT if bold else _TEXT_PER_UNIT
    lines = [
        sum(formats.wrapped_lines(part, width, per_unit) for part in value.split("\n"))
        for value, width in zip(values, widths, strict=True)
        if isinstance(value, str)
    ]
    return max([1, *lines]) * style.line_height + 3


def _text_height(text: str, width: float, style: BoardStyle) -> float:
    return formats.wrapped_lines(text, width, _TEXT_PER_UNIT) * style.line_height + 3
