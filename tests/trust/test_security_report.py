"""docs/security.md keeps the markers the security report writes between, and a table of the shape
tests/trust/report.py writes; the script rewrites only what is between the markers."""

from __future__ import annotations

import json
from pathlib import Path

from tests.trust import report

PAGE = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def _between(text: str) -> str:
    return text.split(report.START, 1)[1].split(report.END, 1)[0]


def test_the_page_has_the_markers_once_and_the_table_between_them() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert text.count(report.START) == 1
    assert text.count(report.END) == 1
    assert "## What the tests prove" in text.split(report.START, 1)[0]
    lines = _between(text).strip().splitlines()
    assert lines[0] == "| " + " | ".join(report.HEADER) + " |"
    assert [line.split(" | ")[0].lstrip("| ") for line in lines[2:]] == list(report.SUITES)


def test_the_script_writes_the_figures_and_leaves_the_rest(tmp_path: Path) -> None:
    figures = tmp_path / "figures"
    figures.mkdir()
    lines = [{"routes": 1, "requests": 18, "unexpected": 0}, {"routes": 1, "requests": 18, "unexpected": 1}]
    (figures / "authorisation-matrix.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    page = tmp_path / "security.md"
    page.write_text(PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    assert report.main(["report", str(figures), str(page)]) == 0
    written = page.read_text(encoding="utf-8")
    assert (
        "| authorisation-matrix | Every route, every actor, GET and POST | 2 routes, 36 requests | 1 |"
        in written
    )
    assert (
        "| concurrency | Racing pairs of saves from the same version (PostgreSQL) | not run | - |" in written
    )
    original = PAGE.read_text(encoding="utf-8")
    assert written.split(report.START)[0] == original.split(report.START)[0]
    assert written.split(report.END)[1] == original.split(report.END)[1]
