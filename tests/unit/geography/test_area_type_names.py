from __future__ import annotations

import pytest

from wellboard.geography.models import AreaType


@pytest.mark.parametrize("area_type", list(AreaType))
def test_every_area_type_has_a_plural_of_its_own(area_type: AreaType) -> None:
    assert area_type.counted(1) == area_type.label
    plural = area_type.counted(2)
    assert plural == area_type.plural == area_type.counted(0)
    assert plural != area_type.label
    assert not plural.endswith("ys")
    assert plural.lower().startswith(area_type.label.lower().split(" ")[0][:4])


def test_the_authorities_read_as_english() -> None:
    assert AreaType.LTLA.counted(10) == "Districts or unitary authorities"
    assert AreaType.UTLA.counted(2) == "Counties or unitary authorities"
    assert AreaType.CCG.counted(3) == "NHS sub-ICB locations (formerly CCGs)"
