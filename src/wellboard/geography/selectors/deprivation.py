"""Deprivation (IMD) scores, ranks and deciles by area."""

from __future__ import annotations

from collections.abc import Iterable

from wellboard.geography import codes as gss
from wellboard.geography.models import Area, Deprivation
from wellboard.geography.selectors._common import AreaRef, chunked


def _area_codes(areas: Iterable[AreaRef]) -> list[str]:
    return list(dict.fromkeys(a.code if isinstance(a, Area) else gss.normalise_code(a) for a in areas))


def deprivation_for(*, areas: Iterable[AreaRef], edition: str = "IMD2019") -> dict[str, Deprivation]:
    """Score, rank and decile by area code, for the areas that have them in ``edition``."""
    result: dict[str, Deprivation] = {}
    for chunk in chunked(_area_codes(areas)):
        for row in Deprivation.objects.filter(area__code__in=chunk, edition=edition).select_related("area"):
            result[row.area.code] = row
    return result


def deprivation_deciles(*, areas: Iterable[AreaRef], edition: str = "IMD2019") -> dict[str, int]:
    """IMD decile (1 = most deprived 10%) by area code; areas without one are left out."""
    result: dict[str, int] = {}
    for chunk in chunked(_area_codes(areas)):
        result.update(
            Deprivation.objects.filter(area__code__in=chunk, edition=edition).values_list(
                "area__code", "decile"
            )
        )
    return result
