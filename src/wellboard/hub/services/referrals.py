"""Onward referrals from a visit to a directory service, followed until the loop is closed.

A hub's own workers refer (while recording a visit, or from the visit within 7 days of recording it),
follow each referral's status, and send the receiving service a signed status link. The service has
no account: through the link it sets the status itself. The link names the referral only by its id
and reference, says what it is for, expires, and is good for nothing else. Nothing about the person
travels: the service sees the reference, its own name, the hub's name and the status.

Every referral made, status set and link sent is audited and changes the data version; every list
of referrals shown is audited as a read, as lists of contacts are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, Locked, NotFound, WellboardError
from wellboard.core.inputs import Errors, add_error, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.directory.models import Service, ServiceStatus
from wellboard.hub.codes import referral_reference
from wellboard.hub.inputs import ReferralStatusInput
from wellboard.hub.models import Contact, Hub, Referral, ReferralEvent, ReferralStatus
from wellboard.hub.selectors import contact_hub_check
from wellboard.hub.services.contacts import CORRECTION_DAYS, contact_record
from wellboard.hub.services.daily_totals import hub_daily_totals_refresh

S = ReferralStatus
# Where a referral may go next from each status. A closed referral goes nowhere.
STATUS_MOVES: dict[str, tuple[str, ...]] = {
    S.SENT: (S.ACCEPTED, S.DECLINED, S.CLOSED),
    S.ACCEPTED: (S.ATTENDED, S.DID_NOT_ATTEND, S.CLOSED),
    S.DECLINED: (S.CLOSED,),
    S.ATTENDED: (S.CLOSED,),
    S.DID_NOT_ATTEND: (S.CLOSED,),
    S.CLOSED: (),
}
# What a service may say through its link: everything but "sent", which only the hub says.
LINK_STATUSES: tuple[str, ...] = (S.ACCEPTED, S.DECLINED, S.ATTENDED, S.DID_NOT_ATTEND, S.CLOSED)

LINK_SALT = "wellboard.hub.referral-status-link"
LINK_PURPOSE = "referral-status"
DEFAULT_LINK_DAYS = 14
LINK_INVALID = (
    "This link has expired or is not a valid referral status link. Ask the hub that made the referral "
    "to send a new one."
)
LINK_CLOSED = "This referral is closed, so its link cannot be used any more. Nothing more is needed."


@dataclass(frozen=True)
class ServiceLinkActor(Actor):
    """The receiving service, acting through its status link: no account, one referral."""

    @property
    def label(self) -> str:
        return "service via link"


class ReferralLinkInvalid(WellboardError):
    """The link is expired, altered, made for something else, or names no referral."""

    def __init__(self) -> None:
        super().__init__(LINK_INVALID)


def link_days() -> int:
    """How many days a status link works for."""
    return int(getattr(settings, "WELLBOARD_REFERRAL_LINK_DAYS", DEFAULT_LINK_DAYS))


def status_label(status: str) -> str:
    return str(dict(ReferralStatus.choices).get(status, status))


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a referral with ``status`` may move to."""
    return STATUS_MOVES.get(status, ())


# ---------------------------------------------------------------- the signed link


