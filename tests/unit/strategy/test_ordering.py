"""Tree order, worked out without a database: parents first, siblings by position then reference."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from wellboard.core.text import natural_key
from wellboard.strategy.selectors.ordering import tree_order


@dataclass(frozen=True)
class Item:
    pk: int
    parent_id: int | None
    position: int
    ref: str


def test_tree_order_reads_down_each_branch_before_the_next() -> None:
    items = [
        Item(1, None, 1, "1"),
        Item(2, None, 2, "2"),
        Item(3, 1, 1, "1.1"),
        Item(4, 2, 1, "2.1"),
        Item(5, 1, 2, "1.2"),
        Item(6, 1, 2, "1.10"),  # same position as 1.2: the reference decides, as a number
        Item(7, 3, 0, "1.1.1"),
    ]
    order = {item.pk: item.ref for item in items}
    assert [order[pk] for pk in tree_order(items)] == ["1", "1.1", "1.1.1", "1.2", "1.10", "2", "2.1"]


def test_a_node_whose_parent_is_left_out_stands_at_the_top() -> None:
    assert tree_order([Item(2, 1, 0, "1.1"), Item(3, None, 0, "2")]) == [2, 3]


@st.composite
def trees(draw: st.DrawFn) -> list[Item]:
    size = draw(st.integers(min_value=0, max_value=30))
    items: list[Item] = []
    for pk in range(1, size + 1):
        parent = draw(st.one_of(st.none(), st.sampled_from([i.pk for i in items]))) if items else None
        position = draw(st.integers(min_value=0, max_value=4))
        ref = draw(st.sampled_from(["", "A", "b"])) + str(draw(st.integers(min_value=0, max_value=120)))
        items.append(Item(pk, parent, position, ref))
    return draw(st.permutations(items))


@given(trees())
def test_every_node_once_after_its_parent_and_siblings_in_order(items: list[Item]) -> None:
    order = tree_order(items)
    assert sorted(order) == sorted(item.pk for item in items)
    place = {pk: index for index, pk in enumerate(order)}
    by_pk = {item.pk: item for item in items}
    for item in items:
        if item.parent_id is not None:
            assert place[item.parent_id] < place[item.pk]
    for parent in {item.parent_id for item in items}:
        siblings = [pk for pk in order if by_pk[pk].parent_id == parent]
        keys = [(by_pk[pk].position, natural_key(by_pk[pk].ref), pk) for pk in siblings]
        assert keys == sorted(keys)


@given(trees())
def test_each_branch_is_contiguous(items: list[Item]) -> None:
    """A node's descendants follow it directly: nothing from another branch comes between."""
    order = tree_order(items)
    children: dict[int | None, list[int]] = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item.pk)

    def size(pk: int) -> int:
        return 1 + sum(size(child) for child in children.get(pk, []))

    for index, pk in enumerate(order):
        branch = set(order[index : index + size(pk)])
        stack, expected = [pk], set()
        while stack:
            current = stack.pop()
            expected.add(current)
            stack.extend(children.get(current, []))
        assert branch == expected
