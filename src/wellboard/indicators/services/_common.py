"""What every indicators service checks first."""

from __future__ import annotations

from wellboard.core.access import Actor, require
from wellboard.core.errors import NotFound
from wellboard.indicators.models import Indicator

WRITE_REFUSED = "Only coordinators and analysts can change indicators, comparators and targets"


def require_analyst_for(by: Actor, indicator: Indicator | None = None) -> None:
    """Another partnership's indicator is 'not found'; a member without the role is refused."""
    if indicator is not None and indicator.partnership_id != by.partnership_id:
        raise NotFound("indicator")
    require(by.is_analyst, WRITE_REFUSED)


def indicator_current(by: Actor, indicator: Indicator, *, checked: bool = False) -> Indicator:
    """The indicator as stored now: figures are computed by its current method and multiplier, not
    by whatever a caller's (possibly stale) copy says. ``checked`` means the caller has already
    applied its own permission rule."""
    if not checked:
        require_analyst_for(by, indicator)
    current = Indicator.objects.filter(pk=indicator.pk, partnership_id=by.partnership_id).first()
    if current is None:
        raise NotFound("indicator")
    return current
