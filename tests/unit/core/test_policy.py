"""Permission rules: one rule answers whether an actor may act and refuses with its own message; and
each app's rule messages are written in its policy module and nowhere else."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from wellboard.core.access import Actor, Role
from wellboard.core.errors import PermissionDenied
from wellboard.core.policy import Rule, abilities, coordinators

SRC = Path(__file__).resolve().parents[3] / "src" / "wellboard"
POLICIES = (
    "wellboard.strategy.policy",
    "wellboard.returns.policy",
    "wellboard.geography.policy",
    "wellboard.indicators.policy",
    "wellboard.partners.policy",
)


def actor(*roles: str) -> Actor:
    return Actor(partnership_id=1, user=None, roles=frozenset(roles))


def test_a_rule_allows_or_refuses_with_its_message() -> None:
    rule = Rule("Only a coordinator can do that", coordinators)
    assert rule.allows(actor(Role.COORDINATOR))
    assert not rule.allows(actor(Role.VIEWER))
    rule.require(actor(Role.COORDINATOR))
    with pytest.raises(PermissionDenied, match=r"^Only a coordinator can do that$"):
        rule.require(actor(Role.CONTRIBUTOR))


def test_abilities_name_what_an_actor_may_do_for_templates() -> None:
    rules = {"edit": Rule("Only a coordinator can edit", coordinators)}
    assert abilities(actor(Role.COORDINATOR), rules) == {"edit": True}
    assert abilities(actor(Role.BOARD), rules) == {"edit": False}


def _messages(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    return [value.message for value in vars(module).values() if isinstance(value, Rule)]


@pytest.mark.parametrize("module_name", POLICIES)
def test_every_rule_message_is_written_once_in_its_policy(module_name: str) -> None:
    messages = _messages(module_name)
    assert messages
    sources = {
        path: path.read_text(encoding="utf-8")
        for path in [*SRC.rglob("*.py"), *SRC.rglob("*.html")]
        if "migrations" not in path.parts
    }
    policy_file = SRC.joinpath(*module_name.split(".")[1:]).with_suffix(".py")
    for message in messages:
        found = [path for path, text in sources.items() if message in text]
        assert found == [policy_file], f"{message!r} is written in {[str(p) for p in found]}"
