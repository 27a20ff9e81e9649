"""Recording who changed what. Every service that writes calls ``audit_record`` in its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from wellboard.core.access import Actor
from wellboard.core.cache import data_version_bump
from wellboard.core.clock import now
from wellboard.core.models import AuditEvent

SKIPPED_FIELDS = frozenset({"created_at", "updated_at"})


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def audit_snapshot(obj: models.Model, *, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """A JSON-ready picture of a record: related objects by their names, so history reads well
    even after the related record is renamed or deleted."""
    wanted = set(fields) if fields is not None else None
    snapshot: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS or (wanted is not None and f.name not in wanted):
            continue
        if isinstance(f, models.ForeignKey):
            related = getattr(obj, f.name)
            snapshot[f.name] = str(related) if related is not None else None
        else:
            snapshot[f.name] = _plain(f.value_from_object(obj))
    if obj.pk is not None:
        for m2m in obj._meta.many_to_many:
            if wanted is not None and m2m.name not in wanted:
                continue
            snapshot[m2m.name] = sorted(str(o) for o in getattr(obj, m2m.name).all())
    return snapshot


def audit_record(
    *,
    by: Actor,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    read_only: bool = False,
) -> AuditEvent:
    """Append one audit row. ``action`` is a verb phrase such as ``action.update``.

    Every audited write also changes its partnership's data version, so cached page parts that
    might show the change are recomputed. A ``read_only`` event (someone read hub contacts) changes
    nothing a page shows, so it leaves the version alone.
    """
    if not read_only:
        data_version_bump(by.partnership_id or None)
    return AuditEvent.objects.create(
        partnership_id=by.partnership_id or None,
        actor=by.user,
        actor_label=by.label[:200],
        at=now(),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        note=note,
    )


def audit_events_for(*objs: models.Model) -> models.QuerySet[AuditEvent]:
    """The history of one or more records, newest first. Callers check access to them first."""
    match = models.Q(pk__in=[])
    for obj in objs:
        match |= models.Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return AuditEvent.objects.filter(match).select_related("actor")


def request_address(request: HttpRequest) -> str | None:
    """The client's address as the server saw it (a proxy in front sets REMOTE_ADDR correctly)."""
    address = request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def audit_request_event(
    request: HttpRequest,
    *,
    action: str,
    user: Any = None,
    partnership_id: int | None = None,
    subject: str = "",
    note: str = "",
) -> AuditEvent:
    """Record a security event that belongs to a request rather than to a record: a refused or
    accepted sign-in, a lockout, a denied request. Unlike ``audit_record`` it leaves the data version
    alone, since nothing a page shows has changed."""
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    label = (user.get_full_name() or user.get_username()) if signed_in else "anonymous"
    return AuditEvent.objects.create(
        partnership_id=partnership_id,
        actor=user if signed_in else None,
        actor_label=label[:200],
        at=now(),
        action=action,
        object_type="request",
        object_id=request.method or "",
        object_label=(subject or request.path)[:300],
        note=note,
        address=request_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )
