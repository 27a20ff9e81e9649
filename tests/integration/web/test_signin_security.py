"""Signing in: email in any case, refusals and lockouts in the audit trail, two-factor sign-in and
its enforcement for the roles a partnership chooses, and denied requests recorded."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_person
from wellboard.core.access import Role
from wellboard.core.models import AuditEvent
from wellboard.partners.models import Partnership, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_code_throttle(settings: object) -> None:
    """For tests that give a wrong code and then the right one at once; the pause django-otp
    imposes after a wrong code has its own test."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]
    settings.OTP_STATIC_THROTTLE_FACTOR = 0  # type: ignore[attr-defined]


PASSWORD = "correct-horse-battery"
BROWSER = {"HTTP_USER_AGENT": "Test browser 1.0", "REMOTE_ADDR": "192.0.2.10"}


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the person's app would show, ``steps_ahead`` periods from now (a code is accepted
    once, so a second sign-in in the same 30 seconds uses the next period's code)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def signed_in_as(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id is not None else None


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str) -> object:
    return client.post("/accounts/login/", {"username": email, "password": password}, **(BROWSER | extra))


def enrol(client: Client, user: User) -> tuple[TOTPDevice, list[str]]:
    page = client.get("/accounts/two-factor/set-up/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/set-up/", {"device": device.pk, "code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def test_email_sign_in_ignores_letter_case(coordinator: User) -> None:
    client = Client()
    response = sign_in(client, coordinator.email.upper())
    assert response.status_code == 302
    assert signed_in_as(client) == coordinator.pk
    signed_in = AuditEvent.objects.get(action="signin")
    assert (signed_in.address, signed_in.user_agent) == ("192.0.2.10", "Test browser 1.0")


def test_refused_sign_in_is_audited_with_address_and_agent(coordinator: User) -> None:
    response = sign_in(Client(), coordinator.email, "wrong password!")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    refused = AuditEvent.objects.get(action="signin.refused")
    assert refused.object_label == coordinator.email
    assert (refused.address, refused.user_agent) == ("192.0.2.10", "Test browser 1.0")


def test_spraying_many_accounts_from_one_address_is_locked_out(
    settings: object, partnership: Partnership
) -> None:
    for n in range(12):
        response = sign_in(Client(), f"nobody-{n}@example.org", "a wrong password")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert AuditEvent.objects.filter(action="signin.lockout").exists()
    # Another address is not affected.
    other = sign_in(Client(), "nobody-0@example.org", "a wrong password", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200


def test_denied_partnership_request_is_audited(
    client_for: Callable[[User], Client], partnership: Partnership, outsider: User
) -> None:
    response = client_for(outsider).get(f"/p/{partnership.slug}/", **BROWSER)
    assert response.status_code == 404
    denied = AuditEvent.objects.get(action="request.denied")
    assert denied.actor == outsider
    assert denied.object_label == f"/p/{partnership.slug}/"
    assert denied.address == "192.0.2.10"
    assert "404" in denied.note


def test_enrol_then_sign_in_with_a_code(coordinator: User, no_code_throttle: None) -> None:
    client = Client()
    client.force_login(coordinator)
    device, _codes = enrol(client, coordinator)
    assert AuditEvent.objects.filter(action="two_factor.enrol", actor=coordinator).exists()
    client.post("/accounts/logout/")

    response = sign_in(client, coordinator.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    # The password alone gives no session: partnership pages still ask for a sign-in.
    assert signed_in_as(client) is None

    wrong = client.post("/accounts/login/code/", {"code": "000000"}, **BROWSER)
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.content.decode()
    assert AuditEvent.objects.filter(action="signin.second_factor_refused").exists()

    right = client.post("/accounts/login/code/", {"code": code_for(device, steps_ahead=1)})
    assert right.status_code == 302
    assert signed_in_as(client) == coordinator.pk


def test_a_recovery_code_signs_in_once(coordinator: User) -> None:
    client = Client()
    client.force_login(coordinator)
    _device, codes = enrol(client, coordinator)
    client.post("/accounts/logout/")
    sign_in(client, coordinator.email)
    assert client.post("/accounts/login/code/", {"code": codes[0].upper()}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, coordinator.email)
    assert client.post("/accounts/login/code/", {"code": codes[0]}).status_code == 400


def test_required_role_cannot_reach_partnership_pages_without_a_second_factor(
    partnership: Partnership, coordinator: User, viewer: User
) -> None:
    partnership.two_factor_roles = [Role.COORDINATOR]
    partnership.save()
    client = Client()
    sign_in(client, coordinator.email)
    response = client.get(f"/p/{partnership.slug}/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/"
    assert "Your role requires two-factor sign-in" in client.get("/accounts/two-factor/").content.decode()
    enrol(client, coordinator)
    assert client.get(f"/p/{partnership.slug}/").status_code == 200

    # A role the partnership does not name signs in with a password alone.
    other = Client()
    sign_in(other, viewer.email)
    assert other.get(f"/p/{partnership.slug}/").status_code == 200


def test_signed_in_session_with_a_device_must_give_a_code(
    partnership: Partnership, coordinator: User
) -> None:
    client = Client()
    client.force_login(coordinator)
    device, _ = enrol(client, coordinator)
    fresh = Client()
    fresh.force_login(coordinator)  # e.g. a session from before the device was added
    response = fresh.get(f"/p/{partnership.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/?next=")
    fresh.post("/accounts/login/code/", {"code": code_for(device, steps_ahead=1)})
    assert fresh.get(f"/p/{partnership.slug}/").status_code == 200


def test_turning_off_needs_a_code_and_is_refused_when_the_role_requires_it(
    partnership: Partnership, coordinator: User, no_code_throttle: None
) -> None:
    client = Client()
    client.force_login(coordinator)
    device, _ = enrol(client, coordinator)
    bad = client.post("/accounts/two-factor/turn-off/", {"code": "123"})
    assert bad.status_code == 400
    assert TOTPDevice.objects.filter(user=coordinator).exists()

    partnership.two_factor_roles = [Role.COORDINATOR]
    partnership.save()
    refused = client.post("/accounts/two-factor/turn-off/", {"code": code_for(device, steps_ahead=1)})
    assert refused.status_code == 400
    assert "cannot be turned off" in refused.content.decode()

    partnership.two_factor_roles = []
    partnership.save()
    done = client.post("/accounts/two-factor/turn-off/", {"code": code_for(device, steps_ahead=1)})
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_new_recovery_codes_replace_the_old(coordinator: User, no_code_throttle: None) -> None:
    client = Client()
    client.force_login(coordinator)
    device, old = enrol(client, coordinator)
    response = client.post("/accounts/two-factor/recovery-codes/", {"code": code_for(device, steps_ahead=1)})
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    client.post("/accounts/logout/")
    sign_in(client, coordinator.email)
    assert client.post("/accounts/login/code/", {"code": old[1]}).status_code == 400
    assert client.post("/accounts/login/code/", {"code": new[1]}).status_code == 302


def test_set_up_with_a_wrong_code_keeps_two_factor_off(coordinator: User) -> None:
    client = Client()
    client.force_login(coordinator)
    client.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post("/accounts/two-factor/set-up/", {"device": device.pk, "code": "12"})
    assert response.status_code == 400
    assert "Enter the 6-digit code" in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    expired = client.post("/accounts/two-factor/set-up/", {"device": 999999, "code": "123456"})
    assert expired.status_code == 302


def test_coordinator_chooses_the_roles_that_need_a_second_factor(
    client_for: Callable[[User], Client], partnership: Partnership, coordinator: User
) -> None:
    client = client_for(coordinator)
    page = client.get(f"/p/{partnership.slug}/settings/")
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["fortnight_anchor"] = "2020-03-30"
    data["two_factor_roles"] = [Role.APPROVER, Role.VIEWER]
    response = client.post(f"/p/{partnership.slug}/settings/", data)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.two_factor_roles == [Role.APPROVER, Role.VIEWER]

    bad = dict(data, two_factor_roles=["pirate"], version=partnership.version)
    assert client.post(f"/p/{partnership.slug}/settings/", bad).status_code == 400
    partnership.refresh_from_db()
    assert partnership.two_factor_roles == [Role.APPROVER, Role.VIEWER]


def test_new_partnership_requires_a_second_factor_of_coordinators_and_hub_workers() -> None:
    from wellboard.partners.services import partnership_create

    partnership, _ = partnership_create(slug="new-town", name="New Town", place_name="New Town")
    assert partnership.two_factor_roles == [Role.COORDINATOR, Role.HUB_WORKER]
    member = make_person(partnership, "lead", Role.COORDINATOR)
    client = Client()
    client.force_login(member)
    assert client.get(f"/p/{partnership.slug}/")["Location"] == "/accounts/two-factor/"


def test_after_a_wrong_code_the_next_try_must_wait(coordinator: User) -> None:
    client = Client()
    client.force_login(coordinator)
    device, _ = enrol(client, coordinator)
    client.post("/accounts/logout/")
    sign_in(client, coordinator.email)
    assert client.post("/accounts/login/code/", {"code": "000000"}).status_code == 400
    response = client.post("/accounts/login/code/", {"code": code_for(device, steps_ahead=1)})
    assert response.status_code == 400
    assert "Too many wrong codes: wait" in response.content.decode()
    assert signed_in_as(client) is None
