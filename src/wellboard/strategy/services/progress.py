"""Posting progress updates: what an action, or a part of the tree, has done in a period, with its
RAG rating.

On an action, a contributor of the lead organisation posts them, or a coordinator; for anyone else
the action does not exist (``NotFound``). On a part of the tree (a priority's or a recommendation's
progress and impact as a whole), a coordinator posts them; other members are refused
(``PermissionDenied``). Any quarter of the strategy that has started can be reported on, so a plan
can be back-filled. When the period already has an update, the poster must say whether the new one
replaces it or is added beside it: a second update never appears silently.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, QuerySet

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, StateConflict
from wellboard.core.inputs import Errors, add_error
from wellboard.core.locking import lock_for_edit
from wellboard.core.periods import Period, PeriodError, period_parse
from wellboard.core.versioning import version_bump, version_check
from wellboard.strategy.inputs import ProgressUpdateInput
from wellboard.strategy.models import Action, Node, ProgressUpdate, Strategy
from wellboard.strategy.policy import POST_NODE_UPDATE
from wellboard.strategy.services.actions import lock_action_for_edit

ADD = "add"
REPLACE = "replace"


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def progress_period(text: str, *, strategy: Strategy, today: dt.date | None = None) -> Period:
    """The period an update of an action or a part of ``strategy`` covers: one within the
    strategy's dates that has started. Raises ``InvalidInput`` (on ``period``) saying why not."""
    return period_within(text, start=strategy.start_date, end=strategy.end_date, today=today)


def period_within(text: str, *, start: dt.date, end: dt.date, today: dt.date | None = None) -> Period:
    """``progress_period`` for a strategy running from ``start`` to ``end`` (one a workbook is
    about to create, say)."""
    text = str(text or "").strip()
    if not text:
        raise InvalidInput({"period": ["Choose the period this update covers"]})
    try:
        parsed = period_parse(text)
    except PeriodError as exc:
        raise InvalidInput({"period": ["Enter a period like 2024/25 Q3"]}) from exc
    if parsed.start > (today or clock.today()):
        raise StateConflict({"period": [f"{parsed.label} has not started yet: choose a period that has"]})
    if parsed.end < start or parsed.start > end:
        raise StateConflict(
            {
                "period": [
                    f"{parsed.label} is outside the strategy, which runs from "
                    f"{_long_date(start)} to {_long_date(end)}: choose a period within it"
                ]
            }
        )
    return parsed


REPLACE_VERSION_MISSING = (
    "Give the version of the update you read (expected_version) to replace it, "
    "so that an update someone changed since is not overwritten"
)


def _clean(
    *,
    by: Actor,
    strategy: Strategy,
    period: str,
    narrative: str,
    rag: str,
    mode: str,
    expected_version: int | None,
) -> tuple[Period, str, str]:
    """The period, the narrative and the RAG, or ``InvalidInput`` naming everything wrong at once."""
    errors: Errors = {}
    # Refusals that depend on the records as they are now rather than on the input itself.
    state: Errors = {}
    parsed: Period | None = None
    try:
        parsed = progress_period(period, strategy=strategy)
    except StateConflict as exc:
        state.update(exc.errors)
    except InvalidInput as exc:
        errors.update(exc.errors)
    cleaned = ProgressUpdateInput.clean({"narrative": narrative, "rag": rag}, errors, by=by)
    if mode not in ("", ADD, REPLACE):
        add_error(errors, "mode", "Choose whether to replace the existing update or add another")
    if mode == REPLACE and expected_version is None:
        # Without the version read, a replacement could overwrite a newer update unknowingly: the
        # version of the update as it is now must be given back.
        add_error(state, "expected_version", REPLACE_VERSION_MISSING)
    if errors:
        raise InvalidInput({**errors, **state})
    if state or parsed is None:
        raise StateConflict(state)
    return parsed, cleaned["narrative"], cleaned["rag"]


