"""Writing a strategy's tree: its themes, priorities, pillars or recommendations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from wellboard.core.access import Actor, require
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.versioning import comparable, pk_set, save_changes, version_check
from wellboard.strategy.models import Node, Strategy, Tag
from wellboard.strategy.services._common import (
    Errors,
    add_error,
    clean_optional_text,
    clean_position,
    clean_ref,
    clean_required_text,
    next_position,
    refuse_unknown_fields,
    values_in_use,
)
from wellboard.strategy.services.strategies import lock_strategy


def _clean_tags(errors: Errors, by: Actor, tags: Iterable[Any]) -> list[Tag]:
    wanted = pk_set(tags or ())
    if not wanted:
        return []
    found = list(
        Tag.objects.filter(pk__in=wanted).filter(
            Q(scheme__partnership__isnull=True) | Q(scheme__partnership_id=by.partnership_id)
        )
    )
    if len(found) != len(wanted):
        add_error(errors, "tags", "Choose tags from the list")
    return found


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
    require(by.is_coordinator, "Only a coordinator can change a strategy's tree")
    errors: Errors = {}
    title = clean_required_text(
        errors, "title", title, missing="Enter a title", max_length=300, label="The title"
    )
    description = clean_optional_text(errors, "description", description, label="The description")
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
    ref = clean_ref(errors, "ref", ref, taken=taken)
    tag_list = _clean_tags(errors, by, tags)
    if position is not None and position < 0:
        add_error(errors, "position", "The position must be 0 or more")
    if errors:
        raise InvalidInput(errors)
    if position is None:
        position = next_position(
            Node.objects.filter(strategy=strategy, parent=parent).values_list("position", flat=True)
        )
    node = Node.objects.create(
        strategy=strategy,
        parent=parent,
        depth=depth,
        ref=ref or _auto_node_ref(strategy, parent, taken),
        position=position,
        title=title,
        description=description,
    )
    if tag_list:
        node.tags.set(tag_list)
    audit_record(by=by, action="node.create", obj=node, after=audit_snapshot(node))
    return node


NODE_FIELDS = frozenset({"title", "description", "ref", "position", "parent", "tags"})


def _lock_node(by: Actor, node: Node) -> Node:
    locked = (
        Node.objects.select_for_update()
        .filter(pk=node.pk, strategy__partnership_id=by.partnership_id)
        .select_related("strategy")
        .first()
    )
    if locked is None:
        raise NotFound("part of the strategy")
    return locked


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
    require(by.is_coordinator, "Only a coordinator can change a strategy's tree")
    refuse_unknown_fields(changes, NODE_FIELDS, owner="A node")
    version_check(locked, expected_version, what=strategy.level_name(locked.depth).lower())
    errors: Errors = {}
    cleaned: dict[str, Any] = {}
    if "title" in changes:
        cleaned["title"] = clean_required_text(
            errors, "title", changes["title"], missing="Enter a title", max_length=300, label="The title"
        )
    if "description" in changes:
        cleaned["description"] = clean_optional_text(
            errors, "description", changes["description"], label="The description"
        )
    if "ref" in changes:
        ref = clean_ref(errors, "ref", changes["ref"], taken=_node_refs(strategy, locked.pk))
        if not ref:
            add_error(errors, "ref", "Enter a reference, like 1.2")
        cleaned["ref"] = ref
    if "position" in changes:
        cleaned["position"] = clean_position(errors, changes["position"])
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
    tags: list[Tag] | None = None
    if "tags" in changes:
        tags = _clean_tags(errors, by, changes["tags"])
    if errors:
        raise InvalidInput(errors)
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
    require(by.is_coordinator, "Only a coordinator can change a strategy's tree")
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
