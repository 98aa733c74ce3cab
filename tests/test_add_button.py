"""``xl-tools add-button``: the Excel buttons on an officer's own workbook (DESIGN 7.3).

The command runs on the shipped example and on the content corpus
(`tests/make_content_corpus.py`), and what it writes is compared with what it read, part
by part: every part it does not own comes out as the very bytes it went in, and in the
parts it changes only its own elements and attributes differ. LibreOffice opens the result
and binds each button to its macro; oletools decodes the macros. Then the refusals, each
with its message, and the input left as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import posixpath
import re
import shutil
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from lxml import etree

from tests import make_content_corpus as content
from tests.libreoffice import convert_to, require_tools
from tests.scripts import REPO
from tests.xlsx_parts import sheet_parts
from xl_tools.add_button import add_buttons
from xl_tools.cli import main
from xl_tools.errors import (
    ButtonsError,
    MeasuresTableError,
    NotAWorkbookError,
    OutputError,
    WouldOverwriteError,
)
from xl_tools.excel.buttons import BUTTONS, MODULE
from xl_tools.model import WRITTEN_HEADERS

EXAMPLE = REPO / "examples" / "devon_november_2023.xlsx"
TEMPLATE = REPO / "workbook_templates" / "measures_template_button.xlsm"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
VML, EXCEL = "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:excel"
OFFICE = "urn:schemas-microsoft-com:office:office"
VBA_PROJECT_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VML_REL = f"{OFFICE_REL}/vmlDrawing"
WORKSHEET_REL = f"{OFFICE_REL}/worksheet"
MACRO_ENABLED = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CONF_SHEET = "_xlwings.conf"
MEASURES = "Measures"
# The corpus's workbooks that have macros of their own: refused, not changed.
WITH_MACROS = ("vba", "everything")
CASES = [case.name for case in content.CASES if case.name not in WITH_MACROS]


def q(namespace: str, local: str) -> str:
    return f"{{{namespace}}}{local}"


def template_macros() -> list[str]:
    """The macros the shipped template's buttons run, read from its drawing."""
    with zipfile.ZipFile(TEMPLATE) as archive:
        drawings = [name for name in archive.namelist() if name.endswith(".vml")]
        text = "".join(archive.read(name).decode() for name in drawings)
    return re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", text)


def template_conf_state() -> str | None:
    """Whether the template shows or hides xlwings' settings sheet (its ``state``)."""
    root = etree.fromstring(read(TEMPLATE, "xl/workbook.xml"))
    return next(s.get("state") for s in root.iter(q(MAIN, "sheet")) if s.get("name") == CONF_SHEET)


