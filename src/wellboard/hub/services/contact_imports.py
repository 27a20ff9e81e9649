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
from typing import Any, NamedTuple

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
from wellboard.hub.services.daily_totals import hub_daily_totals_refresh

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
Problems = list[tuple[str, str]]  # (field, message)
_NO_PROBLEMS: Problems = []
_NO_REFERRALS: tuple[tuple[int, ...], Problems] = ((), _NO_PROBLEMS)


def _cleaned(field_name: str, value: str, by: Actor) -> tuple[Any, Problems]:
    errors: Errors = {}
    result = ContactInput.rules[field_name].clean(errors, value, creating=True, by=by)
    return result, [(name, message) for name, messages in errors.items() for message in messages]


class _Profile(NamedTuple):
    sex: str
    age_band: str
    route: str
    exercise_reason: str
    partner_id: int | None
    route_index: int


_Row = tuple[dt.date, str, _Profile, str, str]


@dataclass
class _Batch:
    # (day, client key, profile, LSOA, needs as JSON) for each visit
    rows: list[_Row] = field(default_factory=list)
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
        self._suffixes: dict[tuple[dt.date, int, int | None], bytes] = {}
        self._profiles: dict[tuple[str, str, str, str, str, str], tuple[_Profile, Problems]] = {}
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
                found = (
                    None,
                    [("partner", f"'{text}' does not work at {self.hub.name} (its partners: {known})")],
                )
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
                found = (
                    tuple(dict.fromkeys(self._services[entry.lower()] for entry in wanted)),
                    _NO_PROBLEMS,
                )
            self._referred[text] = found
        return found

    def _profile(self, key: tuple[str, str, str, str, str, str]) -> tuple[_Profile, Problems]:
        """The person's sex and age band, the route, the exercise reason and the partner, cleaned
        together: a file repeats few of their combinations."""
        found = self._profiles.get(key)
        if found is not None:
            return found
        sex, age, band, route, reason, partner_text = key
        sex_code, problems = self._choice("sex", sex.lower())
        problems = list(problems)
        age_band, more = self._age(age, band)
        problems += more
        route_code, route_problems = self._choice("route", route.lower())
        problems += route_problems
        reason_code, reason_problems = self._choice("exercise_reason", reason.lower())
        problems += reason_problems
        if not (route_problems or reason_problems):
            problems += self._reason_check(route_code, reason_code)
        partner_id, more = self._partner(partner_text)
        problems += more
        if route_code == Route.PARTNER_APPOINTMENT and not partner_text:
            problems.append(("partner", "Choose the partner the appointment was with"))
        profile = _Profile(
            sex_code, age_band, route_code, reason_code, partner_id, self._route_index.get(route_code, -1)
        )
        self._profiles[key] = (profile, problems)
        return profile, problems

    def add(self, number: int, row: Sequence[str]) -> Problems:
        """Check one row (its values in ``FIELDS`` order, stripped); queue it to be written if it has
        no problems. Returns its problems as (field, message) pairs."""
        date_text, client_id, sex, age, band, lsoa, route, needs, reason, partner_text, referred = row
        day, date_problems = self._dates.get(date_text) or self._date(date_text)
        profile, profile_problems = self._profile((sex, age, band, route, reason, partner_text))
        lsoa_code, lsoa_problems = self._choices.get(("lsoa", lsoa)) or self._choice("lsoa", lsoa)
        needs_json, needs_problems = self._needs.get(needs) or self._needs_of(needs)
        services, referral_problems = (
            (self._referred.get(referred) or self._services_of(referred)) if referred else _NO_REFERRALS
        )
        if (
            date_problems
            or profile_problems
            or lsoa_problems
            or needs_problems
            or referral_problems
            or not client_id
            or len(client_id) > LOCAL_ID_MAX
            or day is None
        ):
            problems = list(date_problems)
            if not client_id:
                problems.append(("client_id", "enter the hub's identifier for the person"))
            elif len(client_id) > LOCAL_ID_MAX:
                problems.append(("client_id", f"The identifier must be {LOCAL_ID_MAX} characters or fewer"))
            problems += profile_problems + lsoa_problems + needs_problems + referral_problems
            self.refused = True
            return problems
        digest = hmac.digest(self._key, client_id.encode("utf-8"), "sha256")
        partner_id = profile.partner_id
        suffix = self._suffixes.get((day, profile.route_index, partner_id))
        if suffix is None:
            suffix = struct.pack("<iiq", day.toordinal(), profile.route_index, partner_id or 0)
            self._suffixes[(day, profile.route_index, partner_id)] = suffix
        self._identities.append(digest[:16] + suffix)
        self._identity_rows.append(number)
        rows = self._batch.rows
        if services:
            self._batch.referrals.append((len(rows), services))
        rows.append((day, digest.hex(), profile, lsoa_code, needs_json))
        if len(rows) >= BATCH:
            self.flush()
        return _NO_PROBLEMS

    # ------------------------------------------------------------ writing

    def flush(self) -> None:
        """Write the queued rows (and their referrals); visits already recorded are left alone."""
        batch, self._batch = self._batch, _Batch()
        if not batch.rows:
            return
        self._learn_areas({row[3] for row in batch.rows})
        # In the order of the identity indexes, so each index is written page by page.
        made = _insert_contacts(self, sorted(batch.rows, key=_index_order))
        self.created += made
        self.unchanged += len(batch.rows) - made
        if batch.referrals:
            self.referrals_created += self._refer(batch)

    def _learn_areas(self, lsoas: set[str]) -> None:
        new = sorted(lsoas - self._areas.keys())
        if not new:
            return
        wards = parent_codes(child_codes=new, type="ward")
        deciles: dict[str, int] = {}
        for edition in reversed(_EDITIONS):  # the newest edition wins where both have the area
            deciles.update(deprivation_deciles(areas=new, edition=edition))
        for code in new:
            self._areas[code] = (wards.get(code, ""), deciles.get(code))

    def _refer(self, batch: _Batch) -> int:
        """Record the batch's referrals that are not recorded yet; returns how many were new."""
        wanted = [(batch.rows[position], services) for position, services in batch.referrals]
        contact_ids = _contact_ids(self.hub.pk, [row for row, _ in wanted])
        pairs: set[tuple[int, int]] = set()
        sent_on: dict[int, dt.date] = {}
        for (row, services), contact in zip(wanted, contact_ids, strict=True):
            if contact is None:  # a visit given twice in the file, refused at the end
                continue
            sent_on[contact] = row[0]
            pairs.update((contact, service) for service in services)
        asked = len(pairs)
        ids = sorted(sent_on)
        for start in range(0, len(ids), _KEY_CHUNK):
            pairs -= set(
                Referral.objects.filter(contact_id__in=ids[start : start + _KEY_CHUNK]).values_list(
                    "contact_id", "service_id"
                )
            )
        self.referrals_unchanged += asked - len(pairs)
        if not pairs:
            return 0
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


