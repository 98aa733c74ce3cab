"""Reading one measure's row of the measures table into a record of `INPUT_COLUMNS`.

`MeasureReader` keeps the current section (from heading rows) and collects the records,
their sheet rows and every problem met, so that all are reported at once: cells that
cannot be read (errors), and figures that read but cannot be right (warnings naming the
cell: a percentage outside 0-100%, a denominator of 0, more children than the cohort, an
ID given twice, a target with no polarity to rate it by).
"""

from __future__ import annotations

import math

from xl_tools.errors import Problem, ProblemCode, Severity
from xl_tools.model import (
    FIGURE_COLUMNS,
    INPUT_COLUMNS,
    TEXT_COLUMNS,
    UNIT_WORDS,
    Polarity,
    Unit,
)
from xl_tools.published.indicators import Indicator
from xl_tools.published.recognition import recognise
from xl_tools.read.cells import SheetCells, is_blank
from xl_tools.read.headers import HeaderRow
from xl_tools.read.values import (
    Doubt,
    Figure,
    NoFigure,
    Unreadable,
    denominator_doubt,
    is_percent_format,
    numerator_doubt,
    parse_figure,
    parse_polarity,
    parse_unit,
    percent_doubt,
    unit_from_name,
)
from xl_tools.references import cell_address

# The cells holding a figure in the measure's own unit: their format can show a percentage.
UNIT_FIGURES = (
    "value",
    "target",
    "amber_threshold",
    "statistical_neighbours",
    "england",
    "region",
    "previous",
)
_NO_SAVED_RESULT = "is a formula with no saved result"
_NO_SAVED_RESULT_HINT = "open and save the file in Excel, or type the figure"
_UNIT_HINT = "give it in a Unit column (Rate per 10,000, Percentage, Number or Average)"
_POLARITIES = "Higher is better or Lower is better"
# Text fields read as they are; the others are read with rules of their own.
_PLAIN_TEXT = tuple(f for f in TEXT_COLUMNS if f not in {"section", "measure", "commentary"})