# The buttons an officer's workbook gets: those of the list whose macro the template has.
EXPECTED = [(b.caption, b.macro) for b in BUTTONS if b.macro in template_macros()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    require_tools()  # LibreOffice makes the pivot table
    return content.write_corpus(tmp_path_factory.mktemp("content"))


@pytest.fixture(scope="module")
def added(corpus: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example and each workbook of the corpus without macros, with the buttons added."""
    made = {}
    for name, source in [("example", EXAMPLE), *((n, corpus[n]) for n in CASES)]:
        folder = tmp_path_factory.mktemp(name)
        copy = folder / source.name
        shutil.copyfile(source, copy)
        before = digest(copy)
        assert add_buttons(copy).target == copy.with_suffix(".xlsm")
        assert digest(copy) == before, "the workbook read is left as it was"
        made[name] = copy
    return made


# Part by part


def parts(path: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: info for info in archive.infolist()}


def read(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def xml(path: Path, name: str) -> Any:
    return etree.fromstring(read(path, name))


def canonical(root: Any) -> bytes:
    return etree.tostring(root, method="c14n", exclusive=True)


def rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def relationships(path: Path, name: str) -> set[tuple[str, str, str]]:
    if name not in parts(path):
        return set()
    return {
        (rel.get("Id"), rel.get("Type"), rel.get("Target"))
        for rel in xml(path, name).iter(q(PACKAGE_REL, "Relationship"))
    }


def target(source: str, relative: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), relative))


def legacy_drawing(path: Path, sheet: str) -> str | None:
    """The part of a sheet's legacy drawing (named by its ``legacyDrawing``), if any."""
    item = xml(path, sheet).find(q(MAIN, "legacyDrawing"))
    if item is None:
        return None
    rel_id = item.get(q(OFFICE_REL, "id"))
    found = [t for i, _, t in relationships(path, rels_of(sheet)) if i == rel_id]
    return target(sheet, found[0])


class Added:
    """What add-button wrote beside a workbook, and the parts it may own."""

    def __init__(self, source: Path) -> None:
        self.source, self.output = source, source.with_suffix(".xlsm")
        self.measures = sheet_parts(source)[MEASURES]
        self.conf = sheet_parts(self.output)[CONF_SHEET]
        self.drawing_before = legacy_drawing(source, self.measures)
        found = legacy_drawing(self.output, self.measures)
        assert found is not None, "the buttons' drawing"
        self.drawing = found

    @property
    def changed(self) -> set[str]:
        """The parts of the workbook that add-button writes anew."""
        names = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"}
        names |= {self.measures, rels_of(self.measures)}
        return names | ({self.drawing} if self.drawing_before else set())

    @property
    def new(self) -> set[str]:
        """The parts add-button adds."""
        names = {"xl/vbaProject.bin", self.conf, rels_of(self.measures)}
        return names | (set() if self.drawing_before else {self.drawing})


@pytest.mark.parametrize("case", ["example", *CASES])
def test_every_other_part_is_copied_as_it_came(added, case):
    made = Added(added[case])
    before, after = parts(made.source), parts(made.output)
    moved = []
    for name, info in before.items():
        copy = after.get(name)
        if copy is None:
            moved.append(f"{name}: lost")
        elif name not in made.changed and (copy.CRC, copy.compress_size) != (
            info.CRC,
            info.compress_size,
        ):
            moved.append(f"{name}: changed")
    assert moved == []
    assert set(after) - set(before) == made.new - set(before)
    assert read(made.output, "xl/vbaProject.bin") == read(TEMPLATE, "xl/vbaProject.bin")


@pytest.mark.parametrize("case", ["example", *CASES])
def test_content_types_gain_the_project_drawing_and_macro_enabled_workbook(added, case):
    made = Added(added[case])

    def types(path: Path) -> tuple[dict[str, str], dict[str, str]]:
        root = xml(path, "[Content_Types].xml")
        defaults = {
            d.get("Extension"): d.get("ContentType") for d in root.iter(q(TYPES, "Default"))
        }
        overrides = {
            o.get("PartName"): o.get("ContentType") for o in root.iter(q(TYPES, "Override"))
        }
        return defaults, overrides

    (defaults, overrides), (new_defaults, new_overrides) = types(made.source), types(made.output)
    assert overrides["/xl/workbook.xml"] == WORKBOOK_TYPE
    expected = overrides | {
        "/xl/workbook.xml": MACRO_ENABLED,
        "/xl/vbaProject.bin": VBA_TYPE,
        f"/{made.conf}": WORKSHEET_TYPE,
    }
    if made.drawing_before is None and defaults.get("vml") != VML_TYPE:
        expected[f"/{made.drawing}"] = VML_TYPE
    assert (new_defaults, new_overrides) == (defaults, expected)


@pytest.mark.parametrize("case", ["example", *CASES])
def test_the_workbook_gains_its_code_name_the_project_and_the_settings_sheet(added, case):
    made = Added(added[case])
    before, after = xml(made.source, "xl/workbook.xml"), xml(made.output, "xl/workbook.xml")
    properties = after.find(q(MAIN, "workbookPr"))
    assert properties.get("codeName") == "ThisWorkbook"
    had = before.find(q(MAIN, "workbookPr"))
    if had is None:
        assert dict(properties.attrib) == {"codeName": "ThisWorkbook"} and not len(properties)
        after.remove(properties)
    elif had.get("codeName") is None:
        del properties.attrib["codeName"]
    sheets = after.find(q(MAIN, "sheets"))
    conf = sheets[-1]
    assert (conf.get("name"), conf.get("state")) == (CONF_SHEET, template_conf_state())
    sheets.remove(conf)
    assert canonical(after) == canonical(before)

    rels_before = relationships(made.source, "xl/_rels/workbook.xml.rels")
    rels_after = relationships(made.output, "xl/_rels/workbook.xml.rels")
    added_rels = {(kind, target("xl/workbook.xml", t)) for _, kind, t in rels_after - rels_before}
    assert rels_before <= rels_after
    assert added_rels == {(VBA_PROJECT_REL, "xl/vbaProject.bin"), (WORKSHEET_REL, made.conf)}
    assert len({rel_id for rel_id, _, _ in rels_after}) == len(rels_after)


@pytest.mark.parametrize("case", ["example", *CASES])
def test_the_measures_sheet_gains_only_its_code_name_and_its_drawing(added, case):
    made = Added(added[case])
    before, after = xml(made.source, made.measures), xml(made.output, made.measures)
    properties = after.find(q(MAIN, "sheetPr"))
    assert properties.get("codeName") == "Sheet1"
    had = before.find(q(MAIN, "sheetPr"))
    if had is None:
        assert dict(properties.attrib) == {"codeName": "Sheet1"} and not len(properties)
        after.remove(properties)
    elif had.get("codeName") is None:
        del properties.attrib["codeName"]
    drawing = after.find(q(MAIN, "legacyDrawing"))
    rel_id = drawing.get(q(OFFICE_REL, "id"))
    if made.drawing_before is None:
        after.remove(drawing)
    assert canonical(after) == canonical(before)

    rels_before = relationships(made.source, rels_of(made.measures))
    rels_after = relationships(made.output, rels_of(made.measures))
    assert (rel_id, VML_REL) in {(rel_id, kind) for rel_id, kind, _ in rels_after}
    assert len(rels_after - rels_before) == (made.drawing_before is None)
    assert rels_before <= rels_after


@pytest.mark.parametrize("case", ["example", *CASES])
def test_the_drawing_holds_the_buttons_and_what_it_held(added, case):
    made = Added(added[case])
    drawing = xml(made.output, made.drawing)
    shapes = [s for s in drawing.iter(q(VML, "shape")) if _kind(s) == "Button"]
    buttons = [(_caption(s), _data(s, "FmlaMacro")) for s in shapes]

    assert buttons == [(caption, f"[0]!{macro}") for caption, macro in EXPECTED]
    assert b"<?xml" not in read(made.output, made.drawing)[:10], "as Excel writes VML"
    if made.drawing_before is not None:
        before = xml(made.source, made.drawing_before)
        for shape in shapes:
            drawing.remove(shape)
        types = [t for t in drawing.iter(q(VML, "shapetype")) if t.get("id") == "_x0000_t201"]
        if not any(t.get("id") == "_x0000_t201" for t in before.iter(q(VML, "shapetype"))):
            drawing.remove(types[0])
        assert canonical(drawing) == canonical(before)


def _data(shape: Any, name: str) -> str:
    """The text of one item of a shape's ``x:ClientData``."""
    return shape.find(q(EXCEL, "ClientData")).findtext(q(EXCEL, name))


def _kind(shape: Any) -> str | None:
    data = shape.find(q(EXCEL, "ClientData"))
    return None if data is None else data.get("ObjectType")


def _caption(shape: Any) -> str:
    return "".join(shape.find(q(VML, "textbox")).itertext()).strip()


def anchors(path: Path, drawing: str) -> list[list[int]]:
    return [
        [int(n) for n in _data(s, "Anchor").split(",")]
        for s in xml(path, drawing).iter(q(VML, "shape"))
        if _kind(s) == "Button"
    ]


@pytest.mark.parametrize("case", ["example", *CASES])
def test_the_buttons_sit_side_by_side_above_the_headers(added, case):
    made = Added(added[case])
    header_row = 4 if case == "example" else content.HEADER_ROW
    placed = anchors(made.output, made.drawing)
    # Anchors count rows and columns from 0: a button ends in a row above the headers.
    assert all(anchor[6] + 1 < header_row for anchor in placed)
    assert [anchor[2] for anchor in placed] == [0] * len(placed)
    lefts = [(anchor[0], anchor[1]) for anchor in placed]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts)


def test_the_buttons_go_right_of_the_title_and_the_notes_shown(added):
    made = Added(added["notes"])
    first, *_, last = anchors(made.output, made.drawing)
    # The title runs on from A1 across C; the note shown lies from column J.
    assert first[0] >= 2
    shown = [
        [int(n) for n in _data(s, "Anchor").split(",")]
        for s in xml(made.output, made.drawing).iter(q(VML, "shape"))
        if _kind(s) == "Note"
        and s.find(q(EXCEL, "ClientData")).find(q(EXCEL, "Visible")) is not None
    ]
    assert shown and all(last[4] < note[0] or last[6] < note[2] for note in shown)


def test_the_buttons_go_right_of_merged_title_cells(added):
    made = Added(added["merged"])
    merged = xml(made.source, made.measures).find(q(MAIN, "mergeCells"))
    title = next(m.get("ref") for m in merged if m.get("ref").startswith("A1:"))
    last_column = title.split(":")[1].rstrip("0123456789")

    first = anchors(made.output, made.drawing)[0]
    assert first[0] >= openpyxl.utils.column_index_from_string(last_column)


@pytest.mark.parametrize("case", ["example", *CASES])
def test_code_names_bind_the_project_s_document_modules(added, case):
    made = Added(added[case])
    names = {}
    for sheet, part in sheet_parts(made.output).items():
        properties = xml(made.output, part).find(q(MAIN, "sheetPr"))
        names[sheet] = None if properties is None else properties.get("codeName")
    assert names[MEASURES] == "Sheet1"
    assert names[CONF_SHEET] == "Sheet2"
    given = [name for name in names.values() if name is not None]
    assert len(given) == len(set(given))


# An independent reader


def test_oletools_finds_each_button_s_macro(added):
    with warnings.catch_warnings():
        # oletools 0.60 still calls a pyparsing name that pyparsing 3.3 deprecates.
        warnings.simplefilter("ignore", DeprecationWarning)
        from oletools.olevba import VBA_Parser
    parser = VBA_Parser(str(Added(added["example"]).output))
    try:
        modules = {name: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
    source = modules[f"{MODULE}.bas"]
    for button in BUTTONS:
        if button.macro in dict(EXPECTED).values():
            body = re.search(rf"^Sub {button.macro}\(\)\r?\n(.*?)^End Sub", source, re.M | re.S)
            assert body is not None, button.macro
            assert body[1].strip() == f'RunPython "{button.run_python}"'
    assert "Public Function RunPython(" in modules["xlwings.bas"]


@pytest.mark.parametrize("case", ["example", "notes", "pivot_table"])
def test_libreoffice_imports_the_macros_and_binds_each_button(added, case, tmp_path):
    require_tools()
    made = Added(added[case])
    ods = convert_to(made.output, "ods", tmp_path)
    with zipfile.ZipFile(ods) as archive:
        names = archive.namelist()
        document = archive.read("content.xml").decode()
        settings = archive.read("settings.xml").decode()
        module = archive.read(f"Basic/VBAProject/{MODULE}.xml").decode()

    buttons = re.findall(
        r'<form:button [^>]*form:label="([^"]*)".*?xlink:href="vnd\.sun\.star\.script:'
        r"VBAProject\.(\w+)\.(\w+)\?",
        document,
        re.S,
    )
    assert buttons == [(caption, MODULE, macro) for caption, macro in EXPECTED]
    assert all(f"Sub {macro}()" in module for _, macro in EXPECTED)
    assert "Basic/VBAProject/xlwings.xml" in names
    code_names = dict(
        re.findall(
            r'<config:config-item-map-entry config:name="([^"]+)">'
            r'<config:config-item config:name="CodeName"[^>]*>([^<]+)<',
            settings,
        )
    )
    assert code_names[MEASURES] == "Sheet1"
    if case == "notes":
        assert document.count("<office:annotation") == 3, "the notes are kept beside them"


# Other workbooks


def measures_book(path: Path, *, header_row: int = 3, notes_on: str | None = None) -> Path:
    """A small measures workbook: a title, a table, and a Settings sheet."""
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet(MEASURES)
    if header_row > 1:
        sheet.write(0, 0, "Measures")
    sheet.write_row(header_row - 1, 0, ("ID", "Measure", "Value"))
    sheet.write_row(header_row, 0, ("VA02", "Number of referrals", 599))
    settings = book.add_worksheet("Settings")
    settings.write_row(0, 0, ("Reporting period", "November 2023"))
    if notes_on is not None:
        book.get_worksheet_by_name(notes_on).write_comment("A1", "Checked")
    book.close()
    return path


@pytest.mark.parametrize("well_formed", [True, False], ids=["notes", "notes-not-xml"])
def test_a_new_drawing_claims_shape_numbers_no_other_drawing_claims(tmp_path, well_formed):
    source = measures_book(tmp_path / "m.xlsx", notes_on="Settings")
    if not well_formed:  # another sheet's drawing is read as far as it can be
        with zipfile.ZipFile(source) as archive:
            entries = {info.filename: archive.read(info) for info in archive.infolist()}
        with zipfile.ZipFile(source, "w") as archive:
            for name, data in entries.items():
                if name.endswith(".vml"):
                    data = data.replace(b"<div", b"<div><br>", 1)
                archive.writestr(name, data)
    output = add_buttons(source).target
    drawings = [part for part in parts(output) if part.endswith(".vml")]
    new = legacy_drawing(output, sheet_parts(output)[MEASURES])

    def blocks(part: str) -> str:
        return (
            etree.fromstring(read(output, part), etree.XMLParser(recover=True))
            .find(q(OFFICE, "shapelayout"))[0]
            .get("data")
        )

    assert {part: blocks(part) for part in drawings} == {
        next(part for part in drawings if part != new): "1",
        new: "2",
    }
    numbers = [shape.get("id") for shape in xml(output, new).iter(q(VML, "shape"))]
    assert numbers == [f"_x0000_s{2048 + n}" for n in range(1, len(EXPECTED) + 1)]


def test_with_no_room_above_the_headers_the_buttons_clear_the_table_and_its_new_columns(tmp_path):
    output = add_buttons(measures_book(tmp_path / "m.xlsx", header_row=1)).target
    (drawing,) = [part for part in parts(output) if part.endswith(".vml")]

    first = anchors(output, drawing)[0]
    # Three headers, and the tool's columns to come at their right.
    assert first[0] == 3 + len(WRITTEN_HEADERS)


def test_a_sheet_bearing_the_measures_code_name_is_given_another(tmp_path):
    path = tmp_path / "m.xlsx"
    book = openpyxl.load_workbook(measures_book(path))
    book["Settings"].sheet_properties.codeName = "Sheet1"
    book["Measures"].sheet_properties.codeName = "Referrals"
    book.save(path)
    output = add_buttons(path).target

    names = {
        sheet: xml(output, part).find(q(MAIN, "sheetPr")).get("codeName")
        for sheet, part in sheet_parts(output).items()
    }
    assert names == {MEASURES: "Sheet1", "Settings": "Sheet3", CONF_SHEET: "Sheet2"}


def test_an_xlsm_without_macros_gets_its_own_name(tmp_path):
    path = tmp_path / "measures.xlsm"
    with zipfile.ZipFile(EXAMPLE) as source, zipfile.ZipFile(path, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(WORKBOOK_TYPE.encode(), MACRO_ENABLED.encode())
            copy.writestr(info, data)

    output = add_buttons(path).target
    assert output == tmp_path / "measures-buttons.xlsm"
    assert "xl/vbaProject.bin" in parts(output)


def test_out_names_the_file_or_the_folder(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    assert add_buttons(EXAMPLE, out=folder).target == folder / "devon_november_2023.xlsm"
    named = tmp_path / "with buttons.xlsm"
    assert add_buttons(EXAMPLE, out=named).target == named


# Refusals, each with its message; nothing written, the input as it was


def refused(path: Path, error: type[Exception], **options: Any) -> str:
    before = digest(path)
    folder = set(path.parent.iterdir())
    with pytest.raises(error) as raised:
        add_buttons(path, **options)
    assert digest(path) == before
    assert set(path.parent.iterdir()) == folder, "nothing written, no temporary file left"
    return str(raised.value)


@pytest.mark.parametrize("case", WITH_MACROS)
def test_a_workbook_with_macros_of_its_own_is_refused(corpus, case, tmp_path):
    path = tmp_path / corpus[case].name
    shutil.copyfile(corpus[case], path)

    assert refused(path, ButtonsError) == (
        f"{path}: has macros of its own (xl/vbaProject.bin), and a workbook holds one VBA "
        "project only: add-button adds the buttons to a workbook without macros"
    )


def test_a_workbook_with_the_buttons_already_is_told_so(tmp_path):
    output = add_buttons(EXAMPLE, out=tmp_path / "first.xlsm").target
    message = refused(output, ButtonsError, out=tmp_path / "second.xlsm")

    assert message == f"{output}: has the xl-tools buttons' macros already: there is nothing to add"


def test_a_workbook_with_no_measures_table_is_refused(tmp_path):
    path = tmp_path / "notes.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "Nothing to see"
    book.save(path)

    assert refused(path, MeasuresTableError) == (
        f"{path}: no measures table found: no header row with a Measure column and a Value "
        "column (or Numerator, Denominator or Count) in the first 30 rows of any sheet "
        "(looked at: Sheet)"
    )


def test_an_existing_output_is_never_overwritten(tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    existing = path.with_suffix(".xlsm")
    existing.write_bytes(b"the officer's own")

    assert refused(path, WouldOverwriteError) == (
        f"{existing}: exists already: add-button never overwrites a workbook; move it away "
        "or give another file with -o"
    )
    assert existing.read_bytes() == b"the officer's own"


def test_an_output_not_named_xlsm_is_refused(tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    out = tmp_path / "buttons.xlsx"

    assert refused(path, OutputError, out=out) == (
        f"{out}: is not a macro-enabled workbook's name: Excel opens a workbook with buttons "
        "only as .xlsm: give -o buttons.xlsm"
    )


def test_a_template_is_refused(tmp_path):
    path = tmp_path / "measures.xltx"
    book = openpyxl.load_workbook(measures_book(tmp_path / "m.xlsx"))
    book.template = True
    book.save(path)

    assert refused(path, NotAWorkbookError) == (
        f"{path}: is not a workbook that takes buttons (its main part is "
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml): "
        "add-button adds them to a workbook saved from Excel as .xlsx"
    )


def test_a_drawing_that_is_not_xml_is_refused(corpus, tmp_path):
    path = tmp_path / "notes.xlsx"
    with zipfile.ZipFile(corpus["notes"]) as source, zipfile.ZipFile(path, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/drawings/vmlDrawing1.vml":
                # A caption of two lines, as Excel writes it.
                data = data.replace(
                    b'<div style="text-align:left"></div>',
                    b'<div style="text-align:left">a<br>b</div>',
                    1,
                )
            copy.writestr(info, data)

    assert refused(path, ButtonsError) == (
        f"{path}: Measures: its notes and form controls (xl/drawings/vmlDrawing1.vml) are in "
        "a drawing that is not well-formed XML, so buttons cannot be added beside them: "
        "remove the line breaks from any button caption on the sheet, or the controls, and "
        "save it again"
    )


# The command line


def test_the_command_says_where_the_buttons_went(tmp_path):
    path = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, path)
    code, out, err = run_cli(["add-button", str(path)])

    captions = ", ".join(caption for caption, _ in EXPECTED)
    assert (code, err) == (0, "")
    assert re.fullmatch(
        rf"{re.escape(str(path))} -> {re.escape(str(path.with_suffix('.xlsm')))}: "
        rf"{captions} on Measures![A-Z]+1:[A-Z]+2\n",
        out,
    )


def test_a_refusal_is_one_line_and_exit_code_1(corpus, tmp_path):
    path = tmp_path / "vba.xlsm"
    shutil.copyfile(corpus["vba"], path)
    code, out, err = run_cli(["add-button", str(path), "-o", str(tmp_path / "out.xlsm")])

    assert (code, out) == (1, "")
    assert err == (
        f"{path}: has macros of its own (xl/vbaProject.bin), and a workbook holds one VBA "
        "project only: add-button adds the buttons to a workbook without macros\n"
    )
    assert not (tmp_path / "out.xlsm").exists()
