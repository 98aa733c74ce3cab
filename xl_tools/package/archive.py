"""A workbook's zip file: its parts read within limits, and written with the untouched ones
copied as they are.

Python's `zipfile` reads and writes entries, but has no way to copy an entry without
inflating and deflating it again; for a workbook with a large data sheet that would be
most of a build. `write_archive` therefore writes the zip format itself (PKWARE's
APPNOTE): a part the tool did not change goes out as the very bytes it came in, still
compressed, with its name, time and attributes; a changed or new part is deflated here.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from xl_tools.errors import NotAWorkbookError, Problem, ProblemCode

# No part of a real workbook comes near these; a file beyond them is damaged or hostile
# (a "zip bomb": a small file that inflates to gigabytes).
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_RATIO = 500
_RATIO_FROM = 4 * 1024 * 1024  # small parts may compress far better: they cost little

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4H3L5H2L")
_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_END_SIGNATURE = b"PK\x05\x06"
_ENCRYPTED = 0x1
_DATA_DESCRIPTOR = 0x8
_UTF8_NAME = 0x800
_ZIP32_LIMIT = 0xFFFFFFFF
_COPY_CHUNK = 1024 * 1024
NOT_A_ZIP = (
    "is not an Excel .xlsx/.xlsm workbook (it may be an older .xls renamed, "
    "password-protected, or another kind of file): save it from Excel as .xlsx"
)
DAMAGED = "cannot be read as a workbook: open it in Excel and save it again"
_NEW_PART_TIME = (1980, 1, 1, 0, 0, 0)  # as Excel stamps every part: no clock in the file


class Archive:
    """A zip file opened for reading, entry by entry.

    Only a regular file is opened (never a pipe or a device, which could block forever).
    An entry read is checked against `MAX_PART_BYTES` and `MAX_RATIO` before any of it is
    inflated.

    Raises:
        NotAWorkbookError: The file is not a zip, or holds encrypted entries.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        # Looked at before opening: opening a pipe for reading waits for a writer.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise self.error("is not a regular file, so it is not read")
        self._file: BinaryIO = open(path, "rb")  # noqa: SIM115 (closed by `close`)
        try:
            if not stat.S_ISREG(os.fstat(self._file.fileno()).st_mode):
                raise self.error("is not a regular file, so it is not read")
            self._zip = zipfile.ZipFile(self._file)
            # A name written twice: the last entry wins, as in every zip reader.
            self._entries = {info.filename: info for info in self._zip.infolist()}
            if any(info.flag_bits & _ENCRYPTED for info in self._entries.values()):
                raise self.error("is encrypted: save it from Excel without a password")
            # Where each entry's data starts, found now: a part the tool only copies must
            # be sound too, or a check would pass a file its build then refuses.
            self._starts = {name: self._data_start(info) for name, info in self._entries.items()}
        except (zipfile.BadZipFile, NotImplementedError, EOFError, struct.error) as error:
            # What zipfile raises for a file that is no zip, or a damaged or foreign one.
            self._file.close()
            raise self.error(NOT_A_ZIP) from error
        except BaseException:
            self._file.close()
            raise

    def error(
        self, message: str, code: ProblemCode = ProblemCode.NOT_A_WORKBOOK
    ) -> NotAWorkbookError:
        """The error for what is wrong with this file."""
        return NotAWorkbookError(Problem(code, message, file=str(self.path)))

    def close(self) -> None:
        """Close the file."""
        self._zip.close()
        self._file.close()

    @property
    def names(self) -> list[str]:
        """Every entry's name, in the file's order."""
        return list(self._entries)

    def info(self, name: str) -> zipfile.ZipInfo:
        """An entry's record: its sizes, time and attributes."""
        return self._entries[name]

    def read(self, name: str) -> bytes:
        """An entry's bytes, inflated.

        Raises:
            NotAWorkbookError: The entry is beyond the limits, or its data is damaged.
        """
        with self.open(name) as stream:
            return stream.read()

    def open(self, name: str, *, in_part: bool = False) -> IO[bytes]:
        """An entry's bytes as a stream, inflated as they are read.

        Args:
            name: The entry.
            in_part: Only the entry's start is to be read (a sheet's first rows): an entry
                of any size is opened, since reading stops long before its end, and never
                goes past `MAX_PART_BYTES` however the entry is made.

        Raises:
            NotAWorkbookError: The entry is beyond the limits; reading raises it for damage.
        """
        info = self._entries[name]
        if not in_part and (problem := _beyond_limits(info)) is not None:
            raise self.error(problem, ProblemCode.TOO_LARGE)
        try:
            stream = self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError) as error:
            raise self.error(f"is damaged ({name}: {error}) and {DAMAGED}") from None
        return io.BufferedReader(_Checked(stream, name, self))

    def copy_raw(self, name: str, out: IO[bytes]) -> int:
        """Copy an entry's compressed bytes to `out` as they are; the number copied."""
        info = self._entries[name]
        self._file.seek(self._starts[name])
        left = info.compress_size
        while left:
            chunk = self._file.read(min(left, _COPY_CHUNK))
            if not chunk:
                raise self.error(f"is cut short (in {name}) and {DAMAGED}")
            out.write(chunk)
            left -= len(chunk)
        return info.compress_size

    def _data_start(self, info: zipfile.ZipInfo) -> int:
        """Where an entry's compressed bytes start, past its local header.

        Raises:
            NotAWorkbookError: The local header is damaged, or the data runs past the file.
        """
        self._file.seek(info.header_offset)
        header = self._file.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
            raise self.error(f"is damaged (its entry for {info.filename}) and {DAMAGED}")
        *_, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        encoding = "utf-8" if info.flag_bits & _UTF8_NAME else "cp437"
        if self._file.read(name_length).decode(encoding, "replace") != info.filename:
            raise self.error(f"is damaged (its entry for {info.filename}) and {DAMAGED}")
        start = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
        if start + info.compress_size > self._file.seek(0, io.SEEK_END):
            raise self.error(f"is cut short (in {info.filename}) and {DAMAGED}")
        return start


