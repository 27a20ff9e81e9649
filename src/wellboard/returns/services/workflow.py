"""A return's workflow once its figures are saved: submit, approve, send back and un-approve.

Contributors submit their own organisation's returns; only a coordinator or an approver approves,
sends back or un-approves. Approving (and un-approving) refreshes the period's results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import transaction

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.core.errors import InvalidInput, Locked
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import version_bump, version_check
from wellboard.returns.models import Return, ReturnStatus
from wellboard.returns.policy import (
    APPROVE_RETURNS,
    SEND_BACK_RETURNS,
    UNAPPROVE_RETURNS,
    require_submit_return,
)
from wellboard.returns.selectors import measure_list, return_organisation_get
from wellboard.returns.services.figures import (
    LOCKED_MESSAGE,
    figures_validated,
    mark_submitted,
    return_state,
)
from wellboard.returns.services.reminders import notify_returned
from wellboard.returns.services.results import results_publish


def _lock_for_workflow(
    *, by: Actor, data_return: Return, expected_version: int | None, allowed: Callable[[Return], None]
) -> Return:
    """The return, locked, once ``allowed`` has accepted the actor and then the version has been
    checked: someone who may not do this is told so, whatever version they sent."""
    locked = lock_for_edit(
        Return.objects.select_related("collection__partnership", "organisation"),
        pk=data_return.pk,
        partnership_id=by.partnership_id,
        via="collection",
        what="return",
    )
    return_organisation_get(actor=by, collection=locked.collection, slug=locked.organisation.slug)
    allowed(locked)
    version_check(locked, expected_version, what="return")
    return locked


@transaction.atomic
def return_submit(*, by: Actor, data_return: Return, expected_version: int | None) -> Return:
    """Submit the saved figures for approval, after the full checks."""
    locked = _lock_for_workflow(
        by=by,
        data_return=data_return,
        expected_version=expected_version,
        allowed=lambda found: require_submit_return(by, found.organisation_id),
    )
    if locked.is_locked:
        raise Locked(LOCKED_MESSAGE)
    if locked.status == ReturnStatus.SUBMITTED:
        raise InvalidInput("This return has already been submitted")
    period = locked.period_value
    result = figures_validated(
        collection=locked.collection,
        organisation=locked.organisation,
        period=period,
        data_return=locked,
        values={},
        submitting=True,
        measures=measure_list(collection=locked.collection),
    )
    if result.errors:
        raise InvalidInput(result.errors)
    before = return_state(locked)
    mark_submitted(locked, by, result.flags)
    version_bump(locked)
    locked.save()
    audit_record(by=by, action="return.submit", obj=locked, before=before, after=return_state(locked))
    return locked


def _approve(*, by: Actor, data_return: Return, expected_version: int | None) -> Return:
    locked = _lock_for_workflow(
        by=by,
        data_return=data_return,
        expected_version=expected_version,
        allowed=lambda _found: APPROVE_RETURNS.require(by),
    )
    if locked.status != ReturnStatus.SUBMITTED:
        raise InvalidInput(
            f"Only a submitted return can be approved; this one is {locked.get_status_display().lower()}"
        )
    before = return_state(locked)
    locked.status = ReturnStatus.APPROVED
    locked.approved_at = clock.now()
    locked.approved_by = by.user
    locked.returned_reason = ""
    version_bump(locked)
    locked.save()
    audit_record(by=by, action="return.approve", obj=locked, before=before, after=return_state(locked))
    return locked


@transaction.atomic
def return_approve(*, by: Actor, data_return: Return, expected_version: int | None) -> Return:
    """Approve a submitted return: it is locked and its figures become results."""
    locked = _approve(by=by, data_return=data_return, expected_version=expected_version)
    results_publish(by=by, collection=locked.collection, period=locked.period_value)
    return locked


@transaction.atomic
def returns_approve(*, by: Actor, data_returns: Sequence[Return]) -> list[Return]:
    """Approve several submitted returns together, such as every return for a fortnight.

    Each is checked, locked and audited exactly as ``return_approve`` would, against the version the
    caller read (a return changed since answers ``Conflict``); if any cannot be approved, none is.
    Each period's results are then refreshed once, rather than once per return.
    """
    approved = [_approve(by=by, data_return=r, expected_version=r.version) for r in data_returns]
    refreshed: set[tuple[int, str]] = set()
    for locked in approved:
        if (locked.collection_id, locked.period) not in refreshed:
            refreshed.add((locked.collection_id, locked.period))
            results_publish(by=by, collection=locked.collection, period=locked.period_value)
    return approved


@transaction.atomic
def return_send_back(*, by: Actor, data_return: Return, reason: str, expected_version: int | None) -> Return:
    """Return a submitted return to its organisation for changes, saying why (they see the reason)."""
    locked = _lock_for_workflow(
        by=by,
        data_return=data_return,
        expected_version=expected_version,
        allowed=lambda _found: SEND_BACK_RETURNS.require(by),
    )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": ["Enter what needs to change, so the organisation can fix it"]})
    if locked.status != ReturnStatus.SUBMITTED:
        raise InvalidInput(
            f"Only a submitted return can be sent back; this one is {locked.get_status_display().lower()}"
        )
    before = return_state(locked)
    locked.status = ReturnStatus.RETURNED
    locked.returned_reason = reason[:2000]
    version_bump(locked)
    locked.save()
    audit_record(
        by=by, action="return.send_back", obj=locked, before=before, after=return_state(locked), note=reason
    )
    return_id = locked.pk
    transaction.on_commit(lambda: notify_returned(return_id))
    return locked


@transaction.atomic
def return_unapprove(*, by: Actor, data_return: Return, reason: str, expected_version: int | None) -> Return:
    """Unlock an approved return so it can be corrected. Needs a reason, which the audit trail keeps."""
    locked = _lock_for_workflow(
        by=by,
        data_return=data_return,
        expected_version=expected_version,
        allowed=lambda _found: UNAPPROVE_RETURNS.require(by),
    )
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": ["Enter why the return is being un-approved"]})
    if locked.status != ReturnStatus.APPROVED:
        raise InvalidInput("Only an approved return can be un-approved")
    before = return_state(locked)
    locked.status = ReturnStatus.SUBMITTED
    locked.approved_at = None
    locked.approved_by = None
    version_bump(locked)
    locked.save()
    audit_record(
        by=by, action="return.unapprove", obj=locked, before=before, after=return_state(locked), note=reason
    )
    results_publish(by=by, collection=locked.collection, period=locked.period_value, withdrawn=locked)
    return locked
