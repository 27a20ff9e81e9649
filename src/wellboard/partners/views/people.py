"""The people of a partnership: coordinators see who holds which role, invite people and remove roles;
anyone with an invitation's link accepts it here, signed in or by creating an account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.views import domain_errors, form_saved, form_status, member_view
from wellboard.partners.forms import AcceptInvitationForm, InviteForm
from wellboard.partners.models import User
from wellboard.partners.selectors import (
    invitation_get_by_token,
    organisation_list,
    partnership_access,
    role_grant_list,
)
from wellboard.partners.services import invitation_accept, invitation_create, role_revoke


@member_view
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, slug: str) -> HttpResponse:
    partnership, actor = partnership_access(user=request.user, slug=slug)
    grants = role_grant_list(actor=actor)  # coordinators only; others get 404
    form = InviteForm(request.POST or None, organisations=organisation_list(actor=actor))
    saved = form_saved(
        request,
        form,
        lambda data: invitation_create(by=actor, **form.cleaned_values()),
        done=lambda sent: (f"Invitation sent to {sent[0].email}", reverse("people", args=[slug])),
    )
    return saved or render(
        request,
        "partners/people.html",
        {"partnership": partnership, "actor": actor, "grants": grants, "form": form, "section": "people"},
        status=form_status(request, form),
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
        return render(request, "partners/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invite.email).exists()
    form = AcceptInvitationForm(request.POST or None)
    # An invitation is for the person it was sent to: someone else signed in cannot take it up.
    for_you = not isinstance(request.user, User) or request.user.email.lower() == invite.email.lower()
    context = {"invite": invite, "form": form, "existing": existing, "for_you": for_you}
    if not for_you:
        return render(
            request, "partners/invitation.html", context, status=403 if request.method == "POST" else 200
        )
    if request.method == "POST":
        # A signed-in person is a User; anyone else is Django's AnonymousUser.
        if isinstance(request.user, User):
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
                login(request, user, backend="wellboard.partners.authentication.EmailBackend")
                messages.success(request, f"Welcome to {invite.partnership.name}")
                return redirect("partnership-home", invite.partnership.slug)
    return render(
        request, "partners/invitation.html", context, status=400 if request.method == "POST" else 200
    )
