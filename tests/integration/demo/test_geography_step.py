"""The demo's geography step, with and without the reference files."""

from __future__ import annotations

from pathlib import Path

import pytest

from wellboard.demo import DemoContext, step_10_partners, step_30_geography
from wellboard.geography.selectors import (
    area_children,
    area_get,
    area_parents,
    deprivation_deciles,
    population_for,
)
from wellboard.partners.services import partnership_create

pytestmark = pytest.mark.django_db


def context(messages: list[str]) -> DemoContext:
    partnership, actor = partnership_create(
        slug="healthy-stevenage",
        name="Healthy Stevenage",
        place_name="Stevenage",
        area_code="E07000243",
        two_factor_roles=[],  # as the demo: its logins work without a phone
    )
    ctx = DemoContext(partnership=partnership, actor=actor, log=messages.append)
    step_10_partners.load(ctx)
    return ctx


@pytest.mark.slow
def test_the_demo_imports_stevenage_from_the_real_files(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WELLBOARD_REFERENCE_DATA", str(shared_data))
    messages: list[str] = []
    ctx = context(messages)
    step_30_geography.load(ctx)
    shared = ctx.shared
    assert len(shared["stevenage_wards"]) == 13
    assert all(ward.geometry for ward in shared["stevenage_wards"])
    assert len(shared["stevenage_lsoas"]) == 52
    assert len(shared["herts_districts"]) == 10
    assert {"E92000001", "E12000006", "E10000015", "E07000243"} <= set(shared["areas"])
    assert len(deprivation_deciles(areas=shared["stevenage_lsoas"])) == 52
    assert deprivation_deciles(areas=["E05004806", "E07000243"]) == {"E05004806": 2, "E07000243": 5}
    assert population_for(areas=[shared["stevenage"], shared["hub_catchment"]], year=2019) == {
        "E07000243": 87845,
        shared["hub_catchment"].code: 14333,
    }
    assert len(area_children(area=area_get(code="E92000001"), type="region")) == 9
    assert any("13 wards and 52 LSOAs in Stevenage" in m for m in messages)


def test_without_the_files_the_demo_types_in_the_named_areas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WELLBOARD_REFERENCE_DATA", str(tmp_path / "absent"))
    messages: list[str] = []
    ctx = context(messages)
    step_30_geography.load(ctx)
    absent = tmp_path / "absent"
    assert (
        f"    reference data not found at {absent}; the demo has no ward boundaries or deprivation"
        in messages
    )
    assert sorted(w.name for w in ctx.shared["stevenage_wards"])[:3] == ["Bandley Hill", "Bedwell", "Chells"]
    assert len(ctx.shared["stevenage_wards"]) == 13
    assert len(ctx.shared["herts_districts"]) == 10
    assert ctx.shared["reference_data"] is None
    assert [a.code for a in area_parents(area=ctx.shared["stevenage"])] == [
        "E10000015",
        "E12000006",
        "E92000001",
    ]
