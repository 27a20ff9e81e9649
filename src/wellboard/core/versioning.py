"""Optimistic concurrency: a save must start from the version it read, or it is refused."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.models import VersionedModel


def version_check(obj: VersionedModel, expected_version: int | None, *, what: str) -> None:
    """Raise ``Conflict`` if ``obj`` (freshly locked from the database) moved past what the editor saw.

    ``expected_version=None`` means the caller has no stale copy (e.g. a command-line import that
    read and writes inside one transaction).
    """
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(what=what, expected_version=expected_version, current_version=obj.version)


def version_bump(obj: VersionedModel) -> None:
    obj.version += 1


def save_changes(
    *,
    by: Actor,
    record: VersionedModel,
    fields: Mapping[str, Any],
    audit_action: str,
    many: Mapping[str, Iterable[Any]] | None = None,
    duplicate_errors: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """The end of every update: note the record as it was, set ``fields``, bump its version, save it,
    set the many-to-many relations in ``many`` and record the change with both pictures.

    The caller has locked the record and checked its version. With ``duplicate_errors``, a save that
    breaks a unique constraint (a name or reference someone else just took) is refused with those
    errors instead of failing.
    """
    before = audit_snapshot(record)
    for key, value in fields.items():
        setattr(record, key, value)
    version_bump(record)
    if duplicate_errors is None:
        record.save()
    else:
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as exc:
            raise InvalidInput(duplicate_errors) from exc
    for name, values in (many or {}).items():
        getattr(record, name).set(values)
    audit_record(by=by, action=audit_action, obj=record, before=before, after=audit_snapshot(record))
