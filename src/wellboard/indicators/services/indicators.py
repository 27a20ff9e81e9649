"""Creating and changing indicator definitions. Only coordinators and analysts may."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.locking import lock_for_edit
from wellboard.core.text import unique_slug
from wellboard.core.versioning import version_bump, version_check
from wellboard.indicators.models import (
    RESERVED_INDICATOR_SLUGS,
    Indicator,
    IndicatorKind,
    Method,
    Polarity,
    ValueType,
)
from wellboard.indicators.services._common import require_analyst_for
from wellboard.indicators.services.observations import observations_recalculate
from wellboard.strategy.models import Initiative, Node

# Which confidence-limit methods suit each value type ("none" always does).
METHODS_FOR_VALUE_TYPE: dict[str, tuple[str, ...]] = {
    ValueType.COUNT: (Method.NONE,),
    ValueType.PERCENTAGE: (Method.WILSON, Method.NONE),
    ValueType.CRUDE_RATE: (Method.BYARS_EXACT, Method.BYARS, Method.NONE),
    ValueType.DSR: (Method.DOBSON, Method.NONE),
    ValueType.RATIO: (Method.SMR, Method.ISR, Method.NONE),
    ValueType.MEAN: (Method.STUDENT_T, Method.NONE),
    ValueType.LIFE_EXPECTANCY: (Method.CHIANG, Method.NONE),
    ValueType.SCORE: (Method.NONE, Method.STUDENT_T),
}

# What a new indicator of each value type starts with: method, multiplier, unit.
DEFAULTS_FOR_VALUE_TYPE: dict[str, tuple[str, int, str]] = {
    ValueType.COUNT: (Method.NONE, 1, ""),
    ValueType.PERCENTAGE: (Method.WILSON, 100, "%"),
    ValueType.CRUDE_RATE: (Method.BYARS_EXACT, 100_000, "per 100,000"),
    ValueType.DSR: (Method.DOBSON, 100_000, "per 100,000"),
    ValueType.RATIO: (Method.SMR, 100, ""),
    ValueType.MEAN: (Method.STUDENT_T, 1, ""),
    ValueType.LIFE_EXPECTANCY: (Method.CHIANG, 1, "years"),
    ValueType.SCORE: (Method.NONE, 1, ""),
}

_EDITABLE = {
    "name",
    "short_name",
    "slug",
    "definition",
    "kind",
    "value_type",
    "polarity",
    "unit",
    "multiplier",
    "method",
    "source",
    "frequency",
    "nodes",
    "initiatives",
}


def _check_fields(values: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    name = str(values.get("name", "")).strip()
    if not name:
        errors["name"] = ["Enter the indicator's name"]
    elif len(name) > 300:
        errors["name"] = ["The name must be 300 characters or fewer"]
    if len(str(values.get("short_name", ""))) > 120:
        errors["short_name"] = ["The short name must be 120 characters or fewer"]
    if values.get("kind") not in IndicatorKind.values:
        errors["kind"] = [f"Choose a kind: {', '.join(IndicatorKind.labels)}"]
    value_type = values.get("value_type")
    if value_type not in ValueType.values:
        errors["value_type"] = [f"Choose a value type: {', '.join(ValueType.labels)}"]
    if values.get("polarity") not in Polarity.values:
        errors["polarity"] = [f"Choose a polarity: {', '.join(Polarity.labels)}"]
    method = values.get("method")
    if method not in Method.values:
        errors["method"] = [f"Choose a method: {', '.join(Method.labels)}"]
    elif value_type in METHODS_FOR_VALUE_TYPE and method not in METHODS_FOR_VALUE_TYPE[value_type]:
        suitable = ", ".join(Method(m).label for m in METHODS_FOR_VALUE_TYPE[value_type])
        errors["method"] = [f"A {ValueType(value_type).label.lower()} uses one of: {suitable}"]
    multiplier = values.get("multiplier")
    if isinstance(multiplier, bool) or not isinstance(multiplier, int) or multiplier < 1:
        errors["multiplier"] = ["The multiplier must be a whole number, 1 or more (100 for a percentage)"]
    elif value_type == ValueType.PERCENTAGE and multiplier != 100:
        errors["multiplier"] = ["A percentage has a multiplier of 100"]
    for field, limit in (("unit", 60), ("source", 300), ("frequency", 40)):
        if len(str(values.get(field, ""))) > limit:
            errors[field] = [f"This must be {limit} characters or fewer"]
    slug = values.get("slug", "")
    if slug and (slug != slugify(slug) or len(slug) > 100):
        errors["slug"] = ["Use lower-case letters, numbers and hyphens only (up to 100)"]
    return errors


def _reserved_slug(slug: str) -> dict[str, list[str]]:
    if slug in RESERVED_INDICATOR_SLUGS:
        return {"slug": [f"'{slug}' is part of the indicator pages' addresses: choose another slug"]}
    return {}


def _unique_slug(partnership_id: int, text: str) -> str:
    base = slugify(text)[:90].strip("-") or "indicator"
    taken = set(
        Indicator.objects.filter(partnership_id=partnership_id, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    # Reserved slugs count as taken, so 'data' becomes 'data-2' like any other clash.
    return unique_slug(base, taken | RESERVED_INDICATOR_SLUGS, max_length=90)


def _nodes(by: Actor, nodes: Iterable[Node | int]) -> list[Node]:
    ids = {n.pk if isinstance(n, Node) else int(n) for n in nodes}
    found = list(Node.objects.filter(pk__in=ids, strategy__partnership_id=by.partnership_id))
    if len(found) != len(ids):
        raise InvalidInput({"nodes": ["Choose strategy themes and priorities of this partnership"]})
    return found


def _initiatives(by: Actor, initiatives: Iterable[Initiative | int]) -> list[Initiative]:
    ids = {i.pk if isinstance(i, Initiative) else int(i) for i in initiatives}
    found = list(Initiative.objects.filter(pk__in=ids, partnership_id=by.partnership_id))
    if len(found) != len(ids):
        raise InvalidInput({"initiatives": ["Choose initiatives of this partnership"]})
    return found


@transaction.atomic
def indicator_create(
    *,
    by: Actor,
    name: str,
    value_type: str,
    kind: str = IndicatorKind.POPULATION,
    polarity: str = Polarity.NEITHER,
    unit: str | None = None,
    multiplier: int | None = None,
    method: str | None = None,
    slug: str = "",
    short_name: str = "",
    definition: str = "",
    source: str = "",
    frequency: str = "",
    nodes: Iterable[Node | int] = (),
    initiatives: Iterable[Initiative | int] = (),
    external_source: str = "",
    external_id: str = "",
) -> Indicator:
    """A new indicator. ``unit``, ``multiplier`` and ``method`` default by value type (a percentage:
    "%", 100, Wilson; a crude rate: "per 100,000", 100,000, Byar's with exact limits below 10)."""
    require_analyst_for(by)
    method_default, multiplier_default, unit_default = DEFAULTS_FOR_VALUE_TYPE.get(
        value_type, (Method.NONE, 1, "")
    )
    values: dict[str, Any] = {
        "name": name.strip(),
        "short_name": short_name.strip(),
        "slug": slug.strip(),
        "definition": definition.strip(),
        "kind": kind,
        "value_type": value_type,
        "polarity": polarity,
        "unit": (unit_default if unit is None else unit).strip(),
        "multiplier": multiplier_default if multiplier is None else multiplier,
        "method": method_default if method is None else method,
        "source": source.strip(),
        "frequency": frequency.strip(),
    }
    errors = _check_fields(values)
    if "slug" not in errors:
        errors.update(_reserved_slug(values["slug"]))
    if (
        values["slug"]
        and Indicator.objects.filter(partnership_id=by.partnership_id, slug=values["slug"]).exists()
    ):
        errors.setdefault("slug", []).append(f"Another indicator already uses '{values['slug']}'")
    if (
        external_id
        and Indicator.objects.filter(
            partnership_id=by.partnership_id, external_source=external_source, external_id=external_id
        ).exists()
    ):
        errors.setdefault("external_id", []).append(
            f"Indicator {external_id} from {external_source or 'this source'} is already loaded"
        )
    if errors:
        raise InvalidInput(errors)
    node_list = _nodes(by, nodes)
    initiative_list = _initiatives(by, initiatives)
    values["slug"] = values["slug"] or _unique_slug(by.partnership_id, values["short_name"] or values["name"])
    indicator = Indicator.objects.create(
        partnership_id=by.partnership_id,
        external_source=external_source.strip(),
        external_id=str(external_id).strip(),
        **values,
    )
    indicator.nodes.set(node_list)
    indicator.initiatives.set(initiative_list)
    audit_record(by=by, action="indicator.create", obj=indicator, after=audit_snapshot(indicator))
    return indicator


def _locked(by: Actor, indicator: Indicator) -> Indicator:
    return lock_for_edit(Indicator, pk=indicator.pk, partnership_id=by.partnership_id, what="indicator")


@transaction.atomic
def indicator_update(
    *, by: Actor, indicator: Indicator, expected_version: int | None, **changes: Any
) -> Indicator:
    """Change an indicator's definition. A new method or multiplier recomputes every figure that
    Wellboard computed from counts (published figures stay as published)."""
    require_analyst_for(by, indicator)
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise InvalidInput(f"These cannot be changed here: {', '.join(sorted(unknown))}")
    locked = _locked(by, indicator)
    version_check(locked, expected_version, what="indicator")
    before = audit_snapshot(locked)
    node_list = _nodes(by, changes.pop("nodes")) if "nodes" in changes else None
    initiative_list = _initiatives(by, changes.pop("initiatives")) if "initiatives" in changes else None
    values = {f: getattr(locked, f) for f in _EDITABLE - {"nodes", "initiatives"}}
    values.update({k: v.strip() if isinstance(v, str) else v for k, v in changes.items()})
    errors = _check_fields(values)
    if "slug" not in errors and values["slug"] != locked.slug:
        errors.update(_reserved_slug(values["slug"]))
    if errors:
        raise InvalidInput(errors)
    refigure = values["method"] != locked.method or values["multiplier"] != locked.multiplier
    changed = any(values[k] != getattr(locked, k) for k in values)
    if node_list is not None:
        changed |= {n.pk for n in node_list} != set(locked.nodes.values_list("pk", flat=True))
    if initiative_list is not None:
        changed |= {i.pk for i in initiative_list} != set(locked.initiatives.values_list("pk", flat=True))
    if not changed:
        return locked
    for key, value in values.items():
        setattr(locked, key, value)
    version_bump(locked)
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as exc:
        raise InvalidInput({"slug": [f"Another indicator already uses '{values['slug']}'"]}) from exc
    if node_list is not None:
        locked.nodes.set(node_list)
    if initiative_list is not None:
        locked.initiatives.set(initiative_list)
    audit_record(by=by, action="indicator.update", obj=locked, before=before, after=audit_snapshot(locked))
    if refigure:
        observations_recalculate(by=by, indicator=locked)
    return locked
