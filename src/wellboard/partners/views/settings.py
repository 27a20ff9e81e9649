"""The partnership's own settings, for coordinators."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from wellboard.core.access import require
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.views import history_response, member_view, render_conflict
from wellboard.partners.forms import PartnershipSettingsForm
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
]


@member_view
@require_http_methods(["GET", "POST"])
def partnership_settings(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    require(actor.is_coordinator, "Only a coordinator can change the partnership's settings")
    initial = {name: getattr(partnership, name) for name in FIELDS} | {"version": partnership.version}
    form = PartnershipSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in FIELDS}
        try:
            partnership_update(by=actor, partnership=partnership, expected_version=data["version"], **changes)
        except Conflict as exc:
            partnership.refresh_from_db()
            current = {name: getattr(partnership, name) for name in FIELDS}
            return render_conflict(
                request,
                exc,
                back_url=reverse("partnership-settings", args=[slug]),
                submitted=changes,
                current=current,
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, "Settings saved")
            return redirect("partnership-settings", slug)
    return render(
        request,
        "partners/partnership_settings.html",
        {
            "partnership": partnership,
            "actor": actor,
            "form": form,
            "section": "settings",
        },
        status=400 if request.method == "POST" else 200,
    )


@member_view
@require_GET
def partnership_history(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    require(actor.is_coordinator, "Only a coordinator can see the settings' history")
    return history_response(
        request,
        partnership,
        title=f"{partnership.name} settings",
        back_url=reverse("partnership-settings", args=[slug]),
        context={"partnership": partnership, "actor": actor},
    )
