"""A year of the monthly job on the example: new-month, fill in the figures, build; twelve times.

From April 2023 to April 2024 the board gains its trends month by month: sparklines drawn
from the history, the trend over 12 months in words, year to date and the same month last
year; and nothing typed in the first month is lost.
"""

from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from tests.board_sheet import read_board
from tests.libreoffice import convert_to_pdf, require_tools
from tests.xlsx_parts import count_sparklines
from xl_tools.errors import SettingsError, WouldOverwriteError
from xl_tools.model import BOARD_SHEET
from xl_tools.pipeline import RunOptions, build_workbook
from xl_tools.read import read_workbook
from xl_tools.references import column_letter
from xl_tools.roll_forward import new_month, next_name

EXAMPLE = Path(__file__).parents[1] / "examples" / "devon_november_2023.xlsx"
MEASURES = 41
X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
XM = "{http://schemas.microsoft.com/office/excel/2006/main}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def set_period(path: Path, period: str) -> None:
    book = openpyxl.load_workbook(path)
    book["Settings"]["B3"] = period
    book.save(path)


def fill(path: Path, k: int) -> None:
    """Month k's figures (April 2023 is 0): every measure rises by one a month."""
    book = openpyxl.load_workbook(path)
    sheet = book["Measures"]
    for row in range(5, 5 + MEASURES):
        unit = sheet.cell(row, 4).value
        cell = sheet.cell(row, 6)
        cell.value = (20 + k) / 100 if unit == "Percentage" else 100 + k
        cell.number_format = "0%" if unit == "Percentage" else "0"
    book.save(path)


def board_rows(path: Path) -> dict[object, dict[str, object]]:
    return read_board(path).by("ID")


def sparkline_xml(path: Path) -> list[tuple[str, str]]:
    """(data, location) of each sparkline, after checking the XML is shaped as Excel's."""
    with zipfile.ZipFile(path) as package:
        names = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        roots = [ElementTree.fromstring(package.read(n)) for n in names]
    groups = [g for root in roots for g in root.iter(f"{X14}sparklineGroup")]
    assert len(groups) == 1
    (ext,) = [
        e
        for root in roots
        for e in root.iter(f"{MAIN}ext")
        if e.find(f"{X14}sparklineGroups") is not None
    ]
    assert ext.get("uri") == "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
    assert groups[0].get("displayEmptyCellsAs") == "gap"
    assert groups[0].get("type") == "column", "LibreOffice prints line sparklines as markers"
    lines = groups[0].find(f"{X14}sparklines")
    assert lines is not None
    return [(s.findtext(f"{XM}f"), s.findtext(f"{XM}sqref")) for s in lines]


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """(measures workbook, built board) for each month from April 2023 to April 2024."""
    folder = tmp_path_factory.mktemp("year")
    path = folder / "measures.xlsx"
    shutil.copyfile(EXAMPLE, path)
    set_period(path, "April 2023")
    months = []
    for k in range(13):
        fill(path, k)
        months.append((path, build_workbook(path, options=RunOptions()).target))
        if k < 12:
            path = new_month(path)
    return months


def test_each_month_gets_its_own_file(year: list[tuple[Path, Path]]) -> None:
    names = [path.name for path, _ in year]
    assert names[:2] == ["measures.xlsx", "measures_may_2023.xlsx"]
    assert names[-1] == "measures_april_2024.xlsx"
    assert read_workbook(year[-1][0]).settings.period == "April 2024"


@pytest.mark.parametrize("k", range(13))
def test_sparklines_after_every_build(year: list[tuple[Path, Path]], k: int) -> None:
    board = year[k][1]
    assert count_sparklines(board, BOARD_SHEET) == MEASURES
    table = read_board(board)
    where = column_letter(table.column("Last 12 months"))
    first = len(table.headers) + 2  # the figures begin after one empty column
    figures = f"{column_letter(first)}{{row}}:{column_letter(first + 11)}{{row}}"
    assert sparkline_xml(board) == [
        (f"Board!{figures.format(row=row)}", f"{where}{row}") for row, _ in table.rows
    ]


def test_nothing_lost_from_the_first_month(year: list[tuple[Path, Path]]) -> None:
    history = read_workbook(year[-1][0]).frame.set_index("id")["history"]
    first = dict(history["VA02"])
    assert len(first) == 12  # April 2023 to March 2024; April 2024's is in Value
    assert min(first.items()) == (min(first), 100.0)
    assert dict(history["VA03"])[min(first)] == pytest.approx(20.0)


