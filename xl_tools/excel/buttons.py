"""The Excel buttons: each a caption, the VBA macro it runs, and the Python it calls.

The macro-enabled template (``workbook_templates/make_button_template.py``) and
``xl-tools add-button`` make the same buttons from this list, bound to the same macros in
the same VBA module, so an officer's own workbook gets exactly the template's buttons.
Every macro runs a fixed entry point of `xl_tools.button` through xlwings' ``RunPython``,
which does not depend on the workbook's file name.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Button:
    """One button.

    Attributes:
        caption: What the button says.
        macro: The VBA ``Sub`` it runs, in `MODULE`.
        entry_point: The function of `xl_tools.button` the macro calls.
    """

    caption: str
    macro: str
    entry_point: str

    @property
    def run_python(self) -> str:
        """The Python the macro gives ``RunPython``.

        >>> BUTTONS[0].run_python
        'import xl_tools.button; xl_tools.button.main()'
        """
        return f"import xl_tools.button; xl_tools.button.{self.entry_point}()"


BUTTONS = (
    Button("Build board", "BuildBoard", "main"),
    Button("Comparators", "FillComparators", "comparators_main"),
    Button("Check", "CheckWorkbook", "check_main"),
    Button("New month", "NewMonth", "new_month_main"),
)
# The VBA module holding the macros, beside xlwings' own module.
MODULE = "XlTools"


def module_source(buttons: tuple[Button, ...] = BUTTONS) -> str:
    """The VBA source of `MODULE`: one ``Sub`` a button, lines ending CR LF as VBA keeps them.

    >>> print(module_source(BUTTONS[:1]).replace("\\r", ""))
    Option Explicit
    <BLANKLINE>
    ' Each button runs a fixed entry point of the xl_tools package installed in the Python
    ' that xlwings runs; none depends on the workbook's file name.
    <BLANKLINE>
    Sub BuildBoard()
        RunPython "import xl_tools.button; xl_tools.button.main()"
    End Sub
    <BLANKLINE>
    """
    lines = [
        "Option Explicit",
        "",
        "' Each button runs a fixed entry point of the xl_tools package installed in the Python",
        "' that xlwings runs; none depends on the workbook's file name.",
    ]
    for button in buttons:
        lines += ["", f"Sub {button.macro}()", f'    RunPython "{button.run_python}"', "End Sub"]
    return "\r\n".join(lines) + "\r\n"
