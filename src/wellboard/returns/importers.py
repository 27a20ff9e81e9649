"""CSV upload of many returns at once (several organisations and periods of one collection).

One row per figure::

    organisation,period,measure,breakdown,category,value,denominator,comment
    Mind in Mid Herts,2020-06-08,calls,,,120,,
    Mind in Mid Herts,2020-06-08,calls,Sex,Female,70,,
    mind-in-mid-herts,2020-06-08/2W,visits,,,35,,

``organisation`` is a name or slug; ``period`` the period's code or its first day; ``breakdown`` and
``category`` are empty for a measure's total. ``denominator`` is only for percentages and rates;
``comment`` only on a total's row. Columns other than ``organisation``, ``period``, ``measure`` and
``value`` may be left out; a figure the file does not mention keeps its saved value.

Every row is checked, then each return goes through the same ``return_save`` service as the web form.
If any row or return is rejected nothing is saved; otherwise all returns are saved in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput, Locked, NotFound, PermissionDenied
from wellboard.core.importing import CsvFile, ImportReport, Limits, UploadRejected
from wellboard.core.periods import Period
from wellboard.partners.models import Organisation
from wellboard.partners.selectors import organisation_find
from wellboard.returns.models import Collection, Measure
from wellboard.returns.selectors import measure_list, period_get, return_organisation_get
from wellboard.returns.services import return_save
from wellboard.returns.validation import RawValue, slot_for

REQUIRED = ["organisation", "period", "measure", "value"]
OPTIONAL = ["breakdown", "category", "denominator", "comment"]
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_CSV_ROWS = 50_000
CSV_LIMITS = Limits(max_bytes=MAX_CSV_BYTES, max_rows=MAX_CSV_ROWS)


@dataclass
class _Group:
    organisation: Organisation
    period: Period
    values: dict[str, RawValue]
    rows: dict[str, int]  # field name -> CSV row


def csv_upload(
    *,
    by: Actor,
    collection: Collection,
    data: bytes,
    filename: str = "",
    dry_run: bool = True,
    submit: bool = False,
) -> ImportReport:
    """Check (and unless ``dry_run``, save) every return in a CSV file."""
    report = ImportReport(source=filename, dry_run=dry_run)
    try:
        records = CsvFile.from_bytes(data, limits=CSV_LIMITS)
        # Read to the end before checking any row: a file too long or unreadable is refused at once.
        rows = list(records)
    except UploadRejected as exc:
        report.reject(exc.reason, row=exc.row)
        return report
    headers = {h.strip().lower(): index for index, h in enumerate(records.header) if h}
    for column in REQUIRED:
        if column not in headers:
            report.reject("this required column is missing", row=1, column=column)
    if not report.ok:
        return report
    measures = {m.code: m for m in measure_list(collection=collection)}
    organisations: dict[str, Organisation | None] = {}
    groups: dict[tuple[int, str], _Group] = {}
    seen: dict[tuple[int, str, str], int] = {}
    for number, cells in rows:
        row = {key: cells[index].strip() if index < len(cells) else "" for key, index in headers.items()}
        if not any(row.values()):
            continue
        report.rows_read += 1
        org_text = row.get("organisation", "")
        if org_text not in organisations:
            organisations[org_text] = _organisation(by, collection, org_text)
        organisation = organisations[org_text]
        if organisation is None:
            report.reject(
                f"'{org_text}' is not an organisation in this collection that you can return for",
                row=number,
                column="organisation",
            )
            continue
        try:
            period = period_get(collection=collection, text=row.get("period", ""))
        except NotFound:
            report.reject(
                f"'{row.get('period', '')}' is not a period of this collection "
                f"(use its first day, like {collection.first_period.start.isoformat()})",
                row=number,
                column="period",
            )
            continue
        measure = measures.get(row.get("measure", "").lower())
        if measure is None:
            report.reject(
                f"'{row.get('measure', '')}' is not a measure of this collection "
                f"(use one of: {', '.join(measures) or 'none yet'})",
                row=number,
                column="measure",
            )
            continue
        names = _field_names(report, measure, row, number)
        if names is None:
            continue
        key = (organisation.pk, period.code)
        group = groups.setdefault(key, _Group(organisation, period, {}, {}))
        for name, column in names:
            duplicate = (organisation.pk, period.code, name)
            if duplicate in seen:
                report.reject(
                    f"this figure was already given on row {seen[duplicate]}", row=number, column=column
                )
                continue
            seen[duplicate] = number
            group.values[name] = row.get(column) or None
            group.rows[name] = number
    if report.rejections:
        return report
    with transaction.atomic():
        for group in groups.values():
            _save_group(by, collection, group, report, submit=submit, dry_run=dry_run)
        if not report.ok or dry_run:
            transaction.set_rollback(True)
    report.applied = report.ok and not dry_run
    return report


def _organisation(by: Actor, collection: Collection, text: str) -> Organisation | None:
    organisation = organisation_find(actor=by, name_or_slug=text)
    if organisation is None:
        return None
    try:
        return return_organisation_get(actor=by, collection=collection, slug=organisation.slug)
    except NotFound:
        return None


def _field_names(
    report: ImportReport, measure: Measure, row: dict[str, str], number: int
) -> list[tuple[str, str]] | None:
    """The (field name, CSV column) pairs this row gives."""
    breakdown, category = row.get("breakdown", ""), row.get("category", "")
    slot = slot_for(measure, breakdown, category)
    if slot is None:
        choices = (
            "; ".join(f"{b['name']}: {', '.join(b['categories'])}" for b in measure.breakdowns) or "none"
        )
        report.reject(
            f"'{breakdown}: {category}' is not a breakdown of {measure.code} (its breakdowns: {choices})",
            row=number,
            column="category" if breakdown else "breakdown",
        )
        return None
    names = [(slot.name(), "value")]
    if row.get("denominator"):
        if not measure.kind.has_denominator:
            report.reject(
                f"{measure.code} has no denominator; leave it empty", row=number, column="denominator"
            )
            return None
        names.append((slot.name("denominator"), "denominator"))
    if row.get("comment"):
        if not slot.is_total:
            report.reject("put comments on the measure's total row", row=number, column="comment")
            return None
        names.append((slot.name("comment"), "comment"))
    return names


def _save_group(
    by: Actor, collection: Collection, group: _Group, report: ImportReport, *, submit: bool, dry_run: bool
) -> None:
    key = f"{group.organisation.name}, {group.period.label}"
    try:
        result = return_save(
            by=by,
            collection=collection,
            organisation=group.organisation,
            period=group.period,
            values=group.values,
            expected_version=None,
            submit=submit,
            dry_run=dry_run,
        )
    except InvalidInput as exc:
        for name, messages in exc.errors.items():
            for message in messages:
                report.reject(f"{key}: {message}", row=group.rows.get(name), column=_csv_column(name))
        return
    except (Locked, PermissionDenied) as exc:
        report.reject(f"{key}: {exc}", row=min(group.rows.values(), default=None))
        return
    outcome: Literal["create", "update", "unchanged"] = "unchanged"
    if result.changed:
        outcome = "create" if result.created else "update"
    report.record("return", key, outcome, fields=result.changed, row=min(group.rows.values(), default=None))


def _csv_column(name: str) -> str:
    if not name:
        return ""
    if name.endswith("__den"):
        return "denominator"
    if name.endswith("__comment"):
        return "comment"
    return "value"