def _index_order(row: _Row) -> tuple[dt.date, str]:
    return row[0], row[1]


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


def _insert_contacts(run: ContactImport, rows: list[_Row]) -> int:
    """Insert a batch of visits, skipping those already recorded; returns how many were new."""
    table = connection.ops.quote_name(Contact._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    stamp = connection.ops.adapt_datetimefield_value(run._stamp)
    user_id = run.by.user.pk if run.by.user is not None else None
    areas = run._areas
    hub_id = run.hub.pk
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            dates, keys, profiles, lsoas, needs = (list(column) for column in zip(*rows, strict=True))
            cursor.execute(
                f"WITH made AS (INSERT INTO {table} ({columns}) "  # noqa: S608 (names from the model)
                "SELECT %s, NULL, d, k, s, a, l, w, dd, r, n::jsonb, e, p, %s, 1, %s, %s FROM unnest("
                "%s::date[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::int[], "
                "%s::text[], %s::text[], %s::text[], %s::bigint[]) AS t(d, k, s, a, l, w, dd, r, n, e, p) "
                "ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM made",
                [
                    hub_id,
                    user_id,
                    stamp,
                    stamp,
                    dates,
                    keys,
                    [p.sex for p in profiles],
                    [p.age_band for p in profiles],
                    lsoas,
                    [areas[code][0] for code in lsoas],
                    [areas[code][1] for code in lsoas],
                    [p.route for p in profiles],
                    needs,
                    [p.exercise_reason for p in profiles],
                    [p.partner_id for p in profiles],
                ],
            )
            found = cursor.fetchone()
            return int(found[0]) if found else 0
        day_text: dict[dt.date, Any] = {}
        placeholders = ", ".join(["%s"] * len(_COLUMNS))
        values = []
        for day, key, profile, lsoa, needs_json in rows:
            text = day_text.get(day)
            if text is None:
                text = day_text[day] = connection.ops.adapt_datefield_value(day)
            ward, decile = areas[lsoa]
            values.append(
                (
                    hub_id,
                    None,
                    text,
                    key,
                    profile.sex,
                    profile.age_band,
                    lsoa,
                    ward,
                    decile,
                    profile.route,
                    needs_json,
                    profile.exercise_reason,
                    profile.partner_id,
                    user_id,
                    1,
                    stamp,
                    stamp,
                )
            )
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING",  # noqa: S608
            values,
        )
        return max(int(cursor.rowcount), 0)


