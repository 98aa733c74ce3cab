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


CORPUS_SCRIPT = "tests/make_content_corpus.py"


def test_the_content_corpus_script_asks_for_a_folder(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / CORPUS_SCRIPT), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage:") and " outdir" in run.stdout
    assert list(tmp_path.iterdir()) == []


def test_the_content_corpus_script_writes_the_cases_asked_for(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / CORPUS_SCRIPT), "corpus", "--case", "merged"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert [path.name for path in (tmp_path / "corpus").iterdir()] == ["merged.xlsx"]
