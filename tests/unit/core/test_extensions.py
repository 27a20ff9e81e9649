from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from wellboard.core import extensions
from wellboard.core.extensions import panels_register, panels_render


@pytest.fixture
def empty_slot() -> Iterator[str]:
    slot = "tests.slot"
    yield slot
    extensions._providers.pop(slot, None)


def test_panels_from_several_providers_are_joined_per_key(empty_slot: str) -> None:
    def first(**context: Any) -> dict[int, str]:
        return {1: f"<p>one {context['word']}</p>", 2: ""}

    def second(**context: Any) -> dict[int, str]:
        return {1: "<p>two</p>", 3: "<p>three</p>"}

    panels_register(empty_slot, first)
    panels_register(empty_slot, second)
    panels_register(empty_slot, first)  # registering again changes nothing
    panels = panels_render(empty_slot, word="x")
    assert panels == {1: "<p>one x</p>\n<p>two</p>", 3: "<p>three</p>"}


def test_an_unknown_slot_has_no_panels() -> None:
    assert panels_render("no.such.slot", anything=1) == {}
