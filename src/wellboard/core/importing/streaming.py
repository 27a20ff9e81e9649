"""Reading a CSV file of any length a few rows at a time, and a report that counts instead of listing.

``CsvFile`` holds a whole file's text, which suits uploads of a few megabytes. A file of a million
rows is read here instead, from a binary stream (an open file, or the bytes of an upload wrapped in
``io.BytesIO``), with the same checks and messages: workbooks and binary files refused, UTF-8 (with
or without a byte-order mark) or else Windows-1252, a ceiling on bytes, rows and the length of a
cell. Only one row is held at a time; the encoding is settled by a quick first pass over the bytes
so a non-UTF-8 byte near the end cannot change how the first rows were read.

``TallyReport`` is an ``ImportReport`` whose outcomes are counted: it lists the first rows it is
told about (enough for a page or a terminal) and keeps the first rejections with their reasons, but
its counts and totals cover every row.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from wellboard.core.importing.reading import (
    _WINDOWS_1252_ERRORS,
    _WORKBOOK_SIGNATURES,
    Limits,
    size_text,
)
from wellboard.core.importing.report import ImportReport, Outcome
from wellboard.core.spreadsheets import UploadRejected

_PROBE = 4096
SHOWN = 200  # rejections printed by summary_lines
_BLOCK = 1 << 20


class _CountingReader(io.RawIOBase):
    """A binary stream that refuses to read past ``limit`` bytes."""

    def __init__(self, stream: IO[bytes], limit: int, name: str) -> None:
        self._stream = stream
        self._limit = limit
        self._name = name
        self.seen = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._stream.read(len(buffer))
        self.seen += len(data)
        if self.seen > self._limit:
            raise UploadRejected(f"{self._name} is larger than {size_text(self._limit)}; it was refused")
        buffer[: len(data)] = data
        return len(data)


def _encoding(stream: IO[bytes], *, name: str, limit: int) -> str:
    """'utf-8-sig' when the whole stream is UTF-8, else 'cp1252'; refuses workbooks, binary files,
    empty files and files over ``limit`` bytes. Leaves the stream at its start."""
    start = stream.tell()
    head = stream.read(_PROBE)
    if head.startswith(_WORKBOOK_SIGNATURES):
        raise UploadRejected(
            f"{name} is an Excel workbook or a ZIP archive, not a CSV file: "
            "save it as CSV (comma separated) and use that"
        )
    if b"\x00" in head:
        raise UploadRejected(f"{name} is not a text file, so it cannot be a CSV file")
    stream.seek(start)
    decoder = codecs.getincrementaldecoder("utf-8")()
    size = 0
    utf8 = True
    blank = True
    while block := stream.read(_BLOCK):
        size += len(block)
        if size > limit:
            raise UploadRejected(f"{name} is larger than {size_text(limit)}; it was refused")
        blank = blank and not block.strip()
        if utf8:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
    if blank:
        raise UploadRejected(f"{name} is empty")
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    stream.seek(start)
    return "utf-8-sig" if utf8 else "cp1252"


class CsvStream:
    """A CSV file's header and records, read from a binary stream under ``limits``.

    Numbered as ``CsvFile`` numbers them (the header is row 1; a blank line is a row). Iterating
    raises ``UploadRejected`` at the first record over the row limit, at a cell over
    ``limits.max_field`` and at a line the csv module cannot read, naming the row: whoever reads the
    stream works in a transaction it can roll back.
    """

    def __init__(self, stream: IO[bytes], *, limits: Limits, name: str = "The file") -> None:
        self.name = name
        self.limits = limits
        encoding = _encoding(stream, name=name, limit=limits.max_bytes)
        raw = io.BufferedReader(_CountingReader(stream, limits.max_bytes, name), buffer_size=_BLOCK)
        errors = "strict" if encoding == "utf-8-sig" else _WINDOWS_1252_ERRORS
        self._text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
        self._records = self._read()
        first = next(self._records, None)
        if first is None:
            raise UploadRejected(f"{name} is empty")
        self.header: list[str] = first[1]

    def _read(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(self._text)
        number = 0
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

    def _too_long(self, number: int) -> UploadRejected:
        longest = min(self.limits.max_field, csv.field_size_limit())
        return UploadRejected(
            f"a cell is longer than {longest:,} characters, so the file was refused", row=number
        )

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells) for every record after the header, blank lines included."""
        for number, record in self._records:
            if number - 1 > self.limits.max_rows:
                raise UploadRejected(
                    f"{self.name} has more than {self.limits.max_rows:,} rows; it was refused"
                )
            yield number, record


