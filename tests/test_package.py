"""The package layer: a workbook's zip parts read within limits, and written back with every
part the tool did not change copied as it came, down to its compressed bytes."""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from xl_tools.cli import main
from xl_tools.errors import NotAWorkbookError, ProblemCode
from xl_tools.package import Look, Package, Workbook, WorksheetEditor
from xl_tools.package import archive as archive_module
from xl_tools.package.relationships import WORKSHEET, Relationships
from xl_tools.package.styles import Font
from xl_tools.package.xml import MAIN, parse, serialise
from xl_tools.read import open_workbook
from xl_tools.save import save_workbook

NS = {"m": MAIN}
TYPES = (
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)


class Unseekable(io.RawIOBase):
    """A stream zipfile cannot seek in, so that it writes data descriptors after entries."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:  # type: ignore[override]
        self.data += chunk
        return len(chunk)


def a_zip(path: Path) -> Path:
    """A zip holding the kinds of entry workbook writers make."""
    with zipfile.ZipFile(path, "w") as made:
        made.writestr("[Content_Types].xml", TYPES, zipfile.ZIP_DEFLATED)
        made.writestr("xl/stored.bin", b"\x00stored bytes" * 50, zipfile.ZIP_STORED)
        made.writestr("xl/deflated.xml", b"<a>" + b"row " * 5000 + b"</a>", zipfile.ZIP_DEFLATED)
        made.writestr("xl/m\u00e9dia/logo \u2014 1.png", b"\x89PNG pretend", zipfile.ZIP_DEFLATED)
        made.writestr("docProps/custom.xml", b"<c/>", zipfile.ZIP_DEFLATED)
        made.comment = b"a zip comment"
    return path


def described_zip(path: Path) -> Path:
    """A zip whose entries carry data descriptors, as streaming writers make them."""
    stream = Unseekable()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as made:
        made.writestr("[Content_Types].xml", TYPES)
        made.writestr("xl/big.xml", b"<b>" + b"cell " * 20000 + b"</b>")
    path.write_bytes(bytes(stream.data))
    with zipfile.ZipFile(path) as written:
        assert all(info.flag_bits & 0x08 for info in written.infolist())
    return path


def raw_entry(path: Path, name: str) -> bytes:
    """An entry's compressed bytes, as stored in the file."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    with open(path, "rb") as handle:
        handle.seek(info.header_offset)
        header = handle.read(30)
        name_length, extra_length = struct.unpack("<2H", header[26:30])
        handle.seek(name_length + extra_length, io.SEEK_CUR)
        return handle.read(info.compress_size)


def saved(package: Package, path: Path) -> Path:
    with open(path, "wb") as out:
        package.save(out)
    return path


# The zip: untouched entries copied as they came


@pytest.mark.parametrize("make", [a_zip, described_zip])
def test_untouched_entries_are_copied_with_their_compressed_bytes(tmp_path, make):
    source = make(tmp_path / "in.xlsx")
    package = Package.open(source)
    package.put("xl/new.xml", b"<new/>", "application/xml")
    target = saved(package, tmp_path / "out.xlsx")

    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target) as after:
        assert after.testzip() is None
        for info in before.infolist():
            if info.filename == "[Content_Types].xml":
                continue  # it gains the new part's content type
            copied = after.getinfo(info.filename)
            assert (copied.CRC, copied.compress_size, copied.file_size) == (
                info.CRC,
                info.compress_size,
                info.file_size,
            )
            assert (copied.compress_type, copied.date_time) == (info.compress_type, info.date_time)
            assert raw_entry(target, info.filename) == raw_entry(source, info.filename)
            assert not copied.flag_bits & 0x08  # sizes in the header, no descriptor after
        assert after.read("xl/new.xml") == b"<new/>"
        assert after.namelist() == [*before.namelist(), "xl/new.xml"]


