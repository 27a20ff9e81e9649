"""Writing strategies. Their trees of themes and priorities are written by ``nodes``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max

from wellboard.core.access import Actor, require
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.versioning import save_changes, version_check
from wellboard.strategy.models import Node, Strategy, StrategyStatus
from wellboard.strategy.services._common import (
    Errors,
    add_error,
    clean_choice,
    clean_date_order,
    clean_optional_text,
    clean_required_text,
    clean_slug,
    refuse_unknown_fields,
    unique_slug,
    values_in_use,
)

MAX_LEVELS = 6


def _clean_level_names(errors: Errors, value: Any) -> list[str]:
    if isinstance(value, str):
        parts: list[Any] = re.split(r"\s*(?:\u203a|>|,)\s*", value.strip())
    else:
        parts = list(value or [])
    names = [str(p).strip() for p in parts]
    if not any(names):
        add_error(errors, "level_names", "Enter at least one level name, like Priority")
    elif not all(names):
        add_error(errors, "level_names", "Level names cannot be blank")
    elif len(names) > MAX_LEVELS:
        add_error(errors, "level_names", f"A strategy can have at most {MAX_LEVELS} levels")
    elif any(len(n) > 50 for n in names):
        add_error(errors, "level_names", "Each level name must be 50 characters or fewer")
    return names


def _clean_strategy_fields(errors: Errors, values: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "title" in values:
        cleaned["title"] = clean_required_text(
            errors, "title", values["title"], missing="Enter a title", max_length=200, label="The title"
        )
    for name, label in (("vision", "The vision"), ("summary", "The summary")):
        if name in values:
            cleaned[name] = clean_optional_text(errors, name, values[name], label=label)
    for name, missing in (("start_date", "Enter a start date"), ("end_date", "Enter an end date")):
        if name in values:
            if not isinstance(values[name], dt.date):
                add_error(errors, name, missing)
            cleaned[name] = values[name]
    if "status" in values:
        cleaned["status"] = clean_choice(errors, "status", values["status"], StrategyStatus, what="a status")
    if "level_names" in values:
        cleaned["level_names"] = _clean_level_names(errors, values["level_names"])
    return cleaned


def _strategy_slugs(by: Actor, exclude_pk: int | None = None) -> set[str]:
    return values_in_use(
        Strategy.objects.filter(partnership_id=by.partnership_id), "slug", exclude_pk=exclude_pk
    )


@transaction.atomic
def strategy_create(
    *,
    by: Actor,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    level_names: Iterable[str] | str,
    vision: str = "",
    summary: str = "",
    status: str = StrategyStatus.DRAFT,
    slug: str = "",
) -> Strategy:
    require(by.is_coordinator, "Only a coordinator can create a strategy")
    errors: Errors = {}
    cleaned = _clean_strategy_fields(
        errors,
        {
            "title": title,
            "start_date": start_date,
            "end_date": end_date,
            "level_names": level_names,
            "vision": vision,
            "summary": summary,
            "status": status,
        },
    )
    clean_date_order(
        errors,
        start_date,
        end_date,
        end_field="end_date",
        message="The end date must be after the start date",
    )
    taken = _strategy_slugs(by)
    slug = clean_slug(errors, "slug", slug, taken=taken, what="strategy")
    if errors:
        raise InvalidInput(errors)
    strategy = Strategy.objects.create(
        partnership_id=by.partnership_id, slug=slug or unique_slug(cleaned["title"], taken), **cleaned
    )
    audit_record(by=by, action="strategy.create", obj=strategy, after=audit_snapshot(strategy))
    return strategy


def lock_strategy(by: Actor, strategy: Strategy) -> Strategy:
    locked = (
        Strategy.objects.select_for_update().filter(pk=strategy.pk, partnership_id=by.partnership_id).first()
    )
    if locked is None:
        raise NotFound("strategy")
    return locked


STRATEGY_FIELDS = frozenset(
    {"title", "vision", "summary", "start_date", "end_date", "status", "level_names", "slug"}
)


@transaction.atomic
def strategy_update(
    *, by: Actor, strategy: Strategy, expected_version: int | None, **changes: Any
) -> Strategy:
    locked = lock_strategy(by, strategy)
    require(by.is_coordinator, "Only a coordinator can change a strategy")
    refuse_unknown_fields(changes, STRATEGY_FIELDS, owner="A strategy")
    version_check(locked, expected_version, what="strategy")
    errors: Errors = {}
    cleaned = _clean_strategy_fields(errors, changes)
    if "slug" in changes:
        slug = clean_slug(
            errors, "slug", changes["slug"], taken=_strategy_slugs(by, locked.pk), what="strategy"
        )
        if not slug:
            add_error(errors, "slug", "Enter a short name")
        cleaned["slug"] = slug
    start = cleaned.get("start_date", locked.start_date)
    end = cleaned.get("end_date", locked.end_date)
    clean_date_order(
        errors, start, end, end_field="end_date", message="The end date must be after the start date"
    )
    if "level_names" in cleaned and not errors.get("level_names"):
        deepest = Node.objects.filter(strategy=locked).aggregate(d=Max("depth"))["d"]
        if deepest is not None and deepest + 1 > len(cleaned["level_names"]):
            add_error(
                errors,
                "level_names",
                f"The tree is {deepest + 1} levels deep: give a name for each of its {deepest + 1} levels",
            )
    if errors:
        raise InvalidInput(errors)
    changed = {k: v for k, v in cleaned.items() if getattr(locked, k) != v}
    if not changed:
        return locked
    save_changes(by=by, record=locked, fields=changed, audit_action="strategy.update")
    return locked
