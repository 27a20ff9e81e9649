"""Applying a batch: diff it against the database into the report, then write what changed."""

from __future__ import annotations

from django.db import transaction

from wellboard.core.cache import data_version_bump
from wellboard.core.importing import ImportReport
from wellboard.geography.models import Area, AreaChange, AreaLink, Deprivation, Population
from wellboard.geography.services.reference.plan import (
    area_ids_by_code,
    existing_areas,
    plan_areas,
    plan_changes,
    plan_deprivation,
    plan_geometries,
    plan_links,
    plan_populations,
)
from wellboard.geography.services.reference.records import ReferenceBatch
from wellboard.geography.services.reference.upsert import upsert_rows


@transaction.atomic
def reference_batch_apply(*, batch: ReferenceBatch, report: ImportReport, dry_run: bool) -> None:
    """Diff ``batch`` against the database into ``report``; write it unless dry-run or rejected."""
    source = batch.source[:200]
    every_code = set(batch.areas) | set(batch.geometries)
    every_code.update(c for pair in batch.links for c in pair)
    every_code.update(c for pair in batch.changes for c in pair)
    every_code.update(r.code for r in batch.deprivation)
    every_code.update(r.code for r in batch.populations)
    existing = existing_areas(every_code)

    for code in sorted(every_code & {c for c, row in existing.items() if row["partnership_id"]}):
        report.reject(f"{code} is a partnership's custom area, not an official one")
    missing = sorted(c for c in every_code if c not in existing and c not in batch.areas)
    for code in missing[:50]:
        report.reject(f"there is no area {code}: import a lookup that names it first")
    if len(missing) > 50:
        report.reject(f"… and {len(missing) - 50} more unknown areas")

    area_writes = plan_areas(batch, existing, report)
    geometry_writes = plan_geometries(batch, existing, report)
    link_writes = plan_links(batch, existing, report)
    change_writes = plan_changes(batch, existing, report)
    deprivation_writes = plan_deprivation(batch, existing, report)
    population_writes = plan_populations(batch, existing, report)

    if dry_run or not report.ok:
        return
    writes = (area_writes, geometry_writes, link_writes, change_writes, deprivation_writes, population_writes)
    if any(writes):
        data_version_bump(None)  # official areas are shared: every partnership's pages may show them

    if area_writes:
        upsert_rows(
            Area,
            ["code", "name", "type", "geography_year", "description", "version"],
            [(code, name, t, year, "", 1) for code, (name, t, year) in area_writes.items()],
            unique=["code"],
            update=["name", "type", "geography_year"],
        )
    ids = area_ids_by_code(every_code)
    if geometry_writes:
        objects = [Area(pk=ids[code], geometry=geometry) for code, geometry in geometry_writes.items()]
        Area.objects.bulk_update(objects, ["geometry"], batch_size=200)
    if link_writes:
        upsert_rows(
            AreaLink,
            ["child_id", "parent_id", "first_year", "last_year", "source"],
            [(ids[c], ids[p], first, last, source) for (c, p), (first, last) in link_writes.items()],
            unique=["child_id", "parent_id"],
            update=["first_year", "last_year"],
        )
    if change_writes:
        upsert_rows(
            AreaChange,
            ["predecessor_id", "successor_id", "kind", "source"],
            [(ids[a], ids[b], kind, source) for (a, b), kind in change_writes.items()],
            unique=["predecessor_id", "successor_id"],
            update=["kind"],
        )
    if deprivation_writes:
        upsert_rows(
            Deprivation,
            [
                "area_id",
                "edition",
                "score",
                "rank",
                "ranked_areas",
                "decile",
                "population",
                "derived",
                "source",
            ],
            [
                (
                    ids[r.code],
                    r.edition,
                    r.score,
                    r.rank,
                    r.ranked_areas,
                    r.decile,
                    r.population,
                    r.derived,
                    source,
                )
                for r in deprivation_writes
            ],
            unique=["area_id", "edition"],
            update=["score", "rank", "ranked_areas", "decile", "population", "derived", "source"],
        )
    if population_writes:
        upsert_rows(
            Population,
            ["area_id", "year", "sex", "age_band", "age_from", "age_to", "count", "source"],
            [
                (ids[r.code], r.year, r.sex, r.age_band, r.age_from, r.age_to, r.count, source)
                for r in population_writes
            ],
            unique=["area_id", "year", "sex", "age_band"],
            update=["age_from", "age_to", "count", "source"],
        )
    report.applied = report.changes_anything