def _contact_ids(hub_id: int, rows: list[_Row]) -> list[int | None]:
    """The id of the recorded visit for each row (None where there is none), found through the
    contact's identity constraints: a visit with a partner and one without are looked up apart so
    that each lookup matches one of the two partial unique indexes."""
    table = connection.ops.quote_name(Contact._meta.db_table)
    found: list[int | None] = [None] * len(rows)
    postgres = connection.vendor == "postgresql"
    for with_partner in (False, True):
        positions = [i for i, row in enumerate(rows) if (row[2].partner_id is not None) == with_partner]
        partner_match = "c.partner_id = w.p" if with_partner else "c.partner_id IS NULL"
        step = len(positions) if postgres else _KEY_CHUNK
        for start in range(0, len(positions), max(step, 1)):
            chunk = positions[start : start + step]
            with connection.cursor() as cursor:
                if postgres:
                    cursor.execute(
                        "SELECT w.pos, c.id FROM unnest(%s::int[], %s::date[], %s::text[], %s::text[], "  # noqa: S608 (names from the model)
                        f"%s::bigint[]) AS w(pos, d, k, r, p) JOIN {table} c ON c.hub_id = %s "
                        f"AND c.date = w.d AND c.client_key = w.k AND c.route = w.r AND {partner_match}",
                        [
                            chunk,
                            [rows[i][0] for i in chunk],
                            [rows[i][1] for i in chunk],
                            [rows[i][2].route for i in chunk],
                            [rows[i][2].partner_id for i in chunk],
                            hub_id,
                        ],
                    )
                else:
                    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
                    params: list[Any] = []
                    for i in chunk:
                        day, key, profile, _lsoa, _needs = rows[i]
                        params += [
                            i,
                            connection.ops.adapt_datefield_value(day),
                            key,
                            profile.route,
                            profile.partner_id,
                        ]
                    cursor.execute(
                        f"WITH w(pos, d, k, r, p) AS (VALUES {values}) SELECT w.pos, c.id FROM w "  # noqa: S608
                        f"JOIN {table} c ON c.hub_id = %s AND c.date = w.d AND c.client_key = w.k "
                        f"AND c.route = w.r AND {partner_match}",
                        [*params, hub_id],
                    )
                for position, contact in cursor.fetchall():
                    found[position] = contact
    return found


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
            hub_daily_totals_refresh(hub.pk, {day for day, _route, _partner in run._suffixes})
