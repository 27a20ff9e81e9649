"""Rendering published editions in the background, run by ``wellboard worker`` through the
django-tasks database backend: a PDF with charts takes seconds, too long for a request.

Publishing leaves one waiting file per format; ``request_renders`` queues a task for each once the
publication commits. ``enqueue_waiting_renders`` is the worker's periodic hook: it queues any file
still waiting without a task (one asked for again after a failure, or one whose task was lost).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django_tasks import task

from wellboard.reports.models import RenderedFile, RenderStatus
from wellboard.reports.services import rendered_file_render


@task()
def render_file(file_id: int) -> str:
    """Render one file of an edition; returns its status."""
    found = rendered_file_render(file_id=file_id)
    return found.status if found is not None else "skipped"


def _queued_ids() -> set[int]:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready().filter(task_path=render_file.module_path)
    return {int(r.args_kwargs["args"][0]) for r in waiting if r.args_kwargs.get("args")}


def request_renders(files: Iterable[RenderedFile]) -> None:
    """Queue a task for each waiting file once the transaction that asked for it commits."""
    ids = [f.pk for f in files if f.status == RenderStatus.QUEUED]

    def enqueue() -> None:
        already = _queued_ids()
        for file_id in ids:
            if file_id not in already:
                render_file.enqueue(file_id)

    if ids:
        transaction.on_commit(enqueue)


def enqueue_waiting_renders() -> str:
    """The worker's periodic hook. Returns a line for the worker's log ('' when nothing waits)."""
    waiting = set(RenderedFile.objects.filter(status=RenderStatus.QUEUED).values_list("pk", flat=True))
    missing = waiting - _queued_ids()
    for file_id in sorted(missing):
        render_file.enqueue(file_id)
    return f"{len(missing)} report file(s) queued for rendering" if missing else ""