def test_a_changed_part_keeps_its_place_and_a_removed_one_goes(tmp_path):
    package = Package.open(a_zip(tmp_path / "in.xlsx"))
    package.put("xl/deflated.xml", b"<a>changed</a>")
    package.remove("docProps/custom.xml")
    target = saved(package, tmp_path / "out.xlsx")

    with zipfile.ZipFile(target) as after:
        assert after.namelist() == [
            "[Content_Types].xml",
            "xl/stored.bin",
            "xl/deflated.xml",
            "xl/m\u00e9dia/logo \u2014 1.png",
        ]
        assert after.read("xl/deflated.xml") == b"<a>changed</a>"
        assert after.getinfo("xl/m\u00e9dia/logo \u2014 1.png").flag_bits & 0x800  # UTF-8 name


def test_nothing_changed_gives_the_same_entries(tmp_path):
    source = a_zip(tmp_path / "in.xlsx")
    target = saved(Package.open(source), tmp_path / "out.xlsx")
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(target) as after:
        assert [(i.filename, i.CRC) for i in after.infolist()] == [
            (i.filename, i.CRC) for i in before.infolist()
        ]


def test_parts_are_found_whatever_the_case_of_their_names(tmp_path):
    with Package.open(a_zip(tmp_path / "in.xlsx")) as package:
        assert package.has("XL/Deflated.XML")
        assert package.read("XL/Deflated.XML").startswith(b"<a>row")


# The zip: what is refused, with its message


def test_a_part_that_would_inflate_beyond_any_workbook_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as made:
        made.writestr("[Content_Types].xml", TYPES)
        made.writestr("xl/worksheets/sheet1.xml", bytes(64 * 1024 * 1024))
    package = Package.open(path)
    with pytest.raises(NotAWorkbookError) as caught:
        package.read("xl/worksheets/sheet1.xml")
    assert str(caught.value).startswith(
        f"{path}: has a part (xl/worksheets/sheet1.xml) that inflates "
    )
    assert str(caught.value).endswith(
        "times, beyond the limit of 500 for any real workbook: it is not read"
    )
    assert caught.value.problems[0].code is ProblemCode.TOO_LARGE
    package.close()


def test_a_part_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "MAX_PART_BYTES", 1000)
    package = Package.open(a_zip(tmp_path / "in.xlsx"))
    with pytest.raises(NotAWorkbookError) as caught:
        package.read("xl/deflated.xml")
    assert str(caught.value) == (
        f"{tmp_path / 'in.xlsx'}: has a part (xl/deflated.xml) of 0 MiB uncompressed, beyond "
        "the 0 MiB limit for one part of a workbook: it is not read"
    )
    package.close()


def test_damaged_data_is_named(tmp_path):
    path = a_zip(tmp_path / "in.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/deflated.xml")
    offset = info.header_offset + 30 + len(info.filename) + len(info.extra) + 5
    data[offset : offset + 20] = b"\xff" * 20
    path.write_bytes(bytes(data))
    package = Package.open(path)
    with pytest.raises(NotAWorkbookError) as caught:
        package.read("xl/deflated.xml")
    assert str(caught.value).startswith(f"{path}: is damaged (xl/deflated.xml: ")
    assert str(caught.value).endswith(
        "and cannot be read as a workbook: open it in Excel and save it again"
    )
    package.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_not_opened(tmp_path):
    pipe = tmp_path / "measures.xlsx"
    os.mkfifo(pipe)
    with pytest.raises(NotAWorkbookError) as caught:
        open_workbook(pipe)
    assert str(caught.value) == f"{pipe}: is not a regular file, so it is not read"
    assert caught.value.problems[0].code is ProblemCode.NOT_A_WORKBOOK


def test_a_part_that_is_not_xml_is_named(tmp_path):
    path = tmp_path / "in.xlsx"
    with zipfile.ZipFile(path, "w") as made:
        made.writestr("[Content_Types].xml", b"<Types")
    with Package.open(path) as package, pytest.raises(NotAWorkbookError) as caught:
        package.xml("[Content_Types].xml")
    assert str(caught.value).startswith(f"{path}: is damaged ([Content_Types].xml is not well")


