"""Draw the README's picture: the first page of the worked example's board, as printed.

Run it as ``python examples/make_board_picture.py [OUT]``; without OUT it rewrites
``examples/devon_november_2023-board.png`` beside this script. It builds the example with
``xl-tools build --pdf``, as an officer would, dated the day of the board meeting it was
for (9 January 2024), and renders the PDF's first page with poppler's ``pdftoppm``.

The picture is written as a plain PNG (every row unfiltered, one zlib stream), so that a
test can read it back with the standard library and numpy alone and check it is current.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path
from types import ModuleType

import numpy as np

EXAMPLE = Path(__file__).parent / "devon_november_2023.xlsx"
PICTURE_PATH = Path(__file__).parent / "devon_november_2023-board.png"
TEMPLATE_SCRIPT = Path(__file__).parent.parent / "workbook_templates" / "make_template.py"
MEETING = datetime.datetime(2024, 1, 9, tzinfo=datetime.UTC)
DPI = 80
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def render_board(out_folder: Path) -> np.ndarray:
    """The example board's first page as an RGB image (height x width x 3), built afresh."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(int(MEETING.timestamp()))}
    board = out_folder / "devon_november_2023-board.xlsx"
    command = [sys.executable, "-m", "xl_tools", "build", str(EXAMPLE), "-o", str(board), "--pdf"]
    subprocess.run(command, env=environment, check=True, capture_output=True)
    pdf = board.with_suffix(".pdf")
    stem = out_folder / "page"
    render = ["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)]
    subprocess.run(render, check=True, capture_output=True)
    return read_ppm(stem.with_suffix(".ppm"))


def read_ppm(path: Path) -> np.ndarray:
    """A binary PPM (``P6``, 8 bits a channel) as an RGB array."""
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, largest value; a space between each
        while data[position : position + 1].isspace():
            position += 1
        end = position
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height, largest = fields
    if magic != b"P6" or largest != b"255":
        raise ValueError(f"{path} is not an 8-bit binary PPM")
    pixels = np.frombuffer(data, np.uint8, offset=position + 1)
    return pixels.reshape(int(height), int(width), 3)


def write_png(path: Path, image: np.ndarray) -> Path:
    """An RGB array as a PNG of unfiltered rows."""
    height, width, _ = image.shape
    rows = np.concatenate([np.zeros((height, 1), np.uint8), image.reshape(height, -1)], axis=1)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    path.write_bytes(
        _SIGNATURE
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 9))
        + chunk(b"IEND", b"")
    )
    return path


def read_png(path: Path) -> np.ndarray:
    """A PNG this script wrote (8-bit RGB, rows unfiltered) as an RGB array."""
    data = path.read_bytes()
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path} is not a PNG")
    position, compressed, size = len(_SIGNATURE), b"", (0, 0)
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", body)
            if (depth, colour) != (8, 2):
                raise ValueError(f"{path} is not an 8-bit RGB PNG")
            size = (height, width)
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    height, width = size
    rows = np.frombuffer(zlib.decompress(compressed), np.uint8).reshape(height, width * 3 + 1)
    if rows[:, 0].any():
        raise ValueError(f"{path} has filtered rows: it was not written by this script")
    return rows[:, 1:].reshape(height, width, 3)


def make_picture(out: Path) -> Path:
    """Build the example board and write its first page to `out`."""
    with tempfile.TemporaryDirectory() as folder:
        return write_png(out, render_board(Path(folder)))


def load_template_script() -> ModuleType:
    """Load ``workbook_templates/make_template.py``, for its way of running a script."""
    spec = importlib.util.spec_from_file_location("make_template", TEMPLATE_SCRIPT)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the template script {TEMPLATE_SCRIPT}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    load_template_script().run_script(make_picture, PICTURE_PATH, __doc__)
