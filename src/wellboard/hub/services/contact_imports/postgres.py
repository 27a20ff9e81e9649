"""Writing an import's visits on PostgreSQL: ``COPY`` into staging tables as the file is read, then
one set-based statement for the visits and one for their referrals.

Each batch of checked rows is sent with ``COPY`` (a few short columns a visit: its row number, day,
client key and the numbers of its profile, area and needs among the file's distinct ones) into a
temporary table that lives as long as the transaction. Referrals go to a second table, one row per
visit and service, with a fresh reference each. Once the whole file is checked and no visit is given
twice, the visits are inserted in the order of the identity indexes with ``ON CONFLICT DO NOTHING``
(a visit already recorded is left as it is; into a hub with no visits yet, a plain INSERT), and the
referrals in one statement that also writes each new referral's first event. A dry run counts what
those statements would add instead of running them: the same figures, without writing a million
rows only to roll them back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, connection, transaction

from wellboard.hub.codes import referral_references
from wellboard.hub.models import Contact, Referral, ReferralEvent, ReferralStatus
from wellboard.hub.services.contact_imports.checks import Profile, Row
from wellboard.hub.services.contact_imports.writing import COLUMNS, BatchReferrals, Target
from wellboard.hub.services.daily_totals import hub_lock_for_visits

_STAGE = "wb_contact_stage"
_REFERRALS = "wb_referral_stage"
_PROFILES = "wb_profile_stage"
_AREAS = "wb_area_stage"
_NEEDS = "wb_needs_stage"
_RECORDED = "wb_recorded_stage"  # staged visits already recorded, with the recorded visit's id
_TABLES = (_STAGE, _REFERRALS, _PROFILES, _AREAS, _NEEDS, _RECORDED)
# Enough memory for the server to sort a million staged visits into index order without disk.
_SORT_MEMORY = "256MB"
# Visits added by one import beyond which the table's statistics are refreshed inside the import.
_ANALYZE_AFTER = 10_000


class _MayConflict(Exception):
    """The hub has visits already: some of the file's may be among them."""


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


class StagedWriter:
    """Stages each batch as it comes; writes (or counts) everything at ``finish``."""

    def __init__(self, target: Target, *, dry_run: bool) -> None:
        self.target = target
        self.dry_run = dry_run
        self.staged = 0
        self.referrals_staged = 0
        self._profiles: dict[int, Profile] = {}
        self._area_ids: dict[str, int] = {}
        self._needs_ids: dict[str, int] = {}
        self._day_text: dict[dt.date, str] = {}
        self._created = False
        self._drawn: set[str] = set()  # every reference staged, so that none is staged twice

    # ------------------------------------------------------------ staging

    def _create_tables(self) -> None:
        with connection.cursor() as cursor:
            for table in _TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_STAGE} (pos integer, day date, client_key text, "
                "profile integer, area integer, needs integer) ON COMMIT DROP"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_REFERRALS} (pos integer, service_id bigint, reference text) "
                "ON COMMIT DROP"
            )
        self._created = True

    def write(self, rows: list[Row], referrals: BatchReferrals) -> None:
        if not self._created:
            self._create_tables()
        target = self.target
        target.learn_areas({row[4] for row in rows})
        profiles, area_ids, needs_ids, day_text = (
            self._profiles,
            self._area_ids,
            self._needs_ids,
            self._day_text,
        )
        lines = []
        for number, day, key, profile, lsoa, needs_json in rows:
            text = day_text.get(day)
            if text is None:
                text = day_text[day] = day.isoformat()
            area = area_ids.get(lsoa)
            if area is None:
                area = area_ids[lsoa] = len(area_ids)
            need = needs_ids.get(needs_json)
            if need is None:
                need = needs_ids[needs_json] = len(needs_ids)
            if profile.ordinal not in profiles:
                profiles[profile.ordinal] = profile
            # Every value is a checked code, date or number: nothing to escape for COPY's text format.
            lines.append(f"{number}\t{text}\t{key}\t{profile.ordinal}\t{area}\t{need}\n")
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {_STAGE} FROM STDIN") as copy:
                copy.write("".join(lines))
            self.staged += len(rows)
            if referrals:
                pairs = [
                    (rows[position][0], service) for position, services in referrals for service in services
                ]
                references = self._references(len(pairs))
                with cursor.cursor.copy(f"COPY {_REFERRALS} FROM STDIN") as copy:
                    copy.write(
                        "".join(
                            f"{number}\t{service}\t{reference}\n"
                            for (number, service), reference in zip(pairs, references, strict=True)
                        )
                    )
                self.referrals_staged += len(pairs)

    def _stage_lookups(self) -> None:
        """The file's distinct profiles, areas and needs, which the staged visits point to."""
        areas = self.target.areas
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_PROFILES} (id integer, sex text, age_band text, route text, "
                "exercise_reason text, partner_id bigint, site_id bigint) ON COMMIT DROP"
            )
            cursor.execute(
                f"CREATE TEMPORARY TABLE {_AREAS} (id integer, lsoa text, ward text, decile integer) "
                "ON COMMIT DROP"
            )
            cursor.execute(f"CREATE TEMPORARY TABLE {_NEEDS} (id integer, needs jsonb) ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY {_PROFILES} FROM STDIN") as copy:
                for index, p in self._profiles.items():
                    copy.write_row(
                        (index, p.sex, p.age_band, p.route, p.exercise_reason, p.partner_id, p.site_id)
                    )
            with cursor.cursor.copy(f"COPY {_AREAS} FROM STDIN") as copy:
                for lsoa, index in self._area_ids.items():
                    copy.write_row((index, lsoa, *areas[lsoa]))
            with cursor.cursor.copy(f"COPY {_NEEDS} FROM STDIN") as copy:
                for needs_json, index in self._needs_ids.items():
                    copy.write_row((index, needs_json))
            for table in (_STAGE, _REFERRALS, _PROFILES, _AREAS, _NEEDS):
                cursor.execute(f"ANALYZE {table}")

    # ------------------------------------------------------------ writing, or counting

    def finish(self, *, count_only: bool) -> None:
        if not self.staged:
            return
        self._stage_lookups()
        hub_id = self.target.hub.pk
        had_visits = Contact.objects.filter(hub_id=hub_id).exists()
        if self.dry_run or count_only:
            self._count(hub_id, had_visits)
        else:
            self._write(hub_id, had_visits)
        with connection.cursor() as cursor:
            for table in _TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")

    def _matched(self, cursor: Any, hub_id: int, *, table: str, only_referred: bool) -> int:
        """Fill ``table`` with (row number, day, recorded visit's id) for each staged visit already
        recorded, or only for those with referrals; returns how many it found.

        Visits with a partner and without one are matched apart, each by equalities the planner can
        answer from one of the two partial identity indexes (an IS NOT DISTINCT FROM over the
        partner would leave it only the index on hub and day)."""
        contact = _q(Contact._meta.db_table)
        staged = (
            f"(SELECT s.* FROM {_STAGE} s WHERE s.pos IN (SELECT pos FROM {_REFERRALS}))"  # noqa: S608
            if only_referred
            else _STAGE
        )
        same = "c.hub_id = %s AND c.date = s.day AND c.client_key = s.client_key AND c.route = p.route"
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT s.pos, s.day, c.id AS contact_id FROM {staged} s JOIN {_PROFILES} p ON p.id = s.profile "
            f"JOIN {contact} c ON {same} AND c.partner_id IS NULL WHERE p.partner_id IS NULL "
            f"UNION ALL SELECT s.pos, s.day, c.id FROM {staged} s JOIN {_PROFILES} p ON p.id = s.profile "
            f"JOIN {contact} c ON {same} AND c.partner_id = p.partner_id",
            [hub_id, hub_id],
        )
        found = max(int(cursor.rowcount), 0)
        cursor.execute(f"ANALYZE {table}")
        return found

    def _count(self, hub_id: int, had_visits: bool) -> None:
        counts = self.target.counts
        referral = _q(Referral._meta.db_table)
        if not had_visits:
            counts.created += self.staged
            counts.referrals_created += self.referrals_staged
            return
        with connection.cursor() as cursor:
            recorded = self._matched(cursor, hub_id, table=_RECORDED, only_referred=False)
            # A referral already recorded: its visit is, and the visit already refers to the service.
            cursor.execute(
                f"SELECT count(*) FROM {_REFERRALS} r JOIN {_RECORDED} v ON v.pos = r.pos "  # noqa: S608
                f"JOIN {referral} x ON x.contact_id = v.contact_id AND x.service_id = r.service_id"
            )
            referrals_recorded = _number(cursor.fetchone())
        counts.created += self.staged - recorded
        counts.unchanged += recorded
        counts.referrals_created += self.referrals_staged - referrals_recorded
        counts.referrals_unchanged += referrals_recorded

    def _write(self, hub_id: int, had_visits: bool) -> None:
        target = self.target
        counts = target.counts
        contact = _q(Contact._meta.db_table)
        referral = _q(Referral._meta.db_table)
        event = _q(ReferralEvent._meta.db_table)
        columns = ", ".join(_q(c) for c in COLUMNS)
        stamp = target.stamp
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{_SORT_MEMORY}'")
            insert = (
                f"INSERT INTO {contact} ({columns}) "  # noqa: S608
                "SELECT %s, p.site_id, s.day, s.client_key, p.sex, p.age_band, a.lsoa, a.ward, a.decile, "
                "p.route, n.needs, p.exercise_reason, p.partner_id, %s, 1, %s, %s "
                f"FROM {_STAGE} s JOIN {_PROFILES} p ON p.id = s.profile JOIN {_AREAS} a ON a.id = s.area "
                f"JOIN {_NEEDS} n ON n.id = s.needs ORDER BY s.day, s.client_key"
            )
            params = [hub_id, target.user_id, stamp, stamp]
            hub_lock_for_visits(hub_id)
            try:
                if had_visits:
                    raise _MayConflict
                # A hub with no visits yet, and a file with no visit twice: nothing can conflict,
                # and a plain INSERT spares the server checking each row for a conflict first. Should
                # a visit be recorded meanwhile, the statement is undone and the careful one runs.
                with transaction.atomic():
                    cursor.execute(insert, params)
            except (_MayConflict, IntegrityError):
                cursor.execute(insert + " ON CONFLICT DO NOTHING", params)
            created = max(int(cursor.rowcount), 0)
            counts.created += created
            counts.unchanged += self.staged - created
            if created >= _ANALYZE_AFTER:
                # The planner still believes the table as it was before the insert (autovacuum only
                # sees committed rows): matching the referrals' visits and recounting the days on those
                # beliefs took minutes for a million visits into an empty hub, against seconds after this.
                cursor.execute(f"ANALYZE {contact}")
            if not self.referrals_staged:
                return
            self._fresh_references(cursor)
            self._matched(cursor, hub_id, table=_RECORDED, only_referred=True)
            cursor.execute(
                f"WITH made AS (INSERT INTO {referral} (contact_id, service_id, reference, status, "  # noqa: S608
                "sent_on, status_on, version, created_at, updated_at) "
                "SELECT v.contact_id, r.service_id, r.reference, %s, v.day, v.day, 1, %s, %s "
                f"FROM {_REFERRALS} r JOIN {_RECORDED} v ON v.pos = r.pos "
                "ORDER BY v.contact_id, r.service_id "
                "ON CONFLICT (contact_id, service_id) DO NOTHING RETURNING id, sent_on) "
                f'INSERT INTO {event} (referral_id, status, "on", recorded_at, channel) '
                "SELECT id, %s, sent_on, %s, %s FROM made",
                [ReferralStatus.SENT, stamp, stamp, ReferralStatus.SENT, stamp, ReferralEvent.Channel.IMPORT],
            )
            made = max(int(cursor.rowcount), 0)
        counts.referrals_created += made
        counts.referrals_unchanged += self.referrals_staged - made

    def _fresh_references(self, cursor: Any) -> None:
        """Draw again the staged references that some referral already has (rarely any at all)."""
        referral = _q(Referral._meta.db_table)
        while True:
            cursor.execute(
                f"SELECT r.pos, r.service_id FROM {_REFERRALS} r "  # noqa: S608
                f"JOIN {referral} x ON x.reference = r.reference"
            )
            taken = cursor.fetchall()
            if not taken:
                return
            cursor.execute(
                "CREATE TEMPORARY TABLE wb_reference_fix (pos integer, service_id bigint, reference text) "
                "ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY wb_reference_fix FROM STDIN") as copy:
                for (pos, service), reference in zip(taken, self._references(len(taken)), strict=True):
                    copy.write_row((pos, service, reference))
            cursor.execute(
                f"UPDATE {_REFERRALS} r SET reference = f.reference FROM wb_reference_fix f "  # noqa: S608
                "WHERE r.pos = f.pos AND r.service_id = f.service_id"
            )
            cursor.execute("DROP TABLE wb_reference_fix")

    def _references(self, count: int) -> list[str]:
        """``count`` references that no other staged referral has."""
        made: list[str] = []
        while len(made) < count:
            for reference in referral_references(count - len(made)):
                if reference not in self._drawn:
                    self._drawn.add(reference)
                    made.append(reference)
        return made


def _number(row: tuple[Any, ...] | None) -> int:
    return int(row[0]) if row else 0
