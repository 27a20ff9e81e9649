"""A person's API tokens, with which partner systems act as that person in the partnership."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wellboard.core.errors import InvalidInput
from wellboard.core.views import member_view
from wellboard.partners.forms import ApiTokenForm
from wellboard.partners.policy import partners_abilities
from wellboard.partners.selectors import api_token_list, partnership_access
from wellboard.partners.services import api_token_create, api_token_revoke


@member_view
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest, slug: str) -> HttpResponse:
    """A person's API tokens for partner systems. A new token is shown once, on this response only."""
    partnership, actor = partnership_access(user=request.user, slug=slug)
    form = ApiTokenForm(request.POST or None)
    new_token = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _, new_token = api_token_create(by=actor, name=form.cleaned_data["name"])
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
                status = 400
            else:
                form = ApiTokenForm()
        else:
            status = 400
    return render(
        request,
        "partners/api_tokens.html",
        {
            "partnership": partnership,
            "actor": actor,
            "form": form,
            "tokens": api_token_list(actor=actor),
            "new_token": new_token,
            "section": "api",
            "can": partners_abilities(actor),
        },
        status=status,
    )


@member_view
@require_POST
def api_token_revoke_view(request: HttpRequest, slug: str, token_id: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    token = get_object_or_404(
        api_token_list(actor=actor), pk=token_id
    )  # their own, or a coordinator's to see
    api_token_revoke(by=actor, token=token)
    messages.success(request, f"Revoked the token '{token.name}'. Systems using it can no longer connect.")
    return redirect("api-tokens", partnership.slug)