def _beyond_limits(info: zipfile.ZipInfo) -> str | None:
    """Why an entry is not to be inflated, or None."""
    size = info.file_size
    if size > MAX_PART_BYTES:
        return (
            f"has a part ({info.filename}) of {_mib(size)} uncompressed, beyond the "
            f"{_mib(MAX_PART_BYTES)} limit for one part of a workbook: it is not read"
        )
    if size > _RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
        return (
            f"has a part ({info.filename}) that inflates {size // max(info.compress_size, 1):,} "
            f"times, beyond the limit of {MAX_RATIO} for any real workbook: it is not read"
        )
    return None


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MiB"


class _Checked(io.RawIOBase):
    """A part's stream, stopped with `NotAWorkbookError` where its data is damaged."""

    def __init__(self, stream: IO[bytes], name: str, archive: Archive) -> None:
        self._stream, self._name, self._archive, self._read = stream, name, archive, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._stream.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            message = f"is damaged ({self._name}: {error}) and {DAMAGED}"
            raise self._archive.error(message) from None
        self._read += len(data)
        if self._read > MAX_PART_BYTES:
            message = f"has a part ({self._name}) larger than it says it is"
            raise self._archive.error(message, ProblemCode.TOO_LARGE)
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            chunks = []
            while chunk := self.read(_COPY_CHUNK):
                chunks.append(chunk)
            return b"".join(chunks)
        return super().read(size) or b""

    def close(self) -> None:
        self._stream.close()
        super().close()


@dataclass(frozen=True)
class Copied:
    """An entry to copy from another archive unchanged: the same bytes, name and record."""

    source: Archive
    name: str


@dataclass(frozen=True)
class Written:
    """An entry whose bytes are written anew; `like` is the entry it replaces, if any."""

    name: str
    data: bytes
    like: zipfile.ZipInfo | None = None