class _ClockSigner(signing.TimestampSigner):
    """Django's timestamped signer on Wellboard's clock, so a link's expiry can be tested."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(clock.now().timestamp()))

    def unsign(self, value: str, max_age: float | dt.timedelta | None = None) -> str:
        result = signing.Signer.unsign(self, value)
        value, stamp = result.rsplit(self.sep, 1)
        if max_age is not None:
            seconds = max_age.total_seconds() if isinstance(max_age, dt.timedelta) else max_age
            age = clock.now().timestamp() - signing.b62_decode(stamp)
            if age > seconds:
                raise signing.SignatureExpired(f"Signature age {age} > {seconds} seconds")
        return value


def _signer() -> _ClockSigner:
    return _ClockSigner(salt=LINK_SALT)


def referral_link_token(referral: Referral) -> str:
    """The token of a referral's status link: its id, its reference and what the link is for,
    signed and timestamped. Nothing else is in it."""
    return _signer().sign_object(
        {"referral": referral.pk, "reference": referral.reference, "purpose": LINK_PURPOSE}
    )


def referral_link_url(referral: Referral) -> str:
    return settings.SITE_URL + reverse("referral-status-link", args=[referral_link_token(referral)])


def referral_from_link(token: str) -> Referral:
    """The referral a status link names, or ``ReferralLinkInvalid`` when the link has expired, was
    altered or made for another purpose, or its referral is gone."""
    try:
        payload = _signer().unsign_object(token, max_age=dt.timedelta(days=link_days()))
    except (signing.BadSignature, ValueError, TypeError, UnicodeError) as exc:
        raise ReferralLinkInvalid from exc
    if not isinstance(payload, dict) or payload.get("purpose") != LINK_PURPOSE:
        raise ReferralLinkInvalid
    pk, reference = payload.get("referral"), payload.get("reference")
    if not isinstance(pk, int) or not isinstance(reference, str):
        raise ReferralLinkInvalid
    found = (
        Referral.objects.select_related("service", "contact__hub").filter(pk=pk, reference=reference).first()
    )
    if found is None:
        raise ReferralLinkInvalid
    return found


def referral_link_email(referral: Referral, link: str) -> tuple[str, str]:
    """The subject and body of the email that takes a status link to the service: the reference,
    the service's and the hub's names and the link, and nothing about the person."""
    hub = referral.contact.hub.name
    subject = f"Referral {referral.reference} from {hub}: tell the hub what happened"
    body = (
        f"{hub} referred someone to {referral.service.name}. The referral's reference is "
        f"{referral.reference}.\n\n"
        "Please tell the hub what happened to the referral (accepted, declined, attended, did not attend "
        "or closed) by opening this link. It needs no account and works for "
        f"{link_days()} days:\n\n{link}\n\n"
        "The link shows only the reference, the service and the referral's status. Use the reference "
        "when you speak to the hub about this referral.\n"
    )
    return subject, body


# ---------------------------------------------------------------- making referrals


def _check_service(errors: Errors, by: Actor, service: Service) -> None:
    if service.partnership_id != by.partnership_id:
        raise NotFound("service")
    if service.status != ServiceStatus.ACTIVE:
        add_error(
            errors,
            "services",
            f"{service.name} is {service.get_status_display().lower()} and is not taking referrals",
        )


def _check_sent_on(errors: Errors, contact: Contact, day: dt.date) -> None:
    if day > clock.today():
        add_error(errors, "services", "A referral cannot be dated in the future")
    elif day < contact.date:
        add_error(errors, "services", "A referral cannot be dated before the visit it came from")


def _new_reference() -> str:
    # Random references almost never meet; when one does, draw again.
    for _ in range(10):
        reference = referral_reference()
        if not Referral.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not draw an unused referral reference")


@transaction.atomic
def referral_send(*, by: Actor, contact: Contact, service: Service, on: dt.date | None = None) -> Referral:
    """Refer the person at ``contact`` to ``service`` (an active service of the partnership), on
    ``on`` (by default today). A visit is referred to each service once."""
    contact_hub_check(actor=by, hub=contact.hub)
    day = on or clock.today()
    errors: Errors = {}
    _check_service(errors, by, service)
    _check_sent_on(errors, contact, day)
    if Referral.objects.filter(contact=contact, service=service).exists():
        add_error(errors, "services", f"This visit is already referred to {service.name}")
    raise_if_any(errors)
    referral = Referral.objects.create(
        contact=contact,
        service=service,
        reference=_new_reference(),
        status=ReferralStatus.SENT,
        sent_on=day,
        status_on=day,
    )
    ReferralEvent.objects.create(
        referral=referral,
        status=ReferralStatus.SENT,
        on=day,
        recorded_at=clock.now(),
        channel=ReferralEvent.Channel.HUB,
    )
    audit_record(by=by, action="referral.create", obj=referral, after=audit_snapshot(referral))
    hub_daily_totals_refresh(contact.hub_id, [contact.date])
    return referral


@transaction.atomic
def referrals_send(
    *, by: Actor, contact: Contact, services: Iterable[Service], on: dt.date | None = None
) -> list[Referral]:
    """Refer the person at ``contact`` to each of ``services``: all of them, or none."""
    return [referral_send(by=by, contact=contact, service=service, on=on) for service in services]


@transaction.atomic
def visit_record(
    *, by: Actor, hub: Hub, services: Iterable[Service] = (), **values: Any
) -> tuple[Contact, list[Referral]]:
    """Record a visit (``contact_record``) and its onward referrals, sent on the day of the visit:
    the visit and every referral, or nothing."""
    contact = contact_record(by=by, hub=hub, **values)
    return contact, referrals_send(by=by, contact=contact, services=services, on=contact.date)


@transaction.atomic
def referrals_add(*, by: Actor, contact: Contact, services: Iterable[Service]) -> list[Referral]:
    """Refer someone from a visit recorded in the last 7 days, today: the hub worker remembered a
    referral, or made it after the person left."""
    contact_hub_check(actor=by, hub=contact.hub)
    if clock.now() - contact.created_at > dt.timedelta(days=CORRECTION_DAYS):
        raise InvalidInput(
            {"services": [f"Referrals can be added only within {CORRECTION_DAYS} days of recording a visit"]}
        )
    chosen = list(services)
    if not chosen:
        raise InvalidInput({"services": ["Choose at least one service to refer the person to"]})
    return referrals_send(by=by, contact=contact, services=chosen, on=clock.today())


# ---------------------------------------------------------------- following a referral


def _locked(referral: Referral, partnership_id: int) -> Referral:
    return lock_for_edit(
        Referral.objects.select_related("contact__hub", "service"),
        pk=referral.pk,
        partnership_id=partnership_id,
        what="referral",
        via="contact__hub",
    )


def _move(by: Actor, locked: Referral, status: str, on: Any, *, channel: str) -> Referral:
    """Set the locked referral's status as of ``on``, if the move is allowed; a move to the status
    and day it already has changes nothing."""
    errors: Errors = {}
    cleaned = ReferralStatusInput.clean({"status": status, "on": on}, errors, by=by, current=locked)
    new, day = cleaned["status"], cleaned["on"]
    if "status" not in errors and new == locked.status and day != locked.status_on:
        add_error(errors, "status", f"The referral is already {status_label(new).lower()}")
    elif "status" not in errors and new != locked.status and new not in next_statuses(locked.status):
        allowed = next_statuses(locked.status)
        add_error(
            errors,
            "status",
            f"A referral that is {status_label(locked.status).lower()} can only become "
            + " or ".join(status_label(s).lower() for s in allowed),
        )
    if "on" not in errors and isinstance(day, dt.date):
        if day > clock.today():
            add_error(errors, "on", "The date cannot be in the future")
        elif day < locked.sent_on:
            add_error(
                errors, "on", f"The date cannot be before the referral was sent ({locked.sent_on:%d %B %Y})"
            )
    raise_if_any(errors)
    if save_changes(
        by=by, record=locked, fields={"status": new, "status_on": day}, audit_action="referral.status"
    ):
        ReferralEvent.objects.create(
            referral=locked, status=new, on=day, recorded_at=clock.now(), channel=channel
        )
        hub_daily_totals_refresh(locked.contact.hub_id, [locked.contact.date])
    return locked


@transaction.atomic
def referral_status_set(
    *, by: Actor, referral: Referral, status: str, on: dt.date | None, expected_version: int | None
) -> Referral:
    """Record what happened to a referral, as the hub heard it: sent becomes accepted, declined or
    closed; accepted becomes attended, did not attend or closed; any other becomes closed. The day
    may not be in the future nor before the referral was sent."""
    locked = _locked(referral, by.partnership_id)
    contact_hub_check(actor=by, hub=locked.contact.hub)
    version_check(locked, expected_version, what="referral")
    if locked.status == ReferralStatus.CLOSED and status != ReferralStatus.CLOSED:
        raise InvalidInput({"status": ["This referral is closed and cannot change"]})
    return _move(by, locked, status, on, channel=ReferralEvent.Channel.HUB)


@transaction.atomic
def referral_status_set_via_link(
    *, token: str, status: str, on: dt.date | None, expected_version: int | None
) -> Referral:
    """What the receiving service says through its status link, under the same rules as the hub's
    own changes. Once the referral is closed the link is refused (``Locked``)."""
    found = referral_from_link(token)
    by = ServiceLinkActor(partnership_id=found.contact.hub.partnership_id, user=None)
    locked = _locked(found, by.partnership_id)
    if locked.status == ReferralStatus.CLOSED:
        raise Locked(LINK_CLOSED)
    version_check(locked, expected_version, what="referral")
    if status not in LINK_STATUSES:
        raise InvalidInput({"status": ["Choose what happened: " + ", ".join(LINK_STATUSES)]})
    return _move(by, locked, status, on, channel=ReferralEvent.Channel.LINK)


@transaction.atomic
def referral_link_send(*, by: Actor, referral: Referral, expected_version: int | None = None) -> Referral:
    """Email the service's referral address a status link for ``referral``. The email carries the
    reference, the service's and hub's names and the link: nothing about the person."""
    locked = _locked(referral, by.partnership_id)
    contact_hub_check(actor=by, hub=locked.contact.hub)
    version_check(locked, expected_version, what="referral")
    if locked.status == ReferralStatus.CLOSED:
        raise InvalidInput("This referral is closed: there is nothing more for the service to report")
    recipient = locked.service.referral_email
    if not recipient:
        raise InvalidInput(
            f"{locked.service.name} has no referral email in the directory: ask the coordinator to add one"
        )
    save_changes(
        by=by, record=locked, fields={"link_sent_at": clock.now()}, audit_action="referral.link_sent"
    )
    subject, body = referral_link_email(locked, referral_link_url(locked))
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))
    return locked


# ---------------------------------------------------------------- reading referrals


def referrals_seen(*, by: Actor, hub: Hub, limit: int | None = 200) -> list[Referral]:
    """A hub's referrals, newest first, for the hub's own workers; the read is audited with the
    rows it returned."""
    contact_hub_check(actor=by, hub=hub)
    rows = Referral.objects.filter(contact__hub=hub).select_related("service", "contact")
    referrals = list(rows if limit is None else rows[:limit])
    audit_record(
        by=by,
        action="referral.read",
        obj=hub,
        after={"referrals": len(referrals), "ids": [r.pk for r in referrals]},
        note="list",
        read_only=True,
    )
    return referrals


def referral_for_update(*, by: Actor, hub: Hub, pk: int) -> Referral:
    """One of the hub's referrals, to change its status or send its link; the read is audited."""
    contact_hub_check(actor=by, hub=hub)
    found = Referral.objects.filter(contact__hub=hub, pk=pk).select_related("service", "contact").first()
    if found is None:
        raise NotFound("referral")
    audit_record(by=by, action="referral.read", obj=found, note="update", read_only=True)
    return found


def referrals_of_visit(*, by: Actor, contact: Contact) -> list[Referral]:
    """The referrals made from one visit (the caller has read the visit, and that read is audited)."""
    contact_hub_check(actor=by, hub=contact.hub)
    return list(contact.referrals.select_related("service").order_by("service__name"))
