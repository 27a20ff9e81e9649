"""Writing strategies. Their trees of themes and priorities are written by ``nodes``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.inputs import Errors, add_error, raise_if_any, unique_slug, values_in_use
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.strategy.inputs import StrategyInput
from wellboard.strategy.models import Node, Strategy, StrategyStatus
from wellboard.strategy.policy import CHANGE_STRATEGY, CREATE_STRATEGY


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
    CREATE_STRATEGY.require(by)
    errors: Errors = {}
    cleaned = StrategyInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    taken = _strategy_slugs(by)
    StrategyInput.slug.check_free(errors, cleaned["slug"], taken=taken)
    raise_if_any(errors)
    cleaned["slug"] = cleaned["slug"] or unique_slug(cleaned["title"], taken)
    strategy = Strategy.objects.create(partnership_id=by.partnership_id, **cleaned)
    audit_record(by=by, action="strategy.create", obj=strategy, after=audit_snapshot(strategy))
    return strategy


def lock_strategy(by: Actor, strategy: Strategy) -> Strategy:
    return lock_for_edit(Strategy, pk=strategy.pk, partnership_id=by.partnership_id, what="strategy")


@transaction.atomic
def strategy_update(
    *, by: Actor, strategy: Strategy, expected_version: int | None, **changes: Any
) -> Strategy:
    locked = lock_strategy(by, strategy)
    CHANGE_STRATEGY.require(by)
    StrategyInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="strategy")
    errors: Errors = {}
    cleaned = StrategyInput.clean(changes, errors, by=by, current=locked)
    if "slug" in cleaned:
        StrategyInput.slug.check_free(errors, cleaned["slug"], taken=_strategy_slugs(by, locked.pk))
    if "level_names" in cleaned and not errors.get("level_names"):
        deepest = Node.objects.filter(strategy=locked).aggregate(d=Max("depth"))["d"]
        if deepest is not None and deepest + 1 > len(cleaned["level_names"]):
            add_error(
                errors,
                "level_names",
                f"The tree is {deepest + 1} levels deep: give a name for each of its {deepest + 1} levels",
            )
    raise_if_any(errors)
    changed = {k: v for k, v in cleaned.items() if getattr(locked, k) != v}
    if not changed:
        return locked
    save_changes(by=by, record=locked, fields=changed, audit_action="strategy.update")
    return locked
