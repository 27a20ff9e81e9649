"""Writing a strategy's tree: its themes, priorities, pillars or recommendations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.inputs import Errors, add_error, next_position, raise_if_any, values_in_use
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import comparable, pk_set, save_changes, version_check
from wellboard.strategy.inputs import NodeInput
from wellboard.strategy.models import Node, Strategy, Tag
from wellboard.strategy.policy import CHANGE_TREE
from wellboard.strategy.services.strategies import lock_strategy

IN_THIS_STRATEGY = "in this strategy"


def _level_path(strategy: Strategy) -> str:
    return " \u203a ".join(strategy.level_names or ["Priority"])


def _levels(strategy: Strategy) -> int:
    return len(strategy.level_names or []) or 1


def _auto_node_ref(strategy: Strategy, parent: Node | None, taken: set[str]) -> str:
    siblings = Node.objects.filter(strategy=strategy, parent=parent).count()
    n = siblings + 1
    while True:
        ref = f"{parent.ref}.{n}" if parent is not None else str(n)
        if ref not in taken:
            return ref
        n += 1


def _node_refs(strategy: Strategy, exclude_pk: int | None = None) -> set[str]:
    return values_in_use(Node.objects.filter(strategy=strategy), "ref", exclude_pk=exclude_pk)


@transaction.atomic
def node_create(
    *,
    by: Actor,
    strategy: Strategy,
    title: str,
    parent: Node | None = None,
    description: str = "",
    ref: str = "",
    position: int | None = None,
    tags: Iterable[Tag | int] = (),
) -> Node:
    strategy = lock_strategy(by, strategy)
    CHANGE_TREE.require(by)
    errors: Errors = {}
    cleaned = NodeInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    depth = 0
    if parent is not None:
        if parent.strategy_id != strategy.pk:
            add_error(errors, "parent", "Choose a parent from the same strategy")
        else:
            depth = parent.depth + 1
            if depth >= _levels(strategy):
                add_error(
                    errors,
                    "parent",
                    f"A {strategy.level_name(parent.depth).lower()} is the lowest level of this "
                    f"strategy's tree ({_level_path(strategy)}): it cannot have a level beneath it",
                )
    taken = _node_refs(strategy)
    NodeInput.ref.check_free(errors, cleaned["ref"], taken=taken, where=IN_THIS_STRATEGY)
    raise_if_any(errors)
    position = cleaned["position"]
    if position is None:
        position = next_position(
            Node.objects.filter(strategy=strategy, parent=parent).values_list("position", flat=True)
        )
    node = Node.objects.create(
        strategy=strategy,
        parent=parent,
        depth=depth,
        ref=cleaned["ref"] or _auto_node_ref(strategy, parent, taken),
        position=position,
        title=cleaned["title"],
        description=cleaned["description"],
    )
    if cleaned["tags"]:
        node.tags.set(cleaned["tags"])
    audit_record(by=by, action="node.create", obj=node, after=audit_snapshot(node))
    return node


def _lock_node(by: Actor, node: Node) -> Node:
    return lock_for_edit(
        Node.objects.select_related("strategy"),
        pk=node.pk,
        partnership_id=by.partnership_id,
        via="strategy",
        what="part of the strategy",
    )


def _subtree(node: Node) -> tuple[list[int], int]:
    """The ids of every node beneath ``node`` and how many levels they reach below it."""
    children: dict[int | None, list[tuple[int, int]]] = defaultdict(list)
    for pk, parent_id, depth in Node.objects.filter(strategy_id=node.strategy_id).values_list(
        "pk", "parent_id", "depth"
    ):
        children[parent_id].append((pk, depth))
    found: list[int] = []
    height = 0
    stack = [(node.pk, 0)]
    while stack:
        current, level = stack.pop()
        for child_pk, _depth in children.get(current, []):
            found.append(child_pk)
            height = max(height, level + 1)
            stack.append((child_pk, level + 1))
    return found, height


@transaction.atomic
def node_update(*, by: Actor, node: Node, expected_version: int | None, **changes: Any) -> Node:
    locked = _lock_node(by, node)
    strategy = locked.strategy
    CHANGE_TREE.require(by)
    NodeInput.refuse_unknown(changes)
    version_check(locked, expected_version, what=strategy.level_name(locked.depth).lower())
    errors: Errors = {}
    cleaned = NodeInput.clean(changes, errors, by=by, current=locked)
    tags: list[Tag] | None = cleaned.pop("tags", None)
    if "ref" in cleaned:
        NodeInput.ref.check_free(
            errors, cleaned["ref"], taken=_node_refs(strategy, locked.pk), where=IN_THIS_STRATEGY
        )
    descendants: list[int] = []
    new_depth = locked.depth
    if "parent" in changes and comparable(changes["parent"]) != locked.parent_id:
        parent: Node | None = changes["parent"]
        descendants, height = _subtree(locked)
        if parent is not None and parent.strategy_id != strategy.pk:
            add_error(errors, "parent", "Choose a parent from the same strategy")
        elif parent is not None and (parent.pk == locked.pk or parent.pk in descendants):
            add_error(errors, "parent", "A part of the tree cannot be moved beneath itself")
        else:
            new_depth = parent.depth + 1 if parent is not None else 0
            if new_depth + height >= _levels(strategy):
                add_error(
                    errors,
                    "parent",
                    f"Moving it there would make the tree deeper than its {_levels(strategy)} levels "
                    f"({_level_path(strategy)})",
                )
        cleaned["parent"] = parent
    raise_if_any(errors)
    changed = {k: v for k, v in cleaned.items() if comparable(getattr(locked, k)) != comparable(v)}
    tags_changed = tags is not None and pk_set(tags) != pk_set(locked.tags.all())
    if not changed and not tags_changed:
        return locked
    fields = dict(changed)
    if "parent" in changed:
        shift = new_depth - locked.depth
        fields["depth"] = new_depth
        if descendants and shift:
            Node.objects.filter(pk__in=descendants).update(depth=F("depth") + shift)
        if "position" not in cleaned:  # moved without a position given: append under the new parent
            fields["position"] = next_position(
                Node.objects.filter(strategy=strategy, parent=changed["parent"])
                .exclude(pk=locked.pk)
                .values_list("position", flat=True)
            )
    save_changes(
        by=by,
        record=locked,
        fields=fields,
        audit_action="node.update",
        many={"tags": tags} if tags is not None and tags_changed else None,
        duplicate_errors={"ref": ["That reference is already used in this strategy"]},
    )
    return locked


@transaction.atomic
def node_delete(*, by: Actor, node: Node) -> None:
    """Delete an empty part of the tree. Anything with parts or actions beneath it is kept, so no
    action is ever lost by accident."""
    locked = _lock_node(by, node)
    CHANGE_TREE.require(by)
    strategy = locked.strategy
    children = locked.children.count()
    if children:
        level = strategy.level_name(locked.depth + 1).lower()
        raise InvalidInput(
            f"Move or delete the {children} {level}{'s' if children != 1 else ''} under {locked.ref} first"
        )
    actions = locked.actions.count()
    if actions:
        raise InvalidInput(
            f"Move or delete the {actions} action{'s' if actions != 1 else ''} under {locked.ref} first"
        )
    audit_record(by=by, action="node.delete", obj=locked, before=audit_snapshot(locked))
    locked.delete()
