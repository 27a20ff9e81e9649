from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from wellboard.core.access import Actor
from wellboard.core.clock import LONDON
from wellboard.core.periods import Period
from wellboard.partners.models import Organisation, User
from wellboard.returns.models import Collection, Reminder
from wellboard.returns.services import return_save

pytestmark = pytest.mark.django_db(transaction=True)
HOOK = "wellboard.returns.tasks.enqueue_due_reminders"


@pytest.fixture(autouse=True)
def _worker_settings(settings: pytest.FixtureRequest) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    settings.WELLBOARD_PERIODIC_TASKS = [HOOK]  # type: ignore[attr-defined]
    settings.SITE_URL = "https://wellboard.example.org"  # type: ignore[attr-defined]


def run_worker() -> None:
    call_command("worker", "--once", verbosity=0)
    assert not DBTaskResult.objects.failed().exists(), DBTaskResult.objects.failed().first().traceback  # type: ignore[union-attr]


def test_due_soon_then_overdue_then_nothing_twice(
    collection: Collection,
    period: Period,
    council: Organisation,
    charity: Organisation,
    council_contributor: User,
    charity_contributor: User,
    coordinator: User,
    cli_actor: Actor,
    at: Callable[[dt.datetime], None],
) -> None:
    collection.first_period_start = period.start
    collection.last_period_end = period.end
    collection.save()
    # The council has already submitted; the charity has not.
    return_save(
        by=cli_actor,
        collection=collection,
        organisation=council,
        period=period,
        values={"calls": "10", "visits": "2"},
        expected_version=None,
        submit=True,
    )
    at(dt.datetime(2020, 6, 29, 8, tzinfo=LONDON))  # due 3 July; reminders from 30 June
    run_worker()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]  # only the weekly digest so far
    digest = mail.outbox[0]
    assert "Data returns this week" in digest.subject
    assert "https://wellboard.example.org/p/test-town/returns/befriending/" in digest.body

    at(dt.datetime(2020, 6, 30, 8, tzinfo=LONDON))
    run_worker()
    due_soon = mail.outbox[1:]
    assert [m.to for m in due_soon] == [[charity_contributor.email]]
    body = due_soon[0].body
    assert "due by 3 July 2020" in body
    assert "https://wellboard.example.org/p/test-town/returns/befriending/test-charity/2020-06-08/" in body
    assert f"Dear {charity_contributor.first_name}," in body
    assert council_contributor.email not in body
    assert "120" not in body

    run_worker()  # a second run the same day sends nothing new
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2

    at(dt.datetime(2020, 7, 4, 8, tzinfo=LONDON))  # the day after the due date
    run_worker()
    assert len(mail.outbox) == 3
    assert "overdue" in mail.outbox[2].subject.lower()
    assert mail.outbox[2].to == [charity_contributor.email]
    at(dt.datetime(2020, 7, 5, 20, tzinfo=LONDON))  # Sunday, same ISO week
    run_worker()  # same week: no new digest, and the second overdue reminder waits a week
    assert len(mail.outbox) == 3
    at(dt.datetime(2020, 7, 11, 8, tzinfo=LONDON))
    run_worker()
    kinds = sorted(Reminder.objects.values_list("kind", flat=True))
    assert kinds == ["digest", "digest", "due_soon", "overdue", "overdue"]
    at(dt.datetime(2020, 7, 30, 8, tzinfo=LONDON))
    run_worker()
    assert Reminder.objects.filter(kind="overdue").count() == 2  # never more than two


def test_closed_collections_send_nothing(
    collection: Collection, charity_contributor: User, at: Callable[[dt.datetime], None]
) -> None:
    collection.is_open = False
    collection.save()
    at(dt.datetime(2020, 6, 30, 8, tzinfo=LONDON))
    run_worker()
    assert mail.outbox == []
    assert not DBTaskResult.objects.exists()  # nothing due, nothing queued


def test_sending_back_emails_the_organisations_contributors_once_without_the_reason(
    collection: Collection,
    period: Period,
    charity: Organisation,
    charity_contributor: User,
    council_contributor: User,
    approver: User,
    actor_of: Callable[[User], Actor],
    at: Callable[[dt.datetime], None],
) -> None:
    from wellboard.returns.services import return_send_back

    collection.first_period_start = period.start
    collection.last_period_end = period.end
    collection.save()
    at(dt.datetime(2020, 7, 2, 10, tzinfo=LONDON))  # due 3 July; the due-soon window opened on 30 June
    submitted = return_save(
        by=actor_of(charity_contributor),
        collection=collection,
        organisation=charity,
        period=period,
        values={"calls": "10", "visits": "2"},
        expected_version=None,
        submit=True,
    ).data_return
    return_send_back(
        by=actor_of(approver),
        data_return=submitted,
        reason="Visits look low for 140 calls",
        expected_version=None,
    )
    assert [m.to for m in mail.outbox] == [[charity_contributor.email]]
    email = mail.outbox[0]
    assert email.subject == f"Changes needed: {collection.name} for {period.label}"
    assert (
        "https://wellboard.example.org/p/test-town/returns/befriending/test-charity/2020-06-08/" in email.body
    )
    assert "Visits look low" not in email.body  # the reason is shown only to people signed in
    assert council_contributor.email not in email.body
    assert Reminder.objects.get().kind == "returned"
    run_worker()  # a return sent back is outstanding again, so both organisations are reminded
    due_soon = sorted(m.to[0] for m in mail.outbox if "due" in m.subject.lower())
    assert due_soon == sorted([charity_contributor.email, council_contributor.email])
    kinds = sorted(Reminder.objects.values_list("kind", flat=True))
    assert kinds == ["due_soon", "due_soon", "returned"]  # no coordinator here, so no digest
