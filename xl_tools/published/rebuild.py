"""Rebuild the package's data files from a folder of DfE's files.

    python -m xl_tools.published.rebuild DIR [--out FOLDER]

DIR holds the EES CSV files (and the SN files); a ``README.md`` there naming the source
repository's commit puts it in the files' headers. The output is the same, byte for
byte, each time it is run on the same files.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from xl_tools.published.data_files import write_data
from xl_tools.published.ees import read_ees
from xl_tools.published.errors import PublishedDataError

PACKAGE_DATA = Path(__file__).resolve().parent / "data"
_REPOSITORY = re.compile(r"`([\w.-]+/[\w.-]+)`")
_COMMIT = re.compile(r"commit\s+`?([0-9a-f]{40})`?")


def source_of(folder: Path) -> str:
    """Where the files came from, as the folder's README says: repository and commit.

    Empty where there is no README or it names no commit.
    """
    readme = folder / "README.md"
    if not readme.is_file():
        return ""
    text = readme.read_text(encoding="utf-8")
    commit = _COMMIT.search(text)
    if commit is None:
        return ""
    repository = _REPOSITORY.search(text)
    named = f"GitHub repository {repository.group(1)}, " if repository else ""
    return f"{named}commit {commit.group(1)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Read DIR's files and write the data files; 0 on success, 1 with a message if not."""
    parser = argparse.ArgumentParser(
        prog="python -m xl_tools.published.rebuild",
        description="Rebuild xl_tools' published comparator figures from DfE's EES files.",
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="folder of DfE's CSV files")
    parser.add_argument(
        "--out",
        type=Path,
        default=PACKAGE_DATA,
        help="folder to write the data files to (the package's own by default)",
    )
    arguments = parser.parse_args(argv)
    try:
        figures = read_ees(arguments.folder)
    except PublishedDataError as error:
        print(f"xl_tools.published.rebuild: {error}", file=sys.stderr)
        return 1
    arguments.out.mkdir(parents=True, exist_ok=True)
    write_data(figures, arguments.out, source=source_of(arguments.folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
