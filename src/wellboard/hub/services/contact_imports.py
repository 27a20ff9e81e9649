"""Recording many visits at once, from a file of any length: a million rows in about a minute.

The checks are those of ``contact_record`` (the same input rules, messages and identity), applied so
that what repeats is worked out once: a file repeats a few hundred dates, a handful of sexes, routes
and age bands, a few thousand LSOAs and needs lists, so each distinct value is cleaned once and
remembered. Only the client key is made for every row (a keyed hash, which is the point).

Rows are written in batches inside one transaction with one set-based statement each
(``INSERT … ON CONFLICT DO NOTHING``, against the two identity constraints of a contact): a visit
already recorded is left as it is and counted unchanged. Onward referrals named in the file are
recorded for their visits (sent on the day of the visit, with a random reference and an imported
event), each once per visit and service. The import as a whole is one audit event with its counts;
the visits themselves are pseudonymous, so it names none of them.

A run that is a dry run, or that the importer refused, is rolled back at the end: the counts a dry
run reports are those of the real thing.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection, transaction

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.core.inputs import Errors
from wellboard.directory.models import Service
from wellboard.geography.selectors import deprivation_deciles, parent_codes
from wellboard.hub.codes import LOCAL_ID_MAX, parse_date, referral_reference
from wellboard.hub.inputs import ContactInput
from wellboard.hub.models import Contact, Hub, HubPartner, Referral, ReferralEvent, ReferralStatus, Route
from wellboard.hub.selectors import contact_hub_check, pseudonym_key
from wellboard.hub.services.contacts import _age_band

# What each row gives, in this order (empty text for a column the file does not have).
FIELDS = (
    "date",
    "client_id",
    "sex",
    "age",
    "age_band",
    "lsoa",
    "route",
    "needs",
    "exercise_reason",
    "partner_organisation",
    "referred_to",
)
BATCH = 20_000
_KEY_CHUNK = 500
_EDITIONS = ("IMD2025", "IMD2019")
_NO_PROBLEMS: list[tuple[str, str]] = []
Problems = list[tuple[str, str]]  # (field, message)


def _cleaned(field_name: str, value: str, by: Actor) -> tuple[Any, Problems]:
    errors: Errors = {}
    result = ContactInput.rules[field_name].clean(errors, value, creating=True, by=by)
    return result, [(name, message) for name, messages in errors.items() for message in messages]


@dataclass
class _Batch:
    numbers: list[int] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    sexes: list[str] = field(default_factory=list)
    bands: list[str] = field(default_factory=list)
    lsoas: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    partners: list[int | None] = field(default_factory=list)
    # (position in the batch, the services referred to)
    referrals: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)


class ContactImport:
    """One import into one hub, opened by ``contact_import``: ``add`` each row (which reports its
    problems, or queues it), then the context manager writes what is left and checks the file for
    visits given twice."""

    def __init__(self, *, by: Actor, hub: Hub, key: bytes) -> None:
        self.by = by
        self.hub = hub
        self._key = key
        self.today = clock.today()
        self.created = 0
        self.unchanged = 0
        self.referrals_created = 0
        self.referrals_unchanged = 0
        self.refused = False
        self._finished = False
        self.repeated: list[tuple[int, int]] = []  # (row, the row it repeats)
        self._batch = _Batch()
        self._identities: list[bytes] = []
        self._identity_rows: list[int] = []
        self._stamp = clock.now()
        self._partners = self._partners_by_name()
        self._services = self._services_by_name()
        self._dates: dict[str, tuple[dt.date | None, Problems]] = {}
        self._choices: dict[tuple[str, str], tuple[Any, Problems]] = {}
        self._ages: dict[tuple[str, str], tuple[str, Problems]] = {}
        self._needs: dict[str, tuple[str, Problems]] = {}
        self._reason_checks: dict[tuple[str, str], Problems] = {}
        self._partner_of: dict[str, tuple[int | None, Problems]] = {}
        self._referred: dict[str, tuple[tuple[int, ...], Problems]] = {}
        self._areas: dict[str, tuple[str, int | None]] = {"": ("", None)}
        self._suffixes: dict[tuple[dt.date, str, int | None], bytes] = {}
        self._route_index = {code: index for index, code in enumerate(Route.values)}

    # ------------------------------------------------------------ what the file may name

    def _partners_by_name(self) -> dict[str, HubPartner]:
        """The hub's partners by every name a file may use for them, in lower case."""
        found: dict[str, HubPartner] = {}
        for partner in self.hub.partners.select_related("organisation"):
            if partner.organisation is not None:
                found[partner.organisation.slug.lower()] = partner
                found[partner.organisation.name.lower()] = partner
            else:
                found[partner.name.lower()] = partner
        return found

    def _services_by_name(self) -> dict[str, int]:
        """The partnership's directory services by short name and by Open Referral id."""
        found: dict[str, int] = {}
        for pk, slug, oruk_id in Service.objects.filter(partnership_id=self.hub.partnership_id).values_list(
            "pk", "slug", "oruk_id"
        ):
            found[slug.lower()] = pk
            found[str(oruk_id).lower()] = pk
        return found

    # ------------------------------------------------------------ checking one row

    def _date(self, text: str) -> tuple[dt.date | None, Problems]:
        found = self._dates.get(text)
        if found is None:
            day = parse_date(text)
            if day is None:
                found = (None, [("date", f"'{text}' is not a date like 2026-03-31 or 31/03/2026")])
            elif day > self.today:
                found = (day, [("date", "The date of the visit cannot be in the future")])
            else:
                found = (day, _NO_PROBLEMS)
            self._dates[text] = found
        return found

    def _choice(self, field_name: str, text: str) -> tuple[Any, Problems]:
        found = self._choices.get((field_name, text))
        if found is None:
            found = _cleaned(field_name, text, self.by)
            self._choices[(field_name, text)] = found
        return found

    def _age(self, age: str, band: str) -> tuple[str, Problems]:
        found = self._ages.get((age, band))
        if found is None:
            errors: Errors = {}
            made = _age_band(errors, self.hub, band, age or None)
            found = (made, [(name, m) for name, messages in errors.items() for m in messages])
            self._ages[(age, band)] = found
        return found

    def _needs_of(self, text: str) -> tuple[str, Problems]:
        found = self._needs.get(text)
        if found is None:
            codes, problems = _cleaned("needs", text, self.by)
            found = (json.dumps(codes), problems)
            self._needs[text] = found
        return found

    def _reason_check(self, route: str, reason: str) -> Problems:
        found = self._reason_checks.get((route, reason))
        if found is None:
            errors: Errors = {}
            for check in ContactInput.checks:
                check.check(errors, {"route": route, "exercise_reason": reason}, None)
            found = [(name, m) for name, messages in errors.items() for m in messages]
            self._reason_checks[(route, reason)] = found
        return found

    def _partner(self, text: str) -> tuple[int | None, Problems]:
        found = self._partner_of.get(text)
        if found is None:
            partner = self._partners.get(text.lower()) if text else None
            if text and partner is None:
                known = ", ".join(sorted({str(p) for p in self._partners.values()})) or "none recorded yet"
                found = (None, [("partner", f"'{text}' does not work at {self.hub.name} (its partners: {known})")])
            else:
                found = (partner.pk if partner else None, _NO_PROBLEMS)
            self._partner_of[text] = found
        return found

    def _services_of(self, text: str) -> tuple[tuple[int, ...], Problems]:
        found = self._referred.get(text)
        if found is None:
            wanted = list(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))
            unknown = [entry for entry in wanted if entry.lower() not in self._services]
            if unknown:
                names = ", ".join(f"'{entry}'" for entry in unknown)
                found = (
                    (),
                    [
                        (
                            "referred_to",
                            f"{names} {'is not a service' if len(unknown) == 1 else 'are not services'} "
                            "in the partnership's directory: give each service's short name or its "
                            "Open Referral id",
                        )
                    ],
                )
            else:
                found = (tuple(dict.fromkeys(self._services[entry.lower()] for entry in wanted)), _NO_PROBLEMS)
            self._referred[text] = found
        return found

    def add(self, number: int, row: Sequence[str]) -> Problems:
        """Check one row (its values in ``FIELDS`` order, stripped); queue it to be written if it has
        no problems. Returns its problems as (field, message) pairs."""
        date_text, client_id, sex, age, band, lsoa, route, needs, reason, partner_text, referred = row
        day, problems = self._date(date_text)
        problems = list(problems)
        if not client_id:
            problems.append(("client_id", "enter the hub's identifier for the person"))
        elif len(client_id) > LOCAL_ID_MAX:
            problems.append(("client_id", f"The identifier must be {LOCAL_ID_MAX} characters or fewer"))
        sex_code, found = self._choice("sex", sex.lower())
        problems += found
        age_band, found = self._age(age, band)
        problems += found
        lsoa_code, found = self._choice("lsoa", lsoa)
        problems += found
        route_code, route_problems = self._choice("route", route.lower())
        problems += route_problems
        needs_json, found = self._needs_of(needs)
        problems += found
        reason_code, reason_problems = self._choice("exercise_reason", reason.lower())
        problems += reason_problems
        if not (route_problems or reason_problems):
            problems += self._reason_check(route_code, reason_code)
        partner_id, found = self._partner(partner_text)
        problems += found
        if route_code == Route.PARTNER_APPOINTMENT and not partner_text:
            problems.append(("partner", "Choose the partner the appointment was with"))
        services: tuple[int, ...] = ()
        if referred:
            services, found = self._services_of(referred)
            problems += found
        if problems or day is None:
            self.refused = True
            return problems
        digest = hmac.digest(self._key, client_id.encode("utf-8"), "sha256")
        suffix = self._suffixes.get((day, route_code, partner_id))
        if suffix is None:
            suffix = struct.pack("<iiq", day.toordinal(), self._route_index[route_code], partner_id or 0)
            self._suffixes[(day, route_code, partner_id)] = suffix
        self._identities.append(digest[:16] + suffix)
        self._identity_rows.append(number)
        batch = self._batch
        if services:
            batch.referrals.append((len(batch.keys), services))
        batch.numbers.append(number)
        batch.dates.append(day)
        batch.keys.append(digest.hex())
        batch.sexes.append(sex_code)
        batch.bands.append(age_band)
        batch.lsoas.append(lsoa_code)
        batch.routes.append(route_code)
        batch.needs.append(needs_json)
        batch.reasons.append(reason_code)
        batch.partners.append(partner_id)
        if len(batch.keys) >= BATCH:
            self.flush()
        return _NO_PROBLEMS

    # ------------------------------------------------------------ writing

    def flush(self) -> None:
        """Write the queued rows (and their referrals); visits already recorded are left alone."""
        batch, self._batch = self._batch, _Batch()
        if not batch.keys:
            return
        self._learn_areas(batch.lsoas)
        made = _insert_contacts(self, batch)
        self.created += made
        self.unchanged += len(batch.keys) - made
        if batch.referrals:
            self.referrals_created += self._refer(batch)

    def _learn_areas(self, lsoas: list[str]) -> None:
        new = sorted(set(lsoas) - self._areas.keys())
        if not new:
            return
        wards = parent_codes(child_codes=new, type="ward")
        deciles: dict[str, int] = {}
        for edition in reversed(_EDITIONS):  # the newest edition wins where both have the area
            deciles.update(deprivation_deciles(areas=new, edition=edition))
        for code in new:
            self._areas[code] = (wards.get(code, ""), deciles.get(code))

    def _refer(self, batch: _Batch) -> int:
        wanted = {
            (batch.dates[i], batch.keys[i], batch.routes[i], batch.partners[i]): services
            for i, services in batch.referrals
        }
        keys = sorted({key for _, key, _, _ in wanted})
        contact_of: dict[tuple[dt.date, str, str, int | None], int] = {}
        for start in range(0, len(keys), _KEY_CHUNK):
            for pk, day, key, route, partner in Contact.objects.filter(
                hub=self.hub, client_key__in=keys[start : start + _KEY_CHUNK]
            ).values_list("pk", "date", "client_key", "route", "partner_id"):
                contact_of[(day, key, route, partner)] = pk
        pairs = {
            (contact_of[identity], service)
            for identity, services in wanted.items()
            if identity in contact_of
            for service in services
        }
        contact_ids = sorted({contact for contact, _ in pairs})
        asked = len(pairs)
        for start in range(0, len(contact_ids), _KEY_CHUNK):
            pairs -= set(
                Referral.objects.filter(contact_id__in=contact_ids[start : start + _KEY_CHUNK]).values_list(
                    "contact_id", "service_id"
                )
            )
        self.referrals_unchanged += asked - len(pairs)
        if not pairs:
            return 0
        sent_on = {pk: identity[0] for identity, pk in contact_of.items()}
        references = _new_references(len(pairs))
        referrals = Referral.objects.bulk_create(
            [
                Referral(
                    contact_id=contact,
                    service_id=service,
                    reference=reference,
                    status=ReferralStatus.SENT,
                    sent_on=sent_on[contact],
                    status_on=sent_on[contact],
                    created_at=self._stamp,
                    updated_at=self._stamp,
                )
                for (contact, service), reference in zip(sorted(pairs), references, strict=True)
            ],
            batch_size=1000,
        )
        ReferralEvent.objects.bulk_create(
            [
                ReferralEvent(
                    referral_id=referral.pk,
                    status=ReferralStatus.SENT,
                    on=referral.sent_on,
                    recorded_at=self._stamp,
                    channel=ReferralEvent.Channel.IMPORT,
                )
                for referral in referrals
            ],
            batch_size=1000,
        )
        return len(referrals)

    def finish(self) -> None:
        """Write what is queued, then find the visits the file gives more than once (once only)."""
        if self._finished:
            return
        self._finished = True
        self.flush()
        if not self._identities:
            return
        identities = np.frombuffer(b"".join(self._identities), dtype=np.uint64).reshape(-1, 4)
        rows = np.asarray(self._identity_rows, dtype=np.int64)
        order = np.lexsort(identities.T[::-1])
        ordered = identities[order]
        same = np.concatenate(([False], (ordered[1:] == ordered[:-1]).all(axis=1)))
        if not same.any():
            return
        run_start = np.maximum.accumulate(np.where(same, 0, np.arange(len(same))))
        first = rows[order][run_start]
        repeated = sorted(zip(rows[order][same].tolist(), first[same].tolist(), strict=True))
        self.repeated = repeated
        self.refused = True


