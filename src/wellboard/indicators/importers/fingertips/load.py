"""Importing a Fingertips CSV export: indicators, areas and observations, all or nothing.

Parse and check every row first; then, in one transaction, create the areas Wellboard lacks, create
or update the indicators and upsert the observations through the services. A dry run does the same
work and rolls it back, so its report is exactly what a real import would do. Re-importing the
same file changes nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import ImportReport
from wellboard.core.importing.streaming import TallyReport
from wellboard.core.inputs import Errors, raise_if_any
from wellboard.core.periods import PeriodKind
from wellboard.geography.models import Area, AreaLink
from wellboard.geography.services import area_upsert
from wellboard.indicators.importers.fingertips.inference import (
    Definition,
    area_type_for,
    infer_definition,
    short_name,
)
from wellboard.indicators.importers.fingertips.reader import (
    FingertipsRow,
    NotAFingertipsExport,
    read_fingertips,
)
from wellboard.indicators.importers.fingertips.reproduction import reproduce
from wellboard.indicators.inputs import IndicatorInput
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.indicators.policy import IMPORT_INDICATOR_DATA
from wellboard.indicators.selectors import indicator_find_external
from wellboard.indicators.services import (
    ObservationInput,
    indicator_create,
    indicator_update,
    observations_save,
)

SOURCE = "fingertips"
_TYPE_ORDER = ["country", "region", "icb", "utla", "ccg", "ltla", "ward", "msoa", "lsoa"]


def fingertips_import(
    *, by: Actor, data: bytes, filename: str, dry_run: bool, polarity: str | None = None
) -> ImportReport:
    """Import a Fingertips CSV export (the command line and the web upload both call this).

    ``polarity`` sets every imported indicator's polarity ("high is good", "low is good" or
    "neither"); without it a new indicator's polarity is inferred from the published labels and an
    existing indicator keeps the one the analyst set.
    """
    IMPORT_INDICATOR_DATA.require(by)
    if polarity is not None:
        errors: Errors = {}
        IndicatorInput.clean({"polarity": polarity}, errors, by=by)
        raise_if_any(errors)
    # Counted, not listed row by row: a national export has hundreds of thousands of figures.
    report = TallyReport(source=filename, dry_run=dry_run)
    try:
        rows = read_fingertips(data, report)
    except NotAFingertipsExport as exc:
        report.reject(str(exc))
        return report
    for row in rows:
        if area_type_for(row.area_type) is None:
            report.reject(
                f"Wellboard does not hold areas of type '{row.area_type}'", row=row.number, column="Area Type"
            )
    if not report.ok:
        return report
    with transaction.atomic():
        _apply(by=by, rows=rows, report=report, filename=filename, polarity=polarity)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
    report.applied = not dry_run and report.ok and report.changes_anything
    _summarise(report)
    return report


def _apply(
    *, by: Actor, rows: list[FingertipsRow], report: ImportReport, filename: str, polarity: str | None
) -> None:
    _upsert_areas(rows, report, filename)
    if not report.ok:
        return
    by_indicator: dict[str, list[FingertipsRow]] = {}
    for row in rows:
        by_indicator.setdefault(row.indicator_id, []).append(row)
    for external_id, indicator_rows in by_indicator.items():
        indicator = _upsert_indicator(by, external_id, indicator_rows, report, polarity)
        observations_save(
            by=by,
            indicator=indicator,
            rows=[_observation(r) for r in indicator_rows],
            source=SOURCE,
            report=report,
        )
        found = reproduce(
            indicator_rows,
            method=indicator.method,
            multiplier=indicator.multiplier,
            polarity=indicator.polarity,
        )
        report.notes.extend(f"Indicator {external_id}: {line}" for line in found.lines())


def _upsert_areas(rows: Sequence[FingertipsRow], report: ImportReport, filename: str) -> None:
    """Create the areas Wellboard lacks and add the file's parent links; existing official areas keep
    the names and types their ONS lookups gave them."""
    first: dict[str, FingertipsRow] = {}
    for row in rows:
        first.setdefault(row.area_code, row)
    existing = {a.code: a for a in Area.objects.filter(code__in=list(first))}
    linked = set(
        AreaLink.objects.filter(child__code__in=list(first)).values_list("child__code", "parent__code")
    )

    def rank(code: str) -> int:
        area_type = area_type_for(first[code].area_type) or ""
        return _TYPE_ORDER.index(area_type) if area_type in _TYPE_ORDER else len(_TYPE_ORDER)

    for code in sorted(first, key=rank):
        row = first[code]
        area = existing.get(code)
        parents = [row.parent_code] if row.parent_code and row.parent_code != code else []
        if area is not None and all((code, p) in linked for p in parents):
            report.record("area", code, "unchanged", row=row.number)
            continue
        try:
            _, outcome = area_upsert(
                code=code,
                name=area.name if area is not None else row.area_name,
                type=area.type if area is not None else (area_type_for(row.area_type) or ""),
                parents=parents,
                source=f"Fingertips export {filename}"[:200],
            )
        except InvalidInput as exc:
            report.reject(str(exc), row=row.number, column="Area Code")
            continue
        report.record("area", code, outcome, row=row.number)


def _frequency(rows: Sequence[FingertipsRow]) -> str:
    kinds = Counter(r.period.kind for r in rows)
    kind = kinds.most_common(1)[0][0]
    if kind in (PeriodKind.QUARTER, PeriodKind.CALENDAR_QUARTER):
        return "Quarterly"
    if kind == PeriodKind.MONTH:
        return "Monthly"
    if kind in (PeriodKind.YEARS, PeriodKind.FINANCIAL_YEARS):
        return "Annual (pooled years)"
    return "Annual"


def _upsert_indicator(
    by: Actor, external_id: str, rows: Sequence[FingertipsRow], report: ImportReport, polarity: str | None
) -> Indicator:
    name = rows[0].indicator_name or f"Fingertips indicator {external_id}"
    existing = indicator_find_external(actor=by, source=SOURCE, external_id=external_id)
    where = rows[0].number
    if existing is None:
        found: Definition = infer_definition(name, rows, polarity=polarity)
        indicator = indicator_create(
            by=by,
            name=name,
            short_name=short_name(name)[:120],
            value_type=found.value_type,
            kind=IndicatorKind.POPULATION,
            polarity=found.polarity,
            unit=found.unit,
            multiplier=found.multiplier,
            method=found.method,
            definition=(
                f"{name}, as published by the Office for Health Improvement and Disparities on Fingertips "
                f"(indicator {external_id})."
            ),
            source=f"OHID Fingertips, indicator {external_id}",
            frequency=_frequency(rows),
            external_source=SOURCE,
            external_id=external_id,
        )
        report.record("indicator", external_id, "create", row=where)
        report.notes.append(f"Indicator {external_id} ({name}): inferred " + "; ".join(found.reasons))
        return indicator
    changes: dict[str, str] = {}
    if existing.name != name:
        changes["name"] = name
    if polarity is not None and existing.polarity != polarity:
        changes["polarity"] = polarity
    if not changes:
        report.record("indicator", external_id, "unchanged", row=where)
        return existing
    updated = indicator_update(by=by, indicator=existing, expected_version=None, **changes)
    report.record("indicator", external_id, "update", fields=list(changes), row=where)
    return updated


def _observation(row: FingertipsRow) -> ObservationInput:
    return ObservationInput(
        area_code=row.area_code,
        period=row.period.code,
        sex=row.sex,
        age=row.age,
        category_type=row.category_type,
        category=row.category,
        count=row.count,
        denominator=row.denominator,
        value=row.value,
        lower95=row.lower95,
        upper95=row.upper95,
        lower998=row.lower998,
        upper998=row.upper998,
        note=row.value_note,
        published_vs_england=row.compared_to_england,
        published_vs_region=row.compared_to_region,
        published_trend=row.recent_trend,
        row=row.number,
    )


def _summarise(report: ImportReport) -> None:
    counts = report.counts().get("observation", Counter())
    verb = "would be" if report.dry_run else "were"
    report.notes.insert(
        0,
        f"Rows: {report.rows_read} read; observations {verb} created {counts['create']}, updated "
        f"{counts['update']}, unchanged {counts['unchanged']}; rejected {report.totals()['rejected']}",
    )
