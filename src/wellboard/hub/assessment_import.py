"""Importing participants' wellbeing assessments from a CSV file, through the one import pipeline.

One row per assessment, with a header row naming the columns in any order: ``date``, ``client_id``,
``instrument`` (ons4 or swemwbs), ``stage`` (before or after), then the instrument's questions::

    date,client_id,instrument,stage,life_satisfaction,worthwhile,happiness,anxiety
    2026-04-14,SA-0042,ons4,before,5,6,5,6
    2026-07-21,SA-0042,ons4,after,7,7,7,3

A file may hold both instruments: give every question column of both, and leave the other
instrument's columns empty on each row. ONS4 questions: life_satisfaction, worthwhile, happiness,
anxiety (0 to 10). SWEMWBS: optimistic, useful, relaxed, problems, thinking, close, decide (1 to 5).

Every row is checked through the same ``assessment_record`` service the other channels use. An
assessment already recorded with the same date and answers is left unchanged, so importing a file
again changes nothing; one recorded with different figures is rejected (correct it instead). If any
row is rejected nothing is saved; otherwise everything is saved in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import CsvFile, ImportReport, Limits, UploadRejected
from wellboard.core.importing.streaming import header_columns
from wellboard.hub.calculations.assessments import ITEMS
from wellboard.hub.codes import client_key, parse_date
from wellboard.hub.models import Hub, Instrument
from wellboard.hub.selectors import pseudonym_key
from wellboard.hub.services.assessments import (
    assessment_existing,
    assessment_record,
    assessment_recorder_check,
    programme_of,
)
from wellboard.strategy.models import Initiative

REQUIRED = ("date", "client_id", "instrument", "stage")
QUESTIONS = tuple(item for items in ITEMS.values() for item in items)
COLUMNS = REQUIRED + QUESTIONS
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 20_000
CSV_LIMITS = Limits(max_bytes=MAX_CSV_BYTES, max_rows=MAX_CSV_ROWS, max_field=200)
KIND = "assessment"


def _headers(report: ImportReport, header: list[str]) -> dict[str, int] | None:
    return header_columns(
        report,
        header,
        columns=tuple(COLUMNS),
        required=tuple(REQUIRED),
        what="an assessments file",
        refused={
            "client_key": "this file holds client keys, not your own identifiers: "
            "import a file with a client_id column"
        },
    )


def assessments_import(
    *,
    by: Actor,
    hub: Hub | None = None,
    initiative: Initiative | None = None,
    data: bytes,
    filename: str = "",
    dry_run: bool = True,
) -> ImportReport:
    """Check (and unless ``dry_run``, record) every assessment in a CSV file."""
    key = pseudonym_key()
    programme = programme_of(hub=hub, initiative=initiative)
    assessment_recorder_check(actor=by, programme=programme)
    report = ImportReport(source=filename, dry_run=dry_run)
    try:
        records = CsvFile.from_bytes(data, limits=CSV_LIMITS, name=filename or "The file")
        rows = list(records)
    except UploadRejected as exc:
        report.reject(exc.reason, row=exc.row)
        return report
    columns = _headers(report, records.header)
    if columns is None:
        return report
    seen: dict[tuple[str, str, str], int] = {}
    with transaction.atomic():
        for number, cells in rows:
            row = {
                name: cells[index].strip() if index < len(cells) else "" for name, index in columns.items()
            }
            if not any(row.values()):
                continue
            report.rows_read += 1
            _import_row(by, programme.hub, programme.initiative, key, seen, report, number, row)
        if not report.ok or dry_run:
            transaction.set_rollback(True)
    report.applied = report.ok and not dry_run
    return report


def _import_row(  # noqa: PLR0917 (one row, with what every row shares)
    by: Actor,
    hub: Hub | None,
    initiative: Initiative | None,
    key: bytes,
    seen: dict[tuple[str, str, str], int],
    report: ImportReport,
    number: int,
    row: dict[str, str],
) -> None:
    instrument = row["instrument"].lower()
    stage = row["stage"].lower()
    questions = ITEMS.get(instrument, ())
    others = [q for q in QUESTIONS if q not in questions and row.get(q)]
    if instrument in Instrument.values and others:
        report.reject(
            f"{', '.join(others)} {'is' if len(others) == 1 else 'are'} not a question of "
            f"{Instrument(instrument).label}: leave {'it' if len(others) == 1 else 'them'} empty",
            row=number,
        )
        return
    day = parse_date(row["date"])
    if day is None:
        report.reject(
            f"'{row['date']}' is not a date like 2026-03-31 or 31/03/2026", row=number, column="date"
        )
        return
    answers: dict[str, Any] = {q: row.get(q, "") for q in questions}
    programme = programme_of(hub=hub, initiative=initiative)
    if row["client_id"] and instrument in Instrument.values:
        person = client_key(row["client_id"], key)
        identity = (person, instrument, stage)
        if identity in seen:
            report.reject(
                f"the same person's {stage} {instrument} assessment is already on row {seen[identity]}",
                row=number,
            )
            return
        seen[identity] = number
        existing = assessment_existing(programme, person, instrument, stage)
        if existing is not None:
            same = existing.date == day and all(
                str(existing.answers.get(q)) == str(answers[q]).strip() for q in questions
            )
            if same:
                report.record(KIND, f"row {number}", "unchanged", row=number)
            else:
                report.reject(
                    "this person's assessment is already recorded with a different date or answers: "
                    "correct it instead",
                    row=number,
                )
            return
    try:
        with transaction.atomic():
            assessment_record(
                by=by,
                hub=hub,
                initiative=initiative,
                date=day,
                client_id=row["client_id"],
                instrument=instrument,
                stage=stage,
                answers=answers,
            )
    except InvalidInput as exc:
        for field, messages in exc.errors.items():
            column = field if field in COLUMNS else ""
            for message in messages:
                report.reject(message, row=number, column=column)
        return
    report.record(KIND, f"row {number}", "create", row=number)
