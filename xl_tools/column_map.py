"""Column map files: more header names for a layout that the built-in names do not fit.

A column map is a small TOML file naming, for any field of the measures table, the headers
an officer's own workbook uses (DESIGN 3.2)::

    [headers]
    value = ["Nov 23 figure"]
    measure = ["KPI"]
"""

from __future__ import annotations

import re
from pathlib import Path

from xl_tools.errors import Problem, ProblemCode, SettingsError
from xl_tools.model import MAPPED_FIELDS

SECTION = "headers"
EXAMPLE = 'value = ["Nov 23 figure"]'


def load_column_map(path: Path) -> dict[str, tuple[str, ...]]:
    """Read the extra header names of a column map file.

    Args:
        path: A TOML file with a ``[headers]`` table of field names to lists of headers.

    Returns:
        The header names by field, in the order given.

    Raises:
        SettingsError: The file is missing, is not valid TOML, or names an unknown field or
            something other than a list of headers; every problem in the file at once.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder, "map.toml")
    ...     _ = path.write_text('[headers]\\nvalue = ["Nov 23 figure"]\\nmeasure = "KPI"\\n')
    ...     load_column_map(path)
    {'value': ('Nov 23 figure',), 'measure': ('KPI',)}
    """
    import tomllib  # only where a column map is given: most runs have none

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise _error(path, "does not exist", ProblemCode.FILE_NOT_FOUND) from err
    except (OSError, UnicodeDecodeError) as err:
        raise _error(path, f"cannot be read as a text file ({err})") from err
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _error(path, f"is not a valid TOML file: {err}") from err
    problems = [
        _problem(path, text, key, f"unknown section [{key}]: a column map has only [{SECTION}]")
        for key in document
        if key != SECTION
    ]
    headers = document.get(SECTION, {})
    if not isinstance(headers, dict):
        problems.append(
            _problem(path, text, SECTION, f"[{SECTION}] must be a table, like {EXAMPLE}")
        )
        headers = {}
    column_map = {}
    for field, names in headers.items():
        problem = _field_problem(field, names)
        if problem:
            problems.append(_problem(path, text, field, problem))
        else:
            column_map[field] = (names,) if isinstance(names, str) else tuple(names)
    if problems:
        raise SettingsError(problems)
    return column_map


def _field_problem(field: str, names: object) -> str | None:
    """What is wrong with one line of the ``[headers]`` table, or None."""
    if field not in MAPPED_FIELDS:
        return f'unknown field "{field}": the fields are {", ".join(MAPPED_FIELDS)}'
    if isinstance(names, str):
        names = [names]
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return f'the headers of "{field}" must be a list of text, like {EXAMPLE}'
    if not all(name.strip() for name in names):
        return f'a header of "{field}" is empty'
    return None


def _problem(path: Path, text: str, key: str, message: str) -> Problem:
    line = _line_of(text, key)
    where = f"line {line}: " if line else ""
    return Problem(ProblemCode.BAD_SETTING, where + message, file=str(path))


def _line_of(text: str, key: str) -> int | None:
    """The line where a key or a section is defined, for the message.

    >>> _line_of('[headers]\\nvalue = ["A"]\\n', "value")
    2
    """
    pattern = re.compile(rf"""^\s*(\[\s*)?["']?{re.escape(key)}["']?\s*(=|\])""")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _error(path: Path, message: str, code: ProblemCode = ProblemCode.BAD_SETTING) -> SettingsError:
    return SettingsError(Problem(code, f"column map {message}", file=str(path)))
