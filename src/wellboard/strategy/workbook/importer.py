"""Importing a strategy workbook: open safely, parse, plan, and apply only if every row is valid."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from wellboard.core.access import Actor
from wellboard.core.importing import ImportReport
from wellboard.core.spreadsheets import UploadRejected, open_xlsx
from wellboard.strategy.policy import IMPORT_WORKBOOK
from wellboard.strategy.workbook.apply import ApplyRefused, plan_apply
from wellboard.strategy.workbook.format import Rules
from wellboard.strategy.workbook.parse import ParsedWorkbook, workbook_parse
from wellboard.strategy.workbook.plan import Plan, workbook_plan
from wellboard.strategy.workbook.state import state_load
from wellboard.strategy.workbook.versions import versions_check


class _DryRunDone(Exception):
    """Leaves the planning transaction without writing anything."""


def _parse(data: bytes, report: ImportReport, rules: Rules) -> ParsedWorkbook | None:
    try:
        workbook = open_xlsx(data, max_bytes=rules.max_bytes, max_uncompressed=rules.max_uncompressed)
    except UploadRejected as exc:
        report.reject(str(exc))
        return None
    try:
        return workbook_parse(workbook, report=report, rules=rules)
    except Exception as exc:  # a damaged part inside the archive surfaces only while reading it
        report.reject(
            f"This workbook cannot be read ({exc.__class__.__name__}); save it again as .xlsx and retry."
        )
        return None
    finally:
        workbook.close()


def strategy_workbook_import(
    *,
    by: Actor,
    data: bytes,
    source: str = "",
    dry_run: bool = True,
    rules: Rules | None = None,
    today: dt.date | None = None,
    ignore_versions: bool = False,
) -> ImportReport:
    """Check (and unless ``dry_run``, apply) a strategy workbook for ``by``'s partnership.

    Every row is checked first; the report lists what would be created, updated, left unchanged
    or rejected. Nothing is written unless nothing was rejected, and then everything is written in
    one transaction. A file that changes nothing writes nothing (no audit rows either).

    A row that would undo a change made in Wellboard after the workbook was exported is rejected,
    unless ``ignore_versions`` (the workbook then wins over whatever Wellboard holds now).
    """
    IMPORT_WORKBOOK.require(by)
    rules = rules or Rules()
    report = ImportReport(source=source, dry_run=dry_run)
    parsed = _parse(data, report, rules)
    if parsed is None:
        return report
    slug = parsed.strategy.slug if parsed.strategy is not None else ""
    try:
        with transaction.atomic():
            state = state_load(actor=by, strategy_slug=slug)
            plan: Plan = workbook_plan(parsed, state, report, today=today)
            versions_check(parsed=parsed, state=state, plan=plan, report=report, ignore=ignore_versions)
            if dry_run or not report.ok or not report.changes_anything:
                raise _DryRunDone
            plan_apply(by=by, plan=plan, report=report)
            report.applied = True
    except (_DryRunDone, ApplyRefused):
        pass
    return report
