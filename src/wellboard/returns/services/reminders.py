"""Recording the emails sent about returns, so none is sent twice, and telling contributors when
their return is sent back."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from wellboard.core import clock
from wellboard.core.access import Role
from wellboard.partners.selectors import users_with_role
from wellboard.returns.models import Reminder, ReminderKind, Return
from wellboard.returns.services import emails


@transaction.atomic
def reminder_record(
    *,
    partnership_id: int,
    kind: str,
    key: str,
    recipient_id: int | None,
    recipient_email: str,
    collection_id: int | None = None,
    organisation_id: int | None = None,
    period: str = "",
) -> Reminder | None:
    """Record that a reminder is being sent; None if it was already sent (so it is not sent twice)."""
    if Reminder.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                partnership_id=partnership_id,
                kind=ReminderKind(kind),
                key=key[:200],
                recipient_id=recipient_id,
                recipient_email=recipient_email,
                collection_id=collection_id,
                organisation_id=organisation_id,
                period=period,
                sent_at=clock.now(),
            )
    except IntegrityError:
        return None


def notify_returned(return_id: int) -> None:
    """Tell the organisation's contributors their return came back (a link, not the reason)."""
    data_return = Return.objects.select_related("collection__partnership", "organisation").get(pk=return_id)
    collection = data_return.collection
    partnership = collection.partnership
    link = emails.return_url(
        partnership_slug=partnership.slug,
        collection_slug=collection.slug,
        organisation_slug=data_return.organisation.slug,
        period_start=data_return.period_start.isoformat(),
    )
    for user in users_with_role(
        partnership=partnership, roles=[Role.CONTRIBUTOR], organisation_id=data_return.organisation_id
    ):
        with transaction.atomic():
            record = reminder_record(
                partnership_id=partnership.pk,
                kind=ReminderKind.RETURNED,
                key=f"returned:{data_return.pk}:v{data_return.version}:{user.pk}",
                recipient_id=user.pk,
                recipient_email=user.email,
                collection_id=collection.pk,
                organisation_id=data_return.organisation_id,
                period=data_return.period,
            )
            if record is not None:
                emails.send(
                    template="returned",
                    recipient=user,
                    context={
                        "partnership": partnership.name,
                        "collection": collection.name,
                        "organisation": data_return.organisation.name,
                        "period": data_return.period_label,
                        "link": link,
                    },
                )
