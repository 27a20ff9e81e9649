"""Targets for an indicator in an area; several for one area make a trajectory."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.locking import lock_for_edit
from wellboard.core.periods import Period, PeriodError, period_parse
from wellboard.core.versioning import save_changes, version_check
from wellboard.geography.models import Area
from wellboard.indicators.models import Indicator, Target
from wellboard.indicators.selectors import area_get
from wellboard.indicators.services._common import require_analyst_for


def _area(by: Actor, code: str) -> Area:
    area = area_get(actor=by, code=code.strip())
    if area is None:
        raise InvalidInput({"area": [f"No area has the code '{code.strip()}'"]})
    return area


def _period(text: str) -> Period:
    try:
        return period_parse(text)
    except PeriodError as exc:
        raise InvalidInput({"period": [str(exc)]}) from exc


def _check_numbers(value: Any, tolerance: Any) -> None:
    errors: dict[str, list[str]] = {}
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        errors["value"] = ["Enter the target as a number"]
    if not isinstance(tolerance, int | float) or isinstance(tolerance, bool) or not math.isfinite(tolerance):
        errors["amber_tolerance"] = ["Enter the amber tolerance as a number"]
    elif tolerance < 0:
        errors["amber_tolerance"] = ["The amber tolerance must be zero or more"]
    if errors:
        raise InvalidInput(errors)


@transaction.atomic
def target_create(
    *,
    by: Actor,
    indicator: Indicator,
    area_code: str,
    period: str,
    value: float,
    amber_tolerance: float = 0.0,
    note: str = "",
) -> Target:
    require_analyst_for(by, indicator)
    _check_numbers(value, amber_tolerance)
    area = _area(by, area_code)
    parsed = _period(period)
    if Target.objects.filter(indicator=indicator, area=area, period=parsed.code).exists():
        raise InvalidInput({"period": [f"There is already a target for {area.name} in {parsed.label}"]})
    target = Target.objects.create(
        partnership_id=by.partnership_id,
        indicator=indicator,
        area=area,
        period=parsed.code,
        period_start=parsed.start,
        period_end=parsed.end,
        value=float(value),
        amber_tolerance=float(amber_tolerance),
        note=note.strip(),
    )
    audit_record(by=by, action="target.create", obj=target, after=audit_snapshot(target))
    return target


def _locked(by: Actor, target: Target) -> Target:
    return lock_for_edit(
        Target.objects.select_related("indicator", "area"),
        pk=target.pk,
        partnership_id=by.partnership_id,
        what="target",
    )


@transaction.atomic
def target_update(*, by: Actor, target: Target, expected_version: int | None, **changes: Any) -> Target:
    """Change a target's value, amber tolerance, period or note."""
    if target.partnership_id != by.partnership_id:
        raise NotFound("target")
    require_analyst_for(by)
    allowed = {"value", "amber_tolerance", "period", "note"}
    if set(changes) - allowed:
        raise InvalidInput(f"These cannot be changed here: {', '.join(sorted(set(changes) - allowed))}")
    locked = _locked(by, target)
    version_check(locked, expected_version, what="target")
    _check_numbers(changes.get("value", locked.value), changes.get("amber_tolerance", locked.amber_tolerance))
    fields: dict[str, Any] = {}
    if "period" in changes:
        parsed = _period(changes.pop("period"))
        clash = Target.objects.filter(indicator=locked.indicator, area=locked.area, period=parsed.code)
        if clash.exclude(pk=locked.pk).exists():
            raise InvalidInput({"period": [f"There is already a target for {parsed.label}"]})
        fields.update(period=parsed.code, period_start=parsed.start, period_end=parsed.end)
    for key, value in changes.items():
        fields[key] = value.strip() if isinstance(value, str) else float(value)
    save_changes(by=by, record=locked, fields=fields, audit_action="target.update")
    return locked


@transaction.atomic
def target_delete(*, by: Actor, target: Target, expected_version: int | None) -> None:
    if target.partnership_id != by.partnership_id:
        raise NotFound("target")
    require_analyst_for(by)
    locked = _locked(by, target)
    version_check(locked, expected_version, what="target")
    audit_record(by=by, action="target.delete", obj=locked, before=audit_snapshot(locked))
    locked.delete()


@transaction.atomic
def trajectory_set(
    *,
    by: Actor,
    indicator: Indicator,
    area_code: str,
    points: Sequence[tuple[str, float]],
    amber_tolerance: float = 0.0,
    note: str = "",
) -> list[Target]:
    """Set a trajectory: one target per (period, value), creating or updating each."""
    require_analyst_for(by, indicator)
    area = _area(by, area_code)
    existing = {t.period: t for t in Target.objects.filter(indicator=indicator, area=area)}
    result = []
    for period, value in points:
        code = _period(period).code
        current = existing.get(code)
        if current is None:
            result.append(
                target_create(
                    by=by,
                    indicator=indicator,
                    area_code=area.code,
                    period=code,
                    value=value,
                    amber_tolerance=amber_tolerance,
                    note=note,
                )
            )
        elif (current.value, current.amber_tolerance, current.note) != (value, amber_tolerance, note.strip()):
            result.append(
                target_update(
                    by=by,
                    target=current,
                    expected_version=None,
                    value=value,
                    amber_tolerance=amber_tolerance,
                    note=note,
                )
            )
        else:
            result.append(current)
    return result
