"""What the planner's parts share: the plan's shape, references to records, and the context.

Planning is pure: it takes the parsed rows and a ``CurrentState`` and returns a ``Plan`` of writes,
recording every row's outcome (or the reasons it cannot be imported) in the ``ImportReport``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wellboard.core.importing import ImportReport
from wellboard.core.inputs import DateOrder
from wellboard.strategy.workbook import format as fmt
from wellboard.strategy.workbook.checks import MAX_TEXT
from wellboard.strategy.workbook.parse import ParsedWorkbook, RowInput
from wellboard.strategy.workbook.state import CurrentState

ORGANISATION = "organisation"
STRATEGY = "strategy"
NODE = "tree item"
ACTION = "action"
MILESTONE = "milestone"
INITIATIVE = "initiative"
UPDATE = "progress update"

FIELD_LABELS = {
    "smart_target": "SMART target",
    "rag": "RAG",
    "position": "order",
    "nodes": "node refs",
    "node": "node ref",
    "parent": "parent ref",
    "kind": "type",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " "))


@dataclass(frozen=True)
class OrgTarget:
    """An organisation that exists (``pk``) or that this import creates (``new_key``, its name)."""

    pk: int | None = None
    new_key: str = ""


@dataclass(frozen=True)
class NodeTarget:
    ref: str


@dataclass(frozen=True)
class ActionTarget:
    ref: str


@dataclass
class Op:
    """One write: a create when ``pk`` is None, else an update of only the fields in ``values``."""

    kind: str
    key: str
    sheet: str
    row: int | None
    pk: int | None
    version: int | None
    values: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)  # organisations: board seat changes

    @property
    def creates(self) -> bool:
        return self.pk is None

    @property
    def updated_pk(self) -> int:
        """The record an update changes."""
        if self.pk is None:
            raise TypeError(f"{self.kind} {self.key} is created, not updated")
        return self.pk


@dataclass
class Plan:
    strategy_slug: str = ""
    strategy_pk: int | None = None
    organisations: list[Op] = field(default_factory=list)
    strategy: Op | None = None
    nodes: list[Op] = field(default_factory=list)  # parents before children
    actions: list[Op] = field(default_factory=list)
    milestones: list[Op] = field(default_factory=list)
    initiatives: list[Op] = field(default_factory=list)
    updates: list[Op] = field(default_factory=list)  # only ever created

    def ops(self) -> list[Op]:
        strategy = [self.strategy] if self.strategy is not None else []
        return [
            *self.organisations,
            *strategy,
            *self.nodes,
            *self.actions,
            *self.milestones,
            *self.initiatives,
            *self.updates,
        ]


class Context:
    """What every part of the planner shares: the inputs, the report, the plan so far and lookups."""

    def __init__(
        self, parsed: ParsedWorkbook, state: CurrentState, report: ImportReport, *, today: dt.date
    ) -> None:
        self.today = today
        self.parsed = parsed
        self.state = state
        self.report = report
        self.plan = Plan(strategy_pk=state.strategy.pk if state.strategy else None)
        self.org_lookup: dict[str, OrgTarget] = {}
        self.levels: tuple[str, ...] = state.strategy.level_names if state.strategy else ()
        self.node_pk_to_ref = {n.pk: n.ref for n in state.nodes}
        self.db_nodes = {n.ref: n for n in state.nodes}
        self.final_refs: set[str] = set(self.db_nodes)
        self.action_refs: set[str] = {a.ref for a in state.actions}

    # ------------------------------------------------------------ helpers

    def reject(self, reason: str, row: RowInput | None = None, *, sheet: str = "", column: str = "") -> bool:
        self.report.reject(
            reason, sheet=row.sheet if row is not None else sheet, row=row.row if row else None, column=column
        )
        return False

    def record(
        self, kind: str, key: str, row: RowInput | None, changes: Iterable[str], *, creating: bool
    ) -> None:
        changed = list(changes)
        outcome = "create" if creating else ("update" if changed else "unchanged")
        self.report.record(
            kind,
            key,
            outcome,  # type: ignore[arg-type]
            fields=[field_label(c) for c in changed] if not creating else [],
            sheet=row.sheet if row else fmt.STRATEGY,
            row=row.row if row else None,
        )

    def organisation(self, text: str, row: RowInput, column: str) -> OrgTarget | None:
        target = self.org_lookup.get(text.strip().lower())
        if target is None and not self.parsed.is_broken(fmt.ORGANISATIONS, text.strip()):
            self.reject(
                f"There is no organisation called '{text}': add it to the Organisations sheet, or create it "
                "in Wellboard first",
                row,
                column=column,
            )
        return target

    def organisations(self, texts: Iterable[str], row: RowInput, column: str) -> tuple[OrgTarget, ...] | None:
        found: list[OrgTarget] = []
        ok = True
        for text in texts:
            target = self.organisation(text, row, column)
            if target is None:
                ok = False
            elif target not in found:
                found.append(target)
        return tuple(found) if ok else None

    def known_node(self, ref: str, row: RowInput, column: str, *, what: str) -> bool:
        if ref in self.final_refs:
            return True
        if not self.parsed.is_broken(fmt.TREE, ref):
            self.reject(
                f"There is no row with Ref '{ref}' on the Tree sheet or in this strategy ({what})",
                row,
                column=column,
            )
        return False

    def long_text(self, row: RowInput, name: str, column: str) -> bool:
        value = row.get(name)
        if isinstance(value, str) and len(value) > MAX_TEXT:
            return self.reject(
                f"Enter at most {MAX_TEXT:,} characters (this has {len(value):,})", row, column=column
            )
        return True

    def dates(self, row: RowInput, order: DateOrder, *, current: Any, column: str) -> bool:
        """Reject a row whose dates cross, as the entity's input schema would."""
        first = row.get(order.start) if row.has(order.start) else getattr(current, order.start, None)
        last = row.get(order.end) if row.has(order.end) else getattr(current, order.end, None)
        if first is not None and last is not None and last < first:
            return self.reject(order.message, row, column=column)
        return True


def sibling_positions(
    wanted: list[tuple[str, str | None]],
    *,
    current_parent: dict[str, str | None],
    current_position: dict[str, tuple[int, int]],
    all_positions: dict[str, int],
) -> dict[str, int]:
    """New positions so that, under each parent, the workbook's rows keep the workbook's order.

    ``wanted`` lists (key, parent) in workbook order. Rows already in that order keep their
    positions; new rows (and rows moving in from another parent) are added after the existing
    ones; only when the workbook reorders existing rows is the whole group renumbered 1, 2, 3….
    """
    groups: dict[str | None, list[str]] = defaultdict(list)
    for key, parent in wanted:
        groups[parent].append(key)
    result: dict[str, int] = {}
    for parent, keys in groups.items():
        staying = [k for k in keys if k in current_parent and current_parent[k] == parent]
        arriving = [k for k in keys if k not in staying]
        in_order = [current_position[k] for k in staying] == sorted(current_position[k] for k in staying)
        arrivals_last = keys == staying + arriving
        if in_order and arrivals_last:
            top = max((p for k, p in all_positions.items() if current_parent.get(k) == parent), default=0)
            for offset, key in enumerate(arriving, start=1):
                result[key] = top + offset
        else:
            for position, key in enumerate(keys, start=1):
                result[key] = position
    return result
