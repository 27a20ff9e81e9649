"""Saving an organisation's figures for one period: validated, compared with what is saved, audited.

``return_save`` is the one way figures are written, whichever channel they came from (the form, a
workbook, a CSV file or the API); ``dry_run`` reports what would change and writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, Locked, NotFound
from wellboard.core.locking import lock_if_exists
from wellboard.core.periods import Period
from wellboard.core.versioning import version_bump, version_check
from wellboard.partners.models import Organisation
from wellboard.returns.models import Collection, Figure, Measure, Return, ReturnStatus
from wellboard.returns.policy import require_change_return
from wellboard.returns.selectors import (
    figures_of,
    history_totals,
    measure_list,
    previous_totals,
    return_organisation_get,
)
from wellboard.returns.validation import (
    RETURN_COMMENT,
    CleanFigure,
    RawValue,
    Validated,
    slots_for,
    validate_figures,
)

LOCKED_MESSAGE = (
    "This return has been approved, so it cannot be changed. "
    "Ask the partnership coordinator or an approver to un-approve it first."
)


def return_state(data_return: Return) -> dict[str, Any]:
    """What the audit trail records of a return: its workflow fields and every figure."""
    snapshot = audit_snapshot(
        data_return,
        fields=["status", "comment", "returned_reason", "submitted_at", "approved_at", "version"],
    )
    figures, comments = figures_of(data_return)
    snapshot["figures"] = {
        ".".join(p for p in key if p): {"value": f.value, "denominator": f.denominator}
        for key, f in sorted(figures.items())
    }
    snapshot["comments"] = comments
    return snapshot


def _edit_check(*, by: Actor, collection: Collection, organisation: Organisation) -> None:
    """Contributors edit only their own organisation's returns; others' are not found."""
    if collection.partnership_id != by.partnership_id:
        raise NotFound("return")
    return_organisation_get(actor=by, collection=collection, slug=organisation.slug)
    require_change_return(by, organisation.pk)


@dataclass
class SaveResult:
    data_return: Return
    changed: list[str] = field(default_factory=list)  # field names whose value changed
    created: bool = False
    flags: list[str] = field(default_factory=list)


def figures_validated(
    *,
    collection: Collection,
    organisation: Organisation,
    period: Period,
    data_return: Return | None,
    values: Mapping[str, RawValue],
    submitting: bool,
    measures: Sequence[Measure],
) -> Validated:
    existing, existing_comments = figures_of(data_return)
    return validate_figures(
        measures,
        values,
        existing=existing,
        existing_comments=existing_comments,
        previous=previous_totals(collection=collection, organisation=organisation, period=period)
        if submitting
        else None,
        history=history_totals(collection=collection, organisation=organisation, period=period)
        if submitting
        else None,
        submitting=submitting,
    )


def _write_figures(
    data_return: Return,
    measures: Sequence[Measure],
    figures: Mapping[tuple[str, str, str], CleanFigure],
    comments: Mapping[str, str],
) -> list[str]:
    """Upsert the return's figures; returns the field names whose value changed."""
    saved = {
        (f.measure_id, f.breakdown, f.category): f for f in Figure.objects.filter(data_return=data_return)
    }
    changed: list[str] = []
    for measure in measures:
        for slot in slots_for(measure):
            clean = figures.get((measure.code, slot.breakdown, slot.category), CleanFigure(None, None))
            comment = comments.get(measure.code, "") if slot.is_total else ""
            current = saved.get((measure.pk, slot.breakdown, slot.category))
            old = (current.value, current.denominator, current.comment) if current else (None, None, "")
            new = (clean.value, clean.denominator, comment)
            if _same(old, new):
                continue
            changed.append(slot.name())
            if clean.value is None and clean.denominator is None and not comment:
                if current is not None:
                    current.delete()
                continue
            if current is None:
                Figure.objects.create(
                    data_return=data_return,
                    measure=measure,
                    breakdown=slot.breakdown,
                    category=slot.category,
                    value=clean.value,
                    denominator=clean.denominator,
                    comment=comment,
                )
            else:
                current.value, current.denominator, current.comment = new
                current.save(update_fields=["value", "denominator", "comment", "updated_at"])
    return changed


