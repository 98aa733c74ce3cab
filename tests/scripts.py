"""The repository's scripts (template, example and benchmark generators), loaded for tests.

The scripts sit beside what they make, outside the package, so tests load them by path.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).parents[1]


def load_script(path: Path) -> ModuleType:
    """Import a script by its path, as a module named after its file."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
