"""A partnership's comparators: England, the county, a named group of areas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.geography.models import Area
from wellboard.indicators.models import Comparator, ComparatorKind
from wellboard.indicators.selectors import areas_by_code
from wellboard.indicators.services._common import require_analyst_for


def _areas(by: Actor, kind: str, area_codes: Sequence[str]) -> list[Area]:
    codes = list(dict.fromkeys(c.strip() for c in area_codes if c.strip()))
    found = areas_by_code(actor=by, codes=codes)
    missing = [c for c in codes if c not in found]
    if missing:
        raise InvalidInput({"areas": [f"No area has the code {', '.join(missing)}"]})
    if kind == ComparatorKind.AREA and len(codes) != 1:
        raise InvalidInput({"areas": ["Choose exactly one area for an area comparator"]})
    if kind == ComparatorKind.GROUP and len(codes) < 2:
        raise InvalidInput({"areas": ["Choose at least two areas for a group"]})
    return [found[c] for c in codes]


def _check(name: str, kind: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["Enter the comparator's name"]
    elif len(name.strip()) > 200:
        errors["name"] = ["The name must be 200 characters or fewer"]
    if kind not in ComparatorKind.values:
        errors["kind"] = ["Choose one area or a group of areas"]
    return errors


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
    require_analyst_for(by)
    errors = _check(name, kind)
    slug = slug.strip() or slugify(name)[:80]
    if not slug or slug != slugify(slug):
        errors.setdefault("slug", []).append("Use lower-case letters, numbers and hyphens only")
    elif Comparator.objects.filter(partnership_id=by.partnership_id, slug=slug).exists():
        errors.setdefault("name", []).append(f"There is already a comparator called '{name.strip()}'")
    if errors:
        raise InvalidInput(errors)
    areas = _areas(by, kind, area_codes)
    if is_default:
        _clear_default(by, keep=None)
    if position is None:
        position = Comparator.objects.filter(partnership_id=by.partnership_id).count()
    comparator = Comparator.objects.create(
        partnership_id=by.partnership_id,
        slug=slug,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        is_default=is_default,
        position=position,
    )
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
    if comparator.partnership_id != by.partnership_id:
        raise NotFound("comparator")
    require_analyst_for(by)
    allowed = {"name", "description", "area_codes", "is_default", "position"}
    if set(changes) - allowed:
        raise InvalidInput(f"These cannot be changed here: {', '.join(sorted(set(changes) - allowed))}")
    locked = _locked(by, comparator)
    version_check(locked, expected_version, what="comparator")
    errors = _check(changes.get("name", locked.name), locked.kind)
    if errors:
        raise InvalidInput(errors)
    many: dict[str, list[Area]] = {}
    if "area_codes" in changes:
        many["areas"] = _areas(by, locked.kind, changes.pop("area_codes"))
    fields = {key: value.strip() if isinstance(value, str) else value for key, value in changes.items()}
    becomes_default = bool(fields.get("is_default")) and not locked.is_default
    if becomes_default:
        # Only one comparator is the default: the one it replaces stops being it first.
        _clear_default(by, keep=locked.pk)
    save_changes(by=by, record=locked, fields=fields, many=many, audit_action="comparator.update")
    return locked


@transaction.atomic
def comparator_delete(*, by: Actor, comparator: Comparator, expected_version: int | None) -> None:
    if comparator.partnership_id != by.partnership_id:
        raise NotFound("comparator")
    require_analyst_for(by)
    locked = _locked(by, comparator)
    version_check(locked, expected_version, what="comparator")
    audit_record(by=by, action="comparator.delete", obj=locked, before=audit_snapshot(locked))
    locked.delete()
