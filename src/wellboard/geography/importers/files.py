"""Reading reference files safely (through the import pipeline): size limits, encodings, and errors a
person can act on."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wellboard.core import importing
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import CsvFile, Limits, UploadRejected
from wellboard.core.numbers import NOT_ASCII_DIGITS, NotANumber, number_text
from wellboard.geography import codes
from wellboard.geography.selectors import codes_within

MAX_BYTES = 400 * 1024 * 1024
MAX_ROWS = 3_000_000
FIRST_DATA_ROW = 2  # row numbers count the header as row 1, as a spreadsheet does

_SMALL_WORDS = frozenset({"and", "of", "the", "upon", "on", "in", "with", "by", "under", "le", "de"})


def check_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Path:
    try:
        return importing.check_path(path, max_bytes=max_bytes)
    except UploadRejected as exc:
        raise InvalidInput(str(exc)) from exc


@dataclass
class CsvTable:
    """A CSV file read whole: its header (trimmed) and data rows (each padded to the header)."""

    name: str
    header: list[str]
    rows: list[list[str]]
    numbers: list[int] = field(default_factory=list)  # each row's number; the header is row 1

    def find(self, *candidates: str, pattern: str | None = None) -> int | None:
        """The index of the first column named like one of ``candidates`` (any case), or matching
        ``pattern`` (a regular expression on the lower-case name)."""
        lowered = [h.strip().lower() for h in self.header]
        for candidate in candidates:
            if candidate.lower() in lowered:
                return lowered.index(candidate.lower())
        if pattern is not None:
            regex = re.compile(pattern)
            for i, h in enumerate(lowered):
                if regex.search(h):
                    return i
        return None

    def numbered(self) -> Iterable[tuple[int, list[str]]]:
        if len(self.numbers) == len(self.rows):
            yield from zip(self.numbers, self.rows, strict=True)
            return
        for offset, row in enumerate(self.rows):
            yield offset + FIRST_DATA_ROW, row


def read_csv(path: str | Path, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> CsvTable:
    """A reference CSV file through the import pipeline's reader: UTF-8 or Windows-1252, limits
    checked while reading, every problem a message naming the file."""
    limits = Limits(max_bytes=max_bytes, max_rows=max_rows)
    name = Path(path).expanduser().name
    try:
        records = CsvFile.from_bytes(importing.read_file(path, max_bytes=max_bytes), limits=limits, name=name)
        header = [h.strip() for h in records.header]
        if len(header) < 2:
            raise InvalidInput(f"{name} has only one column: is it a CSV file with commas between columns?")
        rows: list[list[str]] = []
        numbers: list[int] = []
        width = len(header)
        for number, row in records:
            if not any(cell.strip() for cell in row):
                continue
            rows.append(row + [""] * (width - len(row)) if len(row) < width else row)
            numbers.append(number)
    except UploadRejected as exc:
        where = f"{name}, row {exc.row}: " if exc.row is not None else ""
        raise InvalidInput(where + exc.reason) from exc
    return CsvTable(name=name, header=header, rows=rows, numbers=numbers)


def tidy_name(name: str) -> str:
    """Collapse spaces; turn SHOUTED names ("EAST OF ENGLAND") into ordinary ones."""
    name = " ".join((name or "").split())
    if not name or not name.isupper():
        return name
    words = name.lower().split(" ")
    return " ".join(w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def parse_count(text: str) -> int:
    """A non-negative whole number, allowing thousands separators ("1,296")."""
    cleaned = (text or "").strip().replace(",", "").replace(" ", "")
    if not cleaned:
        raise ValueError("is empty")
    try:
        number_text(cleaned)
    except NotANumber as exc:
        if exc.reason == NOT_ASCII_DIGITS:
            raise ValueError(f"'{text}' is not a whole number written with the digits 0 to 9") from None
        raise ValueError(f"'{text}' is not a whole number") from None
    if not cleaned.isdigit():
        try:
            value = float(cleaned)
        except ValueError:
            raise ValueError(f"'{text}' is not a whole number") from None
        if value != int(value) or value < 0:
            raise ValueError(f"'{text}' is not a whole number")
        return int(value)
    return int(cleaned)


def within_filter(within: Sequence[str] | None) -> set[str] | None:
    """The codes a ``--within`` option keeps (the areas and everything known to lie inside them)."""
    if not within:
        return None
    wanted = [codes.normalise_code(c) for c in within]
    bad = [c for c in wanted if not codes.is_gss_code(c)]
    if bad:
        raise InvalidInput(f"--within needs ONS codes such as E07000243, not {', '.join(bad)}")
    return codes_within(wanted)
