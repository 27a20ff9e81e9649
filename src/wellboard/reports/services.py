"""Writing reports: starting one, editing its narrative, publishing editions and storing the files
rendered from them. Reports never write the partnership's data; these are their own records.

Publishing freezes the report model as JSON with the data version it was built from, after
disclosure control with the partnership's rule, so an edition never changes when the data does and
is fit for the public. Each edition is then rendered in every format by a background task
(``reports.tasks``), which stores the files through ``rendered_file_store``.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from wellboard.core import clock
from wellboard.core.access import Actor
from wellboard.core.audit import audit_record, audit_snapshot
from wellboard.core.errors import InvalidInput, NotFound
from wellboard.core.inputs import Errors, raise_if_any
from wellboard.core.locking import lock_for_edit
from wellboard.core.versioning import save_changes, version_check
from wellboard.partners.models import Partnership
from wellboard.reports.calculations import build_report, narratives_for, report_period
from wellboard.reports.disclosure import disclose_document
from wellboard.reports.document import ReportDocument
from wellboard.reports.inputs import ReportInput
from wellboard.reports.models import (
    NARRATIVE_FIELDS,
    RenderedFile,
    RenderStatus,
    Report,
    ReportEdition,
    ReportKind,
)
from wellboard.reports.policy import CHANGE_REPORT, CREATE_REPORT, PUBLISH_REPORT
from wellboard.reports.renderers import FORMATS, render
from wellboard.strategy.models import Strategy


def report_narratives(report: Report) -> dict[str, str]:
    return {name: getattr(report, name) for name in NARRATIVE_FIELDS}


def report_document(*, actor: Actor, report: Report) -> ReportDocument:
    """The draft as the data stands now, with true figures (for signed-in members only)."""
    return build_report(
        actor=actor,
        partnership=Partnership.objects.get(pk=report.partnership_id),
        strategy=report.strategy,
        kind=report.kind,
        period=report_period(report.kind, report.period),
        narratives=report_narratives(report),
    )


@transaction.atomic
def report_create(
    *,
    by: Actor,
    strategy: Strategy,
    kind: str,
    period: str = "",
    foreword: str = "",
    highlights: str = "",
    lessons: str = "",
    next_steps: str = "",
) -> Report:
    """Start a report of ``kind`` on ``strategy`` for ``period`` (a label such as '2024/25 Q3';
    blank: the latest complete one). One report a kind, strategy and period: publish it again for a
    new edition."""
    CREATE_REPORT.require(by)
    if strategy.partnership_id != by.partnership_id:
        raise NotFound("strategy")
    errors: Errors = {}
    cleaned = ReportInput.clean(locals(), errors, by=by)
    raise_if_any(errors)
    found = report_period(cleaned["kind"], cleaned["period"])
    if Report.objects.filter(strategy=strategy, kind=cleaned["kind"], period=found.code).exists():
        raise InvalidInput(
            {
                "period": [
                    f"There is already a {ReportKind(cleaned['kind']).label.lower()} for {found.label} "
                    "on this strategy: open it to publish a new edition"
                ]
            }
        )
    narratives = {k: v for k, v in cleaned.items() if k in NARRATIVE_FIELDS}
    try:
        with transaction.atomic():
            report = Report.objects.create(
                partnership_id=by.partnership_id,
                strategy=strategy,
                kind=cleaned["kind"],
                period=found.code,
                period_start=found.start,
                created_by=by.user,
                **narratives,
            )
    except IntegrityError as exc:  # someone started the same report a moment ago
        raise InvalidInput({"period": ["That report has just been started by someone else"]}) from exc
    audit_record(by=by, action="report.create", obj=report, after=audit_snapshot(report))
    return report


@transaction.atomic
def report_narrative_update(
    *, by: Actor, report: Report, expected_version: int | None, **changes: Any
) -> Report:
    """Change the report's narrative sections (foreword, highlights, lessons, next_steps)."""
    locked = lock_for_edit(Report, pk=report.pk, partnership_id=by.partnership_id, what="report")
    CHANGE_REPORT.require(by)
    allowed = set(narratives_for(locked.kind))
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"A report's {', '.join(sorted(unknown))} cannot be changed here")
    version_check(locked, expected_version, what="report")
    errors: Errors = {}
    cleaned = ReportInput.clean(changes, errors, by=by, current=locked)
    raise_if_any(errors)
    save_changes(by=by, record=locked, fields=cleaned, audit_action="report.update")
    return locked


