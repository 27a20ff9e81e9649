"""The suite's Hypothesis settings: no test may pass or fail by how fast the machine is."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import HealthCheck, settings

from tests.conftest import HYPOTHESIS_PROFILE

TESTS = Path(__file__).resolve().parents[1]
TIMED_HEALTH_CHECKS = {HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example}


def test_the_suite_runs_with_its_own_profile_loaded() -> None:
    assert settings.get_current_profile_name() == HYPOTHESIS_PROFILE


def test_the_loaded_profile_has_no_deadline_and_no_timed_health_check() -> None:
    assert settings.default.deadline is None
    assert set(settings.default.suppress_health_check) >= TIMED_HEALTH_CHECKS


def test_a_tests_own_settings_inherit_the_profile() -> None:
    own = settings(max_examples=5)
    assert own.deadline is None
    assert set(own.suppress_health_check) >= TIMED_HEALTH_CHECKS


def _deadlines_set(tree: ast.AST) -> list[int]:
    """Lines where ``settings(...)`` is given a deadline other than None."""
    lines = []
    for node in ast.walk(tree):
        name = getattr(node.func, "id", getattr(node.func, "attr", "")) if isinstance(node, ast.Call) else ""
        if isinstance(node, ast.Call) and name == "settings":
            for keyword in node.keywords:
                if keyword.arg == "deadline" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is None
                ):
                    lines.append(node.lineno)
    return lines


def test_no_test_turns_a_deadline_back_on() -> None:
    offenders = {
        str(path.relative_to(TESTS)): found
        for path in sorted(TESTS.rglob("*.py"))
        if (found := _deadlines_set(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}