@dataclass
class TallyReport(ImportReport):
    """An ``ImportReport`` for files of any length: every outcome is counted, the first ``listed``
    are also listed one by one, and the first ``kept`` rejections are kept with their reasons."""

    listed: int = 1000
    kept: int = 1000
    tallies: dict[str, Counter[str]] = field(default_factory=dict)
    rejected: int = 0

    def reject(self, reason: str, *, sheet: str = "", row: int | None = None, column: str = "") -> None:
        self.rejected += 1
        if len(self.rejections) < self.kept:
            super().reject(reason, sheet=sheet, row=row, column=column)

    def record(
        self,
        kind: str,
        key: str,
        outcome: Outcome,
        *,
        fields: tuple[str, ...] | list[str] = (),
        sheet: str = "",
        row: int | None = None,
    ) -> None:
        self.tally(kind, outcome)
        if len(self.changes) < self.listed:
            super().record(kind, key, outcome, fields=fields, sheet=sheet, row=row)

    def tally(self, kind: str, outcome: Outcome, count: int = 1) -> None:
        """Count ``count`` outcomes without listing them."""
        counter = self.tallies.setdefault(kind, Counter())
        counter[outcome] += count

    def counts(self) -> dict[str, Counter[str]]:
        return {kind: Counter(counter) for kind, counter in self.tallies.items()}

    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counter in self.tallies.values():
            total.update(counter)
        total["rejected"] = self.rejected
        return total

    @property
    def changes_anything(self) -> bool:
        return any(n for c in self.tallies.values() for outcome, n in c.items() if outcome != "unchanged")

    def summary_lines(self) -> list[str]:
        head = (
            "Dry run: nothing has been changed."
            if self.dry_run
            else ("Applied." if self.applied else "Nothing was changed.")
        )
        lines = [head]
        if self.source:
            lines.append(f"File: {self.source}")
        if self.rows_read:
            lines.append(f"Rows read: {self.rows_read}")
        for kind, counter in self.counts().items():
            lines.append(
                f"  {kind}: {counter['create']} to create, {counter['update']} to update, "
                f"{counter['unchanged']} unchanged"
            )
        lines.extend(f"  note: {n}" for n in self.notes)
        if self.rejected:
            lines.append(f"Rejected: {self.rejected} problem(s); fix them and import again.")
            shown = self.rejections[:SHOWN]
            lines.extend(f"  {r}" for r in shown)
            if self.rejected > len(shown):
                lines.append(f"  … and {self.rejected - len(shown)} more")
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "rejected": self.rejected}


def header_columns(
    report: ImportReport,
    header: list[str],
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    what: str,
    refused: dict[str, str] | None = None,
) -> dict[str, int] | None:
    """Where each known column is in a CSV file's header row (names read without case or spaces),
    or None with every problem of the header in the report: a column ``what`` does not have, one
    given twice, a required one missing, or one of ``refused`` (name: why it is refused)."""
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            continue
        if refused and name in refused:
            report.reject(refused[name], row=1, column=name)
        elif name not in columns:
            report.reject(
                f"not a column of {what} (the columns are: {', '.join(columns)})", row=1, column=raw.strip()
            )
        elif name in found:
            report.reject("this column is given twice", row=1, column=name)
        else:
            found[name] = index
    for name in required:
        if name not in found:
            report.reject("this required column is missing", row=1, column=name)
    return found if report.ok else None