class MeasureReader:
    """Reads the measure rows of one table, in order.

    Attributes:
        records: One dict per measure, keyed by `INPUT_COLUMNS`.
        rows: The sheet row of each record.
        problems: Every problem met so far, errors and warnings.
    """

    def __init__(self, sheet: SheetCells, header: HeaderRow, source: str):
        self.sheet = sheet
        self.header = header
        self.source = source
        self.records: list[dict[str, object]] = []
        self._rows: list[int] = []
        self.problems: list[Problem] = []
        self._section: str | None = None
        # The first row and measure of each ID, compared as a person would (any case).
        self._ids: dict[str, tuple[int, str]] = {}

    @property
    def rows(self) -> tuple[int, ...]:
        """The sheet row of each measure read."""
        return tuple(self._rows)

    def start_section(self, heading: str) -> None:
        """Make the measures below a heading row belong to its section."""
        self._section = heading

    def warn_unnamed(self, row: int) -> None:
        """Report a row with figures but no measure name, which is skipped."""
        self._report(
            ProblemCode.BAD_VALUE,
            row,
            self.header.columns["measure"],
            "has figures in its row but no measure name: the row is skipped",
            severity=Severity.WARNING,
        )

    def read_measure(self, row: int) -> None:
        """Read the measure in a sheet row, noting every cell that cannot be read."""
        name = _text(self._value(row, "measure")) or ""
        for column in self.header.input_columns.values():
            if self.sheet.is_uncached(row, column):
                self._unreadable(row, column, None, _NO_SAVED_RESULT, _NO_SAVED_RESULT_HINT)
        record: dict[str, object] = dict.fromkeys(INPUT_COLUMNS)
        for field in _PLAIN_TEXT:
            record[field] = _text(self._value(row, field))
        # A blank section cell is the section above: merged down the rows, or typed once.
        self._section = _text(self._value(row, "section")) or self._section
        record["section"] = self._section
        record["measure"] = name
        commentary = self._value(row, "commentary")
        record["commentary"] = None if is_blank(commentary) else str(commentary).strip()
        reading = self._unit(row, name)
        unit = None if isinstance(reading, Unreadable) else reading
        found = self._recognise(row, record, unit)
        if reading is None:
            unit = self._unit_from_catalogue(row, name, found)
        record["unit"] = unit
        polarity = self._polarity(row)
        record["polarity"] = polarity or self._polarity_from_catalogue(row, name, found)
        for field in FIGURE_COLUMNS:
            figure = self._figure(row, field, percent=unit is Unit.PERCENT)
            record[field] = figure.number if isinstance(figure, Figure) else math.nan
            if field == "value" and isinstance(figure, NoFigure) and figure.marker:
                record["no_figure"] = figure.marker
        self._check_id(row, record)
        self._check_figures(row, record)
        self._check_polarity(row, record)
        self.records.append(record)
        self._rows.append(row)

    def _check_id(self, row: int, record: dict[str, object]) -> None:
        """Warn of an ID given to an earlier measure too, naming both cells."""
        ident = record["id"]
        if not isinstance(ident, str):
            return
        first = self._ids.setdefault(ident.casefold(), (row, str(record["measure"])))
        if first[0] != row:
            column = self.header.columns["id"]
            reason = (
                f'is also the ID of "{first[1]}" at {cell_address(first[0], column)}: '
                "each measure needs an ID of its own"
            )
            self._doubt(row, "id", Doubt(reason), ProblemCode.DUPLICATE_ID)

    def _check_figures(self, row: int, record: dict[str, object]) -> None:
        """Warn of figures that read but cannot be right, each at its own cell."""
        percent = record["unit"] is Unit.PERCENT
        for field in UNIT_FIGURES if percent else ():
            figure = _figure_of(record, field)
            if figure is not None:
                column = self.header.input_columns[field]
                value, number_format = self.sheet.value(row, column), self.sheet.number_format
                self._doubt(row, field, percent_doubt(figure, value, number_format(row, column)))
        x, y = _figure_of(record, "numerator"), _figure_of(record, "denominator")
        if y is not None:
            self._doubt(row, "denominator", denominator_doubt(y))
        if percent and x is not None:
            denominators = self.header.columns.get("denominator")
            where = "" if denominators is None else cell_address(row, denominators)
            self._doubt(row, "numerator", numerator_doubt(x, math.nan if y is None else y, where))

    def _check_polarity(self, row: int, record: dict[str, object]) -> None:
        """Warn of a target with no polarity to rate against it (no RAG is given)."""
        if _figure_of(record, "target") is None or record["polarity"] is not Polarity.NONE:
            return
        column = self.header.columns.get("polarity")
        if column is None:
            column, fix = (
                self.header.input_columns["target"],
                f"add a Polarity column ({_POLARITIES})",
            )
        elif self.sheet.is_uncached(row, column) or not is_blank(self.sheet.value(row, column)):
            return  # "None" or "Context" by choice; an unreadable cell is an error already
        else:
            fix = f"fill in Polarity ({_POLARITIES}), or None for a context measure"
        message = (
            f'no RAG is given for "{record["measure"]}", which has a target but no polarity: {fix}'
        )
        self._report(ProblemCode.NO_POLARITY, row, column, message, severity=Severity.WARNING)

    def _doubt(
        self,
        row: int,
        field: str,
        doubt: Doubt | None,
        code: ProblemCode = ProblemCode.QUESTIONABLE_FIGURE,
    ) -> None:
        """Report a figure that cannot be right as a warning at its cell, if there is a doubt."""
        if doubt is None:
            return
        column = self.header.input_columns[field]
        message = self._cell_message(row, field, doubt.reason, doubt.hint)
        found = _shown(self.sheet.value(row, column))
        self._report(code, row, column, message, found=found, severity=Severity.WARNING)

    def _value(self, row: int, field: str) -> object:
        column = self.header.input_columns.get(field)
        return None if column is None else self.sheet.value(row, column)

    def _unit(self, row: int, name: str) -> Unit | Unreadable | None:
        """The unit the row gives, or its name or formats show; Unreadable once reported."""
        column = self.header.columns.get("unit")
        if column is not None and not self.sheet.is_uncached(row, column):
            reading = parse_unit(self.sheet.value(row, column))
            if isinstance(reading, Unreadable):
                self._unreadable(row, column, self.sheet.value(row, column), *_texts(reading))
                return reading
            if reading is not None:
                return reading
        return unit_from_name(name) or self._unit_from_formats(row)

    def _recognise(
        self, row: int, record: dict[str, object], unit: Unit | None
    ) -> Indicator | None:
        """The DfE indicator the measure is, where the catalogue knows it (DESIGN 10).

        A ``DfE measure`` cell naming no indicator the catalogue knows is reported.
        """
        dfe_measure = record["dfe_measure"]
        found = recognise(
            measure_id=record["id"],  # type: ignore[arg-type]
            name=record["measure"],  # type: ignore[arg-type]
            dfe_measure=dfe_measure,  # type: ignore[arg-type]
            unit=unit,
        )
        if found is None and dfe_measure is not None:
            message = (
                "is not one of DfE's published measures the tool knows (DfE measure of "
                f'"{record["measure"]}"): give a name from the README\'s catalogue, '
                "or leave it blank"
            )
            column = self.header.columns["dfe_measure"]
            self._report(
                ProblemCode.UNKNOWN_DFE_MEASURE,
                row,
                column,
                message,
                found=_shown(dfe_measure),
                severity=Severity.WARNING,
            )
        return None if found is None else found.indicator

    def _unit_from_catalogue(self, row: int, name: str, found: Indicator | None) -> Unit | None:
        """A recognised measure's unit from the catalogue, said; otherwise a warning."""
        if found is None:
            message = f'the unit of "{name}" is not known: {_UNIT_HINT}; it is read as a number'
            measure = self.header.columns["measure"]
            self._report(ProblemCode.BAD_UNIT, row, measure, message, severity=Severity.WARNING)
            return None
        column = self.header.columns.get("unit", self.header.columns["measure"])
        message = (
            f'the unit of "{name}" is not given: taken as {UNIT_WORDS[found.unit]}, '
            f'as DfE publishes "{found.name}"'
        )
        self._report(ProblemCode.FROM_CATALOGUE, row, column, message, severity=Severity.WARNING)
        return found.unit

    def _polarity_from_catalogue(self, row: int, name: str, found: Indicator | None) -> Polarity:
        """A recognised measure's polarity from the catalogue, said, where it has one."""
        if found is None or found.polarity is Polarity.NONE:
            return Polarity.NONE
        column = self.header.columns.get("polarity", self.header.columns["measure"])
        words = (
            "higher is better" if found.polarity is Polarity.HIGHER_BETTER else "lower is better"
        )
        message = (
            f'the polarity of "{name}" is not given: taken as {words}, as for DfE\'s "{found.name}"'
        )
        self._report(ProblemCode.FROM_CATALOGUE, row, column, message, severity=Severity.WARNING)
        return found.polarity

    def _unit_from_formats(self, row: int) -> Unit | None:
        for field in UNIT_FIGURES:
            column = self.header.columns.get(field)
            if column is not None and is_percent_format(self.sheet.number_format(row, column)):
                return Unit.PERCENT
        return None

    def _polarity(self, row: int) -> Polarity | None:
        """The polarity the row gives; None where it gives none (no column, a blank cell)."""
        column = self.header.columns.get("polarity")
        if column is None:
            return None
        if self.sheet.is_uncached(row, column):
            return Polarity.NONE  # an error already
        if is_blank(self.sheet.value(row, column)):
            return None
        reading = parse_polarity(self.sheet.value(row, column))
        if isinstance(reading, Unreadable):
            self._unreadable(row, column, self.sheet.value(row, column), *_texts(reading))
            return Polarity.NONE
        return reading

    def _figure(self, row: int, field: str, *, percent: bool) -> Figure | NoFigure | None:
        column = self.header.input_columns.get(field)
        if column is None or (self.sheet.uncached and self.sheet.is_uncached(row, column)):
            return None
        value = self.sheet.value(row, column)
        if value is None:
            return None  # a blank cell: no figure, and no marker to keep
        reading = parse_figure(value, self.sheet.number_format(row, column), percent=percent)
        if isinstance(reading, Unreadable):
            self._unreadable(row, column, value, *_texts(reading))
            return None
        return reading

    def _cell_message(self, row: int, field: str, reason: str, hint: str) -> str:
        """A cell's problem with its column's meaning and the measure, and any hint."""
        name = _text(self._value(row, "measure"))
        message = f'{reason} ({self.header.headers[field]} of "{name}")'
        return f"{message}: {hint}" if hint else message

    def _unreadable(self, row: int, column: int, found: object, reason: str, hint: str) -> None:
        """Report a cell that cannot be read, with its column's meaning and the measure."""
        field = next(f for f, c in self.header.columns.items() if c == column)
        message = self._cell_message(row, field, reason, hint)
        code = {"unit": ProblemCode.BAD_UNIT, "polarity": ProblemCode.BAD_POLARITY}.get(
            field, ProblemCode.BAD_VALUE
        )
        if reason == _NO_SAVED_RESULT:
            code = ProblemCode.NO_CACHED_VALUE
        self._report(code, row, column, message, found=_shown(found))

    def _report(
        self,
        code: ProblemCode,
        row: int,
        column: int,
        message: str,
        *,
        found: object = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        cell = cell_address(row, column)
        self.problems.append(
            Problem(code, message, self.source, self.sheet.name, cell, found, severity)
        )


def _figure_of(record: dict[str, object], field: str) -> float | None:
    """A figure of a record, None where it has none (NaN)."""
    figure = record[field]
    return figure if isinstance(figure, float) and not math.isnan(figure) else None


def _texts(reading: Unreadable) -> tuple[str, str]:
    return reading.reason, reading.hint


def _text(value: object) -> str | None:
    """A cell as text with its spaces tidied; None where blank. Whole numbers lose ".0"."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _shown(value: object) -> object:
    """A value as the officer sees it in the cell, for messages."""
    if isinstance(value, str):
        return " ".join(value.split())
    return value
