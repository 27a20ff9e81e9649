"""The demo partnership has a published annual report for 2020/21 and a published quarterly report,
each with its four files ready to download."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from wellboard.demo import load_demo
from wellboard.reports.models import RenderedFile, ReportEdition
from wellboard.reports.services import edition_document

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_publishes_an_annual_and_a_quarterly_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WELLBOARD_REFERENCE_DATA", str(tmp_path / "absent"))
    started = time.monotonic()
    load_demo(log=lambda _: None)
    print(f"demo loaded in {time.monotonic() - started:.1f}s")
    editions = {(e.report.kind, e.report.period): e for e in ReportEdition.objects.select_related("report")}
    assert set(editions) == {("annual", "2020/21"), ("quarterly", "2026/27 Q2")}
    assert set(RenderedFile.objects.values_list("status", flat=True)) == {"done"}
    annual = edition_document(editions["annual", "2020/21"])
    assert annual.disclosed
    foreword = next(s for s in annual.sections if s.anchor == "foreword")
    assert "did not wait for instructions" in foreword.blocks[0].html  # type: ignore[union-attr]
    reach = next(s for s in annual.sections if s.anchor == "reach")
    table = next(b.table for b in reach.blocks if b.block == "table")  # type: ignore[union-attr]
    measures = {row[1] for row in table.rows if row[2] not in (None, 0)}
    assert any("call" in str(m).lower() for m in measures)
    quarterly = edition_document(editions["quarterly", "2026/27 Q2"])
    assert [s.anchor for s in quarterly.sections][:2] == ["summary", "exceptions"]