def _same(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    def norm(value: Any) -> Any:
        return Decimal(value).normalize() if isinstance(value, Decimal | int) else value

    return [norm(v) for v in old] == [norm(v) for v in new]


@transaction.atomic
def return_save(
    *,
    by: Actor,
    collection: Collection,
    organisation: Organisation,
    period: Period,
    values: Mapping[str, RawValue],
    expected_version: int | None,
    submit: bool = False,
    dry_run: bool = False,
) -> SaveResult:
    """Save an organisation's figures for one period (starting the return if needed), and optionally submit.

    ``values`` maps field names (see ``validation.field_name``) to what was typed; fields it leaves
    out keep their saved value. Saving changes to a submitted or returned return puts it back to
    draft unless ``submit`` is given. ``dry_run`` validates and reports without writing.
    """
    _edit_check(by=by, collection=collection, organisation=organisation)
    if not collection.includes(period):
        raise NotFound("period")
    # The first save of a period's figures starts its return, so there may be none to lock yet.
    data_return = lock_if_exists(
        Return,
        partnership_id=by.partnership_id,
        via="collection",
        collection=collection,
        organisation=organisation,
        period=period.code,
    )
    if data_return is not None:
        if data_return.is_locked:
            raise Locked(LOCKED_MESSAGE)
        version_check(data_return, expected_version, what="return")
    measures = measure_list(collection=collection)
    result = figures_validated(
        collection=collection,
        organisation=organisation,
        period=period,
        data_return=data_return,
        values=values,
        submitting=submit,
        measures=measures,
    )
    if result.errors:
        raise InvalidInput(result.errors)
    created = data_return is None
    comment = values.get(RETURN_COMMENT)
    if dry_run:
        preview = data_return or Return(collection=collection, organisation=organisation, period=period.code)
        existing, existing_comments = figures_of(data_return)
        changed = _diff(measures, existing, existing_comments, result.figures, result.comments)
        if comment is not None and str(comment).strip() != (data_return.comment if data_return else ""):
            changed.append(RETURN_COMMENT)
        transaction.set_rollback(True)
        return SaveResult(preview, changed, created, result.flags)
    before = return_state(data_return) if data_return is not None else None
    if data_return is None:
        data_return = Return.objects.create(
            collection=collection,
            organisation=organisation,
            period=period.code,
            period_start=period.start,
            period_end=period.end,
            due_date=collection.due_date(period),
            status=ReturnStatus.DRAFT,
        )
    changed = _write_figures(data_return, measures, result.figures, result.comments)
    if comment is not None and str(comment).strip() != data_return.comment:
        data_return.comment = str(comment).strip()
        changed.append(RETURN_COMMENT)
    status_before = data_return.status
    if submit:
        mark_submitted(data_return, by, result.flags)
    elif changed and data_return.status in (ReturnStatus.SUBMITTED, ReturnStatus.RETURNED):
        data_return.status = ReturnStatus.DRAFT
    if changed or created or data_return.status != status_before:
        if not created:
            version_bump(data_return)
        data_return.save()
        action = "return.submit" if submit else ("return.create" if created else "return.update")
        audit_record(by=by, action=action, obj=data_return, before=before, after=return_state(data_return))
    return SaveResult(data_return, changed, created, result.flags)


def _diff(
    measures: Sequence[Measure],
    existing: Mapping[tuple[str, str, str], CleanFigure],
    existing_comments: Mapping[str, str],
    figures: Mapping[tuple[str, str, str], CleanFigure],
    comments: Mapping[str, str],
) -> list[str]:
    changed = []
    for measure in measures:
        for slot in slots_for(measure):
            key = (measure.code, slot.breakdown, slot.category)
            old = existing.get(key, CleanFigure(None, None))
            new = figures.get(key, CleanFigure(None, None))
            if not _same((old.value, old.denominator), (new.value, new.denominator)):
                changed.append(slot.name())
        if existing_comments.get(measure.code, "") != comments.get(measure.code, ""):
            changed.append(f"{measure.code}__comment")
    return changed


def mark_submitted(data_return: Return, by: Actor, flags: list[str]) -> None:
    moment = clock.now()
    data_return.status = ReturnStatus.SUBMITTED
    data_return.submitted_at = moment
    data_return.first_submitted_at = data_return.first_submitted_at or moment
    data_return.submitted_by = by.user
    data_return.flags = flags
