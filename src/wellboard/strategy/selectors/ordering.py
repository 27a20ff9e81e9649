"""The order strategies are read in, defined once for every page, form, export and API list.

Nodes come in **tree order**: each node before its children, siblings by their position, then by
reference in natural order (1.2 before 1.10), so a tree reads 1, 1.1, 1.2, 2, 2.1 — never level by
level. Actions in a list come in the **natural order** of their references: A1, A2, A12. Neither can be
written in SQL, so the order is worked out from a small read and handed back to the database as
the position of each row, which keeps the results query sets that can still be filtered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from django.db.models import Case, IntegerField, QuerySet, Value, When

from wellboard.core.text import NaturalKey, natural_key
from wellboard.strategy.models import Action, Node


class TreeItem(Protocol):
    @property
    def pk(self) -> int: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def position(self) -> int: ...
    @property
    def ref(self) -> str: ...


def sibling_key(node: TreeItem) -> tuple[int, NaturalKey, int]:
    """How the children of one parent are ordered."""
    return (node.position, natural_key(node.ref), node.pk)


def tree_order(nodes: Iterable[TreeItem]) -> list[int]:
    """The primary keys of ``nodes`` in tree order. A node whose parent is not among ``nodes`` is
    placed as if it were at the top of the tree."""
    items = list(nodes)
    known = {item.pk for item in items}
    children: dict[int | None, list[TreeItem]] = {}
    for item in sorted(items, key=sibling_key):
        parent = item.parent_id if item.parent_id in known else None
        children.setdefault(parent, []).append(item)
    ordered: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        item = stack.pop()
        ordered.append(item.pk)
        stack.extend(reversed(children.get(item.pk, [])))
    return ordered


def in_tree_order(nodes: Iterable[Node]) -> list[Node]:
    """``nodes`` (of one strategy, loaded already) in tree order."""
    by_pk = {node.pk: node for node in nodes}
    return [by_pk[pk] for pk in tree_order(by_pk.values())]


def _ranked(pks: Sequence[int]) -> list[Case]:
    """Each row's place in ``pks`` (rows not in it last), for ``order_by``; nothing when ``pks`` is
    empty, since a CASE without a WHEN is a bare number, which PostgreSQL reads as a column position."""
    if not pks:
        return []
    return [
        Case(
            *(When(pk=pk, then=Value(index)) for index, pk in enumerate(pks)),
            default=Value(len(pks)),
            output_field=IntegerField(),
        )
    ]


class _TreeRow:
    __slots__ = ("parent_id", "pk", "position", "ref")

    def __init__(self, pk: int, parent_id: int | None, position: int, ref: str) -> None:
        self.pk, self.parent_id, self.position, self.ref = pk, parent_id, position, ref


def nodes_in_tree_order(queryset: QuerySet[Node]) -> QuerySet[Node]:
    """``queryset`` ordered strategy by strategy (by title), each strategy's nodes in tree order.

    The whole tree of each strategy is read (four small columns) so that a node whose parent the
    query leaves out still sits where it belongs.
    """
    trees: dict[int, list[_TreeRow]] = {}
    rows = Node.objects.filter(strategy_id__in=queryset.values("strategy_id")).values_list(
        "strategy_id", "pk", "parent_id", "position", "ref"
    )
    for strategy_id, pk, parent_id, position, ref in rows:
        trees.setdefault(strategy_id, []).append(_TreeRow(pk, parent_id, position, ref))
    pks = [pk for tree in trees.values() for pk in tree_order(tree)]
    return queryset.order_by("strategy__title", "strategy_id", *_ranked(pks), "pk")


def action_in_node_key(action: Action) -> tuple[int, NaturalKey, int]:
    """The actions of one node: by their position, then by reference in natural order."""
    return (action.position, natural_key(action.ref), action.pk)


def actions_in_natural_order(queryset: QuerySet[Action]) -> QuerySet[Action]:
    """``queryset`` ordered strategy by strategy (by title), each strategy's actions by reference in
    natural order."""
    refs = sorted(queryset.order_by().values_list("ref", "pk"), key=lambda row: (natural_key(row[0]), row[1]))
    return queryset.order_by("strategy__title", "strategy_id", *_ranked([pk for _, pk in refs]), "pk")
