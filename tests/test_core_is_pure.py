"""The core (model, errors, compute, export) knows nothing of Excel or files.

Reading and writing are the only modules that touch workbook files, xlwings or the filesystem;
this walks the core modules' source and keeps it so.
"""

import ast
from pathlib import Path

import pytest

import xl_tools

PACKAGE = Path(xl_tools.__file__).parent
CORE_MODULES = sorted(
    [
        PACKAGE / "model.py",
        PACKAGE / "errors.py",
        PACKAGE / "export.py",
        PACKAGE / "columns.py",
        PACKAGE / "months.py",
        PACKAGE / "references.py",
        *(PACKAGE / "compute").glob("*.py"),
    ]
)
FORBIDDEN_MODULES = {
    *("openpyxl", "xlwings", "lxml", "zipfile"),
    *("pathlib", "os", "shutil", "tempfile", "glob"),
}
FORBIDDEN_CALLS = {"open"}


def impurities(source: str) -> list[str]:
    """What in a module's source reaches Excel or the filesystem, one line each."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in FORBIDDEN_CALLS:
                found.append(f"line {node.lineno}: calls {node.func.id}()")
            continue
        else:
            continue
        found.extend(
            f"line {node.lineno}: imports {name}"
            for name in names
            if name.split(".")[0] in FORBIDDEN_MODULES
        )
    return found


def test_core_modules_are_found():
    names = {path.name for path in CORE_MODULES}
    assert {"model.py", "errors.py", "export.py", "months.py", "__init__.py", "rag.py"} <= names


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: path.name)
def test_core_module_is_pure(path):
    assert impurities(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import openpyxl", ["line 1: imports openpyxl"]),
        ("import xlwings as xw", ["line 1: imports xlwings"]),
        ("from openpyxl.styles import Font", ["line 1: imports openpyxl.styles"]),
        ("from pathlib import Path", ["line 1: imports pathlib"]),
        ("import os.path", ["line 1: imports os.path"]),
        ("def f():\n    return open('x')", ["line 2: calls open()"]),
        ("import io\nimport json\nimport pandas as pd", []),
        ("from xl_tools.model import Unit", []),
    ],
)
def test_impurities_are_caught(source, expected):
    assert impurities(source) == expected
