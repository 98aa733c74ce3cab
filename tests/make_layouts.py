"""Build a corpus of measures workbooks laid out the many ways officers lay them out.

Every layout holds the same figures (`MEASURES`, `SETTINGS`) written differently: header
row further down, other header names, sections as heading rows, no unit column,
percentages in each of their three forms, numbers as text, suppression codes, notes and a
second table under the table, hidden rows and columns, merged titles, unrelated columns,
formulas, shuffled columns, settings in labelled cells, a column map. Reading any of them
must give the table the clean template gives (`tests/test_layout_corpus.py`).

Run ``python -m tests.make_layouts FOLDER`` from the repository to write the corpus, for a
look in Excel.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import xlsxwriter
from openpyxl import Workbook

from tests.layout_figures import (
    FIELDS,
    MEASURES,
    PERCENT_FIELDS,
    SETTINGS,
    TEMPLATE_HEADERS,
    Measure,
)
from tests.layout_writers import Merge, write_grid


@dataclass(frozen=True)
class Cell:
    """One cell to write: a value with a number format, or a formula (cached or not)."""

    value: object = None
    number_format: str | None = None
    formula: str | None = None


@dataclass(frozen=True)
class Layout:
    """How one workbook of the corpus lays the shared figures out.

    Attributes:
        name: The workbook's file stem.
        headers: Header text by field, over the template's.
        order: The fields (and extra columns, by header) left to right; None for the
            template's order.
        above: Rows above the header row.
        first_column: The table's first column.
        sections: "column" (a Section column) or "headings" (heading rows).
        units: "column" (a Unit column) or "names" (the names give the unit away).
        percent: "fraction" (0.38 shown as 38%), "points" (38) or "text" ("38%").
        words: "template" unit and polarity words, or "short" ones (per 10k, High, ...).
        text_numbers: Whether figures are typed as text ("1,234").
        suppressed: Whether blank comparators hold suppression codes instead.
        below: Rows under the table (notes, a key, another table).
        between_sections: Rows between sections (blank rows, totals, notes).
        hide: Whether a measure row and the numerator and denominator columns are hidden.
        merged: Whether the title and the section cells are merged.
        formulas: "none", "cached" (results saved, XlsxWriter), "uncached" (no results,
            in the value column) or "elsewhere" (no results, outside the read columns).
        settings: "sheet", "above", "beside", "below" or "both" (a labelled cell and a
            settings sheet that disagree: the labelled cell wins).
        writer: "openpyxl" or "xlsxwriter".
        column_map: Header names the built-in ones do not know, written to a TOML file.
        lacks: Fields the layout has no column for.
    """

    name: str
    headers: dict[str, str] = field(default_factory=dict)
    order: tuple[str, ...] | None = None
    above: tuple[tuple[object, ...], ...] = (("Children's social care performance measures",), ())
    first_column: int = 1
    sections: str = "column"
    units: str = "column"
    percent: str = "fraction"
    words: str = "template"
    text_numbers: bool = False
    suppressed: bool = False
    below: tuple[tuple[object, ...], ...] = ()
    between_sections: tuple[tuple[object, ...], ...] = ()
    hide: bool = False
    merged: bool = False
    formulas: str = "none"
    settings: str = "sheet"
    writer: str = "openpyxl"
    column_map: dict[str, tuple[str, ...]] | None = None
    lacks: frozenset[str] = frozenset()

    def fields(self) -> tuple[str, ...]:
        """The columns left to right: field names, or the header text of extra columns."""
        order = self.order or FIELDS
        dropped = set(self.lacks)
        dropped |= {"section"} if self.sections == "headings" else set()
        dropped |= {"unit"} if self.units == "names" else set()
        return tuple(f for f in order if f not in dropped)


TITLE = (("Devon County Council",), ("Children's services performance report",))
NOTES_BELOW = (
    (),
    ("Source: DfE Children in need census 2023; local data to 30 November",),
    ("Note: figures for the latest month are provisional",),
    ("Key",),
    ("Red", "Below target by more than the tolerance"),
    ("Green", "On or better than target"),
)
SECOND_TABLE = (
    (),
    ("Contextual information",),
    ("Indicator", "2021", "2022"),
    ("Children in need at 31 March", 3120, 3264),
    ("Looked after children at 31 March", 842, 900),
)
SETTINGS_BELOW = (
    (),
    ("Reporting period", SETTINGS.period),
    ("Population 0-17", SETTINGS.population),
    ("Amber tolerance", "5%"),
    ("Authority", SETTINGS.authority),
)

VARIANT_NAMES = {
    "id": "Ref",
    "section": "Theme",
    "measure": "Performance indicator",
    "unit": "Measure type",
    "polarity": "Good performance is",
    "value": "Latest",
    "numerator": "X",
    "denominator": "Cohort",
    "count": "Number of children",
    "actual_numbers": "Numbers",
    "amber_threshold": "Tolerance",
    "statistical_neighbours": "SN average",
    "england": "National",
    "region": "South West",
    "previous": "Last month",
    "commentary": "Comments",
}
PUNCTUATED_NAMES = {
    "id": "I.D.",
    "section": "AREA",
    "measure": "Performance  Measure:",
    "value": "VALUE",
    "statistical_neighbours": "Stat. neighbours",
    "england": "England_average",
    "region": "Regional-average",
    "previous": "previous period",
    "amber_threshold": "Amber-Threshold",
    "commentary": " COMMENTARY ",
}
OWN_NAMES = {
    "id": "KPI ref",
    "measure": "KPI",
    "value": "Nov 23 figure",
    "target": "Aim",
    "statistical_neighbours": "Similar LAs",
    "previous": "Oct 23 figure",
}
EXTRAS = ("Owner", "Apr", "Data source", "RAG last month")


def layouts() -> tuple[Layout, ...]:
    """Every layout of the corpus; the first is the clean template."""
    shuffled = list(FIELDS)
    random.Random(20231130).shuffle(shuffled)
    base = Layout("template")
    return (
        base,
        replace(base, name="template-xlsxwriter", writer="xlsxwriter"),
        replace(base, name="title-and-notes-above", above=(*TITLE, (), ("Notes: see below",), ()),
                first_column=2),
        replace(base, name="header-on-row-25", above=(*TITLE, *(((),) * 22)), merged=True),
        replace(base, name="header-name-variants", headers=VARIANT_NAMES),
        replace(base, name="header-punctuation-and-case", headers=PUNCTUATED_NAMES),
        replace(base, name="section-heading-rows", sections="headings"),
        replace(base, name="unit-from-names-only", units="names"),
        replace(base, name="percent-as-points", percent="points"),
        replace(base, name="percent-as-text", percent="text"),
        replace(base, name="short-unit-and-polarity-words", words="short"),
        replace(base, name="numbers-as-text", text_numbers=True, percent="points"),
        replace(base, name="suppression-codes", suppressed=True),
        replace(base, name="notes-key-and-totals-around", below=NOTES_BELOW,
                between_sections=((), ("Total", None, None, None, None, 9999), ())),
        replace(base, name="second-table-below", below=SECOND_TABLE, sections="headings"),
        replace(base, name="hidden-rows-and-columns", hide=True),
        replace(base, name="merged-title-and-sections", merged=True),
        replace(base, name="extra-columns", order=_with_extras(FIELDS)),
        replace(base, name="formulas-with-saved-results", formulas="cached", writer="xlsxwriter"),
        replace(base, name="formulas-elsewhere-unsaved", formulas="elsewhere",
                order=_with_extras(FIELDS)),
        replace(base, name="shuffled-columns", order=tuple(shuffled)),
        replace(base, name="settings-labelled-above", settings="above"),
        replace(base, name="settings-beside-the-table", settings="beside"),
        replace(base, name="settings-below-the-table", settings="below"),
        replace(base, name="labelled-settings-win", settings="both"),
        replace(base, name="own-names-with-column-map", headers=OWN_NAMES,
                column_map={f: (h,) for f, h in OWN_NAMES.items()}),
        replace(base, name="fewer-columns", lacks=frozenset({"region", "commentary", "count",
                                                            "amber_threshold", "id"})),
        replace(base, name="officer-everything", headers=VARIANT_NAMES, sections="headings",
                units="names", percent="text", text_numbers=True, first_column=3,
                above=TITLE, below=NOTES_BELOW, settings="above", order=tuple(shuffled),
                hide=True, merged=True, words="short"),
    )  # fmt: skip


UNCACHED = replace(Layout("formulas-without-saved-results"), formulas="uncached")


def _with_extras(order: Sequence[str]) -> tuple[str, ...]:
    fields = list(order)
    for offset, extra in enumerate(EXTRAS):
        fields.insert(2 + offset * 4, extra)
    return tuple(fields)


def header_of(layout: Layout, name: str) -> str:
    """The header a layout writes for a field (or an extra column's own header)."""
    return layout.headers.get(name, TEMPLATE_HEADERS.get(name, name))


def table_grid(layout: Layout) -> tuple[list[list[Cell]], list[int]]:
    """The header row and the rows under it, and the grid index of each measure's row."""
    names = layout.fields()
    grid = [[Cell(header_of(layout, name)) for name in names]]
    rows: list[int] = []
    section = None
    for measure in MEASURES:
        if measure.section != section:
            if section is not None:
                grid.extend([_fitted(r, len(names)) for r in layout.between_sections])
            section = measure.section
            if layout.sections == "headings":
                heading = [Cell() for _ in names]
                heading[names.index("measure")] = Cell(section)
                grid.append(heading)
        rows.append(len(grid))
        first_of_section = not rows[:-1] or MEASURES[len(rows) - 2].section != section
        grid.append([_cell(layout, measure, name, first_of_section) for name in names])
    return grid, rows


def _fitted(row: Sequence[object], width: int) -> list[Cell]:
    return [Cell(v) for v in row][:width] + [Cell()] * max(0, width - len(row))


def _cell(layout: Layout, measure: Measure, name: str, first_of_section: bool) -> Cell:
    if name in EXTRAS:
        if layout.formulas == "elsewhere" and name == "Apr":
            return Cell(formula="=SUM(1,2)")
        return Cell({"Owner": "AB", "Apr": 12, "Data source": "LCS", "RAG last month": "G"}[name])
    if name == "section" and layout.merged and not first_of_section:
        return Cell()
    value = getattr(measure, name, None)
    if name == "unit":
        return Cell(measure.unit_word(layout.words))
    if name == "polarity":
        return Cell(measure.polarity_word(layout.words))
    if isinstance(value, float | int) and not isinstance(value, bool):
        return _figure(layout, measure, name, float(value))
    if value is None and layout.suppressed and name in ("england", "region", "target"):
        return Cell({"england": "x", "region": "..", "target": "n/a"}[name])
    return Cell(value)


def _figure(layout: Layout, measure: Measure, name: str, number: float) -> Cell:
    percent = measure.is_percent and name in PERCENT_FIELDS
    if percent and layout.percent == "fraction":
        cell = Cell(number / 100, "0.0%")
    elif percent and layout.percent == "text":
        cell = Cell(f"{number:g}%" if name != "value" else f"{number:g} %")
    elif layout.text_numbers:
        cell = Cell(f"{number:,.10g}")
    else:
        cell = Cell(int(number) if number.is_integer() else number)
    if name == "value" and layout.formulas in ("cached", "uncached"):
        return replace(cell, formula=f"=ROUND({cell.value},4)")
    return cell


def settings_rows(layout: Layout) -> list[tuple[str, object]]:
    """The label / value pairs a layout gives, as the template's Settings sheet has them."""
    population = f"{SETTINGS.population:,.0f}" if layout.text_numbers else SETTINGS.population
    return [
        ("Authority", SETTINGS.authority),
        ("Reporting period", SETTINGS.period),
        ("Population 0-17", population),
        ("Amber tolerance", "5%"),
    ]


def write_corpus(folder: Path) -> dict[str, Path]:
    """Write every layout (and the one with unsaved formulas) into a folder.

    Returns:
        Each workbook's path by layout name; a column map is written beside its workbook
        as ``<name>.toml``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for layout in (*layouts(), UNCACHED):
        path = folder / f"{layout.name}.xlsx"
        write_layout(layout, path)
        if layout.column_map:
            lines = [f'{f} = ["{h[0]}"]' for f, h in layout.column_map.items()]
            path.with_suffix(".toml").write_text("[headers]\n" + "\n".join(lines) + "\n")
        written[layout.name] = path
    return written


def write_layout(layout: Layout, path: Path) -> Path:
    """Write one layout's workbook."""
    grid, rows = table_grid(layout)
    above = [list(map(Cell, row)) for row in layout.above]
    settings = settings_rows(layout)
    sheet_settings = settings if layout.settings in ("sheet", "both") else []
    if layout.settings == "both":
        sheet_settings = [(k, 1000 if k.startswith("Population") else v) for k, v in settings]
        above = [*above[:1], [Cell("Population 0-17"), Cell(SETTINGS.population)], *above[1:]]
    elif layout.settings == "above":
        above = [*above, *([Cell(k), Cell(v)] for k, v in settings), []]
    header_row = len(above) + 1
    if layout.settings == "beside":
        for index, (label, value) in enumerate(settings):
            grid[1 + index * 2] += [Cell(), Cell(label), Cell(value)]
    below = [list(map(Cell, row)) for row in layout.below]
    if layout.settings == "below":
        below += [list(map(Cell, row)) for row in SETTINGS_BELOW]
    sheet_rows = [*above, *grid, *below]
    writer = xlsxwriter if layout.writer == "xlsxwriter" else Workbook
    write_grid(
        writer,
        path,
        sheet_rows,
        first_column=layout.first_column,
        settings=sheet_settings,
        hidden_rows=[header_row + rows[3]] if layout.hide else [],
        hidden_columns=_hidden_columns(layout),
        merges=_merges(layout, above, header_row, rows) if layout.merged else (),
    )
    return path


def _merges(
    layout: Layout, above: list[list[Cell]], header_row: int, rows: list[int]
) -> list[Merge]:
    """Title lines merged across the table, and each section's cells merged down."""
    names = layout.fields()
    first, last = layout.first_column, layout.first_column + len(names) - 1
    merges = [(n, first, n, last) for n, row in enumerate(above, start=1) if len(row) == 1]
    if "section" in names:
        column = first + names.index("section")
        for section in dict.fromkeys(m.section for m in MEASURES):
            own = [r for r, m in zip(rows, MEASURES, strict=True) if m.section == section]
            merges.append((header_row + own[0], column, header_row + own[-1], column))
    return merges


def _hidden_columns(layout: Layout) -> list[int]:
    names = layout.fields()
    wanted = ("numerator", "denominator") if layout.hide else ()
    return [layout.first_column + names.index(n) for n in wanted if n in names]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "layouts")
    for name, written in write_corpus(target).items():
        print(f"{name}: {written}")
