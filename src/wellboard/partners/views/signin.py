"""Signing in: the password step, then the code step for people who have a second factor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from wellboard.core.audit import audit_request_event
from wellboard.core.errors import TooManyRequests
from wellboard.partners.authentication import (
    PENDING_BACKEND,
    PENDING_NEXT,
    is_verified,
    pending_signin_clear,
    pending_signin_start,
    pending_signin_user,
)
from wellboard.partners.forms import TwoFactorCodeForm
from wellboard.partners.models import User
from wellboard.partners.selectors import two_factor_enabled, two_factor_recovery_codes_left
from wellboard.partners.services import two_factor_verify


class SignInView(auth_views.LoginView):
    """Django's sign-in page, except that a person with a second factor is only remembered as
    waiting for their code: they are signed in by the code step."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.WELLBOARD_OIDC_ENABLED:
            context["single_sign_on"] = settings.WELLBOARD_OIDC_NAME
            context["single_sign_on_failed"] = self.request.GET.get("sso") == "failed"
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if two_factor_enabled(user=user):
            pending_signin_start(self.request, user, self.get_success_url())
            return redirect("signin-verify")
        return super().form_valid(form)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@require_http_methods(["GET", "POST"])
def signin_verify(request: HttpRequest) -> HttpResponse:
    """The code step: for a person whose password was just accepted, or who is signed in (by a
    session from before they set up a second factor) but has not given a code in this session."""
    pending = pending_signin_user(request)
    signed_in = request.user if isinstance(request.user, User) else None
    user = pending or signed_in
    if user is None:
        return redirect("login")
    if signed_in is not None and pending is None and is_verified(request.user):
        return HttpResponseRedirect(_safe_next(request, request.GET.get("next")))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_verify(user=user, code=form.cleaned_data["code"])
        except TooManyRequests as exc:
            form.add_error("code", str(exc))
            device = None
        else:
            if device is None:
                audit_request_event(
                    request, action="signin.second_factor_refused", user=signed_in, subject=user.email
                )
                form.add_error("code", "That code is not right. Check your authenticator app and try again.")
        if device is not None:
            target = _safe_next(request, request.session.get(PENDING_NEXT) or request.GET.get("next"))
            if pending is not None:
                backend = request.session.get(PENDING_BACKEND)
                pending_signin_clear(request)
                login(request, user, backend=backend)
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = two_factor_recovery_codes_left(user=user)
                audit_request_event(
                    request, action="signin.recovery_code", user=user, note=f"{left} recovery codes left"
                )
            return HttpResponseRedirect(target)
    return render(
        request,
        "registration/signin_verify.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def single_sign_on_start(request: HttpRequest) -> HttpResponse:
    """Off to the identity provider (only where single sign-on is configured)."""
    if not settings.WELLBOARD_OIDC_ENABLED:
        raise Http404("Single sign-on is not set up on this site")
    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)
    return response


def single_sign_on_callback(request: HttpRequest) -> HttpResponse:
    """Back from the identity provider: signed in if the email matches an account."""
    if not settings.WELLBOARD_OIDC_ENABLED:
        raise Http404("Single sign-on is not set up on this site")
    response: HttpResponse = OIDCAuthenticationCallbackView.as_view()(request)
    return response
