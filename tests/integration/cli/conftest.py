"""Shared set-up for tests that run the `wellboard` command in-process."""

from __future__ import annotations

import pytest
from django.db import connections


@pytest.fixture(autouse=True)
def keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Django closes every database connection when a command run from argv finishes. On PostgreSQL
    that would end the transaction each test runs in, so keep connections open while testing."""
    monkeypatch.setattr(connections, "close_all", lambda: None)
