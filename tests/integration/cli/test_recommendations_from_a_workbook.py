"""From a past report to Wellboard and back out: a strategy workbook whose tree is Pillar >
Recommendation, with each recommendation's action to date on its Updates sheet, imports with
`wellboard strategy import`, and `wellboard report render … recommendations` lists every
recommendation under its pillar with its latest action to date."""

from __future__ import annotations

import io
from pathlib import Path

import lxml.html
import pytest
from django.core.management import call_command

from tests.unit.strategy.workbook.builders import workbook_bytes
from tests.unit.strategy.workbook.test_updates_sheet import PILLARS
from wellboard.partners.models import Partnership

pytestmark = pytest.mark.django_db

RECOMMENDATIONS = [
    ("R1", "P1", "Pay the real living wage across partner organisations"),
    ("R2", "P2", "Bring stop smoking support into every community pharmacy"),
    ("R3", "P3", "Share one record of each resident's care plan across services"),
    ("R4", "P4", "Fund residents' groups to run their own green spaces"),
]


def test_imported_recommendations_render_under_their_pillars(
    tmp_path: Path, partnership: Partnership
) -> None:
    workbook = tmp_path / "review.xlsx"
    workbook.write_bytes(
        workbook_bytes(
            {
                "Strategy": [
                    ["Field", "Value"],
                    ["Slug", "population-health-review"],
                    ["Title", "Population health review"],
                    ["Start date", "01/04/2025"],
                    ["End date", "31/03/2028"],
                    ["Level names", "Pillar; Recommendation"],
                ],
                "Tree": [["Ref", "Parent ref", "Title"]]
                + [[ref, None, title] for ref, title in PILLARS]
                + [[ref, parent, title] for ref, parent, title in RECOMMENDATIONS],
                "Updates": [
                    ["Node ref", "Period", "RAG", "Action to date"],
                    ["R1", "2025/26 Q2", "Amber", "Three of seven partners now pay the real living wage."],
                    ["R1", "2025/26 Q3", "Green", "Five of seven partners pay it; the other two have dates."],
                    ["R2", "2025/26 Q3", "Red", "Only two pharmacies have signed up so far."],
                    ["R4", "2025/26 Q4", "Amber", "Two residents' groups funded; a third is applying."],
                ],
            }
        )
    )
    out = io.StringIO()
    call_command("strategy", "import", str(workbook), "--partnership", partnership.slug, stdout=out)

    rendered = tmp_path / "recommendations.html"
    call_command(
        "report",
        "render",
        partnership.slug,
        "recommendations",
        "--strategy",
        "population-health-review",
        "--period",
        "2025/26",
        "--format",
        "html",
        "-o",
        str(rendered),
        stdout=io.StringIO(),
    )
    page = lxml.html.fromstring(rendered.read_bytes())
    under: dict[str, str] = {}  # each pillar's heading, and the text beneath it until the next one
    for heading in page.iter("h3"):
        words = []
        for sibling in heading.itersiblings():
            if sibling.tag in {"h2", "h3"}:
                break
            words.append(sibling.text_content())
        under[" ".join(heading.text_content().split())] = " ".join(" ".join(words).split())
    assert list(under) == [f"{ref}. {title}" for ref, title in PILLARS]
    for ref, parent, title in RECOMMENDATIONS:
        pillar = next(f"{p}. {t}" for p, t in PILLARS if p == parent)
        assert title in under[pillar], ref
        assert all(title not in text for name, text in under.items() if name != pillar), ref
    # The latest action to date of each, not an older one.
    assert "Five of seven partners pay it" in under["P1. The wider determinants of health"]
    assert "Three of seven partners" not in under["P1. The wider determinants of health"]
    assert "Only two pharmacies have signed up so far." in under["P2. Our behaviours and lifestyles"]
    assert "Two residents' groups funded" in under["P4. The places and communities we live in, and with"]
