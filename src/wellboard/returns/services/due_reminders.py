"""Which reminder emails are due today, and sending each one exactly once.

* **Due soon**: to the contributors of each organisation whose return is not yet submitted, from
  ``collection.reminder_days`` days before the due date until the due date.
* **Overdue**: the day after the due date and again a week later (two at most), while the return is
  still not submitted (or was sent back and not resubmitted).
* **Digest**: once a week (the first run in each ISO week) to each coordinator.

Every email is recorded in ``Reminder`` under a unique key before it is sent, inside one
transaction: a second run finds the key and sends nothing; a failed send rolls the record back so the
next run tries again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from wellboard.core.access import Role
from wellboard.core.clock import today
from wellboard.partners.models import Partnership, User
from wellboard.partners.selectors import users_with_role
from wellboard.returns.models import OUTSTANDING, Collection, Reminder, ReminderKind, Return, ReturnStatus
from wellboard.returns.services import emails
from wellboard.returns.services.reminders import reminder_record

OVERDUE_REMINDERS = 2
LOOK_BACK_PERIODS = 6


@dataclass(frozen=True)
class Planned:
    kind: ReminderKind
    key: str
    recipient: User
    partnership: Partnership
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    collection: Collection | None = None
    organisation_id: int | None = None
    period: str = ""


def _return_reminders(collection: Collection, day: dt.date) -> list[Planned]:
    partnership = collection.partnership
    periods = [p for p in collection.periods(until=day) if p.end < day][-LOOK_BACK_PERIODS:]
    if not periods:
        return []
    statuses = {
        (r.organisation_id, r.period): r.status
        for r in Return.objects.filter(collection=collection, period__in=[p.code for p in periods]).only(
            "organisation_id", "period", "status"
        )
    }
    planned: list[Planned] = []
    organisations = list(collection.organisations.all())
    for period in periods:
        due = collection.due_date(period)
        if due - dt.timedelta(days=collection.reminder_days) <= day <= due:
            kind, number = ReminderKind.DUE_SOON, 0
        elif due < day and (day - due).days < 7 * OVERDUE_REMINDERS:
            kind, number = ReminderKind.OVERDUE, (day - due).days // 7 + 1
        else:
            continue
        for organisation in organisations:
            status = statuses.get((organisation.pk, period.code), ReturnStatus.NOT_STARTED)
            if status not in OUTSTANDING:
                continue
            link = emails.return_url(
                partnership_slug=partnership.slug,
                collection_slug=collection.slug,
                organisation_slug=organisation.slug,
                period_start=period.start.isoformat(),
            )
            for user in users_with_role(
                partnership=partnership, roles=[Role.CONTRIBUTOR], organisation_id=organisation.pk
            ):
                suffix = f":{number}" if kind == ReminderKind.OVERDUE else ""
                planned.append(
                    Planned(
                        kind=kind,
                        key=f"{kind}:{collection.pk}:{organisation.pk}:{period.code}{suffix}:{user.pk}",
                        recipient=user,
                        partnership=partnership,
                        template=kind.value,
                        context={
                            "partnership": partnership.name,
                            "collection": collection.name,
                            "organisation": organisation.name,
                            "period": period.label,
                            "due_date": due,
                            "link": link,
                        },
                        collection=collection,
                        organisation_id=organisation.pk,
                        period=period.code,
                    )
                )
    return planned


def _digests(partnership: Partnership, collections: list[Collection], day: dt.date) -> list[Planned]:
    iso = day.isocalendar()
    week = f"{iso.year}-W{iso.week:02d}"
    items = []
    for collection in collections:
        periods = collection.periods(until=day)[-LOOK_BACK_PERIODS:]
        codes = [p.code for p in periods]
        returns = list(
            Return.objects.filter(collection=collection, period__in=codes).only(
                "organisation_id", "period", "status"
            )
        )
        by_key = {(r.organisation_id, r.period): r.status for r in returns}
        overdue = 0
        for period in periods:
            if collection.due_date(period) >= day:
                continue
            for org_id in collection.organisations.values_list("pk", flat=True):
                if by_key.get((org_id, period.code), ReturnStatus.NOT_STARTED) in OUTSTANDING:
                    overdue += 1
        items.append(
            {
                "collection": collection.name,
                "awaiting": sum(1 for r in returns if r.status == ReturnStatus.SUBMITTED),
                "returned": sum(1 for r in returns if r.status == ReturnStatus.RETURNED),
                "overdue": overdue,
                "link": emails.collection_url(
                    partnership_slug=partnership.slug, collection_slug=collection.slug
                ),
            }
        )
    if not items:
        return []
    return [
        Planned(
            kind=ReminderKind.DIGEST,
            key=f"digest:{partnership.pk}:{week}:{user.pk}",
            recipient=user,
            partnership=partnership,
            template="digest",
            context={"partnership": partnership.name, "collections": items},
            period=week,
        )
        for user in users_with_role(partnership=partnership, roles=[Role.COORDINATOR])
    ]


def reminders_due(day: dt.date | None = None) -> list[Planned]:
    """Every reminder that should go out on ``day`` (default today), sent before or not."""
    day = day or today()
    planned: list[Planned] = []
    by_partnership: dict[int, list[Collection]] = {}
    for collection in Collection.objects.filter(is_open=True).select_related("partnership").order_by("pk"):
        planned.extend(_return_reminders(collection, day))
        by_partnership.setdefault(collection.partnership_id, []).append(collection)
    for collections in by_partnership.values():
        planned.extend(_digests(collections[0].partnership, collections, day))
    return planned


def reminders_unsent(day: dt.date | None = None) -> list[Planned]:
    planned = reminders_due(day)
    sent = set(Reminder.objects.filter(key__in=[p.key for p in planned]).values_list("key", flat=True))
    return [p for p in planned if p.key not in sent]


def send_one(planned: Planned) -> bool:
    """Record and send one reminder; False if it had already been sent."""
    with transaction.atomic():
        record = reminder_record(
            partnership_id=planned.partnership.pk,
            kind=planned.kind,
            key=planned.key,
            recipient_id=planned.recipient.pk,
            recipient_email=planned.recipient.email,
            collection_id=planned.collection.pk if planned.collection else None,
            organisation_id=planned.organisation_id,
            period=planned.period,
        )
        if record is None:
            return False
        emails.send(template=planned.template, recipient=planned.recipient, context=planned.context)
    return True


def send_due_reminders(day: dt.date | None = None) -> int:
    """Send every reminder due on ``day`` that has not been sent; returns how many were sent."""
    return sum(1 for planned in reminders_unsent(day) if send_one(planned))
