"""The files shipped with the package besides its code, by name.

The templates, the xlwings Lite script and the README's example live in the repository's
``workbook_templates/`` and ``examples/`` folders. ``pyproject.toml`` maps those folders
into the package as ``xl_tools.workbook_templates`` and ``xl_tools.examples``, so a wheel
carries them inside ``xl_tools/`` and an editable install finds them where they are; either
way `importlib.resources` reads them.

>>> shipped_file(Shipped.TEMPLATE).name
'measures_template.xlsx'
>>> shipped_file("examples/xlwings_lite/requirements.txt").is_file()
True
"""

from __future__ import annotations

from enum import StrEnum
from importlib.resources import files
from importlib.resources.abc import Traversable


class Shipped(StrEnum):
    """Each file shipped besides the code; the value is its path in the repository."""

    TEMPLATE = "workbook_templates/measures_template.xlsx"
    BUTTON_TEMPLATE = "workbook_templates/measures_template_button.xlsm"
    LITE_SCRIPT = "examples/xlwings_lite/main.py"
    LITE_REQUIREMENTS = "examples/xlwings_lite/requirements.txt"
    EXAMPLE = "examples/devon_november_2023.xlsx"
    BOARD_PICTURE = "examples/devon_november_2023-board.png"


def shipped_file(name: Shipped | str) -> Traversable:
    """A file shipped with the package, by its path in the repository.

    Args:
        name: A `Shipped` member or its value, such as
            ``"workbook_templates/measures_template.xlsx"``.

    Returns:
        The file, to read (``read_bytes()``) or to have as a path on disk
        (`importlib.resources.as_file`).

    Raises:
        ValueError: No file of that name is shipped; the message lists those that are.

    >>> shipped_file("measures_template.xlsx")
    Traceback (most recent call last):
    ...
    ValueError: "measures_template.xlsx" is not a file shipped with xl_tools: give one of workbook_templates/measures_template.xlsx, workbook_templates/measures_template_button.xlsm, examples/xlwings_lite/main.py, examples/xlwings_lite/requirements.txt, examples/devon_november_2023.xlsx, examples/devon_november_2023-board.png
    """  # noqa: E501
    try:
        path = Shipped(name).value
    except ValueError:
        known = ", ".join(member.value for member in Shipped)
        raise ValueError(
            f'"{name}" is not a file shipped with xl_tools: give one of {known}'
        ) from None
    folder, *parts = path.split("/")
    found = files(f"xl_tools.{folder}")
    for part in parts:
        found = found / part
    return found