def test_entities_are_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for a workbook")
    root = parse(
        f'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "{secret.as_uri()}">'
        '<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;&x;&x;&x;&x;&x;">]>'
        "<a>&e;&y;</a>".encode()
    )
    assert "not for a workbook" not in serialise(root).decode()
    assert "xxxxxxxxxx" not in "".join(root.itertext())


# Relationships, content types, sheets


def test_relationships_are_added_relative_to_their_part_and_removed():
    rels = Relationships("xl/workbook.xml", None)
    first = rels.add(WORKSHEET, "xl/worksheets/sheet9.xml")
    second = rels.add(WORKSHEET, "xl/media/image1.png")
    rels.remove(first)
    assert [(r.id, r.target, r.part) for r in rels] == [
        (second, "media/image1.png", "xl/media/image1.png")
    ]
    assert b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"' in (
        serialise(rels.root)
    )


def a_book(path: Path, sheets: int = 3) -> Path:
    """A workbook made by openpyxl with local names on its sheets, the second one active."""
    book = openpyxl.Workbook()
    book.active.title = "Sheet0"
    for number in range(1, sheets):
        book.create_sheet(f"Sheet{number}")
    for sheet in book.worksheets:
        sheet["A1"] = sheet.title
        sheet.print_title_rows = "1:1"
    book.active = 1
    book.save(path)
    return path


def local_names(path: Path) -> list[tuple[str, str]]:
    root = etree.fromstring(zipfile.ZipFile(path).read("xl/workbook.xml"))
    return [
        (name.get("localSheetId"), name.text)
        for name in root.iterfind("m:definedNames/m:definedName", NS)
    ]


def active_tab(path: Path) -> str:
    root = etree.fromstring(zipfile.ZipFile(path).read("xl/workbook.xml"))
    return root.find("m:bookViews/m:workbookView", NS).get("activeTab")


def test_removing_a_sheet_renumbers_what_counts_sheets_by_place(tmp_path):
    with Workbook.open(a_book(tmp_path / "in.xlsx")) as book:
        assert book.remove_sheet("Sheet0") == 0
        save_workbook(book, tmp_path / "out.xlsx")

    out = tmp_path / "out.xlsx"
    assert openpyxl.load_workbook(out).sheetnames == ["Sheet1", "Sheet2"]
    assert local_names(out) == [("0", "'Sheet1'!$1:$1"), ("1", "'Sheet2'!$1:$1")]
    assert active_tab(out) == "0"  # Sheet1, as before
    with zipfile.ZipFile(out) as archive:
        assert "xl/worksheets/sheet1.xml" not in archive.namelist()
        assert b"sheet1.xml" not in archive.read("[Content_Types].xml")
        assert b"sheet1.xml" not in archive.read("xl/_rels/workbook.xml.rels")


def test_adding_a_sheet_in_the_middle_renumbers_and_activates(tmp_path):
    with Workbook.open(a_book(tmp_path / "in.xlsx")) as book:
        root = etree.fromstring(
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
            "<t>new</t></is></c></row></sheetData></worksheet>".encode()
        )
        sheet = book.add_worksheet("New", root, position=1)
        book.activate(sheet)
        save_workbook(book, tmp_path / "out.xlsx")

    out = tmp_path / "out.xlsx"
    loaded = openpyxl.load_workbook(out)
    assert loaded.sheetnames == ["Sheet0", "New", "Sheet1", "Sheet2"]
    assert loaded["New"]["A1"].value == "new"
    assert loaded.active.title == "New"
    assert [local for local, _ in local_names(out)] == ["0", "2", "3"]


# Styles


def style_sections(path: Path) -> dict[str, list[bytes]]:
    root = etree.fromstring(zipfile.ZipFile(path).read("xl/styles.xml"))
    return {
        etree.QName(section).localname: [etree.tostring(item, method="c14n") for item in section]
        for section in root
    }


