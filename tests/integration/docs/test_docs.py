"""The documentation describes the product as it is: commands, links and the two make targets."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"
GROUPS = ["partnership", "strategy", "geography", "indicators", "returns", "report", "hub"]
OWN_COMMANDS = ["demo", "serve", "worker", "migrate", "load-demo", "createuser"]


def subcommands(group: str) -> set[str]:
    command = load_command_class(get_commands()[group], group)
    parser = command.create_parser("wellboard", group)
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(actions[0].choices)


def documented(text: str) -> set[tuple[str, str]]:
    return set(re.findall(r"`wellboard ([a-z-]+)(?: ([a-z-]+))?", text))


@pytest.mark.parametrize("group", GROUPS)
def test_every_subcommand_is_documented(group: str) -> None:
    text = (DOCS / "cli.md").read_text()
    for name in subcommands(group):
        assert f"`wellboard {group} {name}" in text, (
            f"docs/cli.md does not describe `wellboard {group} {name}`"
        )


def test_every_documented_command_exists() -> None:
    known = set(get_commands()) | {"load-demo", "help"}
    for command, sub in documented((DOCS / "cli.md").read_text()):
        assert command in known or command.replace("-", "_") in known, (
            f"docs/cli.md names unknown `{command}`"
        )
        if command in GROUPS and sub:
            assert sub in subcommands(command), f"docs/cli.md names unknown `wellboard {command} {sub}`"


def test_own_commands_are_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    for command in OWN_COMMANDS:
        assert f"`wellboard {command}" in text


def test_readme_gives_the_two_commands_and_its_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme
    assert "make test" in readme
    for target in re.findall(r"\]\(((?:docs/)?[\w./-]+\.md)\)", readme):
        assert (ROOT / target).exists(), f"README links to missing {target}"


def test_doc_links_resolve() -> None:
    for page in DOCS.rglob("*.md"):
        for target in re.findall(r"\]\(([\w./-]+\.md)\)", page.read_text()):
            assert (page.parent / target).resolve().exists(), (
                f"{page.relative_to(ROOT)} links to missing {target}"
            )
