"""Write the worked example: the measures template filled in for Devon, November 2023.

Run it as ``python examples/make_example.py [OUT]``; without OUT it rewrites
``examples/devon_november_2023.xlsx`` beside this script.

The figures are those of the Improvement Partnership Board report of 9 January 2024.
Only what the report states is filled in: its values, the few comparators, targets and
numbers it gives, and a short note where it comments on a measure. Then ``xl-tools
comparators`` fills Statistical neighbours, England and Region from DfE's published 2022-23
figures for Devon (878), as the officers had them in November 2023. Everything else is left
blank, as an officer would leave it.
"""

from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path
from types import ModuleType

from openpyxl import Workbook

EXAMPLE_PATH = Path(__file__).parent / "devon_november_2023.xlsx"
TEMPLATE_SCRIPT = Path(__file__).parent.parent / "workbook_templates" / "make_template.py"

SETTINGS: dict[str, str | int] = {
    "Authority": "Devon",
    "Reporting period": "November 2023",
    # The 0-17 mid-year estimate that 61 per 10,000 looked-after children (about 900) fits.
    "Population 0-17": 147541,
}

# (ID, value, commentary). Percentages are fractions, as Excel stores a cell showing 22%.
FIGURES = (
    ("VA01", 439, "Lower than comparators"),
    ("VA02", 599, "Back to the level of the start of the year"),
    ("VA03", 0.22, "Broadly in line with comparators"),
    ("VA04", 466, "Generally lower than comparators"),
    ("VA05", 201, "Generally higher than comparators"),
    ("VA06", 51, "Lower than comparators"),
    ("VA07", 259, "Lower than comparators"),
    ("VA08", 36, "Lower than comparators"),
    ("VA09", 61, "Lower than comparators; stable since March 2023"),
    ("PR01", 0.31, "Low conversion rate"),
    ("PR02", 0.19, "Low conversion rate"),
    ("PR03", 0.59, "Relatively high"),
    ("PR04", 0.79, "Dropped slightly; slightly lower than comparators"),
    ("PR05", 0.08, "30% plus in comparators"),
    ("PR06", 0.77, "Stable but lower than earlier in the year"),
    ("PR07", 0, "No child on a plan for more than two years"),
    ("PR08", 0.38, "Audit team to review"),
    ("PR09", 20, "Stable at around 20 to 25 a month"),
    ("PR10", 25, "Stable at around 20 to 25 a month"),
    ("IM01", 0.89, "No comparable data"),
    ("IM02", 0.89, "No comparable data"),
    ("IM03", 0.89, "No comparable data"),
    ("IM04", "measure being developed", "New report being developed"),
    ("IM05", 0.15, "Improved but above comparators"),
    ("IM06", 0.83, "Comparators average 90%"),
    ("IM07", 0.98, "No comparator information"),
    ("IM08", 9, "Plan to move all under 16s in the first three months of 2024"),
    ("IM09", 0.93, "Consistent"),
    ("IM10", 0.84, "Needs improvement"),
    ("IM11", 0.96, None),
    ("IM12", 0.82, None),
    ("IM13", 0.78, None),
    ("IM14", 0.85, None),
    ("IM15", 0.41, None),
    ("IM16", 0.46, None),
    ("IM17", 0.42, None),
    # The report's table gives 86%; its text says 89%.
    ("IM18", 0.86, "Lower than previously reported"),
    ("AU01", 0.30, "Baseline 22%; target 80%"),
    ("ST01", 0.48, "47% in April 2023; plan to reduce by 10% by March 2024"),
    ("ST02", 17, "Slightly above the year-end target"),
    ("ST03", 0.102, "Of 4,316 children open in November"),
)

# The only other figures the report gives, by ID and column.
OTHER_FIGURES: dict[str, dict[str, float]] = {
    "PR05": {"Statistical neighbours": 0.30},
    "PR08": {"Statistical neighbours": 0.24},
    "IM06": {"Statistical neighbours": 0.90},
    "VA09": {"Count": 900},
    "ST03": {"Denominator": 4316},
    "AU01": {"Target": 0.80},
}

# The only earlier monthly figure the report gives: "The agency rate ... in April 2023 was 47%".
HISTORY: dict[str, dict[datetime.date, float]] = {"ST01": {datetime.date(2023, 4, 1): 0.47}}


def load_template_script() -> ModuleType:
    """Load ``workbook_templates/make_template.py``, which is a script, not a package.

    >>> load_template_script().HEADERS[0]
    'ID'
    """
    spec = importlib.util.spec_from_file_location("make_template", TEMPLATE_SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the template script {TEMPLATE_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def example_workbook(template: ModuleType) -> Workbook:
    """Fill the measures template with the November 2023 figures.

    Args:
        template: The loaded template script (see `load_template_script`).

    Returns:
        The filled workbook, unsaved.

    >>> wb = example_workbook(load_template_script())
    >>> wb["Measures"]["F5"].value, wb["Settings"]["B2"].value
    (439, 'Devon')
    """
    wb = template.template_workbook()
    measures = wb["Measures"]
    rows = {measure[0]: row for row, measure in enumerate(template.MEASURES, template.FIRST_ROW)}
    for measure_id, value, commentary in FIGURES:
        row = rows[measure_id]
        cell = measures.cell(row, template.column_of("Value"), value)
        if isinstance(value, float) and cell.number_format == "0%" and round(value, 2) != value:
            cell.number_format = "0.0%"  # 10.2% must not show as 10%
        measures.cell(row, template.column_of("Commentary"), commentary)
        for header, figure in OTHER_FIGURES.get(measure_id, {}).items():
            measures.cell(row, template.column_of(header), figure)
        for month, figure in HISTORY.get(measure_id, {}).items():
            measures.cell(row, template.month_column(month), figure)
    settings = wb["Settings"]
    for row in range(2, settings.max_row + 1):
        label = settings.cell(row, 1).value
        if label in SETTINGS:
            settings.cell(row, 2, SETTINGS[label])
    return wb


def build_example(path: Path | str = EXAMPLE_PATH) -> Path:
    """Write the worked example to a file.

    Args:
        path: Where to write it; by default the example shipped beside this script.

    Returns:
        The path written.
    """
    from xl_tools.dfe_comparators import ComparatorOptions, fill_comparators
    from xl_tools.pipeline import RunOptions

    template = load_template_script()
    written = template.save_fixed(example_workbook(template), Path(path))
    fill_comparators(
        written, in_place=True, options=RunOptions(), comparators=ComparatorOptions(la="878")
    )
    return written


if __name__ == "__main__":
    load_template_script().run_script(build_example, EXAMPLE_PATH, __doc__)