def test_board_at_the_turn_of_the_year(year: list[tuple[Path, Path]]) -> None:
    rows = board_rows(year[-1][1])
    # % repeat referrals, lower is better: 32% in April 2024, 31% in March, 20% a year ago.
    # A board with every kind of column folds them to fit its page: the previous figure
    # under the direction, the year to date and a year ago after the trend's words.
    va03 = rows["VA03"]
    assert va03["Direction of travel"] == "\u25b2 worse\nwas 31%"
    assert va03["Trend over 12 months"] == (
        "Up from 21% to 32% over 11 months, worsening; Year to date: 32%; Same month last year: 20%"
    )
    assert rows["PR04"]["Trend over 12 months"].startswith(
        "Up from 21% to 32% over 11 months, improving;"
    )
    assert rows["VA01"]["Trend over 12 months"].startswith("Up from 101 to 112 over 11 months;")


def test_year_to_date_at_march(year: list[tuple[Path, Path]]) -> None:
    rows = board_rows(year[11][1])
    total = 12 * 100 + sum(range(12))
    assert f"; Year to date: {total:,}" in rows["VA02"]["Trend over 12 months"], "a count adds up"
    # A percentage averages, to a figure with a decimal place.
    assert rows["VA03"]["Trend over 12 months"].endswith("; Year to date: 25.5%")


def test_direction_follows_the_history_month_by_month(year: list[tuple[Path, Path]]) -> None:
    for k, (path, _) in enumerate(year[1:], start=1):
        frame = read_workbook(path).frame.set_index("id")
        assert frame.loc["VA02", "previous"] == 100 + k - 1


def test_sparklines_survive_a_later_build_and_open_in_libreoffice(
    year: list[tuple[Path, Path]], tmp_path: Path
) -> None:
    require_tools()
    built = year[-1][1]
    again = build_workbook(built, out=tmp_path / "again.xlsx", options=RunOptions()).target
    assert count_sparklines(again, BOARD_SHEET) == MEASURES
    assert sparkline_xml(again) == sparkline_xml(built)
    assert convert_to_pdf(again, tmp_path).stat().st_size > 0


def test_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "devon_november_2023.xlsx"
    shutil.copyfile(EXAMPLE, path)
    first = new_month(path)
    with pytest.raises(WouldOverwriteError, match=re.escape("exists already")):
        new_month(path)
    assert new_month(path, out=tmp_path / "other.xlsx").name == "other.xlsx"
    assert first.name == "devon_december_2023.xlsx"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2023-10", "the new period (October 2023) must come after the workbook's own"),
        ("soon", '"soon" is not a month: give the new period as YYYY-MM'),
    ],
)
def test_bad_new_period(tmp_path: Path, period: str, message: str) -> None:
    path = tmp_path / "e.xlsx"
    shutil.copyfile(EXAMPLE, path)
    with pytest.raises(SettingsError, match=re.escape(message)):
        new_month(path, period=period)


def one_year_of_months(path: Path, period: str) -> Path:
    """A measures workbook whose month columns hold one financial year, Apr-23 to Mar-24."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Measures"
    months = [datetime.datetime(2023 + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
    sheet.append(["Measure", "Value", *months])
    sheet.append(["Number of referrals", 599, *range(500, 512)])
    book.create_sheet("Settings").append(["Reporting period", period])
    book.save(path)
    return path


def test_one_year_of_months_moves_on_within_the_year(tmp_path: Path) -> None:
    path = one_year_of_months(tmp_path / "measures.xlsx", "November 2023")
    december = new_month(path)
    sheet = openpyxl.load_workbook(december)["Measures"]
    assert [sheet.cell(1, column).value for column in (3, 14)] == [
        datetime.datetime(2023, 4, 1),
        datetime.datetime(2024, 3, 1),
    ]
    assert sheet.cell(2, 10).value == 599  # November's column: the value recorded


def test_one_year_of_months_is_not_moved_on_past_the_month_being_closed(tmp_path: Path) -> None:
    path = one_year_of_months(tmp_path / "measures.xlsx", "March 2024")
    before = path.read_bytes()
    with pytest.raises(SettingsError) as caught:
        new_month(path)
    assert str(caught.value) == (
        f"{path}: the month columns (Apr-23 to Mar-24) are too few to move on to April 2024 and "
        "keep Mar-24, the month being closed: add columns for Apr-22 to Mar-23 before them, or "
        "start April 2024 from the template and keep this workbook for its figures"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["measures.xlsx"]


def test_workbook_period_that_is_not_a_month(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    shutil.copyfile(EXAMPLE, path)
    set_period(path, "Q3 2023/24")
    with pytest.raises(SettingsError, match=re.escape("(Q3 2023/24) is not a month")):
        new_month(path)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("devon_november_2023", "devon_december_2023"),
        ("Measures November 2023", "Measures December 2023"),
        ("MEASURES-NOV-23", "MEASURES-DEC-23"),
        ("measures", "measures_december_2023"),
        ("Measures", "Measures_December_2023"),
        ("october_2023_copy", "october_2023_copy_december_2023"),
    ],
)
def test_next_name(stem: str, expected: str) -> None:
    import datetime

    assert next_name(stem, datetime.date(2023, 11, 1), datetime.date(2023, 12, 1)) == expected
