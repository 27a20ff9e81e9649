"""A coordinator whose partnership requires a second factor signs in, is sent to set one up, scans
(reads) the key, saves the recovery codes, signs out, and signs in again with a code from the app."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wellboard.core.access import Role
from wellboard.partners.models import Partnership, User

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def app_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def test_coordinator_enrols_and_signs_in_with_a_code(
    page: Page,
    partnership: Partnership,
    coordinator: User,
    sign_in: Callable[..., None],
    assert_accessible: Callable[[Page], None],
) -> None:
    partnership.two_factor_roles = [Role.COORDINATOR]
    partnership.save()
    sign_in(page, coordinator.email)
    page.goto(f"/p/{partnership.slug}/")
    assert page.url.endswith("/accounts/two-factor/")
    assert page.get_by_text("Your role requires two-factor sign-in").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Set up two-factor sign-in").click()
    assert page.locator(".wb-qr svg").count() == 1
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    page.get_by_text("I cannot scan the code").click()
    assert page.locator("#two-factor-secret").inner_text().strip()
    page.get_by_role("textbox", name="Code").fill(app_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert page.get_by_role("heading", name="Two-factor sign-in is on").is_visible()
    assert page.locator("#recovery-codes li").count() == 10
    assert_accessible(page)

    page.goto(f"/p/{partnership.slug}/")
    assert f"/p/{partnership.slug}/" in page.url
    page.get_by_role("button", name="Sign out").click()

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(coordinator.email.upper())
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    assert "/accounts/login/code/" in page.url
    assert_accessible(page)
    device.refresh_from_db()
    page.get_by_role("textbox", name="Code").fill(app_code(device, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    page.goto(f"/p/{partnership.slug}/")
    assert f"/p/{partnership.slug}/" in page.url
    assert page.get_by_role("button", name="Sign out").is_visible()
