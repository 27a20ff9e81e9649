"""A collection's measures: each refers to an indicator and carries the rules its figures must meet."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.indicators.models import Indicator, IndicatorKind
from wellboard.returns.inputs import MeasureInput
from wellboard.returns.models import (
    FIGURE_LARGEST,
    FIGURE_LIMIT,
    Collection,
    Figure,
    Measure,
    MeasureValueType,
    ReturnStatus,
)
from wellboard.returns.policy import CHANGE_MEASURES
from wellboard.returns.validation import RETURN_COMMENT
from wellboard.strategy.models import Initiative

MAX_BREAKDOWN_CATEGORIES = 40

MEASURE_FIELDS = frozenset(
    {
        "label",
        "help_text",
        "position",
        "unit",
        "multiplier",
        "cumulative",
        "breakdowns",
        "required",
        "comment_required",
        "min_value",
        "max_value",
        "change_threshold",
        "initiative",
    }
)

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


def clean_breakdowns(raw: Any) -> list[dict[str, Any]]:
    """Breakdowns as [{'name': 'Sex', 'categories': ['Female', 'Male']}], checked."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise InvalidInput({"breakdowns": ["Enter each breakdown as a name and its categories"]})
    cleaned = []
    names: set[str] = set()
    for item in raw:
        name = str(item.get("name", "")).strip() if isinstance(item, dict) else ""
        categories = (
            [str(c).strip() for c in (item.get("categories") or [])] if isinstance(item, dict) else []
        )
        categories = [c for c in categories if c]
        if not name:
            raise InvalidInput({"breakdowns": ["Enter a name for each breakdown, such as Sex or Age band"]})
        if name.lower() in names:
            raise InvalidInput({"breakdowns": [f"'{name}' is listed twice"]})
        if len(categories) < 2:
            raise InvalidInput({"breakdowns": [f"Enter at least two categories for {name}"]})
        if len(categories) > MAX_BREAKDOWN_CATEGORIES:
            raise InvalidInput(
                {"breakdowns": [f"{name} can have at most {MAX_BREAKDOWN_CATEGORIES} categories"]}
            )
        if len({c.lower() for c in categories}) != len(categories):
            raise InvalidInput({"breakdowns": [f"Each category of {name} must be different"]})
        names.add(name.lower())
        cleaned.append({"name": name[:100], "categories": [c[:200] for c in categories]})
    return cleaned


def _clean_measure(data: Mapping[str, Any], value_type: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    low, high = data.get("min_value"), data.get("max_value")
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        errors["max_value"] = ["The highest value must be more than the lowest"]
    if low is not None and Decimal(low) < 0:
        errors["min_value"] = ["The lowest value must be 0 or more"]
    for name, which in (("min_value", "lowest"), ("max_value", "highest")):
        bound = data.get(name)
        if bound is not None and not Decimal(bound).is_nan() and Decimal(bound) >= FIGURE_LIMIT:
            errors[name] = [f"The {which} value must be {FIGURE_LARGEST:,} or less"]
    if data.get("multiplier") is not None and int(data["multiplier"]) < 1:
        errors["multiplier"] = ["The multiplier must be 1 or more"]
    if data.get("cumulative") and MeasureValueType(value_type).has_denominator:
        errors["cumulative"] = ["Percentages and rates cannot be running totals"]
    return errors


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
    errors: dict[str, list[str]] = {}
    values = {"label": label, "value_type": value_type, "unit": unit}
    if indicator is None:
        values["indicator_kind"] = indicator_kind
    cleaned = MeasureInput.clean(values, errors, by=by)
    if "value_type" not in errors:
        limits = {
            "min_value": min_value,
            "max_value": max_value,
            "multiplier": multiplier,
            "cumulative": cumulative,
        }
        errors.update(_clean_measure(limits, value_type))
    if indicator is not None and indicator.partnership_id != by.partnership_id:
        raise NotFound("indicator")
    if initiative is not None and initiative.partnership_id != by.partnership_id:
        raise NotFound("initiative")
    code = slugify(code or label).replace("-", "_")[:60]
    if not code:
        errors.setdefault("label", []).append("Use at least one letter or number")
    elif code == RETURN_COMMENT or Measure.objects.filter(collection=collection, code=code).exists():
        errors.setdefault("code", []).append(f"The short name '{code}' is already used in this collection")
    try:
        cleaned_breakdowns = clean_breakdowns(breakdowns)
    except InvalidInput as exc:
        errors.update(exc.errors)
        cleaned_breakdowns = []
    if errors:
        raise InvalidInput(errors)
    if multiplier is None:
        multiplier = 100 if value_type == MeasureValueType.PERCENTAGE else 1
    if indicator is None:
        indicator = _indicator_for_measure(
            by=by,
            label=cleaned["label"],
            value_type=value_type,
            unit=unit,
            multiplier=multiplier,
            kind=indicator_kind,
            initiative=initiative,
        )
    position = collection.measures.count() + 1
    measure = Measure.objects.create(
        collection=collection,
        indicator=indicator,
        initiative=initiative,
        code=code,
        label=cleaned["label"],
        help_text=help_text.strip(),
        position=position,
        value_type=value_type,
        unit=cleaned["unit"],
        multiplier=multiplier,
        cumulative=cumulative,
        breakdowns=cleaned_breakdowns,
        required=required,
        comment_required=comment_required,
        min_value=min_value,
        max_value=max_value,
        change_threshold=change_threshold,
    )
    audit_record(by=by, action="measure.create", obj=measure, after=audit_snapshot(measure))
    return measure


@transaction.atomic
def measure_update(*, by: Actor, measure: Measure, expected_version: int | None, **changes: Any) -> Measure:
    CHANGE_MEASURES.require(by)
    unknown = set(changes) - MEASURE_FIELDS
    if unknown:
        raise InvalidInput(f"Cannot change {', '.join(sorted(unknown))}")
    locked = lock_for_edit(
        Measure.objects.select_related("collection"),
        pk=measure.pk,
        partnership_id=by.partnership_id,
        via="collection",
        what="measure",
    )
    version_check(locked, expected_version, what="measure")
    merged = {
        "min_value": locked.min_value,
        "max_value": locked.max_value,
        "cumulative": locked.cumulative,
        **changes,
    }
    errors: dict[str, list[str]] = {}
    cleaned = MeasureInput.clean(changes, errors, by=by, current=locked)
    errors.update(_clean_measure(merged, locked.value_type))
    if "breakdowns" in changes:
        try:
            changes["breakdowns"] = clean_breakdowns(changes["breakdowns"])
        except InvalidInput as exc:
            errors.update(exc.errors)
        else:
            if (
                changes["breakdowns"] != locked.breakdowns
                and Figure.objects.filter(measure=locked, data_return__status=ReturnStatus.APPROVED)
                .exclude(breakdown="")
                .exists()
            ):
                errors.setdefault("breakdowns", []).append(
                    "Approved returns use these breakdowns; add a new measure instead of changing them"
                )
    initiative = changes.get("initiative")
    if initiative is not None and initiative.partnership_id != by.partnership_id:
        raise NotFound("initiative")
    if errors:
        raise InvalidInput(errors)
    save_changes(
        by=by,
        record=locked,
        fields={
            **{key: value.strip() if isinstance(value, str) else value for key, value in changes.items()},
            **cleaned,
        },
        audit_action="measure.update",
    )
    return locked
