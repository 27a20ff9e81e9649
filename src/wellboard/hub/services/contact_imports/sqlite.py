"""Writing an import's visits batch by batch with parameterised statements: SQLite's way (and any
database's other than PostgreSQL).

Each batch is one ``INSERT … ON CONFLICT DO NOTHING`` against the two identity constraints of a
contact, so a visit already recorded is left as it is and counted unchanged; then the batch's
onward referrals not yet recorded are added (sent on the day of the visit, with a random reference
and an imported event). A dry run writes the same and is rolled back with the transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from wellboard.hub.models import Contact, Referral, ReferralEvent, ReferralStatus
from wellboard.hub.services.contact_imports.checks import Row
from wellboard.hub.services.contact_imports.writing import (
    COLUMNS,
    KEY_CHUNK,
    BatchReferrals,
    Target,
    index_order,
    new_references,
)


class BatchWriter:
    """Writes each batch as it comes."""

    def __init__(self, target: Target, *, dry_run: bool) -> None:
        self.target = target

    def write(self, rows: list[Row], referrals: BatchReferrals) -> None:
        target = self.target
        target.learn_areas({row[4] for row in rows})
        made = _insert_contacts(target, sorted(rows, key=index_order))
        target.counts.created += made
        target.counts.unchanged += len(rows) - made
        if referrals:
            target.counts.referrals_created += _refer(target, rows, referrals)

    def finish(self, *, count_only: bool) -> None:
        """Everything was written batch by batch (and a refused file is rolled back)."""


def _insert_contacts(target: Target, rows: list[Row]) -> int:
    """Insert a batch of visits, skipping those already recorded; returns how many were new."""
    table = connection.ops.quote_name(Contact._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    stamp = connection.ops.adapt_datetimefield_value(target.stamp)
    user_id = target.user_id
    areas = target.areas
    hub_id = target.hub.pk
    day_text: dict[dt.date, Any] = {}
    values = []
    for _number, day, key, profile, lsoa, needs_json in rows:
        text = day_text.get(day)
        if text is None:
            text = day_text[day] = connection.ops.adapt_datefield_value(day)
        ward, decile = areas[lsoa]
        values.append(
            (
                hub_id,
                profile.site_id,
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
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING",  # noqa: S608
            values,
        )
        return max(int(cursor.rowcount), 0)


def _refer(target: Target, rows: list[Row], referrals: BatchReferrals) -> int:
    """Record the batch's referrals that are not recorded yet; returns how many were new."""
    wanted = [(rows[position], services) for position, services in referrals]
    contact_ids = _contact_ids(target.hub.pk, [row for row, _ in wanted])
    pairs: set[tuple[int, int]] = set()
    sent_on: dict[int, dt.date] = {}
    for (row, services), contact in zip(wanted, contact_ids, strict=True):
        if contact is None:  # a visit given twice in the file, refused at the end
            continue
        sent_on[contact] = row[1]
        pairs.update((contact, service) for service in services)
    asked = len(pairs)
    ids = sorted(sent_on)
    for start in range(0, len(ids), KEY_CHUNK):
        pairs -= set(
            Referral.objects.filter(contact_id__in=ids[start : start + KEY_CHUNK]).values_list(
                "contact_id", "service_id"
            )
        )
    target.counts.referrals_unchanged += asked - len(pairs)
    if not pairs:
        return 0
    references = new_references(len(pairs))
    stamp = target.stamp
    made = Referral.objects.bulk_create(
        [
            Referral(
                contact_id=contact,
                service_id=service,
                reference=reference,
                status=ReferralStatus.SENT,
                sent_on=sent_on[contact],
                status_on=sent_on[contact],
                created_at=stamp,
                updated_at=stamp,
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
                recorded_at=stamp,
                channel=ReferralEvent.Channel.IMPORT,
            )
            for referral in made
        ],
        batch_size=1000,
    )
    return len(made)


def _contact_ids(hub_id: int, rows: list[Row]) -> list[int | None]:
    """The id of the recorded visit for each row (None where there is none), found through the
    contact's identity constraints: a visit with a partner and one without are looked up apart so
    that each lookup matches one of the two partial unique indexes."""
    table = connection.ops.quote_name(Contact._meta.db_table)
    found: list[int | None] = [None] * len(rows)
    for with_partner in (False, True):
        positions = [i for i, row in enumerate(rows) if (row[3].partner_id is not None) == with_partner]
        partner_match = "c.partner_id = w.p" if with_partner else "c.partner_id IS NULL"
        for start in range(0, len(positions), KEY_CHUNK):
            chunk = positions[start : start + KEY_CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
            params: list[Any] = []
            for i in chunk:
                _number, day, key, profile, _lsoa, _needs = rows[i]
                params += [
                    i,
                    connection.ops.adapt_datefield_value(day),
                    key,
                    profile.route,
                    profile.partner_id,
                ]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"WITH w(pos, d, k, r, p) AS (VALUES {values}) SELECT w.pos, c.id FROM w "  # noqa: S608
                    f"JOIN {table} c ON c.hub_id = %s AND c.date = w.d AND c.client_key = w.k "
                    f"AND c.route = w.r AND {partner_match}",
                    [*params, hub_id],
                )
                for position, contact in cursor.fetchall():
                    found[position] = contact
    return found
