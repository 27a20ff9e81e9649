"""Reading a filled-in template back: check the file, who it is for, and every cell; then report or apply.

The workbook says which return it is for (the signed "About" sheet). The figures go through the
same ``return_save`` service as the web form, with ``dry_run`` for the report, so the rules are
identical however figures arrive. Nothing is written unless every cell passes, and then in one
transaction.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound
from wellboard.core.importing import ImportReport
from wellboard.core.periods import Period
from wellboard.core.spreadsheets import (
    UploadRejected,
    cell_unsafe,
    declared_rows,
    open_xlsx,
    read_past_declared_size,
)
from wellboard.partners.models import Organisation
from wellboard.returns.models import Collection, Return
from wellboard.returns.selectors import collection_get, measure_list, period_get, return_organisation_get
from wellboard.returns.services import SaveResult, return_save
from wellboard.returns.validation import RETURN_COMMENT, RawValue
from wellboard.returns.workbook.signing import FORMAT_VERSION, Identity, layout_fingerprint
from wellboard.returns.workbook.template import (
    ABOUT_SHEET,
    COL_CODE,
    COL_COMMENT,
    COL_DENOMINATOR,
    COL_VALUE,
    RETURN_SHEET,
    comment_row,
    layout,
)

MAX_SHEET_ROWS = 2000
MAX_SHEET_COLUMNS = 30

STALE = (
    "Someone saved this return after this template was downloaded, so it was not uploaded: nothing "
    "was changed. Download a new template, which has their figures, and copy yours into it."
)
OLD_FORMAT = (
    "This template was made by an earlier version of Wellboard, which did not record the version of "
    "the return it was made from. Download a new template and copy your figures into it."
)
TAMPERED = (
    "This workbook's details have been changed since Wellboard made it, or it was not made by this "
    "Wellboard. Download a new template for your organisation and period."
)


@dataclass
class UploadOutcome:
    report: ImportReport
    collection: Collection | None = None
    organisation: Organisation | None = None
    period: Period | None = None
    data_return: Return | None = None
    submitted: bool = False


def _cells(sheet: Any) -> Iterator[tuple[int, int, Any]]:
    """(row, column, cell) for every non-empty cell, refusing sheets far bigger than a template:
    before reading a row when the sheet declares its size, else as soon as reading passes it."""
    too_many = UploadRejected(
        f"The '{sheet.title}' sheet has more than {MAX_SHEET_ROWS} rows; it was refused."
    )
    declared = declared_rows(sheet)
    if declared is not None and declared > MAX_SHEET_ROWS:
        raise too_many
    read_past_declared_size(sheet)
    for row_number, row in enumerate(sheet.iter_rows(), start=1):
        if row_number > MAX_SHEET_ROWS:
            raise too_many
        for col_number, cell in enumerate(row, start=1):
            if cell.value is None:
                continue
            if col_number > MAX_SHEET_COLUMNS:
                raise UploadRejected(
                    f"The '{sheet.title}' sheet has figures beyond column "
                    f"{get_column_letter(MAX_SHEET_COLUMNS)}."
                )
            yield row_number, col_number, cell


def workbook_identify(data: bytes) -> Identity:
    """Open the upload and read who it is for; refuse damaged, hostile or tampered files."""
    wb = open_xlsx(data)
    try:
        if ABOUT_SHEET not in wb.sheetnames or RETURN_SHEET not in wb.sheetnames:
            raise UploadRejected(
                "This is not a Wellboard return template (it has no 'Return' and 'About' sheets). "
                "Download the template from the return's page and fill that in."
            )
        about: dict[str, str] = {}
        for row, col, cell in _cells(wb[ABOUT_SHEET]):
            if getattr(cell, "data_type", None) == "f":
                raise UploadRejected(TAMPERED)
            if col == 1:
                key = str(cell.value).strip()
                value = wb[ABOUT_SHEET].cell(row=row, column=2).value
                about[key] = str(cell_unsafe(value)).strip() if value is not None else ""
    finally:
        wb.close()
    version = about.get("version", "")
    if about.get("format", "") != FORMAT_VERSION:
        raise UploadRejected(OLD_FORMAT)
    if not (version.isascii() and version.isdigit()):
        raise UploadRejected(TAMPERED)
    identity = Identity(
        partnership=about.get("partnership", ""),
        collection=about.get("collection", ""),
        organisation=about.get("organisation", ""),
        period=about.get("period", ""),
        layout=about.get("layout", ""),
        version=int(version),
        format_version=about.get("format", ""),
    )
    if not identity.verify(about.get("signature", "")):
        raise UploadRejected(TAMPERED)
    return identity


def _read_values(
    data: bytes, measures: list[Any], report: ImportReport
) -> tuple[dict[str, RawValue], dict[str, str]]:
    """Raw values by field name, and the cell each field came from (for messages)."""
    rows = {item.row: item for item in layout(measures)}
    comment_at = comment_row(measures)
    wanted_cols = {COL_VALUE, COL_DENOMINATOR, COL_COMMENT}
    values: dict[str, RawValue] = {}
    where: dict[str, str] = {}
    codes: dict[int, str] = {}
    wb = open_xlsx(data)
    try:
        for row, col, cell in _cells(wb[RETURN_SHEET]):
            letter = get_column_letter(col)
            if getattr(cell, "data_type", None) == "f":
                report.reject(
                    f"Cell {letter}{row} holds a formula; type the figure itself",
                    sheet=RETURN_SHEET,
                    row=row,
                    column=letter,
                )
                continue
            if letter == COL_CODE and row in rows:
                codes[row] = str(cell.value).strip()
            item = rows.get(row)
            if item is not None and letter in wanted_cols:
                slot = item.slot
                value = cell_unsafe(cell.value.strip()) if isinstance(cell.value, str) else cell.value
                if letter == COL_VALUE:
                    name = slot.name()
                elif letter == COL_DENOMINATOR and slot.measure.kind.has_denominator:
                    name = slot.name("denominator")
                elif letter == COL_COMMENT and slot.is_total:
                    name = slot.name("comment")
                else:
                    report.reject("Leave this cell empty", sheet=RETURN_SHEET, row=row, column=letter)
                    continue
                values[name] = value
                where[name] = f"{letter}{row}"
            elif row == comment_at and letter == COL_VALUE:
                values[RETURN_COMMENT] = str(cell_unsafe(cell.value)).strip()
                where[RETURN_COMMENT] = f"{letter}{row}"
    finally:
        wb.close()
    for row, item in rows.items():
        if codes.get(row) != item.slot.measure.code:
            report.reject(
                f"Expected the measure '{item.slot.measure.code}' here: "
                "rows must not be moved, added or deleted",
                sheet=RETURN_SHEET,
                row=row,
                column=COL_CODE,
            )
            break
    # Every input cell is read, so an emptied cell blanks its figure, as the person saw it.
    for item in rows.values():
        values.setdefault(item.slot.name(), None)
        where.setdefault(item.slot.name(), f"{COL_VALUE}{item.row}")
        if item.slot.measure.kind.has_denominator:
            values.setdefault(item.slot.name("denominator"), None)
            where.setdefault(item.slot.name("denominator"), f"{COL_DENOMINATOR}{item.row}")
        if item.slot.is_total:
            values.setdefault(item.slot.name("comment"), "")
            where.setdefault(item.slot.name("comment"), f"{COL_COMMENT}{item.row}")
    values.setdefault(RETURN_COMMENT, "")
    where.setdefault(RETURN_COMMENT, f"{COL_VALUE}{comment_at}")
    return values, where


def _reject_errors(report: ImportReport, errors: dict[str, list[str]], where: dict[str, str]) -> None:
    for name, messages in errors.items():
        ref = where.get(name, "")
        letters = "".join(ch for ch in ref if ch.isalpha())
        digits = "".join(ch for ch in ref if ch.isdigit())
        for message in messages:
            report.reject(
                f"{ref}: {message}" if ref else message,
                sheet=RETURN_SHEET if ref else "",
                row=int(digits) if digits else None,
                column=letters,
            )


def _record_changes(
    report: ImportReport, result: SaveResult, where: dict[str, str], labels: dict[str, str]
) -> None:
    changed = set(result.changed)
    for name, ref in where.items():
        digits = "".join(ch for ch in ref if ch.isdigit())
        report.record(
            "figure",
            f"{ref} {labels.get(name, name)}",
            ("create" if result.created else "update") if name in changed else "unchanged",
            fields=(name,) if name in changed else (),
            sheet=RETURN_SHEET,
            row=int(digits) if digits else None,
        )


def workbook_upload(
    *,
    by: Actor,
    data: bytes,
    filename: str = "",
    dry_run: bool = True,
    submit: bool = False,
    expect: tuple[Collection, Organisation, Period] | None = None,
) -> UploadOutcome:
    """Check a filled-in template and (unless ``dry_run``) save it, optionally submitting it.

    ``expect`` is the return whose page the file was uploaded on: a workbook for any other return
    is refused. Raises ``UploadRejected`` for a file that cannot be read at all; cell problems are
    rejections in the report.
    """
    report = ImportReport(source=filename, dry_run=dry_run)
    outcome = UploadOutcome(report)
    identity = workbook_identify(data)
    try:
        collection = collection_get(actor=by, slug=identity.collection)
        if collection.partnership.slug != identity.partnership:
            raise NotFound("collection")
        period = period_get(collection=collection, text=identity.period)
        organisation = return_organisation_get(actor=by, collection=collection, slug=identity.organisation)
    except NotFound as exc:
        raise UploadRejected(
            "This workbook is for a return you cannot open here (another organisation's, or another "
            "partnership's). Download the template for your own organisation."
        ) from exc
    if expect is not None and (collection.pk, organisation.pk, period) != (
        expect[0].pk,
        expect[1].pk,
        expect[2],
    ):
        raise UploadRejected(
            f"This workbook is for a different return ({organisation.name}, {period.label}). "
            "Upload it on that return's page, or download the template for this one."
        )
    outcome.collection, outcome.organisation, outcome.period = collection, organisation, period
    measures = measure_list(collection=collection)
    if layout_fingerprint(measures) != identity.layout:
        raise UploadRejected(
            "The collection's measures have changed since this template was made. "
            "Download a new template and copy your figures into it."
        )
    values, where = _read_values(data, measures, report)
    labels = {item.slot.name(): item.slot.label for item in layout(measures)}
    report.rows_read = len(layout(measures))
    if not report.ok:
        return outcome
    save = functools.partial(
        return_save, by=by, collection=collection, organisation=organisation, period=period, values=values
    )
    expected = identity.version
    try:
        preview = save(expected_version=expected, submit=submit, dry_run=True)
    except InvalidInput as exc:
        _reject_errors(report, exc.errors, where)
        return outcome
    except Conflict as exc:
        # Saved since the template was made. Uploading the same figures again changes no figure,
        # so it overwrites nothing; anything else would overwrite someone's newer figures.
        preview = save(expected_version=exc.current_version, submit=submit, dry_run=True)
        if preview.changed:
            raise UploadRejected(STALE) from exc
        expected = exc.current_version
    _record_changes(report, preview, where, labels)
    report.notes.extend(preview.flags)
    if submit:
        report.notes.append("The return will be submitted for approval.")
    if dry_run:
        return outcome
    try:
        result = save(expected_version=expected, submit=submit)
    except Conflict as exc:
        raise UploadRejected(STALE) from exc
    report.applied = True
    outcome.data_return = result.data_return
    outcome.submitted = submit
    return outcome
