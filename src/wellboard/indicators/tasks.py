"""Background work for the indicator pages, run by ``wellboard worker`` through the django-tasks
database backend.

``refresh_after_change`` is listed in ``settings.WELLBOARD_DATA_CHANGED_HOOKS``: once a change to a
partnership's data commits, it queues one refresh of that partnership's indicator pages (none when
one is already waiting: the waiting one reads the newest version when it runs).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

from wellboard.indicators.views.refresh import refresh
from wellboard.partners.models import Partnership

log = logging.getLogger(__name__)


@task()
def refresh_indicator_pages(partnership_id: int) -> str:
    """Compute the partnership's indicator pages ahead of their readers; returns a line for the log."""
    if not Partnership.objects.filter(pk=partnership_id).exists():
        return "partnership gone"

    def progress(done: int, total: int) -> None:
        if done == total or not done % 50:
            log.info("indicator pages of partnership %s: %s of %s ready", partnership_id, done, total)

    return f"{refresh(partnership_id, progress=progress)} indicator page(s) ready"


def _waiting() -> set[int]:
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready().filter(task_path=refresh_indicator_pages.module_path)
    return {int(r.args_kwargs["args"][0]) for r in ready if r.args_kwargs.get("args")}


def refresh_after_change(partnership_id: int | None) -> None:
    """Queue a refresh of the changed partnership's pages (every partnership's when the shared
    geography changed)."""
    if settings.WELLBOARD_CACHE_SECONDS <= 0:
        return
    if partnership_id is None:
        changed = list(Partnership.objects.values_list("pk", flat=True))
    else:
        changed = [partnership_id]
    waiting = _waiting() if "django_tasks_db" in settings.TASKS["default"]["BACKEND"] else set()
    for pk in changed:
        if pk not in waiting:
            refresh_indicator_pages.enqueue(pk)
