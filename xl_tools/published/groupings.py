"""DfE's statistical neighbour files: each LA's 10 neighbours, closest first.

Two files: the April 2021 model (``New_Statistical_Neighbour_Groupings_April_2021.csv``,
with "old" rows for LAs since replaced) and the 2025 model (``sn_model_2025_wide.csv``).
"""

from __future__ import annotations

import csv
from pathlib import Path

from xl_tools.published.errors import PublishedDataError

NEIGHBOURS = 10


def read_grouping(path: Path, model: int) -> dict[str, tuple[str, ...]]:
    """Each LA's neighbours from one of DfE's SN files.

    Args:
        path: The file.
        model: 2021 (columns ``LA num``, ``SN1`` ... ``SN10``) or 2025 (``old_la_code``,
            ``SN_1`` ... ``SN_10``).

    Raises:
        PublishedDataError: A column is missing, or a neighbour is not an LA number.
    """
    code_column, names = (
        ("LA num", [f"SN{n}" for n in range(1, NEIGHBOURS + 1)])
        if model == 2021
        else ("old_la_code", [f"SN_{n}" for n in range(1, NEIGHBOURS + 1)])
    )
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = csv.reader(file)
        header = [name.strip() for name in next(rows, [])]
        places = [_place(path, header, name) for name in (code_column, *names)]
        grouping = {}
        for row in rows:
            cells = [row[place].strip() if place < len(row) else "" for place in places]
            # The 2021 file's separator rows ("Old SNs:") have no LA number.
            if not cells[0].isdigit():
                continue
            for name, cell in zip(names, cells[1:], strict=True):
                if not cell.isdigit():
                    raise PublishedDataError(
                        f'{path.name}: "{cell}" in column {name} (LA {cells[0]}) is not an '
                        "LA number"
                    )
            grouping[cells[0]] = tuple(cells[1:])
    return grouping


def _place(path: Path, header: list[str], name: str) -> int:
    if name not in header:
        raise PublishedDataError(
            f'{path.name}: no column "{name}" (its columns: {", ".join(header)})'
        )
    return header.index(name)