def test_styles_are_appended_once_and_existing_ones_never_move(tmp_path):
    source = tmp_path / "in.xlsx"
    made = openpyxl.Workbook()
    made.active["A1"].font = openpyxl.styles.Font(bold=True, color="C00000")
    made.active["A1"].number_format = "0.000"
    made.save(source)
    look = Look(font=Font(name="Arial", size=10, bold=True), fill="1F3864", number_format="0.0%")

    with Workbook.open(source) as book:
        first = book.styles.add(look)
        assert book.styles.add(look) == first
        save_workbook(book, tmp_path / "once.xlsx")
    with Workbook.open(tmp_path / "once.xlsx") as book:
        assert book.styles.add(look) == first  # found from the earlier run
        save_workbook(book, tmp_path / "twice.xlsx")

    before, once = style_sections(source), style_sections(tmp_path / "once.xlsx")
    for section, items in before.items():
        assert once[section][: len(items)] == items, section
    assert style_sections(tmp_path / "twice.xlsx") == once
    cell = openpyxl.load_workbook(tmp_path / "once.xlsx").active["A1"]
    assert (cell.font.b, cell.number_format) == (True, "0.000")


# Editing a worksheet's cells


def a_sheet(rows: str, extra: str = "") -> WorksheetEditor:
    return WorksheetEditor(
        parse(
            f'<worksheet xmlns="{MAIN}"><dimension ref="A1:B2"/><sheetData>{rows}'
            f"</sheetData>{extra}</worksheet>".encode()
        )  # fmt: skip
    )


def cells(editor: WorksheetEditor) -> list[str]:
    return [
        etree.tostring(cell).decode().replace(f' xmlns="{MAIN}"', "")
        for cell in editor.root.iter(f"{{{MAIN}}}c")
    ]


def test_cells_go_in_order_and_the_dimension_widens():
    editor = a_sheet('<row r="2"><c r="A2"/><c r="C2"><v>3</v></c></row>')
    editor.write(2, 2, "two", 5)
    editor.write(1, 4, 1.5)
    editor.write(4, 1, "=SUM(A1:A2)")
    editor.finish()

    assert cells(editor) == [
        '<c r="D1"><v>1.5</v></c>',
        '<c r="A2"/>',
        '<c r="B2" s="5" t="inlineStr"><is><t>two</t></is></c>',
        '<c r="C2"><v>3</v></c>',
        '<c r="A4" t="inlineStr"><is><t>=SUM(A1:A2)</t></is></c>',
    ]
    assert editor.root.find("m:dimension", NS).get("ref") == "A1:D4"
    assert not editor.formulas_removed


def test_a_row_s_spans_still_hold_its_cells():
    editor = a_sheet('<row r="1" spans="1:2"><c r="A1"/></row><row r="2" spans="1:2 4:5"/>')
    editor.write(1, 9, 1.0)
    editor.write(2, 9, 1.0)
    rows = editor.root.iterfind("m:sheetData/m:row", NS)
    assert [row.get("spans") for row in rows] == ["1:9", None]


def test_a_written_cell_keeps_its_style_unless_given_one_and_loses_its_shared_string():
    editor = a_sheet('<row r="1"><c r="A1" s="7" t="s"><v>3</v></c></row>')
    editor.write(1, 1, 42.0)
    assert cells(editor) == ['<c r="A1" s="7"><v>42</v></c>']


def test_text_keeps_its_spaces_and_loses_what_xml_cannot_hold():
    editor = a_sheet("")
    editor.write(1, 1, " padded\x07 ")
    assert cells(editor) == [
        '<c r="A1" t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c>'
    ]


def test_the_first_cell_of_a_shared_formula_written_over_leaves_the_others_working():
    editor = a_sheet(
        '<row r="1"><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f><v>2</v></c></row>'
        '<row r="2"><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>'
        '<row r="3"><c r="B3"><f t="shared" si="0"/><v>6</v></c></row>'
    )
    editor.write(1, 2, "Actual numbers")
    assert editor.formulas_removed
    assert cells(editor)[1:] == [
        '<c r="B2"><f>A2*2</f><v>4</v></c>',
        '<c r="B3"><f>A3*2</f><v>6</v></c>',
    ]


