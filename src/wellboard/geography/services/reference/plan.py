"""Comparing a batch with what is stored: each planner records create, update or unchanged in the
report and returns only what must be written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wellboard.core.importing import ImportReport, Outcome
from wellboard.geography.models import Area, AreaChange, AreaLink, Deprivation, Population
from wellboard.geography.selectors import chunked
from wellboard.geography.services.reference.records import DeprivationRecord, PopulationRecord, ReferenceBatch

FULL_SCAN = 5000  # above this many codes, one pass over the table beats many IN (...) queries


def existing_areas(area_codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    wanted = set(area_codes)
    fields = ("id", "code", "name", "type", "geography_year", "partnership_id")
    if len(wanted) > FULL_SCAN:
        return {
            row["code"]: row
            for row in Area.objects.values(*fields).iterator(chunk_size=5000)
            if row["code"] in wanted
        }
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunked(sorted(wanted)):
        for row in Area.objects.filter(code__in=chunk).values(*fields):
            found[row["code"]] = row
    return found


def _geometries(area_ids: Iterable[int]) -> dict[int, Any]:
    found: dict[int, Any] = {}
    for chunk in chunked(sorted(set(area_ids))):
        found.update(Area.objects.filter(pk__in=chunk).values_list("id", "geometry"))
    return found


def area_ids_by_code(area_codes: Iterable[str]) -> dict[str, int]:
    wanted = set(area_codes)
    if len(wanted) > FULL_SCAN:
        return {
            code: pk
            for code, pk in Area.objects.values_list("code", "id").iterator(chunk_size=5000)
            if code in wanted
        }
    found: dict[str, int] = {}
    for chunk in chunked(sorted(wanted)):
        found.update(Area.objects.filter(code__in=chunk).values_list("code", "id"))
    return found


def _links_from(child_ids: set[int]) -> Iterable[tuple[int, int, int | None, int | None]]:
    fields = ("child_id", "parent_id", "first_year", "last_year")
    if len(child_ids) > FULL_SCAN:
        for row in AreaLink.objects.values_list(*fields).iterator(chunk_size=5000):
            if row[0] in child_ids:
                yield row
        return
    for chunk in chunked(sorted(child_ids)):
        yield from AreaLink.objects.filter(child_id__in=chunk).values_list(*fields)


def _earliest(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def plan_areas(
    batch: ReferenceBatch, existing: dict[str, dict[str, Any]], report: ImportReport
) -> dict[str, tuple[str, str, int | None]]:
    writes: dict[str, tuple[str, str, int | None]] = {}
    for code, record in batch.areas.items():
        old = existing.get(code)
        if old is None:
            writes[code] = (record.name, record.type, record.geography_year)
            report.record("area", code, "create", row=record.row)
            continue
        if old["partnership_id"]:
            continue
        name = (record.name if record.rename else "") or old["name"]
        year = _earliest(old["geography_year"], record.geography_year)
        if name == old["name"] and record.type == old["type"] and year == old["geography_year"]:
            report.record("area", code, "unchanged", row=record.row)
            continue
        changed = [
            f
            for f, new, was in (
                ("name", name, old["name"]),
                ("type", record.type, old["type"]),
                ("geography_year", year, old["geography_year"]),
            )
            if new != was
        ]
        if changed:
            writes[code] = (name, record.type, year)
            report.record("area", code, "update", fields=changed, row=record.row)
        else:
            report.record("area", code, "unchanged", row=record.row)
    return writes


def plan_geometries(
    batch: ReferenceBatch, existing: dict[str, dict[str, Any]], report: ImportReport
) -> dict[str, dict[str, Any]]:
    writes: dict[str, dict[str, Any]] = {}
    current = _geometries(existing[c]["id"] for c in batch.geometries if c in existing)
    for code, geometry in batch.geometries.items():
        old = existing.get(code)
        if old is None:
            writes[code] = geometry
            report.record("boundary", code, "create")
        elif current.get(old["id"]) != geometry:
            writes[code] = geometry
            report.record("boundary", code, "update" if current.get(old["id"]) else "create")
        else:
            report.record("boundary", code, "unchanged")
    return writes


def plan_links(
    batch: ReferenceBatch, existing: dict[str, dict[str, Any]], report: ImportReport
) -> dict[tuple[str, str], tuple[int | None, int | None]]:
    child_ids = {existing[c]["id"] for c, _ in batch.links if c in existing}
    code_of = {row["id"]: code for code, row in existing.items()}
    current: dict[tuple[str, str], tuple[int | None, int | None]] = {}
    for child_id, parent_id, first, last in _links_from(child_ids):
        if parent_id in code_of:
            current[(code_of[child_id], code_of[parent_id])] = (first, last)
    writes: dict[tuple[str, str], tuple[int | None, int | None]] = {}
    for key, record in batch.links.items():
        key_text = f"{key[0]} in {key[1]}"
        if key not in current:
            writes[key] = (record.year, record.year)
            report.record("link", key_text, "create", row=record.row)
            continue
        first, last = current[key]
        if record.year is not None and first is not None and last is not None:
            first, last = min(first, record.year), max(last, record.year)
        elif record.year is not None:
            first = last = record.year
        if (first, last) != current[key]:
            writes[key] = (first, last)
            report.record("link", key_text, "update", fields=["years"], row=record.row)
        else:
            report.record("link", key_text, "unchanged", row=record.row)
    return writes


def plan_changes(
    batch: ReferenceBatch, existing: dict[str, dict[str, Any]], report: ImportReport
) -> dict[tuple[str, str], str]:
    ids = [existing[a]["id"] for a, _ in batch.changes if a in existing]
    code_of = {row["id"]: code for code, row in existing.items()}
    current: dict[tuple[str, str], str] = {}
    for chunk in chunked(sorted(set(ids))):
        for a, b, kind in AreaChange.objects.filter(predecessor_id__in=chunk).values_list(
            "predecessor_id", "successor_id", "kind"
        ):
            if b in code_of:
                current[(code_of[a], code_of[b])] = kind
    writes: dict[tuple[str, str], str] = {}
    for key, record in batch.changes.items():
        was = current.get(key)
        outcome: Outcome = "create" if was is None else ("unchanged" if was == record.kind else "update")
        report.record("boundary change", f"{key[0]} to {key[1]}", outcome, row=record.row)
        if outcome != "unchanged":
            writes[key] = record.kind
    return writes


def plan_deprivation(
    batch: ReferenceBatch, existing: dict[str, dict[str, Any]], report: ImportReport
) -> list[DeprivationRecord]:
    editions = {r.edition for r in batch.deprivation}
    ids = [existing[r.code]["id"] for r in batch.deprivation if r.code in existing]
    current: dict[tuple[int, str], tuple[Any, ...]] = {}
    for chunk in chunked(sorted(set(ids))):
        for row in Deprivation.objects.filter(area_id__in=chunk, edition__in=editions).values_list(
            "area_id", "edition", "score", "rank", "ranked_areas", "decile", "population", "derived"
        ):
            current[(row[0], row[1])] = row[2:]
    writes: list[DeprivationRecord] = []
    for r in batch.deprivation:
        kind = "deprivation (derived)" if r.derived else "deprivation"
        key = f"{r.code} {r.edition}"
        old = current.get((existing[r.code]["id"], r.edition)) if r.code in existing else None
        new = (r.score, r.rank, r.ranked_areas, r.decile, r.population, r.derived)
        if old is None:
            writes.append(r)
            report.record(kind, key, "create", row=r.row)
        elif tuple(old) != new:
            names = ("score", "rank", "ranked_areas", "decile", "population", "derived")
            changed = [n for n, a, b in zip(names, old, new, strict=True) if a != b]
            writes.append(r)
            report.record(kind, key, "update", fields=changed, row=r.row)
        else:
            report.record(kind, key, "unchanged", row=r.row)
    return writes


def plan_populations(
    batch: ReferenceBatch, existing: dict[str, dict[str, Any]], report: ImportReport
) -> list[PopulationRecord]:
    years = {r.year for r in batch.populations}
    ids = [existing[r.code]["id"] for r in batch.populations if r.code in existing]
    current: dict[tuple[int, int, str, str], tuple[int, int | None, int]] = {}
    for chunk in chunked(sorted(set(ids))):
        for area_id, year, sex, band, a_from, a_to, count in Population.objects.filter(
            area_id__in=chunk, year__in=years
        ).values_list("area_id", "year", "sex", "age_band", "age_from", "age_to", "count"):
            current[(area_id, year, sex, band)] = (a_from, a_to, count)
    writes: list[PopulationRecord] = []
    for r in batch.populations:
        key = f"{r.code} {r.year} {r.sex} {r.age_band}"
        old = current.get((existing[r.code]["id"], r.year, r.sex, r.age_band)) if r.code in existing else None
        if old is None:
            writes.append(r)
            report.record("population", key, "create", row=r.row)
        elif old != (r.age_from, r.age_to, r.count):
            writes.append(r)
            report.record("population", key, "update", fields=["count"], row=r.row)
        else:
            report.record("population", key, "unchanged", row=r.row)
    return writes
