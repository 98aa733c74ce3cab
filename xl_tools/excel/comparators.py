"""The Comparators button's engine: DfE's published figures into the open workbook.

As ``xl-tools comparators`` fills a file (DESIGN 10), through xlwings in blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xl_tools.errors import Problem
from xl_tools.excel.read import FormatGrid, read_measures

if TYPE_CHECKING:
    import xlwings as xw

    from xl_tools.published.filling import Fill, Match

NO_AUTHORITY = (
    "no authority is given for DfE's comparators: fill in Authority in the Settings sheet "
    "with its DfE number (such as 878) or name"
)


@dataclass(frozen=True)
class ComparatorsResult:
    """What a press of the Comparators button did.

    Attributes:
        authority: The authority filled for, as DfE publishes it: ``Devon (878)``.
        filled: The measures filled, with the year and figures used.
        left: The measures recognised but not filled, each with why.
        problems: Warnings found on the way (errors are raised instead).
    """

    authority: str
    filled: tuple[Fill, ...]
    left: tuple[Match, ...]
    problems: tuple[Problem, ...] = ()


def fill_comparators(
    book: xw.Book, *, number_formats: Mapping[str, FormatGrid] | None = None
) -> ComparatorsResult:
    """Fill the open workbook's Statistical neighbours, England and Region from DfE's figures.

    As ``xl-tools comparators`` does for a file, through xlwings in blocks: each measure
    the catalogue recognises gets the shipped figures of the workbook's own Authority for
    the newest year DfE had published by its reporting period (the SN mean, in DfE's
    neighbour grouping of that year), with the year and source in a Comparator source
    column; nothing else in the workbook changes.

    Args:
        book: The open workbook.
        number_formats: Each sheet's number formats where the caller read them (xlwings
            Lite); they decide whether a percentage goes in as a fraction
            (`xl_tools.excel.write.write_comparator_cells`).

    Returns:
        The authority, the measures filled, those left with why, and the warnings found.

    Raises:
        XlToolsError: The measures table is missing or unreadable, the Settings name no
            authority or one DfE does not know.
    """
    from xl_tools.dfe_comparators import ComparatorOptions, plan_comparators
    from xl_tools.excel.read import can_read_formats
    from xl_tools.excel.write import write_comparator_cells
    from xl_tools.write.comparators import plan_comparator_cells

    # The workbook's own figures are not used: a percentage read as typed harms nothing.
    measures, sheets = read_measures(book, number_formats, population_needed=False, figures=False)
    planned = plan_comparators(measures, ComparatorOptions(), no_authority=NO_AUTHORITY)
    layout = measures.layout
    known = number_formats is not None or can_read_formats(book)
    formats = next(sheet for sheet in sheets if sheet.name == layout.sheet) if known else None
    cells = plan_comparator_cells(planned.filled, layout)
    write_comparator_cells(book.sheets[layout.sheet], cells, layout, formats)
    return ComparatorsResult(planned.name, planned.filled, planned.left, measures.problems)
