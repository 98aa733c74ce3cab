"""The published figures stand apart: they import no reading, writing, Excel or CLI code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import xl_tools.published

PACKAGE = Path(xl_tools.published.__file__).parent
ALLOWED = ("xl_tools.model", "xl_tools.compute.rounding", "xl_tools.published")


def own_imports(path: Path) -> list[str]:
    """The project modules a module imports."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return [name for name in names if name.split(".")[0] == "xl_tools"]


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_published_modules_import_only_the_model_and_rounding(path):
    assert [
        name
        for name in own_imports(path)
        if not any(name == allowed or name.startswith(f"{allowed}.") for allowed in ALLOWED)
    ] == []


def test_the_package_data_files_are_there():
    names = {path.name for path in (PACKAGE / "data").iterdir()}
    assert {"figures.csv", "areas.csv", "neighbours_2021.csv", "neighbours_2025.csv"} <= names
