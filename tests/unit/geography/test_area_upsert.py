from __future__ import annotations

import pytest

from wellboard.core.errors import InvalidInput, NotFound
from wellboard.geography.models import Area, AreaLink
from wellboard.geography.selectors import area_get, area_parents
from wellboard.geography.services import area_upsert

pytestmark = pytest.mark.django_db


def test_area_upsert_creates_then_is_unchanged() -> None:
    england, outcome = area_upsert(code="E92000001", name="England", type="country")
    assert outcome == "create"
    _, outcome = area_upsert(code="E12000006", name="East of England", type="region", parents=[england])
    assert outcome == "create"
    herts, _ = area_upsert(code="e10000015 ", name="Hertfordshire", type="utla", parents=["E12000006"])
    assert herts.code == "E10000015"
    assert area_upsert(code="E92000001", name="England", type="country")[1] == "unchanged"
    assert (
        area_upsert(code="E10000015", name="Hertfordshire", type="utla", parents=["E12000006"])[1]
        == "unchanged"
    )
    assert [a.code for a in area_parents(area=herts)] == ["E12000006", "E92000001"]
    assert AreaLink.objects.count() == 2


def test_area_upsert_updates_name_and_adds_parents() -> None:
    area_upsert(code="E92000001", name="England", type="country")
    area_upsert(code="E07000243", name="Stevenage Borough", type="ltla", geography_year=2021)
    area, outcome = area_upsert(
        code="E07000243", name="Stevenage", type="ltla", parents=["E92000001"], geography_year=2019
    )
    assert outcome == "update"
    assert area.name == "Stevenage"
    assert area.geography_year == 2019
    # a later boundary year never replaces an earlier one
    assert area_upsert(code="E07000243", name="Stevenage", type="ltla", geography_year=2024)[1] == "unchanged"
    assert area_get(code="E07000243").geography_year == 2019


def test_unitary_authorities_are_stored_as_districts_whichever_tier_is_named() -> None:
    coventry, _ = area_upsert(code="E08000026", name="Coventry", type="utla")
    assert coventry.type == "ltla"
    assert coventry.is_upper_tier
    assert area_upsert(code="E08000026", name="Coventry", type="ltla")[1] == "unchanged"


@pytest.mark.parametrize(
    ("code", "name", "area_type", "field", "message"),
    [
        ("7000243", "Stevenage", "ltla", "code", "not an ONS GSS code"),
        ("E07000243", " ", "ltla", "name", "Enter the area's name"),
        ("E07000243", "Stevenage", "custom", "type", "not an official area type"),
        ("E10000015", "Hertfordshire", "region", "type", "county or unitary authority, not a region"),
    ],
)
def test_area_upsert_rejects_bad_input(
    code: str, name: str, area_type: str, field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        area_upsert(code=code, name=name, type=area_type)
    assert message in excinfo.value.errors[field][0]
    assert not Area.objects.exists()


def test_area_upsert_needs_parents_to_exist() -> None:
    with pytest.raises(InvalidInput, match="create the parent first"):
        area_upsert(code="E07000243", name="Stevenage", type="ltla", parents=["E10000015"])
    assert not Area.objects.exists()


def test_area_get_not_found() -> None:
    with pytest.raises(NotFound):
        area_get(code="E07000243")
