"""Who may do what. Selectors build an ``Actor`` for the signed-in user and check it here.

Deny by default: an actor with no role in a partnership sees nothing of it, and an object outside
what the actor may see is reported as not found (404), never as forbidden.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import models

from wellboard.core.errors import NotFound, PermissionDenied

if TYPE_CHECKING:
    from wellboard.partners.models import User


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Partnership coordinator"
    ANALYST = "analyst", "Public health analyst"
    APPROVER = "approver", "Returns approver"
    BOARD = "board", "Board member"
    CONTRIBUTOR = "contributor", "Contributor for an organisation"
    VIEWER = "viewer", "Viewer"
    HUB_WORKER = "hub_worker", "Hub worker"


@dataclass(frozen=True)
class Actor:
    """A person (or the command line) acting within one partnership."""

    partnership_id: int
    user: User | None
    roles: frozenset[str] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    via_cli: bool = False

    @classmethod
    def command_line(cls, partnership_id: int) -> Actor:
        """The operator running a ``wellboard`` command: trusted as a coordinator, audited as such."""
        return cls(
            partnership_id=partnership_id, user=None, roles=frozenset({Role.COORDINATOR}), via_cli=True
        )

    @property
    def label(self) -> str:
        if self.user is not None:
            full = self.user.get_full_name()
            return full or self.user.get_username()
        if self.via_cli:
            try:
                who = getpass.getuser()
            except (KeyError, OSError):
                who = "operator"
            return f"command line ({who})"
        return "anonymous"

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    def has(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    @property
    def is_member(self) -> bool:
        return bool(self.roles)

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles

    @property
    def is_analyst(self) -> bool:
        return self.has(Role.COORDINATOR, Role.ANALYST)

    @property
    def can_approve_returns(self) -> bool:
        return self.has(Role.COORDINATOR, Role.APPROVER)

    @property
    def has_hub_access(self) -> bool:
        """Sees the hubs: their figures (coordinators, analysts) or their own hubs' records (hub workers)."""
        return self.has(Role.COORDINATOR, Role.ANALYST, Role.HUB_WORKER)

    def acts_for(self, organisation_id: int | None) -> bool:
        """May edit on behalf of this organisation: its contributor, or a coordinator."""
        if self.is_coordinator:
            return True
        return organisation_id is not None and organisation_id in self.organisation_ids


def require(condition: bool, message: str) -> None:
    """Refuse an action the actor can see but may not perform."""
    if not condition:
        raise PermissionDenied(message)


def require_member(actor: Actor | None, what: str = "page") -> Actor:
    """Anyone without a role in the partnership gets 'not found'."""
    if actor is None or not actor.is_member:
        raise NotFound(what)
    return actor
