"""Creating and changing indicator definitions (``IndicatorInput``), which only coordinators and
analysts may (``policy.CHANGE_INDICATORS``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.text import unique_slug
from wellboard.core.versioning import save_changes, version_check
from wellboard.indicators.inputs import IndicatorInput, IndicatorSlug
from wellboard.indicators.models import (
    RESERVED_INDICATOR_SLUGS,
    Indicator,
    IndicatorKind,
    Method,
    Polarity,
    ValueType,
)
from wellboard.indicators.policy import CHANGE_INDICATORS
from wellboard.indicators.services._common import require_for
from wellboard.indicators.services.observations import observations_recalculate
from wellboard.strategy.models import Initiative, Node

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


def _unique_slug(partnership_id: int, text: str) -> str:
    base = slugify(text)[:90].strip("-") or "indicator"
    taken = set(
        Indicator.objects.filter(partnership_id=partnership_id, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    # Reserved slugs count as taken, so 'data' becomes 'data-2' like any other clash.
    return unique_slug(base, taken | RESERVED_INDICATOR_SLUGS, max_length=90)


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
    CHANGE_INDICATORS.require(by)
    method_default, multiplier_default, unit_default = DEFAULTS_FOR_VALUE_TYPE.get(
        value_type, (Method.NONE, 1, "")
    )
    unit = unit_default if unit is None else unit
    multiplier = multiplier_default if multiplier is None else multiplier
    method = method_default if method is None else method
    errors: Errors = {}
    cleaned = IndicatorInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    chosen_slug = cleaned["slug"]
    if (
        chosen_slug
        and "slug" not in errors
        and Indicator.objects.filter(partnership_id=by.partnership_id, slug=chosen_slug).exists()
    ):
        add_error(errors, "slug", IndicatorSlug.taken(chosen_slug))
    if (
        external_id
        and Indicator.objects.filter(
            partnership_id=by.partnership_id, external_source=external_source, external_id=external_id
        ).exists()
    ):
        add_error(
            errors,
            "external_id",
            f"Indicator {external_id} from {external_source or 'this source'} is already loaded",
        )
    raise_if_any(errors)
    node_list, initiative_list = cleaned.pop("nodes"), cleaned.pop("initiatives")
    cleaned["slug"] = chosen_slug or _unique_slug(by.partnership_id, cleaned["short_name"] or cleaned["name"])
    indicator = Indicator.objects.create(
        partnership_id=by.partnership_id,
        external_source=external_source.strip(),
        external_id=str(external_id).strip(),
        **cleaned,
    )
    indicator.nodes.set(node_list)
    indicator.initiatives.set(initiative_list)
    audit_record(by=by, action="indicator.create", obj=indicator, after=audit_snapshot(indicator))
    return indicator


@transaction.atomic
def indicator_update(
    *, by: Actor, indicator: Indicator, expected_version: int | None, **changes: Any
) -> Indicator:
    """Change an indicator's definition. A new method or multiplier recomputes every figure that
    Wellboard computed from counts (published figures stay as published)."""
    require_for(CHANGE_INDICATORS, by, indicator)
    IndicatorInput.refuse_unknown(changes)
    locked = lock_for_edit(Indicator, pk=indicator.pk, partnership_id=by.partnership_id, what="indicator")
    version_check(locked, expected_version, what="indicator")
    errors: Errors = {}
    cleaned = IndicatorInput.clean(changes, errors, by=by, current=locked)
    raise_if_any(errors)
    many: dict[str, list[Any]] = {
        name: cleaned.pop(name) for name in ("nodes", "initiatives") if name in cleaned
    }
    refigure = any(
        name in cleaned and cleaned[name] != getattr(locked, name) for name in ("method", "multiplier")
    )
    save_changes(
        by=by,
        record=locked,
        fields=cleaned,
        many=many,
        audit_action="indicator.update",
        duplicate_errors={"slug": [IndicatorSlug.taken(cleaned.get("slug", locked.slug))]},
    )
    if refigure:
        observations_recalculate(by=by, indicator=locked)
    return locked
