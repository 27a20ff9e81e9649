"""A collection's measures: each refers to an indicator and carries the rules its figures must meet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import NotFound
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.returns.inputs import MeasureInput, NewMeasureInput
from wellboard.returns.models import Collection, Figure, Measure, MeasureValueType, ReturnStatus
from wellboard.returns.policy import CHANGE_MEASURES
from wellboard.returns.validation import RETURN_COMMENT
from wellboard.strategy.models import Initiative

INDICATOR_VALUE_TYPES = {
    MeasureValueType.COUNT: "count",
    MeasureValueType.NUMBER: "count",
    MeasureValueType.PERCENTAGE: "percentage",
    MeasureValueType.RATE: "crude_rate",
}
INDICATOR_METHODS = {
    MeasureValueType.COUNT: "none",
    MeasureValueType.NUMBER: "none",
    MeasureValueType.PERCENTAGE: "wilson",
    MeasureValueType.RATE: "byars_exact",
}


def _indicator_for_measure(
    *,
    by: Actor,
    label: str,
    value_type: str,
    unit: str,
    multiplier: int,
    kind: str,
    initiative: Initiative | None,
) -> Indicator:
    """A new performance measure in the indicators app, made through its service."""
    from wellboard.indicators.services import indicator_create

    indicator: Indicator = indicator_create(
        by=by,
        name=label,
        kind=kind,
        value_type=INDICATOR_VALUE_TYPES[MeasureValueType(value_type)],
        unit=unit,
        multiplier=multiplier,
        method=INDICATOR_METHODS[MeasureValueType(value_type)],
        initiatives=[initiative] if initiative is not None else [],
    )
    return indicator


@transaction.atomic
def measure_create(
    *,
    by: Actor,
    collection: Collection,
    label: str,
    value_type: str,
    indicator: Indicator | None = None,
    indicator_kind: str = IndicatorKind.HOW_MUCH,
    initiative: Initiative | None = None,
    code: str = "",
    unit: str = "",
    multiplier: int | None = None,
    cumulative: bool = False,
    breakdowns: Any = None,
    required: bool = True,
    comment_required: bool = False,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    change_threshold: int | None = None,
    help_text: str = "",
) -> Measure:
    """Add a measure; with no ``indicator`` a new performance measure is created for it."""
    CHANGE_MEASURES.require(by)
    if collection.partnership_id != by.partnership_id:
        raise NotFound("collection")
    if indicator is not None and indicator.partnership_id != by.partnership_id:
        raise NotFound("indicator")
    if initiative is not None and initiative.partnership_id != by.partnership_id:
        raise NotFound("initiative")
    values = locals() if indicator is None else {k: v for k, v in locals().items() if k != "indicator_kind"}
    errors: Errors = {}
    cleaned = NewMeasureInput.clean(values, errors, by=by)  # the arguments it has rules for
    code = slugify(code or label).replace("-", "_")[:60]
    if not code:
        add_error(errors, "label", "Use at least one letter or number")
    elif code == RETURN_COMMENT or Measure.objects.filter(collection=collection, code=code).exists():
        add_error(errors, "code", f"The short name '{code}' is already used in this collection")
    raise_if_any(errors)
    multiplier = cleaned.pop("multiplier")
    if multiplier is None:
        multiplier = 100 if value_type == MeasureValueType.PERCENTAGE else 1
    kind = cleaned.pop("indicator_kind", indicator_kind)
    if indicator is None:
        indicator = _indicator_for_measure(
            by=by,
            label=cleaned["label"],
            value_type=value_type,
            unit=cleaned["unit"],
            multiplier=multiplier,
            kind=kind,
            initiative=initiative,
        )
    measure = Measure.objects.create(
        collection=collection,
        indicator=indicator,
        initiative=initiative,
        code=code,
        position=collection.measures.count() + 1,
        multiplier=multiplier,
        change_threshold=change_threshold,
        **cleaned,
    )
    audit_record(by=by, action="measure.create", obj=measure, after=audit_snapshot(measure))
    return measure


@transaction.atomic
def measure_update(*, by: Actor, measure: Measure, expected_version: int | None, **changes: Any) -> Measure:
    """Change what a measure counts and the rules its figures meet. Its type of figure, indicator
    and short name stay; so do its breakdowns once an approved return uses them."""
    CHANGE_MEASURES.require(by)
    MeasureInput.refuse_unknown(changes)
    locked = lock_for_edit(
        Measure.objects.select_related("collection"),
        pk=measure.pk,
        partnership_id=by.partnership_id,
        via="collection",
        what="measure",
    )
    version_check(locked, expected_version, what="measure")
    initiative = changes.get("initiative")
    if initiative is not None and initiative.partnership_id != by.partnership_id:
        raise NotFound("initiative")
    errors: Errors = {}
    cleaned = MeasureInput.clean(changes, errors, by=by, current=locked)
    if (
        "breakdowns" in cleaned
        and "breakdowns" not in errors
        and cleaned["breakdowns"] != locked.breakdowns
        and Figure.objects.filter(measure=locked, data_return__status=ReturnStatus.APPROVED)
        .exclude(breakdown="")
        .exists()
    ):
        add_error(
            errors,
            "breakdowns",
            "Approved returns use these breakdowns; add a new measure instead of changing them",
        )
    raise_if_any(errors)
    save_changes(
        by=by,
        record=locked,
        fields={**{k: v for k, v in changes.items() if k in MeasureInput.related}, **cleaned},
        audit_action="measure.update",
    )
    return locked
