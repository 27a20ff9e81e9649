"""One import of many visits into one hub: rows checked one by one, written in batches, in one
transaction, with one audit event."""

from __future__ import annotations

import datetime as dt
import hmac
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from django.db import connection, transaction

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record
from wellboard.hub.models import Hub
from wellboard.hub.selectors import contact_hub_check, pseudonym_key
from wellboard.hub.services.contact_imports.checks import NO_PROBLEMS, NO_REFERRALS, Problems, Row, RowChecks
from wellboard.hub.services.contact_imports.partners import AddedPartner, PartnerNames
from wellboard.hub.services.contact_imports.postgres import StagedWriter
from wellboard.hub.services.contact_imports.sqlite import BatchWriter
from wellboard.hub.services.contact_imports.writing import BatchReferrals, Target
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
    "site",
)
BATCH = 20_000


class ContactImport:
    """One import into one hub, opened by ``contact_import``: ``add`` each row (which reports its
    problems, or queues it), then ``finish`` writes what is left and checks the file for visits
    given twice."""

    def __init__(self, *, by: Actor, hub: Hub, key: bytes, dry_run: bool) -> None:
        self.by = by
        self.hub = hub
        self._key = key
        self.refused = False
        self._finished = False
        self.repeated: list[tuple[int, int]] = []  # (row, the row it repeats)
        self._rows: list[Row] = []
        self._referrals: BatchReferrals = []
        self._identities: list[bytes] = []
        self._identity_rows: list[int] = []
        self._suffixes: dict[tuple[dt.date, int, int | None], bytes] = {}
        self.partners = PartnerNames(by=by, hub=hub)
        self.checks = RowChecks(by=by, hub=hub, partners=self.partners)
        self.target = Target(by=by, hub=hub, stamp=clock.now())
        # PostgreSQL takes the rows by COPY and writes them at the end; other databases batch by batch.
        writer = StagedWriter if connection.vendor == "postgresql" else BatchWriter
        self._writer = writer(self.target, dry_run=dry_run)

    # The counts so far, by the names callers know.
    @property
    def created(self) -> int:
        return self.target.counts.created

    @property
    def unchanged(self) -> int:
        return self.target.counts.unchanged

    @property
    def referrals_created(self) -> int:
        return self.target.counts.referrals_created

    @property
    def referrals_unchanged(self) -> int:
        return self.target.counts.referrals_unchanged

    @property
    def partners_added(self) -> list[AddedPartner]:
        return self.partners.added

    @property
    def dates(self) -> set[dt.date]:
        """The days the file's visits fall on."""
        return {day for day, problems in self.checks.dates.values() if day is not None and not problems}

    def add(self, number: int, row: Sequence[str]) -> Problems:
        """Check one row (its values in ``FIELDS`` order, stripped); queue it to be written if it has
        no problems. Returns its problems as (field, message) pairs."""
        date_text, client_id, sex, age, band, lsoa, route, needs, reason, partner_text, referred, site = row
        checks = self.checks
        self.partners.row = number
        day, date_problems = checks.dates.get(date_text) or checks.date(date_text)
        profile, profile_problems = checks.profiles.get(
            (sex, age, band, route, reason, partner_text, site)
        ) or checks.profile((sex, age, band, route, reason, partner_text, site))
        lsoa_code, lsoa_problems = checks.choices.get(("lsoa", lsoa)) or checks.choice("lsoa", lsoa)
        needs_json, needs_problems = checks.needs.get(needs) or checks.needs_of(needs)
        services, referral_problems = (
            (checks.referred.get(referred) or checks.services_of(referred)) if referred else NO_REFERRALS
        )
        id_problems = checks.client_id(client_id)
        if (
            date_problems
            or profile_problems
            or lsoa_problems
            or needs_problems
            or referral_problems
            or id_problems
            or day is None
        ):
            self.refused = True
            return (
                date_problems
                + id_problems
                + profile_problems
                + lsoa_problems
                + needs_problems
                + referral_problems
            )
        digest = hmac.digest(self._key, client_id.encode("utf-8"), "sha256")
        partner_id = profile.partner_id
        suffix = self._suffixes.get((day, profile.route_index, partner_id))
        if suffix is None:
            suffix = struct.pack("<iiq", day.toordinal(), profile.route_index, partner_id or 0)
            self._suffixes[(day, profile.route_index, partner_id)] = suffix
        self._identities.append(digest[:16] + suffix)
        self._identity_rows.append(number)
        rows = self._rows
        if services:
            self._referrals.append((len(rows), services))
        rows.append((number, day, digest.hex(), profile, lsoa_code, needs_json))
        if len(rows) >= BATCH:
            self.flush()
        return NO_PROBLEMS

    def flush(self) -> None:
        """Hand the queued rows (and their referrals) to the writer. Rows keep coming after a problem
        so that the report counts what the rest of the file would do."""
        rows, referrals = self._rows, self._referrals
        self._rows, self._referrals = [], []
        if rows:
            self._writer.write(rows, referrals)

    def finish(self) -> None:
        """Find the visits the file gives more than once, then write what is queued (once only)."""
        if self._finished:
            return
        self._finished = True
        self.flush()
        self._find_repeats()
        # A refused file is only counted: none of it will be kept.
        self._writer.finish(count_only=self.refused)

    def _find_repeats(self) -> None:
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
        self.repeated = sorted(zip(rows[order][same].tolist(), first[same].tolist(), strict=True))
        self.refused = True


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
        run = ContactImport(by=by, hub=hub, key=key, dry_run=dry_run)
        yield run
        run.finish()
        if run.refused or dry_run:
            transaction.set_rollback(True)
            return
        if run.created or run.referrals_created or run.partners_added:
            audit_record(
                by=by,
                action="contact.import",
                obj=hub,
                after={
                    "source": source[:200],
                    "created": run.created,
                    "unchanged": run.unchanged,
                    "referrals": run.referrals_created,
                    **({"partners_added": len(run.partners_added)} if run.partners_added else {}),
                },
                note=f"{run.created} visits and {run.referrals_created} referrals imported",
            )
            _after_import(hub, run.dates)


def _after_import(hub: Hub, dates: set[dt.date]) -> None:
    """The last step of an import that changed something, inside its transaction: the hub's figures
    kept per day are recounted for the days the file covers, so a failure rolls the import back with
    them."""
    hub_daily_totals_refresh(hub.pk, dates)