def _post(
    *,
    by: Actor,
    updates: QuerySet[ProgressUpdate],
    target: dict[str, Action | Node],
    parsed: Period,
    narrative: str,
    rag_value: str,
    mode: str,
    replaces: int | None,
    expected_version: int | None,
) -> ProgressUpdate:
    """Add or replace an update among ``updates`` (those of one action or node); ``target`` names
    the record a new update belongs to."""
    same_period = updates.filter(period=parsed.code)
    if not mode and same_period.exists():
        raise StateConflict(
            {
                "mode": [
                    f"There is already an update for {parsed.label}: choose whether to replace it "
                    "or add another"
                ]
            }
        )
    if mode == REPLACE:
        chosen = same_period.select_for_update().order_by("-posted_at", "-pk")
        replaced = (chosen.filter(pk=replaces) if replaces is not None else chosen).first()
        if replaced is None:
            raise StateConflict({"mode": [f"There is no update for {parsed.label} to replace"]})
        version_check(replaced, expected_version, what="progress update")
        if replaced.narrative == narrative and replaced.rag == rag_value:
            return replaced
        before = audit_snapshot(replaced)
        replaced.narrative = narrative
        replaced.rag = rag_value
        replaced.author = by.user
        replaced.author_label = by.label[:200]
        replaced.posted_at = clock.now()
        version_bump(replaced)
        replaced.save()
        audit_record(
            by=by,
            action="progress_update.replace",
            obj=replaced,
            before=before,
            after=audit_snapshot(replaced),
        )
        return replaced
    update = ProgressUpdate.objects.create(
        **target,
        period=parsed.code,
        period_start=parsed.start,
        narrative=narrative,
        rag=rag_value,
        author=by.user,
        author_label=by.label[:200],
        posted_at=clock.now(),
    )
    audit_record(by=by, action="progress_update.post", obj=update, after=audit_snapshot(update))
    return update


@transaction.atomic
def progress_update_post(
    *,
    by: Actor,
    action: Action,
    period: str,
    narrative: str,
    rag: str,
    mode: str = "",
    replaces: int | None = None,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Record the action to date for one period.

    If the period already has an update, ``mode`` says what to do: ``"add"`` posts another beside it;
    ``"replace"`` puts this text and RAG in place of ``replaces`` (an update of this action and
    period; by default the latest one), refused with ``Conflict`` if that update moved past
    ``expected_version``, which a replacement must give. A replacement that changes nothing writes
    nothing. Without a ``mode`` a second update for the period is refused, so nobody duplicates one
    by accident.

    The action takes the update's RAG unless the update is for an earlier period than one already
    reported, so the action always shows its latest RAG.
    """
    locked = lock_action_for_edit(by, action)
    parsed, narrative, rag_value = _clean(
        by=by,
        strategy=locked.strategy,
        period=period,
        narrative=narrative,
        rag=rag,
        mode=mode,
        expected_version=expected_version,
    )
    updates = ProgressUpdate.objects.filter(action=locked)
    latest = updates.aggregate(p=Max("period_start"))["p"]
    update = _post(
        by=by,
        updates=updates,
        target={"action": locked},
        parsed=parsed,
        narrative=narrative,
        rag_value=rag_value,
        mode=mode,
        replaces=replaces,
        expected_version=expected_version,
    )
    if (latest is None or parsed.start >= latest) and locked.rag != rag_value:
        before_rag = audit_snapshot(locked, fields=["rag", "version"])
        locked.rag = rag_value
        version_bump(locked)
        locked.save(update_fields=["rag", "version", "updated_at"])
        audit_record(
            by=by,
            action="action.update",
            obj=locked,
            before=before_rag,
            after=audit_snapshot(locked, fields=["rag", "version"]),
            note=f"RAG set by the progress update for {parsed.code}",
        )
    return update


@transaction.atomic
def node_progress_update_post(
    *,
    by: Actor,
    node: Node,
    period: str,
    narrative: str,
    rag: str,
    mode: str = "",
    replaces: int | None = None,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Record the progress and impact to date of a part of the tree (a priority, a recommendation)
    for one period, with its RAG: a coordinator's stocktake of everything beneath it.

    ``mode``, ``replaces`` and ``expected_version`` work as for ``progress_update_post``. A node
    has no RAG of its own (its actions' RAGs are counted), so nothing else changes.
    """
    locked = lock_for_edit(
        Node.objects.select_related("strategy"),
        pk=node.pk,
        partnership_id=by.partnership_id,
        via="strategy",
        what="part of the strategy",
    )
    POST_NODE_UPDATE.require(by)
    parsed, narrative, rag_value = _clean(
        by=by,
        strategy=locked.strategy,
        period=period,
        narrative=narrative,
        rag=rag,
        mode=mode,
        expected_version=expected_version,
    )
    return _post(
        by=by,
        updates=ProgressUpdate.objects.filter(node=locked),
        target={"node": locked},
        parsed=parsed,
        narrative=narrative,
        rag_value=rag_value,
        mode=mode,
        replaces=replaces,
        expected_version=expected_version,
    )