def test_a_width_inside_a_range_of_columns_splits_it():
    editor = a_sheet("", '<cols><col min="1" max="5" width="9" style="3" customWidth="1"/></cols>')
    editor.root.insert(1, editor.root[-1])  # <cols> before <sheetData>, as the schema has it
    editor.set_width(3, 16)
    cols = [
        (c.get("min"), c.get("max"), c.get("width"), c.get("style"))
        for c in editor.root.iterfind("m:cols/m:col", NS)
    ]
    assert cols == [("1", "2", "9", "3"), ("3", "3", "16", "3"), ("4", "5", "9", "3")]


def test_a_cell_s_value_moves_with_its_shared_string():
    editor = a_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="4"/></row>')
    editor.put(1, 2, editor.content(1, 1))
    assert cells(editor) == ['<c r="A1" t="s"><v>0</v></c>', '<c r="B1" s="4" t="s"><v>0</v></c>']


# Reading cells


def test_values_are_read_as_excel_saved_them(tmp_path):
    path = tmp_path / "values.xlsx"
    made = openpyxl.Workbook()
    sheet = made.active
    sheet.append([599, 0.25, "text", True, "=1+1"])
    sheet["F1"] = openpyxl.cell.rich_text.CellRichText(
        ["plain ", openpyxl.cell.rich_text.TextBlock(openpyxl.cell.text.InlineFont(b=True), "bold")]
    )
    sheet["G1"] = __import__("datetime").datetime(2023, 11, 1)
    made.save(path)

    with Workbook.open(path) as book:
        sheet_part = book.sheets[0].part
        ((row, found),) = book.cell_reader().rows(book.package.stream(sheet_part))
    values = {column: (value, uncached) for column, value, _, uncached in found}
    assert row == 1
    assert values[1] == (599, False) and values[2] == (0.25, False)
    assert values[3] == ("text", False) and values[4] == (True, False)
    assert values[5] == (None, True)  # a formula openpyxl never calculated
    assert values[6] == ("plain bold", False)
    assert values[7][0] == __import__("datetime").datetime(2023, 11, 1)


def test_reading_the_head_of_a_sheet_stops_there(tmp_path):
    path = tmp_path / "long.xlsx"
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 41))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}<row r="41"><c r="A41"></sheetData>'
    base = tmp_path / "base.xlsx"
    openpyxl.Workbook().save(base)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, sheet.encode() if info.filename.endswith("sheet1.xml") else data)

    with Workbook.open(path) as book:
        stream = book.package.stream(book.sheets[0].part)
        head = list(book.cell_reader().rows(stream, last_row=30))
    assert [row for row, _ in head] == list(range(1, 31))  # the broken row 41 never read


def with_broken_data_sheet(path: Path) -> Path:
    """A measures workbook whose second sheet is not XML after its 40th row."""
    made = openpyxl.Workbook()
    made.active.title = "Measures"
    made.active.append(["Measure", "Value"])
    made.active.append(["Number of referrals", 599])
    made.create_sheet("Data")
    made.save(path)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 41))
    broken = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}<row r="41"><c r="A41"></sheetData>'
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet2.xml"] = broken.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_a_large_sheet_beside_the_measures_is_read_only_as_far_as_its_head(tmp_path, monkeypatch):
    from xl_tools.read import read_workbook, xlsx

    path = with_broken_data_sheet(tmp_path / "measures.xlsx")
    with pytest.raises(NotAWorkbookError, match=r"xl/worksheets/sheet2\.xml is not well-formed"):
        read_workbook(path)  # a small sheet is parsed whole: this one cannot be
    monkeypatch.setattr(xlsx, "STREAMED_FROM", 0)  # every sheet is large

    measures = read_workbook(path)
    assert list(measures.frame["measure"]) == ["Number of referrals"]
    assert main(["build", str(path), "-o", str(tmp_path / "board.xlsx")]) == 0
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(tmp_path / "board.xlsx") as after:
        name = "xl/worksheets/sheet2.xml"
        assert after.read(name) == before.read(name)  # copied as it came, never parsed


