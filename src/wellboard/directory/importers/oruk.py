"""Importing an Open Referral UK 3.0 feed into a partnership's directory.

Every service in the feed is checked (``structure``), then matched by its ORUK id: a service, an
organisation or a taxonomy term the directory already holds is updated, anything else is created.
Everything is written through the directory's services, so the same rules and messages apply as on
the pages, and the whole import runs in one transaction: a dry run, or a feed with any problem,
changes nothing. Importing the same feed again changes nothing.

An organisation that runs services is linked to the partnership's own member organisation of the
same name, when there is one. A new service's short name is made from its name, unique within the
partnership.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.errors import InvalidInput
from wellboard.core.importing import ImportReport
from wellboard.directory.importers.structure import OrukOrganisation, OrukService, OrukTerm, read_feed
from wellboard.directory.models import ServiceOrganisation, TaxonomyTerm
from wellboard.directory.policy import IMPORT_SERVICES
from wellboard.directory.selectors import (
    service_organisation_list,
    services_by_oruk_id,
    taxonomy_term_list,
)
from wellboard.directory.services import (
    service_create,
    service_organisation_create,
    service_organisation_update,
    service_update,
    taxonomy_term_create,
    taxonomy_term_update,
)
from wellboard.directory.services.entries import service_location_values, service_phone_values
from wellboard.partners.models import Organisation
from wellboard.partners.selectors import organisation_list

# Which part of a service in the feed each of the service's own fields comes from.
FEED_FIELD = {
    "cost_description": "fees",
    "free": "cost_options",
    "last_verified": "assured_date",
    "organisation": "organization",
    "locations": "service_at_locations",
    "phones": "phones",
    "taxonomy_terms": "attributes",
}


class _Plan:
    """What one import has matched so far: records by ORUK id, and the partnership's members by name."""

    def __init__(self, by: Actor) -> None:
        self.by = by
        self.members: dict[str, Organisation] = {
            o.name.casefold(): o for o in organisation_list(actor=by).order_by("name")
        }
        self.done_organisations: set[Any] = set()
        self.done_terms: set[Any] = set()
        self.refresh()

    def refresh(self) -> None:
        """Read the records again: after a service was refused, what its savepoint made is gone."""
        self.services = services_by_oruk_id(actor=self.by)
        self.organisations = {o.oruk_id: o for o in service_organisation_list(actor=self.by)}
        self.terms = {t.oruk_id: t for t in taxonomy_term_list(actor=self.by)}


def _reject(report: ImportReport, number: int, exc: InvalidInput, prefix: str = "") -> None:
    for field, messages in exc.errors.items():
        column = prefix + FEED_FIELD.get(field, field) if field else prefix.rstrip(".")
        for message in messages:
            report.reject(message, row=number, column=column)


def _organisation(plan: _Plan, report: ImportReport, given: OrukOrganisation) -> ServiceOrganisation:
    member = plan.members.get(given.name.casefold())
    values = {
        "name": given.name,
        "description": given.description,
        "email": given.email,
        "website": given.website,
    }
    found = plan.organisations.get(given.oruk_id)
    if found is None:
        found = service_organisation_create(by=plan.by, oruk_id=given.oruk_id, member=member, **values)
        plan.organisations[given.oruk_id] = found
        outcome = "create"
    else:
        version = found.version
        changes: dict[str, Any] = dict(values)
        if member is not None:
            changes["member"] = member
        found = service_organisation_update(by=plan.by, organisation=found, expected_version=None, **changes)
        plan.organisations[given.oruk_id] = found
        outcome = "update" if found.version != version else "unchanged"
    if given.oruk_id not in plan.done_organisations:
        plan.done_organisations.add(given.oruk_id)
        report.record("organisation", given.name, outcome)  # type: ignore[arg-type]
    return found


def _term(plan: _Plan, report: ImportReport, given: OrukTerm) -> TaxonomyTerm:
    values = {
        "name": given.name,
        "description": given.description,
        "code": given.code,
        "vocabulary": given.vocabulary,
    }
    found = plan.terms.get(given.oruk_id)
    if found is None:
        found = taxonomy_term_create(by=plan.by, oruk_id=given.oruk_id, **values)
        outcome = "create"
    else:
        stamp = found.updated_at
        found = taxonomy_term_update(by=plan.by, term=found, **values)
        outcome = "update" if found.updated_at != stamp else "unchanged"
    plan.terms[given.oruk_id] = found
    if given.oruk_id not in plan.done_terms:
        plan.done_terms.add(given.oruk_id)
        report.record("taxonomy term", given.name, outcome)  # type: ignore[arg-type]
    return found


def _picture(service: Any) -> dict[str, Any]:
    """What an import can change of a service, to say which parts it changed."""
    fields = [
        "name",
        "description",
        "url",
        "email",
        "status",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "application_process",
        "free",
        "cost_description",
        "last_verified",
        "organisation_id",
    ]
    picture = {name: getattr(service, name) for name in fields}
    picture["taxonomy_terms"] = sorted(str(t.oruk_id) for t in service.taxonomy_terms.all())
    picture["locations"] = sorted(str(v) + str(v.oruk_id) for v in service_location_values(service))
    picture["phones"] = sorted(str(v) + str(v.oruk_id) for v in service_phone_values(service))
    return picture


def _service(plan: _Plan, report: ImportReport, given: OrukService) -> None:
    organisation = _organisation(plan, report, given.organisation)
    terms = None if given.terms is None else [_term(plan, report, t) for t in given.terms]
    parts: dict[str, Any] = {"taxonomy_terms": terms, "locations": given.locations, "phones": given.phones}
    parts = {k: v for k, v in parts.items() if v is not None}
    found = plan.services.get(str(given.oruk_id))
    if found is None:
        created = service_create(
            by=plan.by,
            name=given.name,
            organisation=organisation,
            oruk_id=given.oruk_id,
            **given.values,
            **parts,
        )
        plan.services[str(given.oruk_id)] = created
        report.record("service", given.name, "create", row=given.number)
        return
    before = _picture(found)
    updated = service_update(
        by=plan.by,
        service=found,
        expected_version=None,
        name=given.name,
        organisation=organisation,
        **given.values,
        **parts,
    )
    after = _picture(updated)
    changed = [FEED_FIELD.get(k, k) for k in before if before[k] != after[k]]
    report.record(
        "service", given.name, "update" if changed else "unchanged", fields=changed, row=given.number
    )


def oruk_import(*, by: Actor, data: bytes, filename: str = "", dry_run: bool = True) -> ImportReport:
    """Check (and unless ``dry_run``, import) every service of an Open Referral UK feed."""
    IMPORT_SERVICES.require(by)
    report = ImportReport(source=filename, dry_run=dry_run, row_label="service", column_label="field")
    services = read_feed(data, report, name=filename or "The file")
    if not report.ok:
        return report
    with transaction.atomic():
        plan = _Plan(by)
        for given in services:
            try:
                with transaction.atomic():
                    _service(plan, report, given)
            except InvalidInput as exc:
                _reject(report, given.number, exc)
                plan.refresh()
        if not report.ok or dry_run:
            transaction.set_rollback(True)
    report.applied = report.ok and not dry_run
    return report
