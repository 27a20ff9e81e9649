"""A hub's contacts as CSV: the columns an import takes, with the client key in place of the hub's
own identifier (which Wellboard never has), ``referred_to`` as the short names of the directory
services each visit was referred to, and ``site`` as the site's name. Text a spreadsheet would run
as a formula is neutralised.

The file is made as it is sent: ``contacts_export_chunks`` gives it a few thousand rows at a time,
read from the database as they are needed, so a hub of a million visits is never held in memory.
Reading the rows is audited once, when the export is asked for.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from wellboard.core.access import Actor
from wellboard.core.spreadsheets import cell_safe
from wellboard.hub.models import Hub
from wellboard.hub.services.contact_imports import ExportedVisit, contacts_for_export

COLUMNS = (
    "date",
    "client_key",
    "sex",
    "age_band",
    "lsoa",
    "route",
    "needs",
    "exercise_reason",
    "partner_organisation",
    "referred_to",
    "site",
)
ROWS_PER_CHUNK = 2_000


def _cells(visit: ExportedVisit) -> list[str]:
    return [
        cell_safe(value)
        for value in (
            visit.date.isoformat(),
            visit.client_key,
            visit.sex,
            visit.age_band,
            visit.lsoa,
            visit.route,
            ";".join(visit.needs),
            visit.exercise_reason,
            visit.partner,
            ";".join(visit.referred_to),
            visit.site,
        )
    ]


def contacts_export_chunks(*, by: Actor, hub: Hub) -> tuple[int, Iterator[str]]:
    """How many visits the export holds, and its CSV text in chunks, header first. The read is
    audited now (and refused now for someone not allowed to see the visits); the rows are read as
    the chunks are taken."""
    count, visits = contacts_for_export(by=by, hub=hub)
    return count, _chunks(visits)


def _chunks(visits: Iterator[ExportedVisit]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for rows, visit in enumerate(visits, start=1):
        writer.writerow(_cells(visit))
        if rows % ROWS_PER_CHUNK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def contacts_export(*, by: Actor, hub: Hub) -> str:
    """Every contact of ``hub``, oldest first, as CSV text (for a small hub, or a test)."""
    _count, chunks = contacts_export_chunks(by=by, hub=hub)
    return "".join(chunks)
