"""The daily summary's counts on PostgreSQL, done by the server: the same figures as the portable
path in ``daily_totals``, without sending every visit's group, needs and client key to Python.

After a million-visit import the portable path fetched about a million rows (every visit's needs
as JSON, every distinct client key of a day) and numbered new clients one ``INSERT`` at a time.
Here one scan with ``GROUPING SETS`` gives every single-dimension count, needs are expanded with
``jsonb_array_elements_text``, new clients are numbered by one ``INSERT … SELECT`` and each day's
clients come back as one sorted array. The result is identical (tests run both paths on the same
visits).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import numpy as np
from django.db import connection

from wellboard.hub.models import Contact, DayDimension, HubClient, Referral

D = DayDimension
_Key = tuple[dt.date, str, str, str]  # day, route, dimension, value

# GROUPING(sex, age_band, exercise_reason, partner_id, ward, deprivation_decile) has a bit set for
# each column left out of the row's grouping set, the first column the highest bit.
_ALL_OUT = 0b111111
_SETS = {
    _ALL_OUT: D.CONTACTS,
    _ALL_OUT ^ 0b100000: D.SEX,
    _ALL_OUT ^ 0b010000: D.AGE,
    _ALL_OUT ^ 0b001000: D.REASON,
    _ALL_OUT ^ 0b000100: D.PARTNER,
    _ALL_OUT ^ 0b000010: D.WARD,
    _ALL_OUT ^ 0b000001: D.DECILE,
}


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "contact": quote(Contact._meta.db_table),
        "referral": quote(Referral._meta.db_table),
        "client": quote(HubClient._meta.db_table),
    }


# Each visit's needs, each code once, as rows of a lateral join; a value that is not a list has none.
_NEEDS = (
    "CROSS JOIN LATERAL (SELECT DISTINCT e FROM jsonb_array_elements_text("
    "CASE WHEN jsonb_typeof(c.needs) = 'array' THEN c.needs ELSE '[]'::jsonb END) AS e) AS need(code)"
)
_WHERE = "c.hub_id = %s AND c.date = ANY(%s::date[])"


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def day_totals(hub_id: int, days: list[dt.date]) -> Counter[_Key]:
    """The day totals of the hub's visits on ``days`` and of their referrals, in five queries."""
    t = _tables()
    where = [hub_id, days]
    totals: Counter[_Key] = Counter()
    for day, route, grouping, sex, age, reason, partner, ward, decile, n in _rows(
        f"SELECT c.date, c.route, GROUPING(c.sex, c.age_band, c.exercise_reason, c.partner_id, c.ward,"  # noqa: S608
        " c.deprivation_decile), c.sex, c.age_band, c.exercise_reason, c.partner_id, c.ward,"
        f" c.deprivation_decile, count(*) FROM {t['contact']} c WHERE {_WHERE}"
        " GROUP BY GROUPING SETS ((c.date, c.route), (c.date, c.route, c.sex),"
        " (c.date, c.route, c.age_band), (c.date, c.route, c.exercise_reason),"
        " (c.date, c.route, c.partner_id), (c.date, c.route, c.ward),"
        " (c.date, c.route, c.deprivation_decile))",
        where,
    ):
        dimension = _SETS[grouping]
        if dimension == D.CONTACTS:
            totals[(day, route, D.CONTACTS, "")] += n
        elif dimension == D.SEX:
            totals[(day, route, D.SEX, sex)] += n
        elif dimension == D.AGE:
            totals[(day, route, D.AGE, age)] += n
        elif dimension == D.REASON:
            if reason:
                totals[(day, route, D.REASON, reason)] += n
        elif dimension == D.PARTNER:
            if partner is not None:
                totals[(day, route, D.PARTNER, str(partner))] += n
        elif dimension == D.WARD:
            # Blank ward and unknown decile are kept as "" and counted as "unknown" when read.
            totals[(day, route, D.WARD, ward or "")] += n
        else:
            totals[(day, route, D.DECILE, "" if decile is None else str(decile))] += n
    for day, route, code, n in _rows(
        f"SELECT c.date, c.route, need.code, count(*) FROM {t['contact']} c {_NEEDS}"  # noqa: S608
        f" WHERE {_WHERE} GROUP BY 1, 2, 3",
        where,
    ):
        totals[(day, route, D.NEED, code)] += n
    referrals = f"{t['referral']} r JOIN {t['contact']} c ON c.id = r.contact_id"
    for day, route, service, status, n in _rows(
        f"SELECT c.date, c.route, r.service_id, r.status, count(*) FROM {referrals}"  # noqa: S608
        f" WHERE {_WHERE} GROUP BY 1, 2, 3, 4",
        where,
    ):
        totals[(day, route, D.REFERRAL_SERVICE, f"{service} {status}")] += n
    for day, route, code, status, n in _rows(
        f"SELECT c.date, c.route, need.code, r.status, count(*) FROM {referrals} {_NEEDS}"  # noqa: S608
        f" WHERE {_WHERE} GROUP BY 1, 2, 3, 4",
        where,
    ):
        totals[(day, route, D.REFERRAL_NEED, f"{code} {status}")] += n
    for day, route, n in _rows(
        f"SELECT c.date, c.route, count(DISTINCT r.contact_id) FROM {referrals}"  # noqa: S608
        f" WHERE {_WHERE} GROUP BY 1, 2",
        where,
    ):
        totals[(day, route, D.REFERRED, "")] += n
    return totals


def day_client_sets(
    partnership_id: int, hub_id: int, days: list[dt.date]
) -> dict[tuple[dt.date, str], bytes]:
    """Each day and route's distinct clients, as sorted 64-bit client numbers, numbering in the
    partnership the client keys not seen before (perhaps meanwhile by a writer at another hub: the
    conflict leaves that number in place)."""
    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {t['client']} (partnership_id, key)"  # noqa: S608
            f" SELECT %s, d.key FROM (SELECT DISTINCT c.client_key AS key FROM {t['contact']} c"
            f" WHERE {_WHERE}) d ORDER BY d.key ON CONFLICT DO NOTHING",
            [partnership_id, hub_id, days],
        )
    return {
        (day, route): np.asarray(numbers, dtype="<i8").tobytes()
        for day, route, numbers in _rows(
            f"SELECT c.date, c.route, array_agg(DISTINCT k.id ORDER BY k.id) FROM {t['contact']} c"  # noqa: S608
            f" JOIN {t['client']} k ON k.partnership_id = %s AND k.key = c.client_key"
            f" WHERE {_WHERE} GROUP BY 1, 2",
            [partnership_id, hub_id, days],
        )
    }
