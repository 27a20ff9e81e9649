"""Importing a hub's contacts from a CSV file, through the project's one import pipeline.

One row per visit, with a header row naming these columns in any order::

    date,client_id,sex,age,lsoa,route,needs,exercise_reason,partner_organisation,referred_to
    2026-11-02,HH-0042,female,52,E01023720,walk-in,mental-health;loneliness,,,carers-drop-in
    03/11/2026,HH-0107,male,,,exercise-referral,physical-activity,cardiac,,

``date`` is YYYY-MM-DD or DD/MM/YYYY; ``age`` is whole years, or give ``age_band`` instead;
``lsoa`` is an English LSOA's code (E01…); ``needs`` is a semicolon list of codes;
``partner_organisation`` names the organisation a partner appointment was with (one not yet working
at the hub is added to its partners, and the report says so); ``referred_to`` is a semicolon list of
the partnership's directory services, each by its short name or its Open Referral id, to which the
person was referred. An optional ``site`` column names the hub's site (by name, or the name as a
short name); without it a visit is at the hub's only site, or at no site in particular when the hub
has several. ``client_id`` is the hub's own reference for the person: one that looks like an NHS
number, a postcode, a phone number, an email address or a date of birth refuses the row.

Every row is checked by the rules of the ``contact_record`` service (``services.contact_imports``
applies them to a file of any length). A visit already recorded (same hub, date, person, route and
partner) is left unchanged, and so is a referral already recorded, so importing a file again changes
nothing. If any row is rejected nothing is saved; otherwise everything is saved in one transaction.

The file is read as a stream, a row at a time: a page's upload is held to ``CSV_LIMITS`` (5 MB), a
file on the command line to ``FILE_LIMITS`` (a million visits and more). The report counts what
would be created and left unchanged and keeps the first rejections with their rows and reasons.
"""

from __future__ import annotations

import io
from typing import IO

from wellboard.core.access import Actor
from wellboard.core.importing import Limits, UploadRejected
from wellboard.core.importing.streaming import CsvStream, TallyReport, header_columns
from wellboard.hub.models import Hub
from wellboard.hub.services.contact_imports import FIELDS, ContactImport, contact_import

REQUIRED = ("date", "client_id", "sex", "route")
OPTIONAL = (
    "age",
    "age_band",
    "lsoa",
    "needs",
    "exercise_reason",
    "partner_organisation",
    "referred_to",
    "site",
)
COLUMNS = REQUIRED + OPTIONAL
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 20_000
CSV_LIMITS = Limits(max_bytes=MAX_CSV_BYTES, max_rows=MAX_CSV_ROWS, max_field=1_000)
# A file on the command line: a large hub's years of visits at once.
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_FILE_ROWS = 5_000_000
FILE_LIMITS = Limits(max_bytes=MAX_FILE_BYTES, max_rows=MAX_FILE_ROWS, max_field=1_000)
# Which column a reason belongs to.
COLUMN_OF = {"partner": "partner_organisation", "site": "site", "": ""}
KIND = "contact"
REFERRAL_KIND = "referral"
PARTNER_KIND = "hub partner"


def _headers(report: TallyReport, header: list[str]) -> dict[str, int] | None:
    columns = header_columns(
        report,
        header,
        columns=tuple(COLUMNS),
        required=tuple(REQUIRED),
        what="a contacts file",
        refused={
            "client_key": "this file holds client keys (an export), not the hub's own identifiers: "
            "import a file with a client_id column"
        },
    )
    if not {"age", "age_band"} & {name.strip().lower() for name in header}:
        report.reject("give the person's age in an age column, or an age_band column", row=1, column="age")
    return columns if report.ok else None


def contacts_import(
    *,
    by: Actor,
    hub: Hub,
    data: bytes | IO[bytes],
    filename: str = "",
    dry_run: bool = True,
    limits: Limits | None = None,
) -> TallyReport:
    """Check (and unless ``dry_run``, record) every visit in a CSV file: its bytes, or a binary
    stream such as an open file. ``limits`` defaults to ``CSV_LIMITS``, an upload's."""
    limits = limits or CSV_LIMITS
    report = TallyReport(source=filename, dry_run=dry_run)
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    with contact_import(by=by, hub=hub, source=filename, dry_run=dry_run) as run:
        try:
            records = CsvStream(stream, limits=limits, name=filename or "The file")
        except UploadRejected as exc:
            report.reject(exc.reason, row=exc.row)
            run.refused = True
            return report
        columns = _headers(report, records.header)
        if columns is None:
            run.refused = True
            return report
        positions = [columns.get(name, -1) for name in FIELDS]
        has_age = "age" in columns
        add = run.add
        try:
            for number, cells in records:
                size = len(cells)
                row = [cells[i].strip() if 0 <= i < size else "" for i in positions]
                if not any(row):
                    continue
                report.rows_read += 1
                for field_name, message in add(number, row):
                    column = COLUMN_OF.get(field_name, field_name)
                    if field_name == "age_band" and has_age:
                        column = "age"
                    report.reject(message, row=number, column=column)
        except UploadRejected as exc:
            # The file was refused part way through: it is the one problem worth reading about.
            report.rejections.clear()
            report.rejected = 0
            report.reject(exc.reason, row=exc.row)
            run.refused = True
            return report
        run.finish()
        for number, first in run.repeated:
            report.reject(f"the same visit as row {first}", row=number)
        report.tally(KIND, "create", run.created)
        report.tally(KIND, "unchanged", run.unchanged)
        if run.referrals_created or run.referrals_unchanged:
            report.tally(REFERRAL_KIND, "create", run.referrals_created)
            report.tally(REFERRAL_KIND, "unchanged", run.referrals_unchanged)
        _report_partners(report, run, dry_run=dry_run)
    report.applied = report.ok and not dry_run
    return report


def _report_partners(report: TallyReport, run: ContactImport, *, dry_run: bool) -> None:
    """The organisations the file names that do not work at the hub yet: each becomes one of its
    partners, which the report counts and names in a note each."""
    if not run.partners_added:
        return
    report.tally(PARTNER_KIND, "create", len(run.partners_added))
    for added in run.partners_added:
        where = "a member of the partnership" if added.member else "not a member of the partnership"
        verb = "would be added" if not report.ok else ("will be added" if dry_run else "was added")
        report.notes.append(
            f"{added.name} ({where}, first named on row {added.row}) {verb} to {run.hub.name}'s partner "
            "organisations"
        )
