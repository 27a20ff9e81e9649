"""Writing areas one at a time: official areas met by other importers, and partnerships' custom areas."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.cache import data_version_bump
from wellboard.core.errors import Conflict, InvalidInput, NotFound
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import changed_fields
from wellboard.geography import codes
from wellboard.geography.inputs import MAX_AREA_NAME, CustomAreaInput
from wellboard.geography.models import Area, AreaLink, AreaType
from wellboard.geography.policy import CHANGE_CUSTOM_AREAS, DEFINE_CUSTOM_AREAS, DELETE_CUSTOM_AREAS
from wellboard.geography.selectors import area_get, custom_area_get

Outcome = Literal["create", "update", "unchanged"]

OFFICIAL_TYPES = frozenset(t.value for t in AreaType if t != AreaType.CUSTOM)
CUSTOM_MEMBER_TYPES = frozenset({AreaType.LSOA, AreaType.WARD, AreaType.MSOA})


def _clean_official(code: str, name: str, type: str) -> tuple[str, str, str]:
    errors: dict[str, list[str]] = {}
    code = codes.normalise_code(code)
    name = " ".join((name or "").split())
    if not codes.is_gss_code(code):
        errors["code"] = [f"'{code}' is not an ONS GSS code: enter a letter and 8 digits, like E07000243"]
    if not name:
        errors["name"] = ["Enter the area's name"]
    elif len(name) > MAX_AREA_NAME:
        errors["name"] = [f"The name must be {MAX_AREA_NAME} characters or fewer"]
    if type not in OFFICIAL_TYPES:
        errors["type"] = [
            f"'{type}' is not an official area type; use one of {', '.join(sorted(OFFICIAL_TYPES))}"
        ]
    elif "code" not in errors and (conflict := codes.type_conflict(code, type)):
        errors["type"] = [conflict]
    if errors:
        raise InvalidInput(errors)
    return code, name, codes.canonical_type(code, type)


@transaction.atomic
def area_upsert(
    *,
    code: str,
    name: str,
    type: str,
    parents: Sequence[Area | str] = (),
    geography_year: int | None = None,
    source: str = "",
) -> tuple[Area, Outcome]:
    """Create or refresh one official area and link it to ``parents`` (areas or their codes).

    Idempotent: calling it again with the same values changes nothing and answers "unchanged".
    The name and type follow the caller; ``geography_year`` keeps the earliest boundary set seen;
    parents are only ever added (lookups, not this function, say when an area moved). Unitary
    authorities are stored as ``ltla`` whichever tier the caller names. Parents must exist already.
    """
    code, name, area_type = _clean_official(code, name, type)
    parent_areas: list[Area] = []
    for parent in parents:
        if isinstance(parent, Area):
            parent_areas.append(parent)
            continue
        try:
            parent_areas.append(area_get(code=codes.normalise_code(parent)))
        except NotFound as exc:
            raise InvalidInput({"parents": [f"There is no area {parent}: create the parent first"]}) from exc

    area = Area.objects.select_for_update().filter(code=code).first()
    outcome: Outcome = "unchanged"
    if area is None:
        area = Area.objects.create(code=code, name=name, type=area_type, geography_year=geography_year)
        outcome = "create"
    else:
        if area.partnership_id is not None:
            raise InvalidInput({"code": [f"{code} is a partnership's custom area, not an official one"]})
        changed: list[str] = []
        if area.name != name:
            area.name = name
            changed.append("name")
        if area.type != area_type:
            area.type = area_type
            changed.append("type")
        if geography_year is not None and (
            area.geography_year is None or geography_year < area.geography_year
        ):
            area.geography_year = geography_year
            changed.append("geography_year")
        if changed:
            area.save(update_fields=changed)
            outcome = "update"

    existing_parents = set(AreaLink.objects.filter(child=area).values_list("parent_id", flat=True))
    new_links = [
        AreaLink(child=area, parent=p, source=source[:200])
        for p in {p.pk: p for p in parent_areas}.values()
        if p.pk not in existing_parents and p.pk != area.pk
    ]
    if new_links:
        AreaLink.objects.bulk_create(new_links)
        if outcome == "unchanged":
            outcome = "update"
    if outcome != "unchanged":
        data_version_bump(None)  # official areas are shared: every partnership's pages may show them
    return area, outcome


# ---------------------------------------------------------------- custom areas


def _custom_members(wanted: list[str], errors: Errors) -> list[Area]:
    """The official areas ``wanted`` (codes cleaned by ``CustomAreaInput``), each an LSOA, ward or
    MSOA; a code that names none, or another kind of area, is an error."""
    found = {
        a.code: a
        for a in Area.objects.filter(code__in=wanted, partnership__isnull=True).only(
            "id", "code", "type", "name"
        )
    }
    missing = [c for c in wanted if c not in found]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        add_error(errors, "member_codes", f"These codes are not known areas: {shown}")
        return []
    wrong = [a.code for a in found.values() if a.type not in CUSTOM_MEMBER_TYPES]
    if wrong:
        add_error(
            errors,
            "member_codes",
            f"A custom area is made of LSOAs, wards or MSOAs; these are not: {', '.join(wrong[:10])}",
        )
        return []
    return [found[c] for c in wanted]


def _check_custom_area(
    by: Actor, values: dict[str, Any], *, current: Area | None
) -> tuple[dict[str, Any], list[Area] | None]:
    """``values`` cleaned by ``CustomAreaInput``, with the areas its member codes name (None when
    they are not given), or ``InvalidInput`` with every problem: a name another of the partnership's
    areas has, codes of no area or of areas of another kind."""
    errors: Errors = {}
    cleaned = CustomAreaInput.clean(values, errors, by=by, current=current)
    name = cleaned.get("name")
    if name and "name" not in errors:
        clash = Area.objects.filter(partnership_id=by.partnership_id, name__iexact=name)
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            add_error(errors, "name", f"Your partnership already has an area called '{name}'")
    codes_given = cleaned.pop("member_codes", None)
    members = None
    if codes_given is not None and "member_codes" not in errors:
        members = _custom_members(codes_given, errors)
    raise_if_any(errors)
    return cleaned, members


def _custom_code(partnership_id: int, name: str) -> str:
    """A readable, unique code such as ``custom-3-bedwell-and-shephall``."""
    slug = slugify(name) or "area"
    if len(slug) > 24:
        slug = slug[:24].rsplit("-", 1)[0] or slug[:24]
    stem = f"custom-{partnership_id}-{slug}"
    code, n = stem, 2
    while Area.objects.filter(code=code).exists():
        code = f"{stem}-{n}"
        n += 1
    return code


def _members_snapshot(area: Area) -> list[str]:
    return sorted(AreaLink.objects.filter(parent=area).values_list("child__code", flat=True))


def _custom_area_snapshot(area: Area) -> dict[str, Any]:
    """What the audit log keeps of a custom area: its own fields and the codes of its members."""
    snapshot = audit_snapshot(area, fields=["code", "name", "description", "version"])
    snapshot["members"] = _members_snapshot(area)
    return snapshot


def _set_members(area: Area, members: list[Area]) -> None:
    AreaLink.objects.filter(parent=area).exclude(child__in=members).delete()
    have = set(AreaLink.objects.filter(parent=area).values_list("child_id", flat=True))
    AreaLink.objects.bulk_create(
        [AreaLink(child=m, parent=area, source="custom area") for m in members if m.pk not in have]
    )


@transaction.atomic
def custom_area_create(*, by: Actor, name: str, member_codes: Iterable[str], description: str = "") -> Area:
    """A partnership's own area, e.g. a hub's catchment, made of LSOAs, wards or MSOAs."""
    DEFINE_CUSTOM_AREAS.require(by)
    cleaned, chosen = _check_custom_area(
        by, {"name": name, "member_codes": member_codes, "description": description or ""}, current=None
    )
    members = chosen or []
    area = Area.objects.create(
        code=_custom_code(by.partnership_id, cleaned["name"]),
        type=AreaType.CUSTOM,
        partnership_id=by.partnership_id,
        **cleaned,
    )
    _set_members(area, members)
    after = audit_snapshot(area, fields=["code", "name", "description", "version"])
    after["members"] = [m.code for m in members]
    audit_record(by=by, action="area.create", obj=area, after=after)
    return area


@transaction.atomic
def custom_area_update(
    *,
    by: Actor,
    code: str,
    expected_version: int | None,
    name: str | None = None,
    member_codes: Iterable[str] | None = None,
    description: str | None = None,
) -> Area:
    """Rename a custom area or change its members. Arguments left as None are kept."""
    CHANGE_CUSTOM_AREAS.require(by)
    area = custom_area_get(actor=by, code=code)
    area = lock_for_edit(Area, pk=area.pk, partnership_id=by.partnership_id, what="area")
    if expected_version is not None and area.version != expected_version:
        raise Conflict(what="area", expected_version=expected_version, current_version=area.version)
    given = {"name": name, "member_codes": member_codes, "description": description}
    cleaned, members = _check_custom_area(
        by, {key: value for key, value in given.items() if value is not None}, current=area
    )
    before = _custom_area_snapshot(area)
    fields = changed_fields(area, cleaned)
    members_change = members is not None and sorted(m.code for m in members) != before["members"]
    if not fields and not members_change:
        return area  # saved unchanged: nothing is written
    for key, value in fields.items():
        setattr(area, key, value)
    if members is not None and members_change:
        _set_members(area, members)
    area.version += 1
    area.save(update_fields=["name", "description", "version"])
    audit_record(by=by, action="area.update", obj=area, before=before, after=_custom_area_snapshot(area))
    return area


@transaction.atomic
def custom_area_delete(*, by: Actor, code: str) -> None:
    DELETE_CUSTOM_AREAS.require(by)
    area = custom_area_get(actor=by, code=code)
    audit_record(by=by, action="area.delete", obj=area, before=_custom_area_snapshot(area))
    try:
        area.delete()
    except ProtectedError as exc:  # indicator figures refer to it; the audit row rolls back too
        raise InvalidInput({"": ["This area has indicator figures, so it cannot be deleted"]}) from exc