@transaction.atomic
def report_publish(*, by: Actor, report: Report, expected_version: int | None) -> ReportEdition:
    """Publish a new edition: the report as the data stands now, disclosed for the public, frozen
    with the data version and time. Its files wait for the background renderer."""
    locked = lock_for_edit(Report, pk=report.pk, partnership_id=by.partnership_id, what="report")
    PUBLISH_REPORT.require(by)
    version_check(locked, expected_version, what="report")
    partnership = Partnership.objects.get(pk=by.partnership_id)
    document = build_report(
        actor=by,
        partnership=partnership,
        strategy=locked.strategy,
        kind=locked.kind,
        period=report_period(locked.kind, locked.period),
        narratives=report_narratives(locked),
    )
    published = disclose_document(document, rule=partnership.disclosure_rule)
    number = (ReportEdition.objects.filter(report=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    moment = clock.now()
    edition = ReportEdition.objects.create(
        report=locked,
        number=number,
        snapshot=published.to_json(),
        data_version=str(published.data_version),
        published_at=moment,
        published_by=by.user,
        published_by_label=by.label[:200],
    )
    RenderedFile.objects.bulk_create(
        [RenderedFile(edition=edition, format=fmt, requested_at=moment) for fmt in FORMATS]
    )
    audit_record(
        by=by,
        action="report.publish",
        obj=locked,
        after={"edition": number, "data_version": edition.data_version},
    )
    return edition


def edition_document(edition: ReportEdition) -> ReportDocument:
    return ReportDocument.from_json(edition.snapshot)


@transaction.atomic
def rendered_file_request(*, edition: ReportEdition, format: str) -> RenderedFile:
    """Ask for a file again (one that failed, or that was never asked for): it waits for the
    renderer. A file already waiting, being made or ready is left as it is."""
    if format not in FORMATS:
        raise NotFound("format")
    found, created = RenderedFile.objects.select_for_update().get_or_create(
        edition=edition, format=format, defaults={"requested_at": clock.now()}
    )
    if not created and found.status == RenderStatus.FAILED:
        found.status = RenderStatus.QUEUED
        found.error = ""
        found.requested_at = clock.now()
        found.save(update_fields=["status", "error", "requested_at"])
    return found


def rendered_file_render(*, file_id: int) -> RenderedFile | None:
    """Render one waiting file of an edition from its frozen snapshot and store it. Rendering runs
    outside any transaction (a PDF takes seconds); the file is claimed first so that two workers
    never make the same one."""
    with transaction.atomic():
        claimed = (
            RenderedFile.objects.select_for_update()
            .filter(pk=file_id, status__in=[RenderStatus.QUEUED, RenderStatus.FAILED])
            .update(status=RenderStatus.RUNNING)
        )
    if not claimed:
        return None
    found = RenderedFile.objects.select_related("edition").get(pk=file_id)
    try:
        content = render(edition_document(found.edition), found.format)
    except Exception as exc:  # any renderer failure is kept for the page to show, never lost
        found.status = RenderStatus.FAILED
        found.error = " ".join(str(exc).split())[:500] or exc.__class__.__name__
        found.finished_at = clock.now()
        found.save(update_fields=["status", "error", "finished_at"])
        return found
    found.content = content
    found.status = RenderStatus.DONE
    found.error = ""
    found.finished_at = clock.now()
    found.save(update_fields=["content", "status", "error", "finished_at"])
    return found
