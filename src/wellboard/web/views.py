"""Pages that belong to no single app: home, about, people and invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.views import domain_errors, member_view
from wellboard.partners.models import User
from wellboard.partners.selectors import (
    api_token_list,
    invitation_get_by_token,
    organisation_list,
    partnership_access,
    partnership_list_for_user,
    role_grant_list,
)
from wellboard.partners.services import (
    api_token_create,
    api_token_revoke,
    invitation_accept,
    invitation_create,
    role_revoke,
)
from wellboard.web.forms import AcceptInvitationForm, ApiTokenForm, InviteForm


def home(request: HttpRequest) -> HttpResponse:
    partnerships = list(partnership_list_for_user(user=request.user))
    if len(partnerships) == 1:
        return redirect("partnership-home", partnerships[0].slug)
    return render(request, "web/home.html", {"partnerships": partnerships})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


@member_view
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    grants = role_grant_list(actor=actor)  # coordinators only; others get 404
    form = InviteForm(request.POST or None, organisations=organisation_list(actor=actor))
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = invitation_create(
                by=actor,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except InvalidInput as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}")
            return redirect("people", slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "web/people.html",
        {"partnership": partnership, "actor": actor, "grants": grants, "form": form, "section": "people"},
        status=status,
    )


@member_view
@require_POST
def role_remove(request: HttpRequest, slug: str, grant_id: int) -> HttpResponse:
    _partnership, actor = partnership_access(user=request.user, slug=slug)
    grant = get_object_or_404(role_grant_list(actor=actor), pk=grant_id)
    try:
        role_revoke(by=actor, grant=grant)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Removed {grant.get_role_display().lower()} role from {grant.user}")
    return redirect("people", slug)


@domain_errors
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invite = invitation_get_by_token(token=token)
    except NotFound:
        return render(request, "web/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invite.email).exists()
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST":
        if request.user.is_authenticated:
            assert isinstance(request.user, User)
            invitation_accept(token=token, user=request.user)
            messages.success(request, f"You have joined {invite.partnership.name}")
            return redirect("partnership-home", invite.partnership.slug)
        if form.is_valid():
            try:
                user = invitation_accept(
                    token=token,
                    user=None,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password"],
                )
            except InvalidInput as exc:
                form.add_service_errors(exc.errors)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"Welcome to {invite.partnership.name}")
                return redirect("partnership-home", invite.partnership.slug)
    return render(
        request,
        "web/invitation.html",
        {"invite": invite, "form": form, "existing": existing},
        status=400 if request.method == "POST" else 200,
    )


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
        "web/api_tokens.html",
        {
            "partnership": partnership,
            "actor": actor,
            "form": form,
            "tokens": api_token_list(actor=actor),
            "new_token": new_token,
            "section": "api",
        },
        status=status,
    )


@member_view
@require_POST
def api_token_revoke_view(request: HttpRequest, slug: str, token_id: int) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    token = get_object_or_404(api_token_list(actor=actor), pk=token_id)
    try:
        api_token_revoke(by=actor, token=token)
    except InvalidInput as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Revoked the token '{token.name}'. Systems using it can no longer connect."
        )
    return redirect("api-tokens", partnership.slug)
