"""Reading reference files safely: size limits, encodings, and errors a person can act on."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wellboard.core.errors import InvalidInput
from wellboard.geography import codes
from wellboard.geography.selectors import codes_within

MAX_BYTES = 400 * 1024 * 1024
MAX_ROWS = 3_000_000
FIRST_DATA_ROW = 2  # row numbers count the header as row 1, as a spreadsheet does

_SMALL_WORDS = frozenset({"and", "of", "the", "upon", "on", "in", "with", "by", "under", "le", "de"})


def check_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Path:
    file = Path(path).expanduser()
    if not file.exists():
        raise InvalidInput(f"There is no file at {file}")
    if not file.is_file():
        raise InvalidInput(f"{file} is a folder, not a file")
    size = file.stat().st_size
    if size == 0:
        raise InvalidInput(f"{file.name} is empty")
    if size > max_bytes:
        raise InvalidInput(f"{file.name} is {size // 1_000_000} MB; the limit is {max_bytes // 1_000_000} MB")
    return file


def _decode(raw: bytes, name: str) -> str:
    if raw[:4] == b"PK\x03\x04":
        raise InvalidInput(f"{name} is a ZIP or XLSX file, not CSV: save or extract it as CSV first")
    if b"\x00" in raw[:4096]:
        raise InvalidInput(f"{name} is not a text file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


@dataclass
class CsvTable:
    """A CSV file read whole: its header (trimmed) and data rows (each padded to the header)."""

    name: str
    header: list[str]
    rows: list[list[str]]

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
        for offset, row in enumerate(self.rows):
            yield offset + FIRST_DATA_ROW, row


def read_csv(path: str | Path, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> CsvTable:
    file = check_path(path, max_bytes=max_bytes)
    text = _decode(file.read_bytes(), file.name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except StopIteration:
        raise InvalidInput(f"{file.name} is empty") from None
    except csv.Error as exc:
        raise InvalidInput(f"{file.name} is not a readable CSV file ({exc})") from exc
    if len(header) < 2:
        raise InvalidInput(f"{file.name} has only one column: is it a CSV file with commas between columns?")
    rows: list[list[str]] = []
    width = len(header)
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) >= max_rows:
                raise InvalidInput(f"{file.name} has more than {max_rows:,} rows")
            rows.append(row + [""] * (width - len(row)) if len(row) < width else row)
    except csv.Error as exc:
        raise InvalidInput(
            f"{file.name} is not a readable CSV file: {exc} (near row {len(rows) + 2})"
        ) from exc
    return CsvTable(name=file.name, header=header, rows=rows)


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
