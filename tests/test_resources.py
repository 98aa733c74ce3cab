"""The shipped files by name: from the repository they are the repository's own files.

From an installed wheel, `tests/test_distribution.py` reads them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_tools.resources import Shipped, shipped_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("shipped", list(Shipped), ids=[member.name for member in Shipped])
def test_a_shipped_file_is_the_repository_file(shipped):
    found = shipped_file(shipped)

    assert found.is_file()
    assert found.read_bytes() == (ROOT / shipped.value).read_bytes()
    assert shipped_file(shipped.value).read_bytes() == found.read_bytes()


def test_an_unknown_name_lists_the_shipped_ones():
    with pytest.raises(ValueError) as error:
        shipped_file("examples/devon_november_2023-board.xlsx")

    assert str(error.value) == (
        '"examples/devon_november_2023-board.xlsx" is not a file shipped with xl_tools: give '
        "one of workbook_templates/measures_template.xlsx, "
        "workbook_templates/measures_template_button.xlsm, examples/xlwings_lite/main.py, "
        "examples/xlwings_lite/requirements.txt, examples/devon_november_2023.xlsx, "
        "examples/devon_november_2023-board.png"
    )