def with_data_sheet(path: Path, data: bytes, *, strings: bytes | None = None) -> Path:
    """A measures workbook whose second sheet's part (and shared strings) are `data`."""
    made = openpyxl.Workbook()
    made.active.title = "Measures"
    made.active.append(["Measure", "Value"])
    made.active.append(["Number of referrals", 599])
    made.create_sheet("Data")
    made.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["xl/worksheets/sheet2.xml"] = data
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
            b"</Relationships>",
        )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, part in parts.items():
            target.writestr(name, part)
    return path


def test_a_vast_side_sheet_is_read_only_as_far_as_its_head_and_goes_out_as_it_came(tmp_path):
    # 64 MiB that deflate a thousandfold: past the limit for a part read whole, but only
    # its first rows are ever read.
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 41))
    data = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}'.encode() + b"<row/>" * (11 << 20)
    path = with_data_sheet(tmp_path / "measures.xlsx", data + b"</sheetData></worksheet>")
    with zipfile.ZipFile(path) as made:
        info = made.getinfo("xl/worksheets/sheet2.xml")
        assert info.file_size > 500 * info.compress_size > 0
    with Package.open(path) as package, pytest.raises(NotAWorkbookError, match="inflates"):
        package.read("xl/worksheets/sheet2.xml")

    assert main(["build", str(path), "-o", str(tmp_path / "board.xlsx")]) == 0
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(tmp_path / "board.xlsx") as after:
        name = "xl/worksheets/sheet2.xml"
        assert after.getinfo(name).CRC == before.getinfo(name).CRC


def test_a_side_sheet_not_xml_at_its_start_is_named_in_one_line(tmp_path, capsys):
    path = with_data_sheet(tmp_path / "measures.xlsx", b"<row/>" * (1 << 20))  # no root
    assert main(["build", str(path), "-o", str(tmp_path / "board.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        f"{path}: is damaged (xl/worksheets/sheet2.xml is not well-formed XML: Extra content "
    )
    assert err.endswith("and cannot be read as a workbook: open it in Excel and save it again\n")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "board.xlsx").exists()


def test_shared_strings_that_are_not_xml_are_named_in_one_line(tmp_path, capsys):
    row = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    path = with_data_sheet(
        tmp_path / "measures.xlsx",
        f'<worksheet xmlns="{MAIN}"><sheetData>{row}</sheetData></worksheet>'.encode(),
        strings=f'<sst xmlns="{MAIN}"><si><t>Month</t></si><si><t'.encode(),
    )
    assert main(["build", str(path), "-o", str(tmp_path / "board.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: is damaged (xl/sharedStrings.xml is not well-formed XML: ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_stray_cell_at_the_sheet_s_last_corner_costs_one_cell(tmp_path):
    import tracemalloc

    from xl_tools.read import worksheet_sources

    path = tmp_path / "stray.xlsx"
    made = openpyxl.Workbook()
    made.active["A1"] = "Measure"
    made.active["XFD1048576"] = "stray"
    made.create_sheet("Data")["XFD1048576"] = 1
    made.save(path)

    tracemalloc.start()
    with Workbook.open(path) as book:
        sheets = [source.whole() for source in worksheet_sources(book)]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [sheet.filled_rows() for sheet in sheets] == [[1, 1048576], [1048576]]
    assert sheets[0].value(1048576, 16384) == "stray"
    assert peak < 8 * 1024 * 1024, "a row of 16,384 columns at most, never a grid"
    assert sys.getsizeof(sheets[1].row(1)) == sys.getsizeof(())
