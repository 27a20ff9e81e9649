"""What the strategy views share: rendering with the partnership's navigation, and the conflict page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wellboard.core.access import Actor
from wellboard.core.errors import Conflict
from wellboard.core.views import render_conflict
from wellboard.partners.models import Partnership


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
    return render(
        request,
        template,
        {"partnership": partnership, "actor": actor, "section": section, **context},
        status=status,
    )


def form_status(request: HttpRequest, form: forms.Form) -> int:
    """400 when a submitted form is shown again with its errors."""
    return 400 if request.method == "POST" and form.errors else 200


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _display(field: forms.Field | None, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, models.Manager):
        value = list(value.all())
    if isinstance(value, models.QuerySet):
        value = list(value)
    if isinstance(value, list | tuple):
        return "\n".join(sorted(_display(None, v) for v in value))
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
    return str(value)


def conflict_response(
    request: HttpRequest,
    error: Conflict,
    *,
    form: forms.Form,
    current: models.Model,
    fields: Iterable[str],
    back_url: str,
) -> HttpResponse:
    """The conflict page: each field as this person entered it beside what is saved now. Answers 409."""
    names = [f for f in fields if f in form.fields]
    submitted = {name: _display(form.fields[name], form.cleaned_data.get(name)) for name in names}
    saved = {name: _display(form.fields[name], getattr(current, name)) for name in names}
    return render_conflict(request, error, back_url=back_url, submitted=submitted, current=saved)
