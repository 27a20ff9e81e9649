"""Background work for returns, run by ``wellboard worker`` through the django-tasks database backend.

``enqueue_due_reminders`` is the periodic hook (listed in ``settings.WELLBOARD_PERIODIC_TASKS``):
each time the worker wakes it checks cheaply whether any reminder is due and not yet sent, and
if so queues one ``send_reminders`` task, unless one is already waiting. The task records each email
before sending it, so however often it runs nobody gets the same reminder twice.
"""

from __future__ import annotations

from django_tasks import task

from wellboard.returns.services.due_reminders import reminders_unsent, send_due_reminders


@task()
def send_reminders() -> int:
    """Send the reminders and digests due today; returns how many emails were sent."""
    return send_due_reminders()


def _already_queued() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=send_reminders.module_path).exists()


def enqueue_due_reminders() -> str:
    """The worker's periodic hook. Returns a line for the worker's log ('' when nothing is due)."""
    due = len(reminders_unsent())
    if not due:
        return ""
    if _already_queued():
        return f"{due} reminder(s) due; already queued"
    send_reminders.enqueue()
    return f"{due} reminder(s) due; queued"
