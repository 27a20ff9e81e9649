"""Helpers for the geography importer tests, which read the real files in ../shared/data."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wellboard.core.importing import ImportReport
from wellboard.geography.importers.lookups import import_lookups

HERTFORDSHIRE = "E10000015"
STEVENAGE = "E07000243"


@contextmanager
def no_writes() -> Iterator[None]:
    """Fails if anything inside writes to the database."""
    with CaptureQueriesContext(connection) as captured:
        yield
    writes = [
        q["sql"][:80]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def applied(report: ImportReport) -> ImportReport:
    assert report.ok, report.summary_lines()
    return report


@pytest.fixture
def herts_lookups(shared_data: Path, db: None) -> Path:
    """The UK ward lookup for Hertfordshire and its LSOA-to-ward lookup (a second or so)."""
    geography = shared_data / "geography"
    applied(
        import_lookups(geography / "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU_Dec2019.csv", within=[HERTFORDSHIRE])
    )
    applied(import_lookups(geography / "LSOA11_WD19_LAD19_EW_LU_Dec2019.csv", within=[HERTFORDSHIRE]))
    return shared_data
