"""Carrying out a plan through the services, in the order records depend on one another.

Runs inside the caller's transaction. The plan has already been checked, but a service has the
last word: if one refuses (someone changed a record since it was read, or a rule only the service
knows), its reason is added to the report against the row that caused it and ``ApplyRefused``
rolls the whole import back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model

from wellboard.core.access import Actor
from wellboard.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from wellboard.core.importing import ImportReport
from wellboard.partners.models import Membership, Organisation
from wellboard.partners.services import membership_update, organisation_create, organisation_update
from wellboard.strategy.models import Action, Initiative, Milestone, Node, Strategy
from wellboard.strategy.services import (
    action_create,
    action_update,
    initiative_create,
    initiative_update,
    milestone_create,
    milestone_update,
    node_create,
    node_progress_update_post,
    node_update,
    progress_update_post,
    strategy_create,
    strategy_update,
)
from wellboard.strategy.services.progress import ADD
from wellboard.strategy.workbook.plan import ActionTarget, NodeTarget, Op, OrgTarget, Plan

T = TypeVar("T")


class ApplyRefused(Exception):
    """A service refused a write; the reason is in the report and the transaction must roll back."""


def _reason(exc: Exception) -> str:
    if isinstance(exc, InvalidInput):
        return "; ".join(message for messages in exc.errors.values() for message in messages) or str(exc)
    return str(exc)


class Applier:
    def __init__(self, *, by: Actor, plan: Plan, report: ImportReport) -> None:
        self.by = by
        self.plan = plan
        self.report = report
        self.new_organisations: dict[str, Organisation] = {}
        self.organisations: dict[int, Organisation] = {}
        self.nodes: dict[str, Node] = {}
        self.actions: dict[str, Action] = {}

    def call(self, op: Op, write: Callable[..., T], **kwargs: Any) -> T:
        try:
            return write(by=self.by, **kwargs)
        except (InvalidInput, Conflict, PermissionDenied, NotFound) as exc:
            self.report.reject(_reason(exc), sheet=op.sheet, row=op.row)
            raise ApplyRefused(str(exc)) from exc

    # ------------------------------------------------------------ references

    def organisation(self, target: OrgTarget | None) -> Organisation | None:
        if target is None:
            return None
        if target.pk is None:
            return self.new_organisations[target.new_key]
        return self.existing_organisation(target.pk)

    def existing_organisation(self, pk: int) -> Organisation:
        if pk not in self.organisations:
            self.organisations[pk] = Organisation.objects.get(pk=pk, partnership_id=self.by.partnership_id)
        return self.organisations[pk]

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        """Replace the plan's references with the records they name."""
        resolved: dict[str, Any] = {}
        for name, value in values.items():
            if isinstance(value, OrgTarget):
                resolved[name] = self.organisation(value)
            elif isinstance(value, NodeTarget):
                resolved[name] = self.nodes[value.ref]
            elif isinstance(value, ActionTarget):
                resolved[name] = self.actions[value.ref]
            elif isinstance(value, tuple) and name in ("supporting_organisations", "partners"):
                resolved[name] = [self.organisation(v) for v in value]
            elif isinstance(value, tuple) and name == "nodes":
                resolved[name] = [self.nodes[v.ref] if isinstance(v, NodeTarget) else v for v in value]
            elif isinstance(value, tuple):
                resolved[name] = list(value)
            else:
                resolved[name] = value
        return resolved

    # ------------------------------------------------------------ the steps

    def organisations_step(self) -> None:
        for op in self.plan.organisations:
            if op.creates:
                created = self.call(op, organisation_create, **op.values)
                self.new_organisations[op.values["name"].lower()] = created
                continue
            organisation = self.existing_organisation(op.updated_pk)
            if op.values:
                organisation = self.call(
                    op,
                    organisation_update,
                    organisation=organisation,
                    expected_version=op.version,
                    **op.values,
                )
                self.organisations[organisation.pk] = organisation
            seat = op.extra.get("membership")
            if seat:
                current = Membership.objects.filter(organisation=organisation).first()
                self.call(
                    op,
                    membership_update,
                    organisation=organisation,
                    expected_version=op.extra.get("membership_version"),
                    board_seat=seat.get("board_seat", current.board_seat if current else False),
                    seat_title=seat.get("seat_title", current.seat_title if current else ""),
                    joined_on=current.joined_on if current else None,
                    left_on=current.left_on if current else None,
                )

    def strategy_step(self) -> tuple[Strategy, Op | None]:
        """Create or update the strategy. Fewer level names wait until the tree has been reshaped
        to fit them (returned as a second step), since the service refuses names for a deeper tree."""
        op = self.plan.strategy
        if op is not None and op.creates:
            return self.call(op, strategy_create, **op.values), None
        if self.plan.strategy_pk is None:
            raise TypeError("A plan that does not create its strategy names the one it changes")
        strategy = Strategy.objects.get(pk=self.plan.strategy_pk, partnership_id=self.by.partnership_id)
        if op is None:
            return strategy, None
        changes = dict(op.values)
        later: Op | None = None
        if "level_names" in changes and len(changes["level_names"]) < len(strategy.level_names or []):
            later = Op(
                op.kind, op.key, op.sheet, op.row, op.pk, None, {"level_names": changes.pop("level_names")}
            )
        if changes:
            strategy = self.call(
                op, strategy_update, strategy=strategy, expected_version=op.version, **changes
            )
        return strategy, later

    def nodes_step(self, strategy: Strategy) -> None:
        self.nodes = {n.ref: n for n in Node.objects.filter(strategy=strategy)}
        for op in self.plan.nodes:
            values = self.resolve(op.values)
            if op.creates:
                self.nodes[op.key] = self.call(op, node_create, strategy=strategy, **values)
            else:
                self.nodes[op.key] = self.call(
                    op, node_update, node=self.nodes[op.key], expected_version=op.version, **values
                )

    def actions_step(self, strategy: Strategy) -> None:
        self.actions = {a.ref: a for a in Action.objects.filter(strategy=strategy)}
        for op in self.plan.actions:
            values = self.resolve(op.values)
            if op.creates:
                self.actions[op.key] = self.call(op, action_create, **values)
            else:
                self.actions[op.key] = self.call(
                    op, action_update, action=self.actions[op.key], expected_version=op.version, **values
                )

    def records_step(
        self,
        ops: list[Op],
        model: type[Model],
        create: Callable[..., Any],
        update: Callable[..., Any],
        name: str,
    ) -> None:
        """Create or change the records (milestones, initiatives) the plan names by their key;
        ``name`` is the keyword ``update`` takes the record by."""
        existing = model._default_manager.in_bulk([op.pk for op in ops if op.pk is not None])
        for op in ops:
            values = self.resolve(op.values)
            if op.creates:
                self.call(op, create, **values)
            else:
                record = {name: existing[op.updated_pk]}
                self.call(op, update, expected_version=op.version, **record, **values)

    def updates_step(self) -> None:
        """Add each new update beside any others of its period: import never replaces one."""
        for op in self.plan.updates:
            values = self.resolve(op.values)
            if "action" in values:
                self.call(op, progress_update_post, mode=ADD, **values)
            else:
                self.call(op, node_progress_update_post, mode=ADD, **values)

    def run(self) -> None:
        self.organisations_step()
        strategy, later = self.strategy_step()
        self.nodes_step(strategy)
        if later is not None:
            strategy = self.call(
                later, strategy_update, strategy=strategy, expected_version=None, **later.values
            )
        self.actions_step(strategy)
        self.records_step(self.plan.milestones, Milestone, milestone_create, milestone_update, "milestone")
        self.records_step(
            self.plan.initiatives, Initiative, initiative_create, initiative_update, "initiative"
        )
        self.updates_step()


def plan_apply(*, by: Actor, plan: Plan, report: ImportReport) -> None:
    """Write everything in ``plan``. Call inside ``transaction.atomic()``; on ``ApplyRefused`` the
    caller must let the transaction roll back."""
    Applier(by=by, plan=plan, report=report).run()
