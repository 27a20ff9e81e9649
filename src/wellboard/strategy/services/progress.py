"""Posting progress updates: what an action has done in a period, with its RAG rating.

A contributor of the lead organisation posts them, or a coordinator; for anyone else the action does
not exist (``NotFound``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.periods import PeriodError, period_parse
from wellboard.core.rag import Rag
from wellboard.core.versioning import version_bump
from wellboard.strategy.models import Action, ProgressUpdate
from wellboard.strategy.services._common import Errors, add_error, clean_required_text
from wellboard.strategy.services.actions import lock_action_for_edit

MAX_NARRATIVE = 10_000


@transaction.atomic
def progress_update_post(
    *, by: Actor, action: Action, period: str, narrative: str, rag: str
) -> ProgressUpdate:
    """Record the action to date for one period. The action takes the update's RAG unless the update
    fills in an earlier period than one already reported, so the action always shows its latest RAG."""
    locked = lock_action_for_edit(by, action)
    errors: Errors = {}
    period_code = ""
    period_start: dt.date | None = None
    text = str(period or "").strip()
    if not text:
        add_error(errors, "period", "Choose the period this update covers")
    else:
        try:
            parsed = period_parse(text)
        except PeriodError:
            add_error(errors, "period", "Enter a period like 2024/25 Q3")
        else:
            if parsed.start > clock.today():
                add_error(errors, "period", f"{parsed.label} has not started yet: choose a period that has")
            period_code, period_start = parsed.code, parsed.start
    narrative = clean_required_text(
        errors,
        "narrative",
        narrative,
        missing="Describe the action to date",
        max_length=MAX_NARRATIVE,
        label="The action to date",
    )
    rag_value = str(rag or "").strip()
    if rag_value not in Rag.values:
        add_error(errors, "rag", "Choose a RAG rating: red, amber, green, complete or not rated")
    if errors:
        raise InvalidInput(errors)
    assert period_start is not None
    latest = ProgressUpdate.objects.filter(action=locked).aggregate(p=Max("period_start"))["p"]
    update = ProgressUpdate.objects.create(
        action=locked,
        period=period_code,
        period_start=period_start,
        narrative=narrative,
        rag=rag_value,
        author=by.user,
        author_label=by.label[:200],
        posted_at=clock.now(),
    )
    audit_record(by=by, action="progress_update.post", obj=update, after=audit_snapshot(update))
    if (latest is None or period_start >= latest) and locked.rag != rag_value:
        before = audit_snapshot(locked, fields=["rag", "version"])
        locked.rag = rag_value
        version_bump(locked)
        locked.save(update_fields=["rag", "version", "updated_at"])
        audit_record(
            by=by,
            action="action.update",
            obj=locked,
            before=before,
            after=audit_snapshot(locked, fields=["rag", "version"]),
            note=f"RAG set by the progress update for {period_code}",
        )
    return update
