"""The records services hang on: the organisations that run them and the taxonomy terms that
classify them. Coordinators write them, by hand or through an Open Referral UK import."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput
from wellboard.core.inputs import Errors, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import changed_fields, save_changes, version_check
from wellboard.directory.inputs import ServiceOrganisationInput, TaxonomyTermInput
from wellboard.directory.models import ServiceOrganisation, TaxonomyTerm
from wellboard.directory.policy import CHANGE_SERVICES
from wellboard.partners.models import Organisation


def _member(by: Actor, member: Organisation | None) -> Organisation | None:
    if member is not None and member.partnership_id != by.partnership_id:
        raise InvalidInput({"member": ["Choose an organisation that is a member of this partnership"]})
    return member


def _oruk_id(value: Any, field: str = "oruk_id") -> uuid.UUID:
    if value is None or value == "":
        return uuid.uuid4()
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise InvalidInput({field: ["The Open Referral id must be a UUID"]}) from exc


@transaction.atomic
def service_organisation_create(
    *,
    by: Actor,
    name: str,
    description: str = "",
    email: str = "",
    website: str = "",
    member: Organisation | None = None,
    oruk_id: uuid.UUID | str | None = None,
) -> ServiceOrganisation:
    CHANGE_SERVICES.require(by)
    errors: Errors = {}
    cleaned = ServiceOrganisationInput.clean(
        {"name": name, "description": description, "email": email, "website": website}, errors, by=by
    )
    raise_if_any(errors)
    key = _oruk_id(oruk_id)
    if ServiceOrganisation.objects.filter(partnership_id=by.partnership_id, oruk_id=key).exists():
        raise InvalidInput({"oruk_id": [f"Another organisation in the directory already has the id {key}"]})
    organisation = ServiceOrganisation.objects.create(
        partnership_id=by.partnership_id, oruk_id=key, member=_member(by, member), **cleaned
    )
    audit_record(
        by=by, action="service_organisation.create", obj=organisation, after=audit_snapshot(organisation)
    )
    return organisation


@transaction.atomic
def service_organisation_update(
    *, by: Actor, organisation: ServiceOrganisation, expected_version: int | None, **changes: Any
) -> ServiceOrganisation:
    locked = lock_for_edit(
        ServiceOrganisation, pk=organisation.pk, partnership_id=by.partnership_id, what="organisation"
    )
    CHANGE_SERVICES.require(by)
    ServiceOrganisationInput.refuse_unknown(changes)
    version_check(locked, expected_version, what="organisation")
    errors: Errors = {}
    cleaned = ServiceOrganisationInput.clean(changes, errors, by=by, current=locked)
    raise_if_any(errors)
    if "member" in changes:
        cleaned["member"] = _member(by, changes["member"])
    save_changes(by=by, record=locked, fields=cleaned, audit_action="service_organisation.update")
    return locked


@transaction.atomic
def taxonomy_term_create(
    *,
    by: Actor,
    name: str,
    code: str = "",
    description: str = "",
    vocabulary: str = "",
    oruk_id: uuid.UUID | str | None = None,
) -> TaxonomyTerm:
    CHANGE_SERVICES.require(by)
    errors: Errors = {}
    cleaned = TaxonomyTermInput.clean(
        {"name": name, "code": code, "description": description, "vocabulary": vocabulary}, errors, by=by
    )
    raise_if_any(errors)
    key = _oruk_id(oruk_id)
    if TaxonomyTerm.objects.filter(partnership_id=by.partnership_id, oruk_id=key).exists():
        raise InvalidInput({"oruk_id": [f"Another taxonomy term already has the id {key}"]})
    term = TaxonomyTerm.objects.create(partnership_id=by.partnership_id, oruk_id=key, **cleaned)
    audit_record(by=by, action="taxonomy_term.create", obj=term, after=audit_snapshot(term))
    return term


@transaction.atomic
def taxonomy_term_update(*, by: Actor, term: TaxonomyTerm, **changes: Any) -> TaxonomyTerm:
    """Terms carry no version: they change only through imports, which read and write in one
    transaction. A change that changes nothing writes nothing."""
    locked = lock_for_edit(TaxonomyTerm, pk=term.pk, partnership_id=by.partnership_id, what="taxonomy term")
    CHANGE_SERVICES.require(by)
    TaxonomyTermInput.refuse_unknown(changes)
    errors: Errors = {}
    cleaned = TaxonomyTermInput.clean(changes, errors, by=by, current=locked)
    raise_if_any(errors)
    changed = changed_fields(locked, cleaned)
    if not changed:
        return locked
    before = audit_snapshot(locked)
    for key, value in changed.items():
        setattr(locked, key, value)
    locked.save(update_fields=[*changed, "updated_at"])
    audit_record(
        by=by, action="taxonomy_term.update", obj=locked, before=before, after=audit_snapshot(locked)
    )
    return locked
