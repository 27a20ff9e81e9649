"""Refusing a workbook that would undo changes made in Wellboard after it was exported.

The export records every record's version on the hidden Versions sheet. A planned update of a record
whose version has moved on since is a conflict when it would write a field that changed since (the
audit trail says which); a planned create of a record the export knew is a conflict too (someone
deleted it, or gave it another ref, in the meantime). Either refuses the whole import.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from wellboard.core.importing import ImportReport
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Membership
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.parse import ExportedVersions, ParsedWorkbook
from wellboard.strategy.workbook.plan import (
    ACTION,
    INITIATIVE,
    MILESTONE,
    NODE,
    ORGANISATION,
    STRATEGY,
    UPDATE,
    Op,
    Plan,
    field_label,
)
from wellboard.strategy.workbook.state import CurrentState

NO_VERSIONS = (
    "This workbook does not record the versions of the records it was exported with (it was exported "
    "before Wellboard kept them, or its hidden Versions sheet was removed), so import cannot tell whether "
    "it would undo changes made in Wellboard since. Export a fresh workbook, make your changes in it and "
    "import that one."
)

MODEL_LABELS = {
    STRATEGY: "strategy.strategy",
    NODE: "strategy.node",
    ACTION: "strategy.action",
    MILESTONE: "strategy.milestone",
    INITIATIVE: "strategy.initiative",
    ORGANISATION: "partners.organisation",
    fmt.BOARD_SEAT_RECORD: "partners.membership",
}

# Records whose key identifies them, so that a create under a key the export knew means the record was
# deleted (or re-keyed) since. Organisations are never deleted and the strategy is the file's own.
DELETABLE = (NODE, ACTION, MILESTONE, INITIATIVE)


@dataclass(frozen=True)
class Write:
    """One record a planned update would change: the fields it writes and the version it was planned on."""

    kind: str
    pk: int
    version: int | None
    fields: frozenset[str]
    op: Op


def _writes(plan: Plan) -> list[Write]:
    writes: list[Write] = []
    for op in plan.ops():
        if op.kind == UPDATE or op.creates:
            continue
        if op.values:
            writes.append(Write(op.kind, op.updated_pk, op.version, frozenset(op.values), op))
        seat = op.extra.get("membership")
        if seat:
            version = op.extra.get("membership_version")
            writes.append(Write(fmt.BOARD_SEAT_RECORD, op.updated_pk, version, frozenset(seat), op))
    return writes


def _row(op: Op, parsed: ParsedWorkbook, fields: frozenset[str]) -> int | None:
    if op.row is not None or parsed.strategy is None:
        return op.row
    # The Strategy sheet has a row per field: point at the first field in question.
    rows = [r for name in fields if (r := parsed.strategy.row_of(name)) is not None]
    return min(rows, default=None)


def _object_id(write: Write) -> str:
    if write.kind == fmt.BOARD_SEAT_RECORD:
        membership = Membership.objects.filter(organisation_id=write.pk).only("pk").first()
        return str(membership.pk) if membership is not None else ""
    return str(write.pk)


def _changed_since(write: Write, exported: int) -> tuple[set[str] | None, list[AuditEvent]]:
    """The fields changed after version ``exported``, and the audit events that changed them; None
    for the fields when the audit trail cannot say (the whole record is then taken as changed)."""
    events = [
        event
        for event in AuditEvent.objects.filter(
            object_type=MODEL_LABELS[write.kind], object_id=_object_id(write)
        ).order_by("at", "pk")
        if isinstance(event.after, dict) and _version(event.after) > exported
    ]
    if not events:
        return None, []
    changed: set[str] = set()
    for event in events:
        before: dict[str, Any] = event.before if isinstance(event.before, dict) else {}
        after: dict[str, Any] = event.after if isinstance(event.after, dict) else {}
        changed |= {k for k in after.keys() | before.keys() if before.get(k) != after.get(k)}
    return changed - {"version"}, events


def _version(snapshot: dict[str, Any]) -> int:
    value = snapshot.get("version")
    return value if isinstance(value, int) else 0


def _who_when(events: list[AuditEvent], fields: set[str]) -> str:
    parts: list[str] = []
    for event in events:
        before: dict[str, Any] = event.before if isinstance(event.before, dict) else {}
        after: dict[str, Any] = event.after if isinstance(event.after, dict) else {}
        mine = sorted(f for f in fields if before.get(f) != after.get(f))
        if not mine:
            continue
        when = timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M")
        what = "; ".join(
            f"{field_label(f)} from {_shown(before.get(f))} to {_shown(after.get(f))}" for f in mine
        )
        parts.append(f"{event.actor_label} changed {what} on {when}")
    return ", and ".join(parts)


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "(empty)"
    if isinstance(value, list):
        return "'" + "; ".join(str(v) for v in value) + "'"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _what(write: Write) -> str:
    kind = "board seat of organisation" if write.kind == fmt.BOARD_SEAT_RECORD else write.kind
    return f"{kind.capitalize()} '{write.op.key}'"


def _check_update(
    write: Write, versions: ExportedVersions, parsed: ParsedWorkbook, report: ImportReport
) -> None:
    exported = versions.by_id.get((write.kind, write.pk))
    row = _row(write.op, parsed, write.fields)
    if exported is None:
        report.reject(
            f"{_what(write)} was added in Wellboard after this workbook was exported, so this row would "
            "overwrite it: export a fresh workbook, or give this row a new Ref or slug",
            sheet=write.op.sheet,
            row=row,
        )
        return
    if write.version is None or exported >= write.version:
        return
    changed, events = _changed_since(write, exported)
    clash = write.fields if changed is None else write.fields & changed
    if not clash:
        return  # what changed since, the workbook leaves as it now is
    since = _who_when(events, set(clash)) if events else ""
    detail = f" ({since})" if since else ""
    report.reject(
        f"{_what(write)} was changed in Wellboard after this workbook was exported{detail}; importing this "
        f"row would undo that ({', '.join(field_label(f) for f in sorted(clash))}). Export a fresh "
        "workbook and make your changes in it, or make them on the record's page",
        sheet=write.op.sheet,
        row=row,
    )


def _current_keys(state: CurrentState) -> Counter[tuple[str, str]]:
    keys: Counter[tuple[str, str]] = Counter()
    keys.update((NODE, n.ref.lower()) for n in state.nodes)
    keys.update((ACTION, a.ref.lower()) for a in state.actions)
    keys.update((INITIATIVE, i.slug.lower()) for i in state.initiatives)
    action_refs = {a.pk: a.ref for a in state.actions}
    keys.update(
        (MILESTONE, f"{action_refs.get(m.action_pk, '')}: {m.title.strip()}".lower())
        for m in state.milestones
    )
    return keys


def _check_creates(plan: Plan, state: CurrentState, versions: ExportedVersions, report: ImportReport) -> None:
    if state.strategy is None:
        return  # a new strategy: nothing of it can have been deleted
    current = _current_keys(state)
    created: Counter[tuple[str, str]] = Counter()
    for op in plan.ops():
        if not op.creates or op.kind not in DELETABLE:
            continue
        key = (op.kind, op.key.strip().lower())
        created[key] += 1
        if versions.keys.get(key, 0) - current[key] >= created[key]:
            report.reject(
                f"{op.kind.capitalize()} '{op.key}' was in Wellboard when this workbook was exported and "
                "has since been deleted (or given another Ref), so this row would add it again: remove the "
                "row, or export a fresh workbook",
                sheet=op.sheet,
                row=op.row,
            )


def versions_check(
    *, parsed: ParsedWorkbook, state: CurrentState, plan: Plan, report: ImportReport, ignore: bool = False
) -> None:
    """Reject every planned write that would undo a change made since the workbook was exported.

    With ``ignore`` the workbook is applied over whatever Wellboard holds now (to move a strategy
    between deployments, or to import a workbook exported before versions were recorded).
    """
    if ignore:
        return
    writes = _writes(plan)
    if parsed.versions is None:
        if writes:
            report.reject(NO_VERSIONS, sheet=fmt.VERSIONS)
        return
    for write in writes:
        _check_update(write, parsed.versions, parsed, report)
    _check_creates(plan, state, parsed.versions, report)
