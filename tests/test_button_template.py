"""The macro-enabled template: what the script makes, its VBA, its button, and that it opens."""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import pytest

from tests.scripts import REPO, load_script
from tests.xlsx_parts import differing_parts
from xl_tools import button
from xl_tools.excel.buttons import BUTTONS

SCRIPT = REPO / "workbook_templates" / "make_button_template.py"
COMMITTED = REPO / "workbook_templates" / "measures_template_button.xlsm"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("template") / "measures_template_button.xlsm"
    return load_script(SCRIPT).build_button_template(out)


def vba_modules(path: Path) -> dict[str, str]:
    with warnings.catch_warnings():
        # oletools 0.60 still calls a pyparsing name that pyparsing 3.3 deprecates.
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser
    parser = VBA_Parser(str(path))
    try:
        return {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def test_committed_template_equals_a_rebuild(built):
    # The VBA project is rebuilt byte for byte, so no part is left out of the comparison.
    assert differing_parts(built, COMMITTED) == []


def test_the_template_has_all_four_buttons():
    assert [(b.caption, b.macro, b.entry_point) for b in BUTTONS] == [
        ("Build board", "BuildBoard", "main"),
        ("Comparators", "FillComparators", "comparators_main"),
        ("Check", "CheckWorkbook", "check_main"),
        ("New month", "NewMonth", "new_month_main"),
    ]
    assert all(callable(getattr(button, b.entry_point)) for b in BUTTONS)


@pytest.mark.parametrize("button", BUTTONS, ids=lambda button: button.caption)
def test_vba_runs_the_fixed_entry_point(built, button):
    modules = vba_modules(built)
    body = re.search(
        rf"^Sub {button.macro}\(\)\r?\n(.*?)^End Sub", modules["XlTools.bas"], re.M | re.S
    )

    assert body is not None, button.caption
    assert body[1].strip() == (
        f'RunPython "import xl_tools.button; xl_tools.button.{button.entry_point}()"'
    )
    assert "Public Function RunPython(" in modules["xlwings.bas"]
    # The quickstart's demo, which imports a module named after the file, is gone.
    assert not any('RunPython "import " & mymodule' in code for code in modules.values())
    assert "Module1.bas" not in modules


def test_each_button_is_bound_to_its_macro(built):
    with zipfile.ZipFile(built) as archive:
        vml = archive.read("xl/drawings/vmlDrawing1.vml").decode()
        rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    shapes = re.findall(r">([^<>]+)</font>.*?<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml, re.S)

    assert shapes == [(button.caption, button.macro) for button in BUTTONS]
    assert "vmlDrawing1.vml" in rels


def test_sheets_and_code_names_match_the_vba_project(built):
    with zipfile.ZipFile(built) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        sheet1 = archive.read("xl/worksheets/sheet1.xml").decode()
        conf = archive.read("xl/worksheets/sheet5.xml").decode()

    names = re.findall(r'<sheet name="([^"]+)"', workbook)
    assert names == ["Measures", "Settings", "About", "Lists", "_xlwings.conf"]
    states = dict(re.findall(r'<sheet name="([^"]+)" sheetId="\d+" (?:state="(\w+)")?', workbook))
    assert states == {
        "Measures": "",
        "Settings": "",
        "About": "",
        "Lists": "hidden",
        "_xlwings.conf": "hidden",
    }
    assert 'codeName="ThisWorkbook"' in workbook
    assert 'codeName="Sheet1"' in sheet1
    assert 'codeName="Sheet2"' in conf


def test_libreoffice_opens_the_template(built, tmp_path):
    libreoffice = load_script(Path(__file__).parent / "libreoffice.py")
    libreoffice.require_tools()

    assert libreoffice.convert_to_pdf(built, tmp_path).stat().st_size > 0
