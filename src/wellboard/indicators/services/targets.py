"""Targets for an indicator in an area (``TargetInput``); several for one area make a trajectory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.geography.models import Area
from wellboard.indicators.inputs import TargetInput
from wellboard.indicators.models import Indicator, Target
from wellboard.indicators.policy import CHANGE_INDICATORS
from wellboard.indicators.selectors import area_get
from wellboard.indicators.services._common import require_for


def _area(by: Actor, code: str, errors: Errors) -> Area | None:
    area = area_get(actor=by, code=code.strip())
    if area is None:
        add_error(errors, "area", f"No area has the code '{code.strip()}'")
    return area


def _period_fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The cleaned values as a target stores them: a period as its code and dates."""
    fields = dict(cleaned)
    period = fields.pop("period", None)
    if period is not None:
        fields.update(period=period.code, period_start=period.start, period_end=period.end)
    return fields


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
    require_for(CHANGE_INDICATORS, by, indicator)
    errors: Errors = {}
    cleaned = TargetInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    area = _area(by, area_code, errors)
    parsed = cleaned["period"]
    if area is None or parsed is None:
        raise InvalidInput(errors)
    if Target.objects.filter(indicator=indicator, area=area, period=parsed.code).exists():
        add_error(errors, "period", f"There is already a target for {area.name} in {parsed.label}")
    raise_if_any(errors)
    target = Target.objects.create(
        partnership_id=by.partnership_id, indicator=indicator, area=area, **_period_fields(cleaned)
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
    require_for(CHANGE_INDICATORS, by, target, what="target")
    TargetInput.refuse_unknown(changes)
    locked = _locked(by, target)
    version_check(locked, expected_version, what="target")
    errors: Errors = {}
    cleaned = TargetInput.clean(changes, errors, by=by, current=locked)
    parsed = cleaned.get("period")
    if parsed is not None:
        clash = Target.objects.filter(indicator=locked.indicator, area=locked.area, period=parsed.code)
        if clash.exclude(pk=locked.pk).exists():
            add_error(errors, "period", f"There is already a target for {parsed.label}")
    raise_if_any(errors)
    save_changes(by=by, record=locked, fields=_period_fields(cleaned), audit_action="target.update")
    return locked


@transaction.atomic
def target_delete(*, by: Actor, target: Target, expected_version: int | None) -> None:
    require_for(CHANGE_INDICATORS, by, target, what="target")
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
    require_for(CHANGE_INDICATORS, by, indicator)
    errors: Errors = {}
    area = _area(by, area_code, errors)
    if area is None:
        raise InvalidInput(errors)
    existing = {t.period: t for t in Target.objects.filter(indicator=indicator, area=area)}
    result = []
    for period, value in points:
        parsed = TargetInput.clean({"period": period}, errors, by=by)["period"]
        if parsed is None:
            raise InvalidInput(errors)
        current = existing.get(parsed.code)
        if current is None:
            result.append(
                target_create(
                    by=by,
                    indicator=indicator,
                    area_code=area.code,
                    period=parsed.code,
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
