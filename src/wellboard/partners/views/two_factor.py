"""A person's own two-factor settings: set up an authenticator app, new recovery codes, turn it off."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from wellboard.core.audit import audit_request_event
from wellboard.core.errors import InvalidInput, PermissionDenied, TooManyRequests
from wellboard.partners.forms import TwoFactorCodeForm, TwoFactorSetupForm
from wellboard.partners.models import User
from wellboard.partners.selectors import (
    two_factor_enabled,
    two_factor_recovery_codes_left,
    two_factor_required,
    two_factor_setup_device,
)
from wellboard.partners.services import (
    two_factor_enrolment_confirm,
    two_factor_enrolment_start,
    two_factor_recovery_codes_replace,
    two_factor_remove,
    two_factor_verify,
)


def _person(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login_required has already sent anyone else away
        raise PermissionDenied("Sign in first")
    return request.user


@login_required
@require_GET
def two_factor(request: HttpRequest) -> HttpResponse:
    return _settings_page(request, TwoFactorCodeForm())


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg: str = image.to_string(encoding="unicode")
    # The markup is generated here from the device's own key, never from anything a person typed.
    return svg


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Each visit starts a fresh set-up (a new key to scan); the code posted confirms that key."""
    user = _person(request)
    form = TwoFactorSetupForm(request.POST or None)
    device = two_factor_setup_device(user=user, device_id=request.POST.get("device", ""))
    if request.method == "POST" and device is None:
        messages.error(request, "That set-up has expired: scan the new code below")
        return redirect("two-factor-setup")
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            codes = two_factor_enrolment_confirm(
                user=user, device_id=device.pk, code=form.cleaned_data["code"]
            )
        except InvalidInput as exc:
            for message in exc.errors.get("code", []):
                form.add_error("code", message)
        else:
            device.refresh_from_db()
            otp_login(request, device)  # both factors were just shown
            audit_request_event(request, action="two_factor.enrol", user=user, subject=user.email)
            return render(request, "partners/two_factor_codes.html", {"codes": codes, "new_app": True})
    if device is None:
        device = two_factor_enrolment_start(user=user)
    return render(
        request,
        "partners/two_factor_setup.html",
        {
            "form": form,
            "device": device,
            "qr": mark_safe(_qr_svg(device.config_url)),  # generated, see _qr_svg
            "secret": base64.b32encode(device.bin_key).decode(),
        },
        status=400 if form.errors else 200,
    )


def _code_accepted(request: HttpRequest, form: TwoFactorCodeForm) -> bool:
    if not form.is_valid():
        return False
    try:
        accepted = two_factor_verify(user=_person(request), code=form.cleaned_data["code"]) is not None
    except TooManyRequests as exc:
        form.add_error("code", str(exc))
        return False
    if not accepted:
        form.add_error("code", "That code is not right. Check your authenticator app and try again.")
    return accepted


@login_required
@require_POST
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    form = TwoFactorCodeForm(request.POST)
    if not _code_accepted(request, form):
        return _settings_page(request, form)
    codes = two_factor_recovery_codes_replace(user=user)
    audit_request_event(request, action="two_factor.recovery_codes", user=user, subject=user.email)
    return render(request, "partners/two_factor_codes.html", {"codes": codes, "new_app": False})


@login_required
@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    form = TwoFactorCodeForm(request.POST)
    if two_factor_required(user=user):
        form.add_error(None, "Your role requires a second factor, so it cannot be turned off.")
        return _settings_page(request, form)
    if not _code_accepted(request, form):
        return _settings_page(request, form)
    two_factor_remove(user=user)
    audit_request_event(request, action="two_factor.remove", user=user, subject=user.email)
    messages.success(request, "Two-factor sign-in is turned off")
    return redirect("two-factor")


def _settings_page(request: HttpRequest, form: TwoFactorCodeForm) -> HttpResponse:
    user = _person(request)
    return render(
        request,
        "partners/two_factor.html",
        {
            "enabled": two_factor_enabled(user=user),
            "required": two_factor_required(user=user),
            "codes_left": two_factor_recovery_codes_left(user=user),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
