"""``xl-tools init``: this month's workbooks from the templates and the xlwings Lite script.

The workbooks are the shipped templates with only the reporting period and the month
headers changed; the Lite files are the shipped ones; nothing that exists is overwritten.
Every message is pinned.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xl_tools import read_workbook
from xl_tools.cli import main
from xl_tools.months import add_months
from xl_tools.resources import Shipped, shipped_file

NOVEMBER = datetime.date(2026, 11, 1)
WRITTEN = (
    "measures_november_2026.xlsx",
    "measures_november_2026.xlsm",
    "xlwings_lite/main.py",
    "xlwings_lite/requirements.txt",
)
SOURCES = {
    "measures_november_2026.xlsx": Shipped.TEMPLATE,
    "measures_november_2026.xlsm": Shipped.BUTTON_TEMPLATE,
    "xlwings_lite/main.py": Shipped.LITE_SCRIPT,
    "xlwings_lite/requirements.txt": Shipped.LITE_REQUIREMENTS,
}
OVERWRITE = "exists already: init never overwrites a file; move it away or give init another folder"


def lines_for(folder: Path, stem: str = "measures_november_2026", period="November 2026"):
    return [
        f"{folder / stem}.xlsx: the measures workbook for {period}",
        f"{folder / stem}.xlsm: the same with the Excel buttons, for desktop Excel (macro-enabled)",
        f"{folder / 'xlwings_lite' / 'main.py'}: the script to paste into xlwings Lite's main.py",
        f"{folder / 'xlwings_lite' / 'requirements.txt'}: what xlwings Lite installs: paste "
        "it into its requirements.txt",
    ]


def files_in(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def test_init_writes_the_workbooks_and_the_lite_script(tmp_path, capsys):
    folder = tmp_path / "board"

    assert main(["init", str(folder), "--period", "2026-11"]) == 0

    out, err = capsys.readouterr()
    assert out.splitlines() == lines_for(folder)
    assert err == ""
    assert files_in(folder) == sorted([*WRITTEN, "xlwings_lite"])


def test_the_lite_files_are_the_shipped_ones(tmp_path):
    assert main(["init", str(tmp_path), "--period", "2026-11"]) == 0

    for name in ("xlwings_lite/main.py", "xlwings_lite/requirements.txt"):
        assert (tmp_path / name).read_bytes() == shipped_file(SOURCES[name]).read_bytes()


def changed_cells(before: Path, after: Path) -> dict[str, tuple[object, object]]:
    """Every cell whose value differs between two workbooks, as Sheet!A1: (before, after)."""
    old, new = openpyxl.load_workbook(before), openpyxl.load_workbook(after)
    assert old.sheetnames == new.sheetnames
    changed = {}
    for name in old.sheetnames:
        rows = max(old[name].max_row, new[name].max_row)
        columns = max(old[name].max_column, new[name].max_column)
        for row in range(1, rows + 1):
            for column in range(1, columns + 1):
                a, b = old[name].cell(row, column), new[name].cell(row, column)
                if a.value != b.value:
                    changed[f"{name}!{a.coordinate}"] = (a.value, b.value)
    return changed


def moved_month_headers(template: Path, month: datetime.date) -> dict[str, tuple[object, object]]:
    """The template's month headers moved to the month's financial year, ending in March."""
    sheet = openpyxl.load_workbook(template)["Measures"]
    headers = [cell for cell in sheet[4] if isinstance(cell.value, datetime.datetime)]
    last = datetime.date(month.year + (month.month > 3), 3, 1)
    first = add_months(last, 1 - len(headers))
    return {
        f"Measures!{cell.coordinate}": (
            cell.value,
            datetime.datetime.combine(add_months(first, i), datetime.time()),
        )
        for i, cell in enumerate(headers)
    }


@pytest.mark.parametrize("name", WRITTEN[:2], ids=["xlsx", "xlsm"])
def test_a_workbook_is_its_template_set_to_the_month(tmp_path, name):
    assert main(["init", str(tmp_path / "out"), "--period", "2026-11"]) == 0
    template = tmp_path / Path(SOURCES[name].value).name
    template.write_bytes(shipped_file(SOURCES[name]).read_bytes())
    written = tmp_path / "out" / name

    expected = {"Settings!B3": (None, "November 2026"), **moved_month_headers(template, NOVEMBER)}
    assert changed_cells(template, written) == expected
    assert read_workbook(written).settings.period == "November 2026"
    with zipfile.ZipFile(template) as old, zipfile.ZipFile(written) as new:
        assert new.namelist() == old.namelist()
        changed = {part for part in old.namelist() if old.read(part) != new.read(part)}
    # The macros (xl/vbaProject.bin), styles and every other part are kept as they came.
    assert changed and all(part.startswith("xl/worksheets/sheet") for part in changed)


def test_the_template_month_columns_end_with_the_financial_year(tmp_path):
    assert main(["init", str(tmp_path), "--period", "2027-04"]) == 0

    sheet = openpyxl.load_workbook(tmp_path / "measures_april_2027.xlsx")["Measures"]
    months = [cell.value for cell in sheet[4] if isinstance(cell.value, datetime.datetime)]
    assert (months[0], months[-1]) == (datetime.datetime(2026, 4, 1), datetime.datetime(2028, 3, 1))


def test_by_default_this_month_into_the_current_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    today = datetime.date.today()

    assert main(["init"]) == 0

    stem = f"measures_{today:%B}_{today:%Y}".lower()
    assert capsys.readouterr().out.splitlines() == lines_for(Path(), stem, f"{today:%B %Y}")
    assert read_workbook(tmp_path / f"{stem}.xlsx").settings.period == f"{today:%B %Y}"


def test_new_month_moves_the_name_on(tmp_path, capsys):
    assert main(["init", str(tmp_path), "--period", "2026-11"]) == 0
    capsys.readouterr()

    assert main(["new-month", str(tmp_path / "measures_november_2026.xlsx")]) == 0

    assert capsys.readouterr().out == (
        f"{tmp_path / 'measures_november_2026.xlsx'} -> "
        f"{tmp_path / 'measures_december_2026.xlsx'}\n"
    )


@pytest.mark.parametrize("existing", WRITTEN)
def test_an_existing_file_is_never_overwritten(tmp_path, capsys, existing):
    (tmp_path / existing).parent.mkdir(exist_ok=True)
    (tmp_path / existing).write_bytes(b"mine")

    assert main(["init", str(tmp_path), "--period", "2026-11"]) == 1

    out, err = capsys.readouterr()
    assert (out, err) == ("", f"{tmp_path / existing}: {OVERWRITE}\n")
    assert (tmp_path / existing).read_bytes() == b"mine"
    assert [name for name in files_in(tmp_path) if "." in name] == [existing]


def test_every_existing_file_is_named(tmp_path, capsys):
    assert main(["init", str(tmp_path), "--period", "2026-11"]) == 0
    capsys.readouterr()

    assert main(["init", str(tmp_path), "--period", "2026-12"]) == 1

    out, err = capsys.readouterr()
    lite = tmp_path / "xlwings_lite"
    assert (out, err.splitlines()) == (
        "",
        [f"{lite / 'main.py'}: {OVERWRITE}", f"{lite / 'requirements.txt'}: {OVERWRITE}"],
    )
    assert not (tmp_path / "measures_december_2026.xlsx").exists()


@pytest.mark.parametrize("blocked", [".", "xlwings_lite"], ids=["folder", "lite-folder"])
def test_a_file_in_the_folders_place(tmp_path, capsys, blocked):
    folder = tmp_path / "board"
    if blocked == ".":
        folder.write_bytes(b"mine")
    else:
        folder.mkdir()
        (folder / blocked).write_bytes(b"mine")
    place = folder / blocked if blocked != "." else folder

    assert main(["init", str(folder), "--period", "2026-11"]) == 1

    out, err = capsys.readouterr()
    assert (out, err) == (
        "",
        f"{place}: cannot be made into a folder to write into (File exists): give init "
        "another folder\n",
    )
    assert place.read_bytes() == b"mine"
    assert not (folder / "measures_november_2026.xlsx").exists()


@pytest.mark.parametrize("period", ["13", "November", "2026-13"])
def test_a_period_that_is_not_a_month(tmp_path, capsys, period):
    with pytest.raises(SystemExit) as stop:
        main(["init", str(tmp_path), "--period", period])

    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f'xl-tools init: error: argument --period: "{period}" is not a month: give it as '
        "YYYY-MM, such as 2026-11"
    )
    assert list(tmp_path.iterdir()) == []
