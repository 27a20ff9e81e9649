from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wellboard.core.access import Actor
from wellboard.partners.models import User

DEMO_FEED = (
    Path(__file__).resolve().parents[3] / "src" / "wellboard" / "demo" / "data" / "directory_oruk.json"
)


@pytest.fixture
def demo_feed() -> dict[str, Any]:
    """The demo's thirty services, as a page of /services."""
    found: dict[str, Any] = json.loads(DEMO_FEED.read_text(encoding="utf-8"))
    return copy.deepcopy(found)


@pytest.fixture
def by(coordinator: User, actor_of: Callable[[User], Actor]) -> Actor:
    return actor_of(coordinator)


def as_bytes(value: Any) -> bytes:
    return json.dumps(value).encode("utf-8")