def write_archive(out: IO[bytes], entries: Iterable[Copied | Written], level: int = 1) -> None:
    """Write a zip file of `entries`, in order, to `out`.

    Args:
        out: A binary file open for writing, at its start.
        entries: Each entry, copied or written anew.
        level: zlib's compression level for the entries written anew: the fastest by
            default, since they are the few parts the tool changed, and small.

    Raises:
        OverflowError: The file would need the ZIP64 extensions (over 4 GiB).
    """
    directory: list[tuple[zipfile.ZipInfo, int]] = []
    offset = 0
    for entry in entries:
        if isinstance(entry, Copied):
            info, data = entry.source.info(entry.name), b""
        else:
            info, data = _deflated(entry, level)
        header = _header(_LOCAL_HEADER, info) + _name(info)[0]
        out.write(header)
        if isinstance(entry, Copied):
            entry.source.copy_raw(entry.name, out)
        else:
            out.write(data)
        directory.append((info, offset))
        offset = _checked_offset(offset + len(header) + info.compress_size)
    start = offset
    for info, at in directory:
        name = _name(info)[0]
        central = _header(_CENTRAL_HEADER, info, at) + name + info.comment
        out.write(central)
        offset = _checked_offset(offset + len(central))
    count = len(directory)
    out.write(_END_OF_DIRECTORY.pack(_END_SIGNATURE, 0, 0, count, count, offset - start, start, 0))


def _deflated(entry: Written, level: int) -> tuple[zipfile.ZipInfo, bytes]:
    """A new entry's record and its compressed bytes; the times and attributes of `like`."""
    like = entry.like
    info = zipfile.ZipInfo(entry.name, like.date_time if like is not None else _NEW_PART_TIME)
    if like is not None:
        info.create_system, info.create_version = like.create_system, like.create_version
        info.internal_attr, info.external_attr = like.internal_attr, like.external_attr
        info.comment = like.comment
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(entry.data) + compressor.flush()
    info.compress_type, info.flag_bits = zipfile.ZIP_DEFLATED, 0
    info.CRC, info.compress_size, info.file_size = (
        zlib.crc32(entry.data),
        len(data),
        len(entry.data),
    )
    return info, data


def _header(layout: struct.Struct, info: zipfile.ZipInfo, offset: int | None = None) -> bytes:
    """A local header (`offset` None) or a central directory header of an entry, no name.

    The sizes always go in the header itself, so no data descriptor follows the data.
    """
    name, utf8 = _name(info)
    flags = (info.flag_bits & ~(_DATA_DESCRIPTOR | _UTF8_NAME)) | utf8
    needs = max(info.extract_version, 20 if info.compress_type else 10)
    year, month, day, hour, minute, second = info.date_time
    if year < 1980:
        year, month, day, hour, minute, second = _NEW_PART_TIME
    time = (hour << 11) | (minute << 5) | (second // 2)
    date = ((year - 1980) << 9) | (month << 5) | day
    common = (flags, info.compress_type, time, date, info.CRC, info.compress_size, info.file_size)
    if offset is None:
        return layout.pack(_LOCAL_SIGNATURE, needs, *common, len(name), 0)
    return layout.pack(
        _CENTRAL_SIGNATURE, info.create_version, info.create_system, needs, 0, *common,
        len(name), 0, len(info.comment), 0, info.internal_attr, info.external_attr, offset,
    )  # fmt: skip


def _name(info: zipfile.ZipInfo) -> tuple[bytes, int]:
    """An entry's name as bytes, with the flag saying they are UTF-8 (ASCII needs none)."""
    try:
        return info.filename.encode("ascii"), 0
    except UnicodeEncodeError:
        return info.filename.encode("utf-8"), _UTF8_NAME


def _checked_offset(offset: int) -> int:
    if offset >= _ZIP32_LIMIT:
        raise OverflowError("a workbook larger than 4 GiB is beyond what the tool writes")
    return offset
