"""The partnership's own settings, for coordinators."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.errors import Conflict
from wellboard.core.views import form_saved, form_status, history_response, member_view, render_conflict
from wellboard.partners.forms import PartnershipSettingsForm
from wellboard.partners.policy import CHANGE_SETTINGS, SEE_SETTINGS_HISTORY
from wellboard.partners.selectors import partnership_access
from wellboard.partners.services import partnership_update

FIELDS = [
    "name",
    "place_name",
    "description",
    "area_code",
    "fortnight_anchor",
    "disclosure_rule",
    "is_public",
    "two_factor_roles",
]


@member_view
@require_http_methods(["GET", "POST"])
def partnership_settings(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    CHANGE_SETTINGS.require(actor)
    initial = {name: getattr(partnership, name) for name in FIELDS} | {"version": partnership.version}
    form = PartnershipSettingsForm(request.POST or None, initial=initial)
    back_url = reverse("partnership-settings", args=[slug])

    def conflict(error: Conflict) -> HttpResponse:
        partnership.refresh_from_db()
        current = {name: getattr(partnership, name) for name in FIELDS}
        submitted = form.cleaned_values(FIELDS)
        return render_conflict(request, error, back_url=back_url, submitted=submitted, current=current)

    saved = form_saved(
        request,
        form,
        lambda data: partnership_update(
            by=actor, partnership=partnership, expected_version=data["version"], **form.cleaned_values(FIELDS)
        ),
        done=lambda _saved: ("Settings saved", back_url),
        conflict=conflict,
    )
    return saved or render(
        request,
        "partners/partnership_settings.html",
        {"partnership": partnership, "actor": actor, "form": form, "section": "settings"},
        status=form_status(request, form),
    )


@member_view
@require_GET
def partnership_history(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    SEE_SETTINGS_HISTORY.require(actor)
    return history_response(
        request,
        partnership,
        title=f"{partnership.name} settings",
        back_url=reverse("partnership-settings", args=[slug]),
        context={"partnership": partnership, "actor": actor},
    )
