"""How areas nest: what lies inside an area and what it lies in, by lookup vintage.

Each ``AreaLink`` records the span of lookup vintages that asserted it. For each parent and each type
of child, a selector uses the links of the latest vintage that is not after ``year`` (``None``: the
latest of all).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Q, QuerySet

from wellboard.geography import codes as gss
from wellboard.geography.models import Area, AreaLink, AreaType
from wellboard.geography.selectors._common import chunked


def type_filter(area_type: str) -> Q:
    """Areas of a type; "utla" includes unitary authorities, which are stored as districts."""
    if area_type == AreaType.UTLA:
        unitary = Q()
        for entity in sorted(gss.UNITARY_ENTITIES):
            unitary |= Q(code__startswith=entity)
        return Q(type=AreaType.UTLA) | (Q(type=AreaType.LTLA) & unitary)
    return Q(type=area_type)


def _latest_per_group(
    rows: Iterable[tuple[int, int, str, int | None, int | None]], year: int | None
) -> list[tuple[int, int, str]]:
    """(from, to, to_type, first_year, last_year) → (from, to, to_type) for the links to use.

    Undated links always count; dated ones only if from the latest vintage (not after ``year``)
    among the links from the same area to areas of the same type.
    """
    undated: list[tuple[int, int, str]] = []
    dated: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for source, target, target_type, first, last in rows:
        if first is None or last is None:
            undated.append((source, target, target_type))
            continue
        if year is not None and first > year:
            continue
        vintage = last if year is None else min(last, year)
        dated[(source, target_type)].append((vintage, target))
    chosen = list(undated)
    for (source, target_type), candidates in dated.items():
        latest = max(v for v, _ in candidates)
        chosen.extend((source, target, target_type) for v, target in candidates if v == latest)
    return chosen


def _step(ids: Sequence[int], *, year: int | None, down: bool) -> list[tuple[int, int, str]]:
    result: list[tuple[int, int, str]] = []
    for chunk in chunked(list(ids)):
        if down:
            rows = AreaLink.objects.filter(parent_id__in=chunk).values_list(
                "parent_id", "child_id", "child__type", "first_year", "last_year"
            )
        else:
            rows = AreaLink.objects.filter(child_id__in=chunk).values_list(
                "child_id", "parent_id", "parent__type", "first_year", "last_year"
            )
        result.extend(_latest_per_group(rows, year))
    return result


def descendant_ids(root_ids: Sequence[int], *, year: int | None) -> dict[int, str]:
    """Every area inside the roots (not the roots themselves), with its type."""
    found: dict[int, str] = {}
    frontier = list(root_ids)
    seen = set(root_ids)
    while frontier:
        following = []
        for _, target, target_type in _step(frontier, year=year, down=True):
            if target not in seen:
                seen.add(target)
                found[target] = target_type
                following.append(target)
        frontier = following
    return found


def _ancestor_ids(root_id: int, *, year: int | None) -> dict[int, str]:
    found: dict[int, str] = {}
    frontier = [root_id]
    seen = {root_id}
    while frontier:
        following = []
        for _, target, target_type in _step(frontier, year=year, down=False):
            if target not in seen and target_type != AreaType.CUSTOM:
                seen.add(target)
                found[target] = target_type
                following.append(target)
        frontier = following
    return found


def lsoas_by_root(root_ids: Sequence[int], *, year: int | None) -> dict[int, set[int]]:
    """{root: the LSOAs inside it} for many roots at once, a few queries per level."""
    reached: dict[int, set[int]] = {root: {root} for root in root_ids}
    lsoas: dict[int, set[int]] = {root: set() for root in root_ids}
    seen: dict[int, set[int]] = {root: {root} for root in root_ids}
    frontier = list(root_ids)
    while frontier:
        following: dict[int, set[int]] = defaultdict(set)
        for source, target, target_type in _step(frontier, year=year, down=True):
            for root in reached[source]:
                if target in seen[root]:
                    continue
                seen[root].add(target)
                if target_type == AreaType.LSOA:
                    lsoas[root].add(target)
                following[target].add(root)
        reached = dict(following)
        frontier = list(following)
    return lsoas


def area_children(*, area: Area, type: str | None = None, year: int | None = None) -> QuerySet[Area]:
    """Areas inside ``area``, at any depth, optionally only of one type (Stevenage's LSOAs)."""
    ids = descendant_ids([area.pk], year=year)
    qs = Area.objects.filter(pk__in=list(ids))
    if type:
        qs = qs.filter(type_filter(type))
    return qs.order_by("name", "code")


def area_parents(*, area: Area, year: int | None = None) -> list[Area]:
    """The official areas ``area`` lies in, nearest first: ward, district, county, region, country."""
    ids = _ancestor_ids(area.pk, year=year)
    areas = list(Area.objects.filter(pk__in=list(ids)))
    return sorted(areas, key=lambda a: (-gss.TYPE_RANK.get(a.type, 9), a.name))


def parent_codes(*, child_codes: Iterable[str], type: str, year: int | None = None) -> dict[str, str]:
    """{child code: code of its parent of ``type``} for the children that have one (e.g. each
    LSOA's ward in the 2019 lookup). Batched: a few queries however many children."""
    wanted = sorted({gss.normalise_code(c) for c in child_codes})
    result: dict[str, str] = {}
    for chunk in chunked(wanted):
        ids = dict(Area.objects.filter(code__in=chunk, partnership__isnull=True).values_list("pk", "code"))
        # filtering on the parent's type in SQL leads SQLite to scan by type; filter here instead
        rows = [
            row
            for row in AreaLink.objects.filter(child_id__in=list(ids)).values_list(
                "child_id", "parent_id", "parent__type", "first_year", "last_year"
            )
            if row[2] == type
        ]
        chosen = _latest_per_group(rows, year)
        parent_ids = {parent for _, parent, _ in chosen}
        parent_code = dict(Area.objects.filter(pk__in=list(parent_ids)).values_list("pk", "code"))
        for child, parent, _ in sorted(chosen):
            result.setdefault(ids[child], parent_code[parent])
    return result


def known_codes(area_codes: Iterable[str]) -> set[str]:
    """Which of these codes are official areas already."""
    wanted = sorted({gss.normalise_code(c) for c in area_codes})
    found: set[str] = set()
    for chunk in chunked(wanted):
        found.update(
            Area.objects.filter(code__in=chunk, partnership__isnull=True).values_list("code", flat=True)
        )
    return found


def codes_within(area_codes: Iterable[str], *, year: int | None = None) -> set[str]:
    """The given codes plus the codes of every area known to lie inside them (for import filters)."""
    wanted = {gss.normalise_code(c) for c in area_codes if c.strip()}
    roots = list(Area.objects.filter(code__in=wanted, partnership__isnull=True).values_list("pk", flat=True))
    inside = descendant_ids(roots, year=year)
    found: set[str] = set(wanted)
    for chunk in chunked(list(inside)):
        found.update(Area.objects.filter(pk__in=chunk).values_list("code", flat=True))
    return found
