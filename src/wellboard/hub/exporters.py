"""A hub's contacts as CSV: the columns an import takes, with the client key in place of the hub's
own identifier (which Wellboard never has), and ``referred_to`` as the short names of the directory
services each visit was referred to. Reading the rows for the export is audited, and text a
spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io

from wellboard.core.access import Actor
from wellboard.core.spreadsheets import cell_safe
from wellboard.hub.models import Hub, Referral
from wellboard.hub.services import contacts_seen

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
)


def contacts_export(*, by: Actor, hub: Hub) -> str:
    """Every contact of ``hub``, oldest first, as CSV text."""
    contacts = contacts_seen(by=by, hub=hub, limit=None, purpose="export")
    referred: dict[int, list[str]] = {}
    for contact_id, slug in (
        Referral.objects.filter(contact__hub=hub)
        .order_by("contact_id", "service__slug")
        .values_list("contact_id", "service__slug")
    ):
        referred.setdefault(contact_id, []).append(slug)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for contact in reversed(contacts):
        writer.writerow(
            [
                cell_safe(value)
                for value in (
                    contact.date.isoformat(),
                    contact.client_key,
                    contact.sex,
                    contact.age_band,
                    contact.lsoa,
                    contact.route,
                    ";".join(contact.needs),
                    contact.exercise_reason,
                    str(contact.partner) if contact.partner else "",
                    ";".join(referred.get(contact.pk, ())),
                )
            ]
        )
    return out.getvalue()
