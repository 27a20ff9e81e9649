"""A person's second factor: an authenticator app (TOTP) and single-use recovery codes.

Recovery codes are stored only as hashes, so a copy of the database does not hand out a way in;
django-otp's own throttling slows repeated wrong codes on both kinds of device.
"""

from __future__ import annotations

import hashlib
import math
import secrets

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wellboard.core.clock import now
from wellboard.core.errors import InvalidInput, TooManyRequests
from wellboard.partners.models import User

APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# Letters and digits that cannot be mistaken for one another when read off paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _recovery_hash(code: str) -> str:
    normalised = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()[:16]


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the person to scan; any earlier unfinished one goes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def two_factor_enrolment_confirm(*, user: User, device_id: int, code: str) -> list[str]:
    """Confirm the new authenticator with a code it shows; it replaces any earlier one, and a fresh
    set of recovery codes is returned (to be shown once)."""
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        raise InvalidInput({"code": ["This set-up has expired: start again"]})
    if not device.verify_token("".join(code.split())):
        raise InvalidInput({"code": ["Enter the 6-digit code your authenticator app shows now"]})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return two_factor_recovery_codes_replace(user=user)


def two_factor_recovery_codes_replace(*, user: User) -> list[str]:
    """A new set of recovery codes; the old set stops working."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=_recovery_hash(c)) for c in codes)
    return codes


def two_factor_remove(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_factor_verify(*, user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts ``code`` (a 6-digit code or a recovery code), or None.

    A recovery code is used up when accepted. After a wrong code the devices refuse for a while,
    longer after each (django-otp's throttling); while they do, ``TooManyRequests`` says how long."""
    cleaned = "".join(code.split())
    devices: list[TOTPDevice | StaticDevice]
    if cleaned.isdigit():
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
        token = cleaned
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
        token = _recovery_hash(cleaned)
    waits: list[float] = []
    for device in devices:
        allowed, detail = device.verify_is_allowed()
        if not allowed:
            locked_until = (detail or {}).get("locked_until")
            waits.append((locked_until - now()).total_seconds() if locked_until else 1.0)
            continue
        if device.verify_token(token):
            return device
    if devices and len(waits) == len(devices):
        seconds = max(1, math.ceil(min(waits)))
        raise TooManyRequests(
            f"Too many wrong codes: wait {seconds} second{'s' if seconds != 1 else ''} and try again",
            retry_after=seconds,
        )
    return None
