"""Reads of reports, their editions and rendered files, and of the strategy records reports need in
bulk. Every function that finds a report takes the acting person: any member of the partnership may
read its reports; another partnership's report is not found (404)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import QuerySet

from wellboard.core.access import Actor, require_member
from wellboard.core.errors import NotFound
from wellboard.reports.models import RenderedFile, Report, ReportEdition
from wellboard.strategy.models import Milestone, ProgressUpdate


def report_list(*, actor: Actor) -> QuerySet[Report]:
    require_member(actor, "report")
    return Report.objects.filter(partnership_id=actor.partnership_id).select_related("strategy")


def report_get(*, actor: Actor, pk: int) -> Report:
    report = report_list(actor=actor).filter(pk=pk).first()
    if report is None:
        raise NotFound("report")
    return report


def edition_list(*, actor: Actor, report: Report) -> QuerySet[ReportEdition]:
    if report.partnership_id != actor.partnership_id:
        raise NotFound("report")
    return ReportEdition.objects.filter(report=report).order_by("-number")


def edition_get(*, actor: Actor, report: Report, number: int) -> ReportEdition:
    edition = edition_list(actor=actor, report=report).filter(number=number).first()
    if edition is None:
        raise NotFound("edition")
    return edition


def published_editions(*, actor: Actor) -> QuerySet[ReportEdition]:
    """Every published edition of the partnership's reports, newest first."""
    require_member(actor, "report")
    return (
        ReportEdition.objects.filter(report__partnership_id=actor.partnership_id)
        .select_related("report__strategy")
        .order_by("-published_at", "-pk")
    )


def rendered_files(*, edition: ReportEdition) -> dict[str, RenderedFile]:
    """The edition's files by format (without their content, which can be large)."""
    return {f.format: f for f in RenderedFile.objects.filter(edition=edition).defer("content")}


def rendered_file(*, edition: ReportEdition, format: str) -> RenderedFile | None:
    return RenderedFile.objects.filter(edition=edition, format=format).first()


def action_updates(*, action_ids: Sequence[int], until: dt.date) -> dict[int, list[ProgressUpdate]]:
    """Each action's progress updates for periods starting by ``until``, oldest first (one query).
    The caller found the actions through the strategy selectors, which checked access."""
    found: dict[int, list[ProgressUpdate]] = defaultdict(list)
    updates = ProgressUpdate.objects.filter(action_id__in=list(action_ids), period_start__lte=until).order_by(
        "period_start", "posted_at", "pk"
    )
    for update in updates:
        if update.action_id is not None:
            found[update.action_id].append(update)
    return found


def node_updates(*, node_ids: Sequence[int], until: dt.date) -> dict[int, list[ProgressUpdate]]:
    """Each tree node's own progress updates (a priority's or recommendation's progress as a whole)
    for periods starting by ``until``, oldest first (one query). The caller found the nodes through
    the strategy selectors, which checked access."""
    found: dict[int, list[ProgressUpdate]] = defaultdict(list)
    updates = ProgressUpdate.objects.filter(node_id__in=list(node_ids), period_start__lte=until).order_by(
        "period_start", "posted_at", "pk"
    )
    for update in updates:
        if update.node_id is not None:
            found[update.node_id].append(update)
    return found


def action_milestones(*, action_ids: Sequence[int]) -> dict[int, list[Milestone]]:
    found: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(action_id__in=list(action_ids)).order_by(
        "due_date", "position", "pk"
    ):
        found[milestone.action_id].append(milestone)
    return found
