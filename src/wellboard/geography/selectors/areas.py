"""Single areas and lists of areas, official and custom, and the areas a partnership works with."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.geography import codes as gss
from wellboard.geography.models import Area
from wellboard.geography.selectors._common import AreaRef
from wellboard.geography.selectors.nesting import area_children, area_parents, descendant_ids, type_filter
from wellboard.partners.models import Partnership


def _visible(actor: Actor | None) -> Q:
    if actor is None:
        return Q(partnership__isnull=True)
    return Q(partnership__isnull=True) | Q(partnership_id=actor.partnership_id)


def area_get(*, code: str, actor: Actor | None = None) -> Area:
    """One area by its code. Custom areas are found only by an actor of their partnership."""
    area = Area.objects.filter(_visible(actor), code=gss.normalise_code(code)).first()
    if area is None:
        area = Area.objects.filter(_visible(actor), code=(code or "").strip()).first()
    if area is None:
        raise NotFound("area")
    return area


def custom_area_get(*, actor: Actor, code: str) -> Area:
    area = Area.objects.filter(partnership_id=actor.partnership_id, code=(code or "").strip()).first()
    if area is None:
        raise NotFound("area")
    return area


def custom_area_list(*, actor: Actor) -> QuerySet[Area]:
    return Area.objects.filter(partnership_id=actor.partnership_id).order_by("name")


def custom_area_members(*, area: Area) -> QuerySet[Area]:
    """The LSOAs, wards or MSOAs a custom area is made of (the caller has checked access)."""
    return Area.objects.filter(parent_links__parent=area).order_by("type", "name")


def area_list(
    *,
    type: str | None = None,
    codes: Iterable[str] | None = None,
    within: AreaRef | None = None,
    year: int | None = None,
    actor: Actor | None = None,
) -> QuerySet[Area]:
    """Areas, optionally of one type, among some codes, and inside another area."""
    qs = Area.objects.filter(_visible(actor))
    if type:
        qs = qs.filter(type_filter(type))
    if codes is not None:
        qs = qs.filter(code__in=[c.strip() for c in codes])
    if within is not None:
        parent = within if isinstance(within, Area) else area_get(code=within, actor=actor)
        qs = qs.filter(pk__in=list(descendant_ids([parent.pk], year=year)))
    return qs.order_by("type", "code")


def areas_for_partnership(*, actor: Actor) -> QuerySet[Area]:
    """The areas a partnership works with: its place, what the place lies in (county, region,
    England), its neighbours of the same type in the same county or region, everything inside
    it (wards, MSOAs, LSOAs), and its own custom areas."""
    partnership = Partnership.objects.get(pk=actor.partnership_id)
    ids: set[int] = set()
    place = Area.objects.filter(code=partnership.area_code, partnership__isnull=True).first()
    if place is not None:
        ids.add(place.pk)
        parents = area_parents(area=place)
        ids.update(a.pk for a in parents)
        ids.update(descendant_ids([place.pk], year=None))
        rank = gss.TYPE_RANK.get(place.type, 9)
        above = next((p for p in parents if gss.TYPE_RANK.get(p.type, 9) < rank), None)
        if above is not None:
            ids.update(area_children(area=above, type=place.type).values_list("pk", flat=True))
    ids.update(Area.objects.filter(partnership_id=actor.partnership_id).values_list("pk", flat=True))
    return Area.objects.filter(pk__in=list(ids)).order_by("type", "name")
