"""How people sign in: by email in any letter case, counted by django-axes, recorded in the audit
trail, and held at a second-factor step when their roles require one.

Signing in with a second factor is two requests. The password step only remembers, in the session,
who is waiting; the person is signed in when the code is accepted, so a stolen password alone never
yields a session that can read anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from wellboard.core.audit import audit_request_event
from wellboard.partners.models import User
from wellboard.partners.selectors import two_factor_enabled, two_factor_required

PENDING_USER = "wellboard_signin_pending_user"
PENDING_BACKEND = "wellboard_signin_pending_backend"
PENDING_AT = "wellboard_signin_pending_at"
PENDING_NEXT = "wellboard_signin_pending_next"
# Until when (a timestamp) this session is known to owe no second factor: the check costs two
# queries, so it runs at sign-in and then at most every few minutes, not on every page.
NO_SECOND_FACTOR_OWED_UNTIL = "wellboard_no_second_factor_owed_until"
SECOND_FACTOR_RECHECK_SECONDS = 300


def normalise_email(value: object) -> str:
    return str(value or "").strip().lower()


def signin_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The name django-axes counts failures under: the email as typed, in lower case, so
    ``Alex@…`` and ``alex@…`` are one account to the lockout as they are to the sign-in."""
    if credentials and credentials.get("username"):
        return normalise_email(credentials["username"])
    if request is not None:
        return normalise_email(request.POST.get("username"))
    return ""


class EmailBackend(ModelBackend):
    """Sign in with the email address, whatever its letter case (emails are unique ignoring case)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        user = User.objects.filter(email__iexact=normalise_email(username)).first()
        if user is None:
            # Spend the same time as a real check, so timing does not reveal which emails exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


SINGLE_SIGN_ON = "wellboard_signed_in_through_provider"


def is_verified(user: object) -> bool:
    """Whether this session's user has given a second factor (django-otp's middleware adds the check)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def second_factor_given(request: HttpRequest) -> bool:
    """A code in this session, or a sign-in through the identity provider where that counts."""
    if is_verified(getattr(request, "user", None)):
        return True
    return bool(settings.WELLBOARD_OIDC_SATISFIES_TWO_FACTOR and request.session.get(SINGLE_SIGN_ON))


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Sign-in through an OpenID Connect provider for people who already have an account: matched
    by email in any case; an unknown email is refused and recorded, never given a new account."""

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = normalise_email(claims.get("email"))
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        user = super().authenticate(request, **kwargs)
        if request is not None and isinstance(user, User):
            request.session[SINGLE_SIGN_ON] = True
        return user if isinstance(user, User) else None

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None and self.request is not None:
            claims = self.get_userinfo(access_token, id_token, payload)
            audit_request_event(
                self.request,
                action="signin.refused",
                subject=normalise_email(claims.get("email"))[:300],
                note="single sign-on: no Wellboard account has this email",
            )
        return user if isinstance(user, User) else None


def pending_signin_start(request: HttpRequest, user: User, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_USER] = user.pk
    request.session[PENDING_BACKEND] = getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1])
    request.session[PENDING_AT] = time.time()
    request.session[PENDING_NEXT] = next_url


def pending_signin_user(request: HttpRequest) -> User | None:
    """The person whose password was accepted and whose code is awaited, if still in time."""
    user_id = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT, 0)
    if user_id is None or time.time() - float(started) > settings.WELLBOARD_SECOND_FACTOR_SECONDS:
        pending_signin_clear(request)
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def pending_signin_clear(request: HttpRequest) -> None:
    for key in (PENDING_USER, PENDING_BACKEND, PENDING_AT, PENDING_NEXT):
        request.session.pop(key, None)


def _audit_signin_refused(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None, **_: Any
) -> None:
    # A refusal with no email typed is either an empty form or a refused single sign-on, which the
    # single sign-on backend records itself, with the email the provider vouched for.
    name = signin_username(request, credentials)
    if request is not None and name:
        audit_request_event(request, action="signin.refused", subject=name[:300])


def _audit_signed_in(sender: Any, request: HttpRequest | None, user: User, **_: Any) -> None:
    if request is not None:
        audit_request_event(request, action="signin", user=user, subject=user.email)
        second_factor_owed(request, user)


def second_factor_owed(request: HttpRequest, user: User) -> str:
    """What the signed-in person still owes: "" (nothing), "code" (they have an authenticator and
    have not used it in this session) or "set-up" (their role requires one and they have none)."""
    if second_factor_given(request):
        return ""
    if time.time() < float(request.session.get(NO_SECOND_FACTOR_OWED_UNTIL, 0)):
        return ""
    if two_factor_enabled(user=user):
        return "code"
    if two_factor_required(user=user):
        return "set-up"
    request.session[NO_SECOND_FACTOR_OWED_UNTIL] = time.time() + SECOND_FACTOR_RECHECK_SECONDS
    return ""


def _audit_locked_out(sender: Any, request: HttpRequest | None, username: str, **_: Any) -> None:
    if request is not None:
        audit_request_event(request, action="signin.lockout", subject=str(username or "")[:300])


def connect_signals() -> None:
    """Called once when the app is ready."""
    from axes.signals import user_locked_out

    user_login_failed.connect(_audit_signin_refused, dispatch_uid="wellboard-signin-refused")
    user_logged_in.connect(_audit_signed_in, dispatch_uid="wellboard-signed-in")
    user_locked_out.connect(_audit_locked_out, dispatch_uid="wellboard-locked-out")


# Pages a person who still owes a second factor may reach: signing in and out, setting one up, the
# public site anyone may read, the API (tokens are its sign-in) and static files.
TWO_FACTOR_EXEMPT = ("/accounts/", "/static/", "/api/", "/public/")


class TwoFactorMiddleware:
    """Keeps a signed-in person whose roles require a second factor on the set-up (or code) page
    until they have given one in this session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie nobody is signed in: the session is left untouched, so pages for
        # everyone (the public site) are not made to vary by cookie.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES or request.path.startswith(TWO_FACTOR_EXEMPT):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if isinstance(user, User):
            owed = second_factor_owed(request, user)
            if owed == "code":
                return redirect(f"{reverse('signin-verify')}?{urlencode({'next': request.get_full_path()})}")
            if owed == "set-up":
                if request.headers.get("HX-Request"):
                    return JsonResponse({"detail": "Set up two-factor sign-in first"}, status=403)
                return redirect(reverse("two-factor"))
        return self.get_response(request)
