"""No module reaches into another library's private names, and imports flow one way.

A dependency's underscore names are its own business: code that uses them breaks on the
dependency's next release. This walks the project's source and keeps it to public APIs:
no import of a private name from outside the project, no ``x._name`` except on ``self``
and ``cls``, no ``getattr(x, "_name")``. It also keeps the flow of DESIGN 2: reading never
imports computing or writing, writing never imports reading, computing imports neither,
and the package layer knows nothing of any of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_CODE = sorted(
    path
    for folder in ("xl_tools", "benchmarks", "examples", "workbook_templates")
    for path in (ROOT / folder).rglob("*.py")
)
TESTS = sorted((ROOT / "tests").glob("*.py"))
OWN = "xl_tools"
# What each layer must not import (DESIGN 2).
FORBIDDEN_LAYERS = {
    "read": ("xl_tools.compute", "xl_tools.write", "xl_tools.excel"),
    "write": ("xl_tools.read", "xl_tools.excel"),
    "compute": ("xl_tools.read", "xl_tools.write", "xl_tools.package", "xl_tools.excel"),
    "package": ("xl_tools.read", "xl_tools.write", "xl_tools.compute", "xl_tools.model"),
}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str, *, imports_only: bool = False) -> list[str]:
    """Every use of another library's private name in a module's source, one line each."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ""
            if module.split(".")[0] == OWN or module == "__future__":
                continue
            names = [alias.name for alias in node.names]
            if any(map(_private, module.split("."))) or any(map(_private, names)):
                found.append(f"line {node.lineno}: imports from {module}: {', '.join(names)}")
        elif isinstance(node, ast.Import):
            found.extend(
                f"line {node.lineno}: imports {alias.name}"
                for alias in node.names
                if alias.name.split(".")[0] != OWN and any(map(_private, alias.name.split(".")))
            )
        elif imports_only:
            continue
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            if not (isinstance(base, ast.Name) and base.id in ("self", "cls")):
                found.append(f"line {node.lineno}: uses .{node.attr}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _private(node.args[1].value)
        ):
            found.append(f"line {node.lineno}: {node.func.id}(..., {node.args[1].value!r})")
    return found


def layer_breaches(path: Path) -> list[str]:
    """Imports of a layer that DESIGN 2's flow forbids it, one line each."""
    relative = path.relative_to(ROOT / "xl_tools")
    forbidden = FORBIDDEN_LAYERS.get(relative.parts[0], ()) if len(relative.parts) > 1 else ()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.extend(
            f"line {node.lineno}: imports {name}"
            for name in names
            if any(name == layer or name.startswith(f"{layer}.") for layer in forbidden)
        )
    return found


def test_the_project_s_code_is_found():
    names = {path.relative_to(ROOT).as_posix() for path in PROJECT_CODE}
    assert {"xl_tools/package/archive.py", "xl_tools/write/xlsx.py", "benchmarks/run.py"} <= names


@pytest.mark.parametrize("path", PROJECT_CODE, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_project_code_uses_public_names_only(path):
    assert private_uses(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", TESTS, ids=lambda path: path.name)
def test_tests_import_public_names_only(path):
    assert private_uses(path.read_text(encoding="utf-8"), imports_only=True) == []


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "xl_tools").rglob("*.py")),
    ids=lambda path: path.relative_to(ROOT).as_posix(),
)
def test_imports_flow_one_way(path):
    assert layer_breaches(path) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "from openpyxl.cell._writer import write_cell",
            ["line 1: imports from openpyxl.cell._writer: write_cell"],
        ),
        (
            "from xml.etree.ElementTree import _escape_attrib",
            ["line 1: imports from xml.etree.ElementTree: _escape_attrib"],
        ),
        ("import lxml._elementpath", ["line 1: imports lxml._elementpath"]),
        ("from lxml import etree\nx: etree._Element", ["line 2: uses ._Element"]),
        ("cells = sheet._cells", ["line 1: uses ._cells"]),
        ("getattr(sheet, '_cells', {})", ["line 1: getattr(..., '_cells')"]),
        ("self._cells = {}\ncls._cache = None", []),
        ("from xl_tools.package.archive import _beyond_limits", []),
        ("from __future__ import annotations\nname = module.__name__", []),
    ],
)  # fmt: skip
def test_private_uses_are_caught(source, expected):
    assert private_uses(source) == expected


def test_layer_breaches_are_caught(monkeypatch):
    module = ROOT / "xl_tools" / "read" / "example.py"
    source = (
        "from xl_tools.compute import x\nimport xl_tools.write.plan\nfrom xl_tools.model import U"
    )
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: source)
    assert layer_breaches(module) == [
        "line 1: imports xl_tools.compute",
        "line 2: imports xl_tools.write.plan",
    ]
