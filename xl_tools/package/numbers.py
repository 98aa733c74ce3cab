"""Number formats as SpreadsheetML stores them: built-in ones by number, dates by their codes.

A cell holds a number; its format says how Excel shows it. The reader needs two things of
a format: whether it shows a percentage, and whether it shows a date, in which case the
number is a day count from the workbook's epoch.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

GENERAL = "General"

# ECMA-376 Part 1, 18.8.30: the formats every workbook has without writing them down.
BUILTIN_FORMATS = {
    0: GENERAL,
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)',
    6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)',
    8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
}
BUILTIN_IDS = {code: number for number, code in BUILTIN_FORMATS.items()}
FIRST_CUSTOM_ID = 164

# Text in quotes, escaped characters, fills and spaces, and bracketed colours and
# conditions: none of these make a format a date ([h], [mm] and [ss] do).
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)
_DATE_LETTERS = re.compile(r"[dmyhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_DAY_ZERO = datetime.datetime(1899, 12, 30)
_DAY_ZERO_1904 = datetime.datetime(1904, 1, 1)


def is_date_format(code: str) -> bool:
    """Whether a number format shows a date or time.

    >>> is_date_format("mmm-yy"), is_date_format("d/m/yyyy h:mm"), is_date_format("[h]:mm")
    (True, True, True)
    >>> is_date_format("0.0%"), is_date_format('0.0 "days"'), is_date_format("[Red]#,##0")
    (False, False, False)
    >>> is_date_format("General")
    False
    """
    first = code.split(";", 1)[0]
    return _DATE_LETTERS.search(_NOT_DATE_PARTS.sub("", first)) is not None


def from_serial(serial: float, date1904: bool = False) -> datetime.datetime | None:
    """The date and time a day count stands for; None beyond the calendar.

    Excel's 1900 calendar has a 29 February 1900 that never was (day 60): days before it
    are one day later than their count says.

    >>> from_serial(45231), from_serial(45231.5)
    (datetime.datetime(2023, 11, 1, 0, 0), datetime.datetime(2023, 11, 1, 12, 0))
    >>> from_serial(1), from_serial(0, date1904=True)
    (datetime.datetime(1900, 1, 1, 0, 0), datetime.datetime(1904, 1, 1, 0, 0))
    >>> from_serial(1e30) is None
    True
    """
    start = _DAY_ZERO_1904 if date1904 else _DAY_ZERO
    if not date1904 and 0 <= serial < 60:
        serial += 1
    try:
        moment = start + datetime.timedelta(days=serial)
    except OverflowError:
        return None
    return moment.replace(microsecond=0) if moment.microsecond >= 999_500 else moment


def to_serial(moment: datetime.date, date1904: bool = False) -> float:
    """The day count of a date, as Excel stores it.

    >>> to_serial(datetime.date(2023, 11, 1)), to_serial(datetime.date(1904, 1, 2), True)
    (45231.0, 1.0)
    """
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime(moment.year, moment.month, moment.day)
    start = _DAY_ZERO_1904 if date1904 else _DAY_ZERO
    return (moment - start) / datetime.timedelta(days=1)


# A workbook has few number formats, each asked about at every figure cell.
@lru_cache(maxsize=1024)
def is_percent_format(number_format: str) -> bool:
    """Whether a number format shows a fraction as a percentage (0.22 as 22%).

    A ``%`` inside quotes or escaped is literal text, not scaling.

    >>> is_percent_format("0%"), is_percent_format("0.0%"), is_percent_format('0"%"')
    (True, True, False)
    >>> is_percent_format("General")
    False
    """
    return "%" in _QUOTED.sub("", number_format)
