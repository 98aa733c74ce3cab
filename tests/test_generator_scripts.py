"""The generator scripts answer --help as scripts do, and write nothing when asked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.scripts import REPO

SCRIPTS = (
    "examples/make_example.py",
    "workbook_templates/make_template.py",
    "workbook_templates/make_button_template.py",
)


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_is_printed_and_nothing_written(script: str, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / script), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage:") and "[out]" in run.stdout
    assert list(tmp_path.iterdir()) == []
