"""Shared fixtures for the statistics tests: where the reference tables live.

The reference data are never copied into the repository; they are read from
``../shared/data`` next to the repository root, and tests skip when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not found at {SHARED_DATA} (expected ../shared/data)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def phe(shared_data: Path) -> Path:
    """PHEindicatormethods reference tables (top level: from the R package)."""
    path = shared_data / "pheindicatormethods"
    if not path.is_dir():
        pytest.skip(f"PHEindicatormethods reference tables not found at {path}")
    return path


@pytest.fixture(scope="session")
def phs(phe: Path) -> Path:
    """PHStatsMethods (Python port) fixtures that differ from the R ones."""
    return phe / "phstatsmethods_fixtures"


@pytest.fixture(scope="session")
def generated(phe: Path) -> Path:
    """Outputs of unmodified PHEindicatormethods 2.0.0 on this project's synthetic inputs."""
    return phe / "generated"
