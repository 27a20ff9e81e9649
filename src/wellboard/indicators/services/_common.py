"""What every indicators service checks first: the record is the actor's partnership's (another
partnership's is not found), then the policy's rule."""

from __future__ import annotations

from typing import Protocol

from wellboard.core.access import Actor
from wellboard.core.errors import NotFound
from wellboard.core.policy import Rule
from wellboard.indicators.models import Indicator


class _OfPartnership(Protocol):
    @property
    def partnership_id(self) -> int: ...


def require_for(
    rule: Rule, by: Actor, record: _OfPartnership | None = None, *, what: str = "indicator"
) -> None:
    """Another partnership's ``record`` is 'not found' (``what``); a member the rule does not allow
    is refused with its message."""
    if record is not None and record.partnership_id != by.partnership_id:
        raise NotFound(what)
    rule.require(by)


def indicator_current(by: Actor, indicator: Indicator, *, rule: Rule) -> Indicator:
    """The indicator as stored now, once ``rule`` allows ``by`` to act on it: figures are computed
    by its current method and multiplier, not by whatever a caller's (possibly stale) copy says."""
    require_for(rule, by, indicator)
    current = Indicator.objects.filter(pk=indicator.pk, partnership_id=by.partnership_id).first()
    if current is None:
        raise NotFound("indicator")
    return current
