"""Optimistic concurrency: a save must start from the version it read, or it is refused.

And a save that changes nothing writes nothing: no version bump, no audit event. A form opened and
saved unchanged, or an API record sent back as it was read, must leave the record as it was, so
``save_changes`` writes only the values that differ (``changed_fields``, ``changed_relations``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, models, transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import Conflict, InvalidInput
from wellboard.core.models import VersionedModel

NOT_STARTED = 0
"""The version a form or an API call sends back for a record it found not yet started (a return that
has no figures yet): if someone starts it meanwhile, the save is a conflict, not an overwrite."""

VERSION_MISSING = (
    "This was sent without the version of the record it started from, so nothing was saved. "
    "Open the page again, make the change there and save it."
)


def version_given(raw: object, *, field: str = "version") -> int:
    """The version a form sent back as text; ``InvalidInput`` on ``field`` if it is missing or is
    not a whole number. A save without one could overwrite a newer edit unknowingly."""
    text = str(raw if raw is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        raise InvalidInput({field: [VERSION_MISSING]})
    return int(text)


def version_check(obj: VersionedModel, expected_version: int | None, *, what: str) -> None:
    """Raise ``Conflict`` if ``obj`` (freshly locked from the database) moved past what the editor saw.

    ``expected_version=None`` means the caller has no stale copy (e.g. a command-line import that
    read and writes inside one transaction); forms and the API never pass it (``version_given``,
    ``VersionField`` and the API schemas require a version).
    """
    if expected_version is not None and obj.version != expected_version:
        raise Conflict(what=what, expected_version=expected_version, current_version=obj.version)


def version_bump(obj: VersionedModel) -> None:
    obj.version += 1


def comparable(value: Any) -> Any:
    """A value that compares equal when nothing really changed: records by primary key."""
    if isinstance(value, models.Model):
        return value.pk
    return value


def pk_set(values: Iterable[Any]) -> set[Any]:
    """The primary keys of some records (or the keys themselves), to compare many-valued fields."""
    return {v.pk if isinstance(v, models.Model) else v for v in values}


def _stored(record: models.Model, name: str) -> Any:
    """What ``record`` holds in field ``name``; a related record by its key, without fetching it."""
    try:
        field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return getattr(record, name)
    if field.many_to_one or field.one_to_one:
        return getattr(record, field.attname)  # type: ignore[union-attr]
    return getattr(record, name)


def changed_fields(record: models.Model, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The entries of ``fields`` whose value differs from what ``record`` holds."""
    return {name: value for name, value in fields.items() if comparable(value) != _stored(record, name)}


def changed_relations(record: models.Model, many: Mapping[str, Iterable[Any]]) -> dict[str, list[Any]]:
    """The many-to-many relations in ``many`` whose records differ from ``record``'s (order aside)."""
    wanted = {name: list(values) for name, values in many.items()}
    return {
        name: values
        for name, values in wanted.items()
        if pk_set(values) != pk_set(getattr(record, name).values_list("pk", flat=True))
    }


def save_changes(
    *,
    by: Actor,
    record: VersionedModel,
    fields: Mapping[str, Any],
    audit_action: str,
    many: Mapping[str, Iterable[Any]] | None = None,
    duplicate_errors: Mapping[str, Sequence[str]] | None = None,
) -> bool:
    """The end of every update: note the record as it was, set the ``fields`` that differ, bump its
    version, save it, set the many-to-many relations in ``many`` that differ and record the change
    with both pictures. Answers whether anything changed: when nothing did, nothing is written (no
    version bump, no audit event), so a form saved unchanged leaves the record as it was.

    The caller has locked the record and checked its version. With ``duplicate_errors``, a save that
    breaks a unique constraint (a name or reference someone else just took) is refused with those
    errors instead of failing.
    """
    fields = changed_fields(record, fields)
    relations = changed_relations(record, many or {})
    if not fields and not relations:
        return False
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
    for name, values in relations.items():
        getattr(record, name).set(values)
    audit_record(by=by, action=audit_action, obj=record, before=before, after=audit_snapshot(record))
    return True
