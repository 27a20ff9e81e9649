"""Production code states its checks with domain errors (``core/errors.py``) or an explicit
``if ...: raise`` with a message, never ``assert``: Python drops asserts when run with ``-O``, and an
``AssertionError`` tells nobody what went wrong. A type that needs narrowing is narrowed with
``if not isinstance(...): raise TypeError(...)``.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[3] / "src" / "wellboard"


def _asserts(path: Path) -> list[int]:
    return [node.lineno for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.Assert)]


def test_production_code_has_no_assert() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if "migrations" in relative.parts:
            continue
        found += [f"{relative.as_posix()}:{line}" for line in _asserts(path)]
    assert found == [], "raise a domain error (or an explicit error with a message) instead:\n" + "\n".join(
        found
    )
