"""Actions read A1, A2, A10, A12 and a tree reads 1, 1.1, 1.2, 2, 2.1 on every page, form and API list,
however the positions of nodes at the same level compare across parents."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from django.test import Client

from tests.factories.strategy import ActionFactory, InitiativeFactory, NodeFactory, StrategyWorld
from wellboard.core.access import Actor
from wellboard.partners.models import Organisation, Partnership, User
from wellboard.partners.services import api_token_create
from wellboard.strategy.models import Node

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

ClientFor = Callable[[User], Client]
ACTIONS = ["A1", "A2", "A10", "A12"]
TREE = ["1", "1.1", "1.2", "2", "2.1"]


@pytest.fixture
def tree(world: StrategyWorld, council: Organisation) -> StrategyWorld:
    """Theme 1 (1.1, 1.2) and theme 2 (2.1), where 2.1 has a lower position than 1.2, and actions
    whose references sort A1, A10, A12, A2 as plain text."""
    Node.objects.filter(pk=world.theme.pk).update(position=1)
    Node.objects.filter(pk=world.priority.pk).update(position=1)
    world.priority.refresh_from_db()
    theme_2 = NodeFactory(strategy=world.strategy, ref="2", title="Thriving places", position=2)
    second_priority = NodeFactory(
        strategy=world.strategy, parent=world.theme, ref="1.2", title="Active lives", position=5
    )
    other_theme_priority = NodeFactory(
        strategy=world.strategy, parent=theme_2, ref="2.1", title="Safe streets", position=0
    )
    ActionFactory(node=other_theme_priority, ref="A10", title="Street lights", lead_organisation=council)
    ActionFactory(node=second_priority, ref="A12", title="Walking groups", lead_organisation=council)
    return world


def refs_in(text: str, refs: list[str]) -> list[str]:
    """The references as they first appear in ``text`` as whole words, in page order."""
    found = {
        ref: m.start() for ref in refs if (m := re.search(rf"(?<![\w.]){re.escape(ref)}(?![\w.])", text))
    }
    return sorted(found, key=found.__getitem__)


def option_refs(page: str, name: str) -> list[str]:
    select = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    labels = [html.unescape(label).strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)]
    return [label.split(" ")[0] for label in labels if label and not label.startswith("-")]


def test_action_list_is_in_natural_order(client_for: ClientFor, tree: StrategyWorld, viewer: User) -> None:
    page = client_for(viewer).get("/p/test-town/actions/").content.decode()
    assert refs_in(page, ACTIONS) == ACTIONS


def test_my_actions_and_home_are_in_natural_order(
    client_for: ClientFor, tree: StrategyWorld, council_contributor: User
) -> None:
    client = client_for(council_contributor)
    assert refs_in(client.get("/p/test-town/my-actions/").content.decode(), ACTIONS) == ["A1", "A10", "A12"]
    assert refs_in(client.get("/p/test-town/").content.decode(), ACTIONS) == ["A1", "A10", "A12"]


def test_strategy_page_reads_in_tree_order(client_for: ClientFor, tree: StrategyWorld, viewer: User) -> None:
    page = client_for(viewer).get("/p/test-town/strategies/community/").content.decode()
    assert re.findall(r"(?:Theme|Priority) ([\d.]+)\b", page) == TREE
    assert refs_in(page, ACTIONS) == ["A1", "A2", "A12", "A10"]  # each under its part of the tree


def test_part_of_the_strategy_is_offered_in_tree_order(
    client_for: ClientFor, tree: StrategyWorld, coordinator: User
) -> None:
    client = client_for(coordinator)
    edit = client.get(f"/p/test-town/actions/{tree.council_action.pk}/edit/").content.decode()
    assert option_refs(edit, "node") == TREE
    new = client.get("/p/test-town/strategies/community/nodes/1.1/actions/new/").content.decode()
    assert option_refs(new, "node") == TREE


def test_initiative_pages_list_parts_of_the_strategy_in_tree_order(
    client_for: ClientFor, tree: StrategyWorld, partnership: Partnership, coordinator: User
) -> None:
    initiative = InitiativeFactory(partnership=partnership, slug="so-active", name="So Active")
    initiative.nodes.add(*Node.objects.filter(strategy=tree.strategy))
    client = client_for(coordinator)
    detail = client.get("/p/test-town/initiatives/so-active/").content.decode()
    assert refs_in(detail.split("So Active", 2)[-1], TREE) == TREE
    edit = client.get("/p/test-town/initiatives/so-active/edit/").content.decode()
    assert re.findall(r"Community strategy: ([\d.]+) ", edit) == TREE


def test_api_lists_actions_in_natural_order_and_the_tree_in_tree_order(
    client: Client, tree: StrategyWorld, viewer: User, actor_of: Callable[[User], Actor]
) -> None:
    _, token = api_token_create(by=actor_of(viewer), name="tests")
    headers = {"Authorization": f"Bearer {token}"}
    actions = client.get("/api/v1/actions", headers=headers).json()
    assert [a["ref"] for a in actions] == ACTIONS
    strategy = client.get("/api/v1/strategies/community", headers=headers).json()
    assert [n["ref"] for n in strategy["nodes"]] == TREE
