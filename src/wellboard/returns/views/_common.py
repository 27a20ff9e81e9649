"""What every returns page shares."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from wellboard.core.access import Actor
from wellboard.core.versioning import version_given
from wellboard.partners.models import Partnership
from wellboard.partners.selectors import partnership_access
from wellboard.returns.policy import returns_abilities


def access(request: HttpRequest, slug: str) -> tuple[Partnership, Actor]:
    return partnership_access(user=request.user, slug=slug)


def page(partnership: Partnership, actor: Actor, **extra: Any) -> dict[str, Any]:
    return {
        "partnership": partnership,
        "actor": actor,
        "section": "returns",
        "can": returns_abilities(actor),
        **extra,
    }


def version_of(request: HttpRequest) -> int:
    """The version the page was opened at; ``InvalidInput`` on ``version`` when it was not sent."""
    return version_given(request.POST.get("version"))
