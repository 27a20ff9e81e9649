"""Reading a file for an import: one decoder, one CSV reader and the same limits for every importer.

Uploads and local files are hostile until proved otherwise. The decoder accepts UTF-8 (with or
without a byte-order mark) and falls back to Windows-1252, which is what Excel writes when someone
chooses plain "CSV"; it refuses workbooks, ZIP archives and binary files with a message that says
what to do. The CSV reader enforces the limits while it reads: a file with too many rows is refused
before any row reaches the importer, and a cell longer than the limit stops reading at that row.
Nothing here raises anything but ``UploadRejected``, so a bad file is always a clear message.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wellboard.core.spreadsheets import MAX_UNCOMPRESSED_BYTES, UploadRejected

# The csv module's own ceiling on a cell; a larger ``max_field`` would never be reached.
CSV_FIELD_CEILING = 131_072
_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_BINARY_PROBE = 4096
_WINDOWS_1252_ERRORS = "wellboard-windows-1252"


def _undefined_windows_1252(error: UnicodeError) -> tuple[str, int]:
    # Five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) have no character in Python's cp1252 codec; Windows
    # and browsers map them to the control characters with the same numbers, as Latin-1 does.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error(_WINDOWS_1252_ERRORS, _undefined_windows_1252)


@dataclass(frozen=True)
class Limits:
    """How much of a file an importer will read. ``max_uncompressed`` applies to workbooks."""

    max_bytes: int
    max_rows: int
    max_field: int = CSV_FIELD_CEILING  # characters in one CSV cell; at most CSV_FIELD_CEILING
    max_uncompressed: int = MAX_UNCOMPRESSED_BYTES


def size_text(size: int) -> str:
    """A size as people read it: '20 MB', '900 KB', '100 bytes'."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.0f} MB"
    if size >= 1024:
        return f"{size // 1024:,} KB"
    return f"{size:,} bytes"


def check_path(path: str | Path, *, max_bytes: int) -> Path:
    """The file at ``path``, if it is a readable, non-empty file within the limit."""
    file = Path(path).expanduser()
    if not file.exists():
        raise UploadRejected(f"There is no file at {file}")
    if not file.is_file():
        raise UploadRejected(f"{file} is a folder, not a file")
    size = file.stat().st_size
    if size == 0:
        raise UploadRejected(f"{file.name} is empty")
    if size > max_bytes:
        raise UploadRejected(f"{file.name} is {size_text(size)}; the limit is {size_text(max_bytes)}")
    return file


def read_file(path: str | Path, *, max_bytes: int) -> bytes:
    """The bytes of a local file for the command line, refused over ``max_bytes``."""
    file = check_path(path, max_bytes=max_bytes)
    with file.open("rb") as stream:
        data = stream.read(max_bytes + 1)  # the file may have grown since it was measured
    if len(data) > max_bytes:
        raise UploadRejected(f"{file.name} is larger than {size_text(max_bytes)}; it was refused")
    return data


def decode_text(data: bytes, *, name: str = "The file", fallback: bool = True) -> str:
    """Text from a CSV file's bytes: UTF-8 (a byte-order mark is dropped), else Windows-1252.

    ``fallback=False`` is for sources that only ever publish UTF-8: a file that is not UTF-8 was
    damaged or re-saved on the way, and guessing would put wrong characters into names.
    """
    if data.startswith(_WORKBOOK_SIGNATURES):
        raise UploadRejected(
            f"{name} is an Excel workbook or a ZIP archive, not a CSV file: "
            "save it as CSV (comma separated) and use that"
        )
    if b"\x00" in data[:_BINARY_PROBE]:
        raise UploadRejected(f"{name} is not a text file, so it cannot be a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not fallback:
            raise UploadRejected(
                f"{name} is not UTF-8 text (byte {exc.start + 1:,} cannot be read); "
                "save or download it again as CSV UTF-8"
            ) from exc
    return data.decode("cp1252", errors=_WINDOWS_1252_ERRORS)


class CsvFile:
    """A CSV file's header and its records, read under ``limits``.

    Records are numbered as a spreadsheet numbers rows (the header is row 1; a blank line is a row).
    The row limit is checked before the first record is handed over: when the file has more lines
    than the limit allows, it is counted first, and counting stops at the first record over the
    limit. Iterating raises ``UploadRejected`` at a cell over ``limits.max_field`` or at a line the
    csv module cannot read, naming the row; callers that must not start work on a file that later
    proves unreadable read it whole first (``list(csv_file)``).
    """

    def __init__(self, text: str, *, limits: Limits, name: str = "The file", strict: bool = False) -> None:
        self.name = name
        self.limits = limits
        self._text = text
        self._strict = strict
        if not text.strip():
            raise UploadRejected(f"{name} is empty")
        records = self._records()
        header = next(records, None)
        if header is None:
            raise UploadRejected(f"{name} is empty")
        self.header: list[str] = header[1]
        if text.count("\n") + text.count("\r") >= limits.max_rows + 1:
            self._count_rows()

    @classmethod
    def from_bytes(
        cls,
        data: bytes,
        *,
        limits: Limits,
        name: str = "The file",
        fallback: bool = True,
        strict: bool = False,
    ) -> CsvFile:
        if len(data) > limits.max_bytes:
            raise UploadRejected(f"{name} is larger than {size_text(limits.max_bytes)}; it was refused")
        return cls(decode_text(data, name=name, fallback=fallback), limits=limits, name=name, strict=strict)

    def _count_rows(self) -> None:
        for number, _record in self._records():
            if number - 1 > self.limits.max_rows:
                raise self._too_many_rows()

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self._text, newline=""), strict=self._strict)
        number = 0
        # Below the csv module's own ceiling the length of each cell is checked here.
        check_cells = self.limits.max_field < csv.field_size_limit()
        try:
            for number, record in enumerate(reader, start=1):
                if check_cells and record and max(map(len, record)) > self.limits.max_field:
                    raise self._too_long(number)
                yield number, record
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise self._too_long(number + 1) from exc
            raise UploadRejected(
                f"{self.name} is not a readable CSV file (near line {reader.line_num}): {exc}"
            ) from exc

    def _too_many_rows(self) -> UploadRejected:
        return UploadRejected(f"{self.name} has more than {self.limits.max_rows:,} rows; it was refused")

    def _too_long(self, number: int) -> UploadRejected:
        longest = min(self.limits.max_field, csv.field_size_limit())
        return UploadRejected(
            f"a cell is longer than {longest:,} characters, so the file was refused", row=number
        )

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every record after the header, blank lines included."""
        records = self._records()
        next(records, None)
        for number, record in records:
            if number - 1 > self.limits.max_rows:
                raise self._too_many_rows()
            yield number, record
