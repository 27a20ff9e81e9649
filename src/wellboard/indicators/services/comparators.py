"""A partnership's comparators: England, the county, a named group of areas (``ComparatorInput``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.inputs import Errors, add_error, raise_if_any, refuse_unknown_fields
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.geography.models import Area
from wellboard.indicators.inputs import ComparatorInput
from wellboard.indicators.models import Comparator
from wellboard.indicators.policy import CHANGE_INDICATORS
from wellboard.indicators.selectors import areas_by_code
from wellboard.indicators.services._common import require_for

# A comparator's kind and its address are set when it is made.
CHANGEABLE = ComparatorInput.fields() - {"kind", "slug"}


def _areas(by: Actor, codes: Sequence[str], errors: Errors) -> list[Area]:
    """The areas ``codes`` name (as ``ComparatorInput`` cleaned them); a code that names none is an
    error."""
    found = areas_by_code(actor=by, codes=codes)
    missing = [c for c in codes if c not in found]
    if missing:
        add_error(errors, "area_codes", f"No area has the code {', '.join(missing)}")
    return [found[c] for c in codes if c in found]


def _clear_default(by: Actor, keep: int | None) -> None:
    others = Comparator.objects.filter(partnership_id=by.partnership_id, is_default=True)
    if keep is not None:
        others = others.exclude(pk=keep)
    others.update(is_default=False)


@transaction.atomic
def comparator_create(
    *,
    by: Actor,
    name: str,
    kind: str,
    area_codes: Sequence[str],
    slug: str = "",
    description: str = "",
    is_default: bool = False,
    position: int | None = None,
) -> Comparator:
    CHANGE_INDICATORS.require(by)
    errors: Errors = {}
    cleaned = ComparatorInput.clean(locals(), errors, by=by)  # the arguments it has rules for
    cleaned["slug"] = cleaned["slug"] or slugify(cleaned["name"])[:80]
    if not cleaned["slug"]:
        if "name" not in errors:
            add_error(errors, "name", "Use at least one letter or number in the name")
    elif Comparator.objects.filter(partnership_id=by.partnership_id, slug=cleaned["slug"]).exists():
        add_error(errors, "name", f"There is already a comparator called '{cleaned['name']}'")
    areas = _areas(by, cleaned.pop("area_codes"), errors)
    raise_if_any(errors)
    if is_default:
        _clear_default(by, keep=None)
    if cleaned["position"] is None:
        cleaned["position"] = Comparator.objects.filter(partnership_id=by.partnership_id).count()
    comparator = Comparator.objects.create(partnership_id=by.partnership_id, is_default=is_default, **cleaned)
    comparator.areas.set(areas)
    audit_record(by=by, action="comparator.create", obj=comparator, after=audit_snapshot(comparator))
    return comparator


def _locked(by: Actor, comparator: Comparator) -> Comparator:
    return lock_for_edit(Comparator, pk=comparator.pk, partnership_id=by.partnership_id, what="comparator")


@transaction.atomic
def comparator_update(
    *, by: Actor, comparator: Comparator, expected_version: int | None, **changes: Any
) -> Comparator:
    """Change name, description, areas (``area_codes``), whether it is the default, or position."""
    require_for(CHANGE_INDICATORS, by, comparator, what="comparator")
    refuse_unknown_fields(changes, CHANGEABLE, owner=ComparatorInput.owner)
    locked = _locked(by, comparator)
    version_check(locked, expected_version, what="comparator")
    errors: Errors = {}
    fields = ComparatorInput.clean(changes, errors, by=by, current=locked)
    many = {"areas": _areas(by, fields.pop("area_codes"), errors)} if "area_codes" in fields else {}
    raise_if_any(errors)
    if "is_default" in changes:
        fields["is_default"] = bool(changes["is_default"])
        if fields["is_default"] and not locked.is_default:
            # Only one comparator is the default: the one it replaces stops being it first.
            _clear_default(by, keep=locked.pk)
    save_changes(by=by, record=locked, fields=fields, many=many, audit_action="comparator.update")
    return locked


@transaction.atomic
def comparator_delete(*, by: Actor, comparator: Comparator, expected_version: int | None) -> None:
    require_for(CHANGE_INDICATORS, by, comparator, what="comparator")
    locked = _locked(by, comparator)
    version_check(locked, expected_version, what="comparator")
    audit_record(by=by, action="comparator.delete", obj=locked, before=audit_snapshot(locked))
    locked.delete()
