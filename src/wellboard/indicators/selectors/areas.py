"""Areas as the indicator pages need them: the partnership's own place, what it lies within, what
lies within it, and which deprivation quantile a breakdown category stands for.

Nesting comes from ``wellboard.geography.selectors`` (which knows lookup vintages)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from wellboard.core.access import Actor
from wellboard.geography.codes import TYPE_RANK
from wellboard.geography.models import Area, AreaType
from wellboard.geography.selectors import area_children, area_list, area_parents
from wellboard.partners.models import Partnership

ENGLAND_CODE = "E92000001"


def areas_by_code(*, actor: Actor, codes: Iterable[str]) -> dict[str, Area]:
    """Areas the actor may use, by GSS code: official areas and the partnership's custom areas."""
    wanted = {c for c in codes if c}
    if not wanted:
        return {}
    found: dict[str, Area] = {}
    for area in Area.objects.filter(code__in=wanted):
        if area.partnership_id in (None, actor.partnership_id):
            found[area.code] = area
    return found


def area_get(*, actor: Actor, code: str) -> Area | None:
    return areas_by_code(actor=actor, codes=[code]).get(code)


def home_area(*, actor: Actor) -> Area | None:
    """The place the partnership serves (its ``area_code``), if that area is loaded."""
    code = Partnership.objects.filter(pk=actor.partnership_id).values_list("area_code", flat=True).first()
    return area_get(actor=actor, code=code) if code else None


def area_with_ancestors(area: Area) -> list[Area]:
    """``area`` and the official areas it lies in, nearest first (district, county, region, England)."""
    return [area, *area_parents(area=area)]


def areas_within(*, parent: Area, type: str) -> list[Area]:
    """Areas of one type inside ``parent`` (e.g. a district's wards), by name."""
    return list(area_children(area=parent, type=type))


def direct_parents(*, area: Area) -> list[Area]:
    """The areas ``area`` is linked to as lying directly within (a district's county and region),
    nearest first, in one query: for a quick check, where ``area_parents`` walks every level."""
    parents = Area.objects.filter(child_links__child=area).distinct()
    return sorted(parents, key=lambda a: (-TYPE_RANK.get(a.type, 9), a.name))


def comparable_areas(*, area: Area, within: Area | None = None) -> list[Area]:
    """Areas of the same tier as ``area`` (counties with unitary authorities for a county; districts
    for a district), optionally only those inside ``within``: the 'areas compared' of a page."""
    tier = AreaType.UTLA if area.type == AreaType.UTLA else area.type
    return list(area_list(type=tier, within=within))


# Fingertips words deprivation categories like "Second most deprived decile (IMD2015)" or
# "Fifth less deprived decile"; other sources use "Decile 3" or "Quintile 1 (most deprived)".
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_WORDED = re.compile(r"^(?:(first|second|third|fourth|fifth)\s+)?(most|more|less|least)\s+deprived")
_NUMBERED = re.compile(r"(?:decile|quintile|quantile)?\s*(\d{1,2})\b")


def deprivation_rank(category: str, *, quantiles: int = 10) -> int | None:
    """Quantile number of a deprivation category, 1 = most deprived; None if it is not one."""
    text = " ".join(category.lower().split())
    if not text:
        return None
    if "middle" in text and "quintile" in text:
        return 3
    worded = _WORDED.search(text)
    if worded:
        ordinal = _ORDINALS.get(worded.group(1) or "first", 1)
        if worded.group(2) in ("most", "more"):
            return ordinal
        return quantiles + 1 - ordinal
    numbered = _NUMBERED.search(text)
    if numbered:
        rank = int(numbered.group(1))
        if 1 <= rank <= quantiles:
            return rank
    return None


def is_deprivation_category(category_type: str) -> bool:
    text = category_type.lower()
    return "depriv" in text or "imd" in text


def deprivation_quantiles(category_type: str) -> int:
    """10 for deciles, 5 for quintiles (as the category type names them)."""
    return 5 if "quintile" in category_type.lower() else 10
