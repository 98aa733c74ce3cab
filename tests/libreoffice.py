"""LibreOffice as an independent reader of what the tool writes: workbook -> PDF -> PNG.

A workbook LibreOffice cannot open or print fails the test that asked. Each conversion
uses its own LibreOffice profile under the output folder, so parallel runs never collide.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TIMEOUT_SECONDS = 120


def require_tools() -> None:
    """Fail the calling test when LibreOffice or pdftoppm is not installed.

    These tools are the independent reader of what the tool writes: a check that cannot
    run is not a check passed (``.ci/run`` installs both).
    """
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: apt-get install libreoffice-calc poppler-utils")


def convert_to_pdf(path: Path, outdir: Path) -> Path:
    """Print a workbook to PDF with LibreOffice headless; fail the test if it cannot.

    Args:
        path: The workbook.
        outdir: The folder for the PDF (and LibreOffice's private profile).

    Returns:
        The PDF's path.
    """
    return convert_to(path, "pdf", outdir)


def convert_to(path: Path, kind: str, outdir: Path) -> Path:
    """Open a file with LibreOffice headless and save it as `kind` (``pdf``, ``xlsx``, ...).

    Fails the test when LibreOffice cannot open or convert the file.

    Returns:
        The converted file's path, in `outdir`.
    """
    profile = (outdir / "lo-profile").resolve()
    command = [
        "soffice",
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        kind,
        "--outdir",
        str(outdir),
        str(path),
    ]
    _run(command)
    converted = outdir / f"{path.stem}.{kind}"
    if not converted.is_file() or converted.stat().st_size == 0:
        pytest.fail(f"LibreOffice produced no {kind} from {path.name}")
    return converted


def render_first_page(pdf: Path, outdir: Path) -> Path:
    """Render page 1 of a PDF to a PNG at 60 dpi; fail the test if it cannot.

    Returns:
        The PNG's path.
    """
    stem = outdir / f"{pdf.stem}-page"
    _run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)])
    png = stem.with_suffix(".png")
    if not png.is_file() or png.stat().st_size == 0:
        pytest.fail(f"pdftoppm rendered no page from {pdf.name}")
    return png


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{command[0]} did not finish in {TIMEOUT_SECONDS} s")
    if done.returncode != 0:
        pytest.fail(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")