def _new_references(count: int) -> list[str]:
    """``count`` referral references used nowhere yet."""
    chosen: set[str] = set()
    while len(chosen) < count:
        fresh = {referral_reference() for _ in range(count - len(chosen))} - chosen
        taken: set[str] = set()
        ordered = sorted(fresh)
        for start in range(0, len(ordered), _KEY_CHUNK):
            taken.update(
                Referral.objects.filter(reference__in=ordered[start : start + _KEY_CHUNK]).values_list(
                    "reference", flat=True
                )
            )
        chosen |= fresh - taken
    return sorted(chosen)


_COLUMNS = (
    "hub_id",
    "site_id",
    "date",
    "client_key",
    "sex",
    "age_band",
    "lsoa",
    "ward",
    "deprivation_decile",
    "route",
    "needs",
    "exercise_reason",
    "partner_id",
    "recorded_by_id",
    "version",
    "created_at",
    "updated_at",
)


def _insert_contacts(run: ContactImport, batch: _Batch) -> int:
    """Insert a batch of visits, skipping those already recorded; returns how many were new."""
    table = connection.ops.quote_name(Contact._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    stamp = connection.ops.adapt_datetimefield_value(run._stamp)
    user_id = run.by.user.pk if run.by.user is not None else None
    wards = [run._areas[code][0] for code in batch.lsoas]
    deciles = [run._areas[code][1] for code in batch.lsoas]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH made AS (INSERT INTO {table} ({columns}) "  # noqa: S608 (names from the model)
                "SELECT %s, NULL, d, k, s, a, l, w, dd, r, n::jsonb, e, p, %s, 1, %s, %s FROM unnest("
                "%s::date[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[], "
                "%s::text[], %s::text[], %s::text[], %s::bigint[]) AS t(d, k, s, a, l, w, dd, r, n, e, p) "
                "ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM made",
                [
                    run.hub.pk,
                    user_id,
                    stamp,
                    stamp,
                    batch.dates,
                    batch.keys,
                    batch.sexes,
                    batch.bands,
                    batch.lsoas,
                    wards,
                    deciles,
                    batch.routes,
                    batch.needs,
                    batch.reasons,
                    batch.partners,
                ],
            )
            row = cursor.fetchone()
            return int(row[0]) if row else 0
        hub_id = run.hub.pk
        dates = [connection.ops.adapt_datefield_value(day) for day in batch.dates]
        placeholders = ", ".join(["%s"] * len(_COLUMNS))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING",  # noqa: S608
            [
                (hub_id, None, *values, user_id, 1, stamp, stamp)
                for values in zip(
                    dates,
                    batch.keys,
                    batch.sexes,
                    batch.bands,
                    batch.lsoas,
                    wards,
                    deciles,
                    batch.routes,
                    batch.needs,
                    batch.reasons,
                    batch.partners,
                    strict=True,
                )
            ],
        )
        return max(cursor.rowcount, 0)


@contextmanager
def contact_import(*, by: Actor, hub: Hub, source: str, dry_run: bool) -> Iterator[ContactImport]:
    """Open an import of many visits into ``hub`` (hub workers of the hub, and the command line).

    Everything happens in one transaction, rolled back at the end when ``dry_run`` is true or the
    import was ``refused`` (by a row's problems, a file read no further, or a visit given twice).
    Otherwise one audit event records the import with its counts.
    """
    key = pseudonym_key()
    contact_hub_check(actor=by, hub=hub)
    with transaction.atomic():
        run = ContactImport(by=by, hub=hub, key=key)
        yield run
        run.finish()
        if run.refused or dry_run:
            transaction.set_rollback(True)
            return
        if run.created or run.referrals_created:
            audit_record(
                by=by,
                action="contact.import",
                obj=hub,
                after={
                    "source": source[:200],
                    "created": run.created,
                    "unchanged": run.unchanged,
                    "referrals": run.referrals_created,
                },
                note=f"{run.created} visits and {run.referrals_created} referrals imported",
            )
