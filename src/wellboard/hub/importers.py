"""Importing a hub's contacts from a CSV file, through the project's one import pipeline.

One row per visit, with a header row naming these columns in any order::

    date,client_id,sex,age,lsoa,route,needs,exercise_reason,partner_organisation,referred_to
    2026-11-02,HH-0042,female,52,E01023720,walk-in,mental-health;loneliness,,,
    03/11/2026,HH-0107,male,,,exercise-referral,physical-activity,cardiac,,

``date`` is YYYY-MM-DD or DD/MM/YYYY; ``age`` is whole years, or give ``age_band`` instead;
``needs`` is a semicolon list of codes; ``partner_organisation`` names an organisation that works at
the hub (for a partner appointment). ``referred_to`` is recognised but must be empty: referrals come
with the service directory.

Every row is checked through the same ``contact_record`` service the web form uses. A visit already
recorded (same hub, date, person, route and partner) is left unchanged, so importing a file again
changes nothing. If any row is rejected nothing is saved; otherwise everything is saved in one
transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import CsvFile, ImportReport, Limits, UploadRejected
from wellboard.hub.codes import client_key, parse_date
from wellboard.hub.models import Hub, HubPartner
from wellboard.hub.selectors import contact_hub_check, pseudonym_key
from wellboard.hub.services import contact_record
from wellboard.hub.services.contacts import contact_identity

REQUIRED = ("date", "client_id", "sex", "route")
OPTIONAL = ("age", "age_band", "lsoa", "needs", "exercise_reason", "partner_organisation", "referred_to")
COLUMNS = REQUIRED + OPTIONAL
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 20_000
CSV_LIMITS = Limits(max_bytes=MAX_CSV_BYTES, max_rows=MAX_CSV_ROWS, max_field=1_000)
REFERRALS_LATER = "referrals come with the service directory: leave referred_to empty"
# Which column a service's reason belongs to.
COLUMN_OF = {"age_band": "age", "partner": "partner_organisation", "site": "", "": ""}
KIND = "contact"


def _headers(report: ImportReport, header: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if not name:
            continue
        if name == "client_key":
            report.reject(
                "this file holds client keys (an export), not the hub's own identifiers: "
                "import a file with a client_id column",
                row=1,
                column=name,
            )
        elif name not in COLUMNS:
            report.reject(
                f"not a column of a contacts file (the columns are: {', '.join(COLUMNS)})",
                row=1,
                column=raw.strip(),
            )
        elif name in columns:
            report.reject("this column is given twice", row=1, column=name)
        else:
            columns[name] = index
    for name in REQUIRED:
        if name not in columns:
            report.reject("this required column is missing", row=1, column=name)
    if "age" not in columns and "age_band" not in columns:
        report.reject("give the person's age in an age column, or an age_band column", row=1, column="age")
    return columns if report.ok else None


def _partners(hub: Hub) -> dict[str, HubPartner]:
    """The hub's partners by every name a file may use for them, in lower case."""
    found: dict[str, HubPartner] = {}
    for partner in hub.partners.select_related("organisation"):
        if partner.organisation is not None:
            found[partner.organisation.slug.lower()] = partner
            found[partner.organisation.name.lower()] = partner
        else:
            found[partner.name.lower()] = partner
    return found


def contacts_import(
    *, by: Actor, hub: Hub, data: bytes, filename: str = "", dry_run: bool = True
) -> ImportReport:
    """Check (and unless ``dry_run``, record) every visit in a CSV file."""
    key = pseudonym_key()
    contact_hub_check(actor=by, hub=hub)
    report = ImportReport(source=filename, dry_run=dry_run)
    try:
        records = CsvFile.from_bytes(data, limits=CSV_LIMITS, name=filename or "The file")
        rows = list(records)  # read to the end first: a file too long or unreadable is refused at once
    except UploadRejected as exc:
        report.reject(exc.reason, row=exc.row)
        return report
    columns = _headers(report, records.header)
    if columns is None:
        return report
    partners = _partners(hub)
    seen: dict[tuple[dt.date, str, str, int | None], int] = {}
    with transaction.atomic():
        for number, cells in rows:
            row = {
                name: cells[index].strip() if index < len(cells) else "" for name, index in columns.items()
            }
            if not any(row.values()):
                continue
            report.rows_read += 1
            _import_row(by, hub, key, partners, seen, report, number, row)
        if not report.ok or dry_run:
            transaction.set_rollback(True)
    report.applied = report.ok and not dry_run
    return report


def _import_row(  # noqa: PLR0917 (one row, with what every row shares)
    by: Actor,
    hub: Hub,
    key: bytes,
    partners: dict[str, HubPartner],
    seen: dict[tuple[dt.date, str, str, int | None], int],
    report: ImportReport,
    number: int,
    row: dict[str, str],
) -> None:
    problems = len(report.rejections)
    if row.get("referred_to"):
        report.reject(REFERRALS_LATER, row=number, column="referred_to")
    day = parse_date(row["date"])
    if day is None:
        report.reject(
            f"'{row['date']}' is not a date like 2026-03-31 or 31/03/2026", row=number, column="date"
        )
    partner: HubPartner | None = None
    partner_text = row.get("partner_organisation", "")
    if partner_text:
        partner = partners.get(partner_text.lower())
        if partner is None:
            known = ", ".join(sorted({str(p) for p in partners.values()})) or "none recorded yet"
            report.reject(
                f"'{partner_text}' does not work at {hub.name} (its partners: {known})",
                row=number,
                column="partner_organisation",
            )
    if not row["client_id"]:
        report.reject("enter the hub's identifier for the person", row=number, column="client_id")
    if len(report.rejections) > problems or day is None:
        return
    person = client_key(row["client_id"], key)
    route = row["route"].lower()
    identity = (day, person, route, partner.pk if partner else None)
    if identity in seen:
        report.reject(f"the same visit as row {seen[identity]}", row=number)
        return
    seen[identity] = number
    where = f"row {number}"
    if contact_identity(hub, day, person, route, partner).exists():
        report.record(KIND, where, "unchanged", row=number)
        return
    try:
        with transaction.atomic():
            contact_record(
                by=by,
                hub=hub,
                date=day,
                client_id=row["client_id"],
                sex=row["sex"].lower(),
                route=route,
                age=row.get("age") or None,
                age_band=row.get("age_band", ""),
                lsoa=row.get("lsoa", ""),
                needs=row.get("needs", ""),
                exercise_reason=row.get("exercise_reason", "").lower(),
                partner=partner,
            )
    except InvalidInput as exc:
        for field, messages in exc.errors.items():
            column = COLUMN_OF.get(field, field)
            if column == "age" and "age" not in row:
                column = "age_band"
            for message in messages:
                report.reject(message, row=number, column=column)
        return
    report.record(KIND, where, "create", row=number)
