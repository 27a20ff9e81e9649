"""Importing observations from a CSV file of any length: many indicators at once, a chunk at a time.

One row per figure, with a header row naming these columns in any order (only the first three are
required; a column left out keeps its default, and a blank cell is the same as a missing one)::

    indicator,area_code,period,sex,age,count,denominator,value,lower95,upper95
    smoking-prevalence,E07000243,2021/22,Persons,18+ yrs,270,1000,,,
    falls-65,E07000243,2021/22,Female,65+ yrs,,,2130.5,1980.2,2290.1

``indicator`` is the indicator's slug (or its id); the other columns are the fields of an
observation (``ObservationInput``): ``category_type``, ``category``, ``count``, ``denominator``,
``value``, ``lower95``, ``upper95``, ``lower998``, ``upper998``, ``status``, ``note``,
``published_vs_england``, ``published_vs_region``, ``published_trend``.

The file is read as a stream (``core.importing.streaming``: workbooks, binary files and files over
the limits are refused) and handed to ``observations_import_chunks`` ``CHUNK`` rows at a time, so
memory is bounded by the chunk, not the file. Every row is checked; if any is rejected nothing is
saved, otherwise everything is saved in one transaction. Re-importing the same file changes
nothing. The report counts what would be created, updated and left unchanged, and keeps the
first rejections with their rows and reasons.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Iterator
from typing import IO

import numpy as np
import pandas as pd

from wellboard.core.access import Actor
from wellboard.core.importing import Limits, UploadRejected
from wellboard.core.importing.streaming import CsvStream, TallyReport, header_columns
from wellboard.indicators.policy import IMPORT_INDICATOR_DATA
from wellboard.indicators.services import observations_import_chunks
from wellboard.indicators.services._observation_table import INPUT_COLUMNS

COLUMNS = ("indicator", *(c for c in INPUT_COLUMNS if c != "row"))
REQUIRED = ("indicator", "area_code", "period")
# A national file: 200 indicators x 10 years x 33,755 LSOAs is under 70 million cells, but a
# command-line import of a few million rows at once is the size this is meant for.
MAX_FILE_BYTES = 1024 * 1024 * 1024
MAX_FILE_ROWS = 5_000_000
FILE_LIMITS = Limits(max_bytes=MAX_FILE_BYTES, max_rows=MAX_FILE_ROWS, max_field=1_000)
CHUNK = 50_000


def _headers(report: TallyReport, header: list[str]) -> dict[str, int] | None:
    return header_columns(
        report, header, columns=tuple(COLUMNS), required=tuple(REQUIRED), what="an observations file"
    )


def _chunks(records: CsvStream, columns: dict[str, int]) -> Iterator[pd.DataFrame]:
    """The file's rows as tables of ``CHUNK`` rows (blank lines skipped), numbered as in the file."""
    names = list(columns)
    positions = [columns[name] for name in names]
    width = max(positions) + 1
    numbers: list[int] = []
    rows: list[list[str]] = []
    for number, cells in records:
        if not any(cells) or not "".join(cells).strip():
            continue
        numbers.append(number)
        rows.append(cells + [""] * (width - len(cells)) if len(cells) < width else cells)
        if len(rows) == CHUNK:
            yield _table(rows, numbers, names, positions)
            rows, numbers = [], []
    if rows:
        yield _table(rows, numbers, names, positions)


_DONE = object()


def _read_ahead(chunks: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """``chunks``, with the next one read in a thread while the caller saves the current one.

    Saving a chunk mostly waits for the database (which runs on another core, and the driver lets
    Python go on meanwhile), so reading and parsing the file in that time shortens a large import
    by a good part of its reading. At most one chunk waits, so memory grows by one chunk. A problem
    reading the file (``UploadRejected``) is raised to the caller as it would be without the thread.
    """
    waiting: queue.Queue[object] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def produce() -> None:
        try:
            for chunk in chunks:
                while not stop.is_set():
                    try:
                        waiting.put(chunk, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            item: object = _DONE
        except BaseException as exc:  # handed to the caller, which raises it
            item = exc
        while not stop.is_set():
            try:
                waiting.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    reader = threading.Thread(target=produce, name="observations-file-reader", daemon=True)
    reader.start()
    try:
        while True:
            item = waiting.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        reader.join()


def _table(rows: list[list[str]], numbers: list[int], names: list[str], positions: list[int]) -> pd.DataFrame:
    """A chunk's cells as a table, a column at a time. A blank cell is a missing one: the field
    keeps its default, so a file never blanks a figure. Texts are tidied by the service's checks."""
    by_column = list(zip(*rows, strict=False))
    table: dict[str, np.ndarray] = {}
    for name, position in zip(names, positions, strict=True):
        column = np.array(by_column[position], dtype=object)
        column[column == ""] = None
        table[name] = column
    table["row"] = np.array(numbers, dtype=np.int64)
    return pd.DataFrame(table)


def observations_file_import(
    *,
    by: Actor,
    data: bytes | IO[bytes],
    filename: str = "",
    dry_run: bool = True,
    source: str = "",
    limits: Limits | None = None,
) -> TallyReport:
    """Check (and unless ``dry_run``, save) every observation in a CSV file: its bytes, or a binary
    stream such as an open file. ``source`` is what the observations record as their source (the
    file's name unless given); ``limits`` defaults to ``FILE_LIMITS``."""
    IMPORT_INDICATOR_DATA.require(by)
    limits = limits or FILE_LIMITS
    report = TallyReport(source=filename, dry_run=dry_run)
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        records = CsvStream(stream, limits=limits, name=filename or "The file")
    except UploadRejected as exc:
        report.reject(exc.reason, row=exc.row)
        return report
    columns = _headers(report, records.header)
    if columns is None:
        return report
    try:
        observations_import_chunks(
            by=by,
            chunks=_read_ahead(_chunks(records, columns)),
            source=source or filename or "file",
            dry_run=dry_run,
            report=report,
        )
    except UploadRejected as exc:
        # Refused part way through (the transaction rolled back): the one problem worth reading.
        report.rejections.clear()
        report.rejected = 0
        report.tallies.clear()
        report.changes.clear()
        report.reject(exc.reason, row=exc.row)
        report.applied = False
    return report
