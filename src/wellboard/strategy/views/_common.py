"""What the strategy views share: rendering with the partnership's navigation and what the actor
may do (``can``, from ``strategy.policy``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from wellboard.core.access import Actor
from wellboard.core.forms import Form
from wellboard.core.views import form_status, section_page
from wellboard.partners.models import Partnership
from wellboard.strategy.policy import strategy_abilities


def page(
    request: HttpRequest,
    template: str,
    *,
    partnership: Partnership,
    actor: Actor,
    section: str,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    return section_page(
        request,
        template,
        partnership=partnership,
        actor=actor,
        section=section,
        abilities=strategy_abilities,
        status=status,
        **context,
    )


def form_page(
    request: HttpRequest,
    template: str,
    form: Form,
    partnership: Partnership,
    actor: Actor,
    *,
    section: str = "strategy",
    **context: Any,
) -> HttpResponse:
    """A create or edit page: 400 when a submitted form is shown again with its errors."""
    return page(
        request,
        template,
        partnership=partnership,
        actor=actor,
        section=section,
        form=form,
        status=form_status(request, form),
        **context,
    )


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"
