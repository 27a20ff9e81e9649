"""The import contracts cover every module: each package of Wellboard, and Wellboard itself, is the
container of an exhaustive layers contract, so a module that no layer names fails ``lint-imports``.

``lint-imports`` (``make contracts``, run by CI) checks the imports themselves; this test makes
sure no package is left outside the contracts, and no contract stops being exhaustive.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "src" / "wellboard"


def _contracts() -> list[dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _layer_contracts() -> list[dict[str, Any]]:
    return [c for c in _contracts() if c["type"] == "layers"]


def test_every_layers_contract_is_exhaustive() -> None:
    assert [c["name"] for c in _layer_contracts() if not c.get("exhaustive")] == []


def test_every_package_is_inside_a_layers_contract() -> None:
    packages = {"wellboard"} | {
        f"wellboard.{p.name}" for p in SOURCE.iterdir() if (p / "__init__.py").is_file()
    }
    containers = {container for c in _layer_contracts() for container in c.get("containers", [])}
    assert sorted(packages - containers) == []
